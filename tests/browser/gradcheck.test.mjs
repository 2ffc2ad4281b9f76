// f. The gradient check colours every parameter's node in the graph: green when it passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LONG, withPage, shot } from './helpers.mjs';

test('the gradient check colours each parameter node by its worst relative error', async () => {
  await withPage('', async (page) => { // the article's XOR network: W1, b1, W2, b2
    await page.click('#gradcheck');
    await page.waitForFunction(() => document.querySelectorAll('#graph g.node[data-gradcheck]').length === 4, null, { timeout: LONG });
    const nodes = await page.$$eval('#graph g.node[data-gradcheck]', (gs) => gs.map((g) => ({
      verdict: g.dataset.gradcheck,
      fill: getComputedStyle(g.querySelector('polygon, path, ellipse')).fill,
      label: g.querySelector('.gradcheck-label')?.textContent,
    })));
    for (const n of nodes) {
      assert.equal(n.verdict, 'pass');
      assert.equal(n.fill, 'rgb(191, 232, 192)', 'green');
      assert.match(n.label, /error \d\.\de[-+]\d+/);
    }
    const rows = await page.$$eval('#gradcheck-results tr[data-param]', (trs) => trs.map((tr) => tr.dataset.param).sort());
    assert.deepEqual(rows, ['W1', 'W2', 'b1', 'b2']);
    await page.locator('section.stepper').scrollIntoViewIfNeeded();
    await shot(page, 'f-gradcheck', 'section.stepper');
  });
});
