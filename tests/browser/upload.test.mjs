// c. A malformed CSV: the server's one-line message, the library's own (as the command line
// says it), is shown on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BINARY, withPage, shot } from './helpers.mjs';

const BAD = 'x1,x2,label\n0,0,0\n0,1,1\n1,abc,1\n1,1,1\n';

test('a malformed CSV upload shows the server’s one-line error in #error', async () => {
  await withPage('', async (page) => {
    await page.setInputFiles('#upload', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD) });
    await page.locator('#error').waitFor({ state: 'visible' });
    const message = (await page.textContent('#error')).trim();
    assert.ok(message.length > 0);
    assert.ok(!message.includes('\n'), `one line: ${message}`);
    assert.match(message, /abc/, 'names the bad value');

    // The command line reads the same file and says the same thing.
    const dir = await mkdtemp(join(tmpdir(), 'scratchnet-csv-'));
    await writeFile(join(dir, 'bad.csv'), BAD);
    const cli = await new Promise((resolve) => execFile(BINARY, ['train', '--data', 'bad.csv', '-q'], { cwd: dir }, (error, stdout, stderr) => resolve({ error, stderr })));
    await rm(dir, { recursive: true });
    assert.ok(cli.error, 'the command line refuses the file too');
    assert.ok(cli.stderr.includes(message), `the page's message "${message}" is the library's: ${cli.stderr}`);
    await shot(page, 'c-bad-csv');
  });
});
