// d. A shared address brings its setup back: every control, and the session's config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, ready, shot } from './helpers.mjs';

const HASH = '#data=circle&points=300&noise=0.15&data_seed=5&validation_split=0.3&crosses=0*1,1*1&hidden=4,2' +
  '&activation=tanh&loss=bce&init=he&optimizer=momentum&optimizer.momentum=0.8&learning_rate=0.03&batch=10&l2=0.001&seed=7';

async function checkControls(page) {
  const values = await page.evaluate(() => Object.fromEntries(
    ['data', 'points', 'noise', 'validation-split', 'activation', 'loss', 'init', 'optimizer', 'optimizer-momentum', 'learning-rate', 'batch', 'l2', 'seed']
      .map((id) => [id, document.getElementById(id).value])));
  assert.deepEqual(values, {
    data: 'circle', points: '300', noise: '0.15', 'validation-split': '0.3', activation: 'tanh', loss: 'bce', init: 'he',
    optimizer: 'momentum', 'optimizer-momentum': '0.8', 'learning-rate': '0.03', batch: '10', l2: '0.001', seed: '7',
  });
  const crosses = await page.$$eval('input[data-cross]:checked:not(:disabled)', (boxes) => boxes.map((b) => b.dataset.cross));
  assert.deepEqual(crosses, ['0*1', '1*1']);
  assert.equal(await page.locator('.column.hidden-layer').count(), 2);
  assert.equal(await page.locator('canvas[data-layer="1"]').count(), 4);
  assert.equal(await page.locator('canvas[data-layer="2"]').count(), 2);
  const config = await page.evaluate(() => window.playground.session.config);
  assert.equal(config.data, 'circle');
  assert.deepEqual(config.hidden, [4, 2]);
  assert.equal(config.learning_rate, 0.03);
  assert.equal(config.data_seed, 5);
}

test('a shared URL restores the same setup, also after a reload', async () => {
  await withPage(HASH, async (page) => {
    await checkControls(page);
    assert.ok((await page.inputValue('#share-url')).includes('data=circle'));
    await page.reload();
    await ready(page);
    await checkControls(page);
    await shot(page, 'd-shared-url');
  });
});
