import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { repoPath } from '../helpers/corpus.js';
import { fixture } from './helpers.js';

/** Runs openSources(['-']) in a child process with `input` on its stdin; returns what it yielded. */
function readStdin(input: Buffer): { kind: string; origin?: string; format?: string; size?: number }[] {
  const index = pathToFileURL(repoPath('dist/src/sources/index.js')).href;
  const script = `
    import { openSources } from ${JSON.stringify(index)};
    const out = [];
    for await (const i of openSources(['-'])) out.push(i.kind === 'message' ? { kind: i.kind, origin: i.message.origin, format: i.message.format, size: i.message.raw.length } : { kind: i.kind });
    console.log(JSON.stringify(out));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { input }).toString());
}

test("'-' reads an mbox from stdin", () => {
  const out = readStdin(fs.readFileSync(fixture('mboxrd.mbox')));
  assert.deepEqual(out.map((o) => [o.kind, o.origin, o.format]), [
    ['message', 'stdin:0', 'mbox'],
    ['message', 'stdin:224', 'mbox'],
  ]);
});

test("'-' reads a single message from stdin", () => {
  const mail = Buffer.from('From: a@example.org\nSubject: piped\n\nhello\n');
  assert.deepEqual(readStdin(mail), [{ kind: 'message', origin: 'stdin', format: 'eml', size: mail.length }]);
});
