import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { totalBytes } from '../../src/sources/index.js';
import { collect, errors, fixture, messages, scratch } from './helpers.js';

const countFiles = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);

test('notmuch default corpus: cur/ and new/ plus plain folders, all 53 files', needsCorpus, async () => {
  const dir = corpusPath('notmuch/corpora/default');
  const items = await collect([dir]);
  assert.deepEqual(errors(items), []);
  const msgs = messages(items);
  assert.equal(msgs.length, 53);
  assert.equal(new Set(msgs.map((m) => m.origin)).size, 53, 'origin is the file path');
  const cur = msgs.filter((m) => m.origin.startsWith(path.join(dir, 'cur') + path.sep));
  assert.ok(cur.length > 0 && cur.every((m) => m.format === 'maildir'));
  assert.deepEqual(
    cur.map((m) => path.basename(m.origin)),
    cur.map((m) => path.basename(m.origin)).sort(),
    'sorted by name',
  );
  assert.equal(await totalBytes([dir]), msgs.reduce((n, m) => n + m.raw.length, 0));
});

test('notmuch duplicate corpus: every copy comes out', needsCorpus, async () => {
  const dir = corpusPath('notmuch/corpora/duplicate');
  const msgs = messages(await collect([dir]));
  assert.equal(msgs.length, countFiles(dir));
});

test('a maildir reads cur/ and new/ but not tmp/; hidden files are skipped, Maildir++ folders are not', async (t) => {
  const dir = scratch(t);
  const mail = (id: string) => `From: a@example.org\nSubject: ${id}\nMessage-ID: <${id}@example.org>\n\nbody\n`;
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(dir, sub));
  fs.writeFileSync(path.join(dir, 'new', '2:2,'), mail('new2'));
  fs.writeFileSync(path.join(dir, 'cur', '1:2,S'), mail('cur1'));
  fs.writeFileSync(path.join(dir, 'cur', '0:2,S'), mail('cur0'));
  fs.writeFileSync(path.join(dir, 'tmp', '3'), mail('tmp3'));
  fs.writeFileSync(path.join(dir, 'cur', '.hidden'), mail('hidden'));
  fs.mkdirSync(path.join(dir, '.Sent', 'cur'), { recursive: true }); // a Maildir++ subfolder
  fs.writeFileSync(path.join(dir, '.Sent', 'cur', '4:2,S'), mail('sent4'));
  const msgs = messages(await collect([dir]));
  assert.deepEqual(
    msgs.map((m) => path.relative(dir, m.origin)),
    [path.join('cur', '0:2,S'), path.join('cur', '1:2,S'), path.join('new', '2:2,'), path.join('.Sent', 'cur', '4:2,S')],
  );
});

test('a tree mixes formats, each file detected on its own; non-mail files are passed over', async (t) => {
  const dir = scratch(t);
  fs.mkdirSync(path.join(dir, 'lists', 'pm'), { recursive: true });
  fs.copyFileSync(fixture('mboxrd.mbox'), path.join(dir, 'lists', 'pm', 'a.mbox'));
  fs.writeFileSync(path.join(dir, 'lists', 'one.eml'), 'From: a@example.org\nSubject: single\n\nhi\n');
  fs.writeFileSync(path.join(dir, 'README'), 'Just some notes about this folder.\n');
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, '.git', 'config'), '[core]\n');
  const items = await collect([dir]);
  assert.deepEqual(
    messages(items).map((m) => [path.relative(dir, m.origin.replace(/:\d+$/, '')), m.format]),
    [
      [path.join('lists', 'one.eml'), 'eml'],
      [path.join('lists', 'pm', 'a.mbox'), 'mbox'],
      [path.join('lists', 'pm', 'a.mbox'), 'mbox'],
    ],
  );
  fs.writeFileSync(path.join(dir, 'empty'), '');
  assert.deepEqual(errors(items), [], 'a README in a walked folder is not an input error');
  const named = await collect([path.join(dir, 'README'), path.join(dir, 'empty')]);
  assert.deepEqual(errors(named).map((e) => [path.basename(e.origin), e.message]), [
    ['README', 'not a mail message (no header block, no "From " line)'],
    ['empty', 'empty file'],
  ], 'named explicitly, they are reported');
});
