// The playground, measured end to end (a benchmark, not a test: it reports, it does not judge):
//   node bench/playground/bench.mjs [SCRATCHNET_BINARY] [SECONDS]
// starts `scratchnet serve --port 0` (./build/scratchnet by default), then
//   1. over HTTP, as the page asks: the article's XOR 2-3-1 network, frames of
//      {"train_seconds": 0.03, "grid": 100, "neurons": true} for SECONDS (5) — frames/s,
//      epochs/s while streaming, each frame's round trip and size;
//   2. in headless Chromium (Debian's, through tests/browser's playwright-core): the page
//      playing XOR for SECONDS — frames drawn per second and each frame's drawing time
//      (window.playground.drawTimes: what the page spends in draw(), JSON parsing excluded).
// The page plays until SECONDS pass or its session reaches the cap on epochs. Prints a
// Markdown table. Targets (docs/PLAYGROUND.md): ≥ 100,000 epochs/s, ≥ 20 frames/s,
// no frame over 16 ms to draw.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import os from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = resolve(process.argv[2] ?? join(root, 'build/scratchnet'));
const seconds = Number(process.argv[3] ?? 5);
const { chromium } = await import(join(root, 'tests/browser/node_modules/playwright-core/index.mjs')).catch(() => {
  console.error('playwright-core is not installed: run ./dev test once (it runs npm ci in tests/browser)');
  process.exit(2);
});

const server = spawn(binary, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((ok, fail) => {
  const lines = createInterface({ input: server.stdout });
  lines.on('line', (line) => { const m = line.match(/serving on (http:\S+\/)/); if (m) ok(m[1]); });
  server.on('exit', (code) => fail(new Error(`${binary} serve exited with ${code}`)));
});

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const ms = (v) => `${v.toFixed(1)} ms`;
const rows = [];

async function playPage(browser, name, hash) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url + hash);
  await page.waitForFunction(() => window.playground?.ready === true);
  await page.click('#play');
  const before = await page.evaluate(() => window.playground.frame.epoch);
  const drawn = [];
  const t0 = performance.now();
  await page.evaluate(() => { window.playground.drawTimes.length = 0; });
  // Until SECONDS pass or the session reaches its cap on epochs (the page then stops).
  let wall = 0, playing = true;
  while (playing && wall < seconds) {
    await page.waitForTimeout(250); // sampling the page's own record; nothing waits on it
    playing = await page.evaluate(() => document.getElementById('play').getAttribute('aria-pressed') === 'true');
    wall = (performance.now() - t0) / 1000;
    drawn.push(...await page.evaluate(() => window.playground.drawTimes.splice(0)));
  }
  const after = await page.evaluate(() => window.playground.frame.epoch);
  if (playing) await page.click('#play');
  await page.close();
  rows.push([`page, ${name}: frames drawn per second (over ${wall.toFixed(1)} s${playing ? '' : ', to the cap of epochs'})`, (drawn.length / wall).toFixed(1)]);
  rows.push([`page, ${name}: epochs/s while playing`, Math.round((after - before) / wall).toLocaleString('en')]);
  rows.push([`page, ${name}: drawing one frame, median / 95th percentile / max`, `${ms(quantile(drawn, 0.5))} / ${ms(quantile(drawn, 0.95))} / ${ms(Math.max(...drawn))}`]);
  rows.push([`page, ${name}: frames over 16 ms to draw`, `${drawn.filter((t) => t > 16).length} of ${drawn.length}`]);
}

try {
  // 1. HTTP, as the page's play loop asks.
  const post = async (path, body) => {
    const r = await fetch(url + path.slice(1), { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.text();
  };
  const created = JSON.parse(await post('/api/sessions', { data: 'xor', hidden: [3], epochs: 1000000000 }));
  const frame = { train_seconds: 0.03, grid: 100, neurons: true };
  const trips = [], sizes = [];
  let first = null, last = null;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const t = performance.now();
    const text = await post(`/api/sessions/${created.id}/frame`, frame);
    trips.push(performance.now() - t);
    sizes.push(text.length);
    last = JSON.parse(text);
    first ??= last;
  }
  const elapsed = (performance.now() - start) / 1000;
  rows.push(['HTTP: frames/s (30 ms of training each, 100×100 grid, neurons)', (trips.length / elapsed).toFixed(1)]);
  rows.push(['HTTP: epochs/s while streaming (XOR 2-3-1)', Math.round((last.epoch - first.epoch) / elapsed * trips.length / (trips.length - 1)).toLocaleString('en')]);
  rows.push(['HTTP: a frame\'s round trip, median / max', `${ms(quantile(trips, 0.5))} / ${ms(Math.max(...trips))}`]);
  rows.push(['HTTP: a frame\'s size', `${Math.round(quantile(sizes, 0.5) / 1024)} KB`]);

  // 2. The page in Chromium, playing: the article's XOR network, and a page-filling one
  // (spiral, two hidden layers of 8: 16 neuron maps, a test curve).
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
  try {
    await playPage(browser, 'XOR 2-3-1', '');
    await playPage(browser, 'spiral 2-8-8-1', '#data=spiral&points=200&noise=0.1&validation_split=0.5&hidden=8,8&activation=tanh&learning_rate=0.03');
  } finally {
    await browser.close();
  }
} finally {
  server.kill('SIGTERM');
}

console.log(`scratchnet serve, measured for ${seconds} s each on ${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
console.log('| measure | value |\n|---|---|');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
