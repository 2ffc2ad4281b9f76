// a. XOR with one hidden layer of 3 neurons learns, and the boundary's colours say so: the
// heatmap under every XOR point has its own class's colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LONG, withPage, ready, shot } from './helpers.mjs';

test('XOR with 3 hidden neurons trains to cost < 0.01 and colours each point by its class', async () => {
  await withPage('', async (page) => {
    await page.selectOption('#data', 'or'); // a real change, so that choosing xor is one too
    await ready(page);
    await page.selectOption('#data', 'xor');
    await ready(page);
    while ((await page.evaluate(() => window.playground.state.hidden.length)) > 1) { await page.click('#remove-layer'); await ready(page); }
    if ((await page.evaluate(() => window.playground.state.hidden.length)) === 0) { await page.click('#add-layer'); await ready(page); }
    for (;;) {
      const size = await page.evaluate(() => window.playground.state.hidden[0]);
      if (size === 3) break;
      await page.click(`button[data-layer="1"][data-delta="${size < 3 ? '+1' : '-1'}"]`);
      await ready(page);
    }
    assert.equal(await page.locator('canvas[data-layer="1"]').count(), 3, 'three neurons drawn');

    await page.click('#play');
    await page.waitForFunction(() => Number(document.getElementById('train-cost').dataset.value) < 0.01 &&
      document.getElementById('train-accuracy').textContent.includes('100%'), null, { timeout: 2 * LONG });
    await page.click('#play'); // pause
    await page.waitForFunction(() => document.getElementById('play').getAttribute('aria-pressed') === 'false');

    // Each point's pixel in the heatmap canvas (under the points' layer).
    const pixels = await page.evaluate(() => {
      const { grid } = window.playground.frame;
      const { train } = window.playground.session.points;
      const canvas = document.getElementById('boundary');
      const ctx = canvas.getContext('2d');
      return train.x1.map((x1, k) => {
        const j = Math.round(((x1 - grid.x1[0]) / (grid.x1[1] - grid.x1[0])) * (grid.size - 1));
        const i = Math.round(((train.x2[k] - grid.x2[0]) / (grid.x2[1] - grid.x2[0])) * (grid.size - 1));
        const [r, g, b] = ctx.getImageData(j, grid.size - 1 - i, 1, 1).data;
        return { x1, x2: train.x2[k], label: train.label[k], r, g, b };
      });
    });
    assert.equal(pixels.length, 4);
    for (const p of pixels) {
      const colour = p.b > p.r + 40 ? 1 : p.r > p.b + 40 ? 0 : 'neither';
      assert.equal(colour, p.label, `point (${p.x1}, ${p.x2}) of class ${p.label} lies on rgb(${p.r}, ${p.g}, ${p.b})`);
    }
    // How long frames take to draw is measured by bench/playground/, not judged here.
    await shot(page, 'a-xor-trained');
  });
});
