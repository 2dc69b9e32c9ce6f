import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { collect, errors, messages, scratch } from './helpers.js';

test('public-inbox test mail: each .eml is one message, bytes untouched', needsCorpus, async () => {
  const dir = corpusPath('public-inbox/mail');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => path.join(dir, f));
  assert.ok(files.length >= 15);
  const items = await collect(files);
  assert.deepEqual(errors(items), []);
  const msgs = messages(items);
  assert.deepEqual(msgs.map((m) => m.origin), files);
  for (const m of msgs) {
    assert.equal(m.format, 'eml');
    assert.ok(m.raw.equals(fs.readFileSync(m.origin)), m.origin);
  }
});

test('--format eml forces one message even for text that does not look like mail', async (t) => {
  const file = path.join(scratch(t), 'note.txt');
  fs.writeFileSync(file, 'no headers here\n');
  assert.equal(errors(await collect([file])).length, 1);
  const forced = messages(await collect([file], { format: 'eml' }));
  assert.equal(forced.length, 1);
  assert.equal(forced[0].raw.toString(), 'no headers here\n');
});

test('an empty file is an error item', async (t) => {
  const file = path.join(scratch(t), 'empty.eml');
  fs.writeFileSync(file, '');
  const items = await collect([file]);
  assert.deepEqual(errors(items).map((e) => [e.origin, e.message]), [[file, 'empty file']]);
});
