// What every browser test shares: a headless Chromium on the page that run.sh's server
// serves, waits on what the page shows (never a fixed sleep), and screenshots.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const URL = process.env.SCRATCHNET_URL;
export const BINARY = process.env.SCRATCHNET_BINARY;
const SHOTS = process.env.SCREENSHOT_DIR ?? '.';
export const LONG = 60_000; // CI machines are slow: wait generously for what the page shows

assert.ok(URL, 'SCRATCHNET_URL is not set: run the tests through run.sh');

// Runs body(page) on a page at `hash`, ready (its session created, the first frame drawn);
// the browser is closed whatever happens (a browser left open keeps the test file running),
// then the page's uncaught errors, if any, fail the test.
export async function withPage(hash, body) {
  const { page, close } = await open(hash);
  let failed = true;
  try {
    await body(page);
    failed = false;
  } finally {
    await close(failed);
  }
}

async function open(hash = '') {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(LONG);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(URL + hash);
  await ready(page);
  return {
    page,
    async close(failed) {
      await browser.close();
      if (!failed) assert.deepEqual(errors.map(String), [], 'the page threw');
    },
  };
}

// After a change of setup: the new session exists and its first frame is drawn.
export const ready = (page) => page.waitForFunction(() => window.playground?.ready === true, null, { timeout: LONG });

export async function shot(page, name, selector) {
  const path = join(SHOTS, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}

// One epoch per press of "+1 epoch", each waited for in the epoch counter.
export async function trainEpochs(page, n) {
  for (let k = 0; k < n; k++) {
    const before = await page.evaluate(() => window.playground.frame.epoch);
    await page.click('#step-epoch');
    await page.waitForFunction((e) => window.playground.frame?.epoch === e + 1, before, { timeout: LONG });
  }
}
