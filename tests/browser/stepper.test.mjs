// b. The article's OR example, stepped through its graph: forward to ŷ = 0.5 and the cost
// 0.125, backward to ∂C/∂b = 0.125, and the update b → −0.125 with the cost after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LONG, withPage, ready, shot } from './helpers.mjs';

// Presses `button` until the stepper shows the node `name` (or gives up at the last step).
async function stepTo(page, button, name) {
  for (let k = 0; k < 50; k++) {
    const before = await page.evaluate(() => `${document.getElementById('step-panel').dataset.mode} ${document.getElementById('step-panel').dataset.index}`);
    await page.click(button);
    await page.waitForFunction((b) => {
      const p = document.getElementById('step-panel');
      return `${p.dataset.mode} ${p.dataset.index}` !== b || document.getElementById('error').textContent !== '';
    }, before, { timeout: LONG });
    const shown = await page.textContent('#step-node');
    if (shown === name) return;
    const after = await page.evaluate(() => `${document.getElementById('step-panel').dataset.mode} ${document.getElementById('step-panel').dataset.index}`);
    if (after === before) break; // the last step: pressing again moves no further
  }
  assert.fail(`the stepper never showed ${name}`);
}
const value = (page, selector) => page.$eval(selector, (e) => Number(e.dataset.value));

test("the article's OR example: forward, backward and the update show the article's numbers", async () => {
  await withPage('', async (page) => {
    await page.click('#article-or');
    await ready(page);
    assert.equal(await page.inputValue('#stepper-example'), 'one');
    assert.equal(await page.inputValue('#stepper-index'), '0');
    assert.deepEqual(await page.evaluate(() => window.playground.session.config.hidden), []);

    await stepTo(page, '#forward', 'A1');
    assert.equal(await value(page, '#step-value td'), 0.5, 'ŷ = σ(0.1·0 + 0.6·0 + 0) = 0.5');
    await page.waitForSelector('#graph g.node.step-current');
    await stepTo(page, '#forward', 'C');
    assert.equal(await value(page, '#step-value td'), 0.125, 'C = ½(0 − 0.5)²');
    assert.equal(await value(page, '#step-cost'), 0.125);

    await stepTo(page, '#backward', 'b1');
    assert.equal(await value(page, '#step-gradient td'), 0.125, '∂C/∂b = 0.125');
    const path = page.locator('#step-panel .path').first();
    assert.equal(Number(await path.locator('table.product td').first().getAttribute('data-value')), 0.125);
    await shot(page, 'b-or-backward', 'section.stepper');

    await page.click('#update');
    await page.waitForSelector('#step-panel[data-mode="update"]');
    assert.equal(await value(page, '[data-param="b1"] table.after td'), -0.125, 'b ← 0 − 1·0.125');
    const w = await page.$$eval('[data-param="W1"] table.after td', (tds) => tds.map((td) => Number(td.dataset.value)));
    assert.deepEqual(w, [0.1, 0.6], 'W does not move at x = (0, 0)');
    const after = await value(page, '#step-cost-after');
    assert.ok(Math.abs(after - 0.109882325806) < 1e-9, `cost after the step ${after}, the article's 0.1099`);
    assert.match(await page.textContent('#step-cost-after'), /^0\.10988/);
    await shot(page, 'b-or-update');
  });
});
