// e. "As a command": the command the page shows, run by the binary for the same epochs,
// ends at the page's cost to 1e-9: full batch on XOR, and mini-batches on generated points
// (shuffles, a test split, crosses: everything the command has to carry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { BINARY, withPage, shot, trainEpochs } from './helpers.mjs';

const EPOCHS = 20;

async function compare(hash, name) {
  await withPage(hash, async (page) => {
    await trainEpochs(page, EPOCHS);
    const pageCost = Number(await page.getAttribute('#train-cost', 'data-value'));
    const command = (await page.textContent('#command')).trim();
    assert.match(command, /^scratchnet train /);
    // The binary's path for "scratchnet", EPOCHS for the session's cap, and only the result.
    const line = `'${BINARY}'${command.slice('scratchnet'.length).replace(/ --epochs[ =]\d+/, '')} --epochs ${EPOCHS} -q`;
    const stdout = await new Promise((resolve, reject) => execFile('/bin/sh', ['-c', line], (e, out, err) => (e ? reject(new Error(`${line}: ${err}`)) : resolve(out))));
    // Full-batch runs print "final cost", mini-batch runs "last epoch's mean cost": each
    // is what the page's frame calls train_cost.
    const match = stdout.match(/(?:final cost|last epoch's mean cost) (\S+)/);
    assert.ok(match, `no final cost in: ${stdout}`);
    assert.ok(Math.abs(Number(match[1]) - pageCost) <= 1e-9, `${line}: ${match[1]}, the page ${pageCost}`);
    await shot(page, name, 'section.share');
  });
}

test('the XOR command reproduces the page’s cost', () => compare('', 'e-command-xor'));
test('a mini-batch run on generated points reproduces the page’s cost', () =>
  compare('#data=circle&points=120&noise=0.1&data_seed=3&validation_split=0.25&crosses=0*0,1*1&hidden=4&activation=tanh&loss=bce&learning_rate=0.1&batch=10&seed=9', 'e-command-circle'));
