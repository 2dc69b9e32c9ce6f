import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { MboxSplitter } from '../../src/sources/mbox.js';
import { collect, errors, fixture, header, messages, scratch } from './helpers.js';

test('mboxo: a body "From " line not after a blank line splits nothing', async () => {
  const items = await collect([fixture('mboxo.mbox')]);
  const msgs = messages(items);
  assert.deepEqual(errors(items), []);
  assert.deepEqual(msgs.map((m) => header(m.raw, 'Subject')), ['one', 'two', 'three']);
  const one = msgs[0].raw.toString();
  assert.match(one, /^From: Alice/, 'the "From " separator line is not part of the message');
  assert.match(one, /\nFrom here on it is still message one\.\n\n/);
  assert.match(one, /\nFrom escaped by the writer\.\n/, '">From " loses one ">"');
  assert.match(one, /\n>>From the author's own quoting/, 'deeper ">>From " is left alone in mboxo');
  assert.ok(one.endsWith('kept in mboxo.\n'), 'the blank line separating messages is dropped');
  assert.equal(msgs[1].raw.toString(), 'From: Bob <bob@example.org>\nSubject: two\nMessage-ID: <two@example.org>\n\nMessage two.\n');
  assert.deepEqual(
    msgs.map((m) => m.origin),
    [0, 309, 441].map((o) => `${fixture('mboxo.mbox')}:${o}`),
    'origin is the path and the byte offset of the From line',
  );
  assert.ok(msgs.every((m) => m.format === 'mbox'));
});

test('mboxrd: one ">" comes off every /^>+From / line, quotes are untouched', async () => {
  const msgs = messages(await collect([fixture('mboxrd.mbox')]));
  assert.equal(msgs.length, 2);
  const body = msgs[0].raw.toString().split('\n\n')[1];
  assert.equal(body, 'From escaped once.\n>From escaped twice.\n>>From escaped three times.\n> From is a quote, not an escape.\n');
  assert.ok(msgs[1].raw.toString().endsWith('of its own.\n\n'), 'at end of file only the separating newline goes');
});

test('mboxcl2: Content-Length is honoured, so an unescaped "From " body line does not split', async () => {
  const items = await collect([fixture('mboxcl2.mbox')]);
  const msgs = messages(items);
  assert.deepEqual(errors(items), []);
  assert.deepEqual(msgs.map((m) => header(m.raw, 'Subject')), ['cl one', 'cl two']);
  assert.match(msgs[0].raw.toString(), /\n\nFrom someone@example\.org Mon Jan {2}6 10:00:00 2020\n>From stays escaped in cl2\.\n$/);
  assert.match(msgs[1].raw.toString(), /\n\nMessage 2\n$/);
});

test('mboxcl2 cut short: the messages before, what is left flagged, then one error at the cut message', async () => {
  const file = fixture('mboxcl2-truncated.mbox');
  const items = await collect([file]);
  assert.deepEqual(items.map((i) => i.kind), ['message', 'message', 'error']);
  const [whole, cut] = messages(items);
  assert.equal(whole.flags, undefined);
  assert.deepEqual(cut.flags, ['content-length-past-eof']);
  assert.match(cut.raw.toString(), /Only a few bytes of the promised 5000\.\n$/);
  const [err] = errors(items);
  assert.equal(err.origin, file);
  assert.equal(err.offset, fs.readFileSync(file).indexOf('From bob'));
  assert.match(err.message, /Content-Length 5000/);
});

test('a wrong Content-Length in an mboxo file falls back to From lines', () => {
  const mbox = 'From a@b Mon Jan  6 10:00:00 2020\nSubject: x\nContent-Length: 3\n\nbody one\n\nFrom a@b Mon Jan  6 10:00:00 2020\nSubject: y\n\nbody two\n';
  const s = new MboxSplitter();
  const out = [...s.push(Buffer.from(mbox)), ...s.end().messages].map((m) => m.bytes.toString());
  assert.deepEqual(out, ['Subject: x\nContent-Length: 3\n\nbody one\n', 'Subject: y\n\nbody two\n']);
});

test('chunk boundaries do not change the result', () => {
  for (const name of ['mboxo.mbox', 'mboxrd.mbox', 'mboxcl2.mbox']) {
    const data = fs.readFileSync(fixture(name));
    const whole = new MboxSplitter();
    const expected = [...whole.push(data), ...whole.end().messages];
    for (const size of [1, 2, 3, 7, 64]) {
      const s = new MboxSplitter();
      const got = [];
      for (let i = 0; i < data.length; i += size) got.push(...s.push(data.subarray(i, i + size)));
      got.push(...s.end().messages);
      assert.deepEqual(got, expected, `${name} in ${size}-byte chunks`);
    }
  }
});

test('gzip: streamed through gunzip; origins are offsets in the decompressed stream', async (t) => {
  const dir = scratch(t);
  const gz = path.join(dir, 'archive.mbox.gz');
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(fixture('mboxrd.mbox'))));
  const items = await collect([gz]);
  const msgs = messages(items);
  assert.deepEqual(errors(items), []);
  assert.deepEqual(msgs.map((m) => m.origin), [`${gz}:0`, `${gz}:224`]);
  assert.ok(msgs.every((m) => m.format === 'mbox.gz'));
  const last = items.at(-1)!;
  assert.equal(last.kind === 'message' && last.bytesRead, fs.statSync(gz).size, 'bytesRead counts compressed bytes');
});

test('a truncated .gz gives one error naming the file and offset; the next file still goes in', async (t) => {
  const dir = scratch(t);
  const big = Buffer.concat(Array.from({ length: 400 }, () => fs.readFileSync(fixture('mboxo.mbox'))));
  const full = zlib.gzipSync(big);
  const cut = path.join(dir, 'cut.mbox.gz');
  fs.writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
  const items = await collect([cut, fixture('mboxrd.mbox')]);
  const errs = errors(items);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].origin, cut);
  assert.equal(errs[0].offset, Math.floor(full.length / 2));
  assert.match(errs[0].message, /gzip: .*unexpected end of file/i);
  const fromCut = messages(items).filter((m) => m.origin.startsWith(cut));
  assert.ok(fromCut.length > 10 && fromCut.length < 1200, `the complete messages before the cut come out (${fromCut.length})`);
  assert.equal(messages(items).filter((m) => m.origin.startsWith(fixture('mboxrd.mbox'))).length, 2);
});

test('unreadable paths give an error item, not an exception', async (t) => {
  const missing = path.join(scratch(t), 'nope.mbox');
  const items = await collect([missing, fixture('mboxrd.mbox')]);
  assert.equal(errors(items).length, 1);
  assert.equal(errors(items)[0].origin, missing);
  assert.equal(messages(items).length, 2);
});

test('linux-pm sample: 3 mboxrd files, 3,469 messages', needsCorpus, async () => {
  const dir = corpusPath('linux-pm-sample');
  const files = ['2019-08.mbox', '2019-09.mbox', '2026-01.mbox'].map((f) => path.join(dir, f));
  const items = await collect(files);
  assert.deepEqual(errors(items), []);
  const msgs = messages(items);
  assert.equal(msgs.length, 3469);
  assert.ok(msgs.every((m) => m.raw.length > 0 && !m.raw.subarray(0, 5).equals(Buffer.from('From '))));
  // Body lines that were escaped in the file come back unescaped (the files have 17 of them).
  const unescaped = msgs.reduce((n, m) => n + (m.raw.toString('latin1').match(/^>*From /gm) ?? []).length, 0);
  assert.ok(unescaped >= 17);
  const last = items.at(-1)!;
  const total = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  assert.equal(last.kind === 'message' && last.bytesRead, total, 'bytesRead reaches the total size');
});

test('jwz Mail::Thread test boxes: 43 messages', needsCorpus, async () => {
  const dir = corpusPath('jwz/mail-thread');
  const boxes = fs.readdirSync(dir).filter((f) => f.startsWith('testbox')).map((f) => path.join(dir, f));
  const items = await collect(boxes);
  assert.deepEqual(errors(items), []);
  assert.equal(messages(items).length, 43);
});

test('patchwork series (some with Content-Length) and fuzz mboxes split as its suite counts them', needsCorpus, async () => {
  const expected: Record<string, number> = {
    'base-cover-letter.mbox': 3,
    'base-different-versions.mbox': 5,
    'base-single-patch.mbox': 1,
    'bugs-multiple-references.mbox': 5,
    'revision-basic.mbox': 6,
    'revision-no-cover-letter.mbox': 5,
  };
  for (const [name, count] of Object.entries(expected)) {
    const items = await collect([corpusPath('patchwork/series', name)]);
    assert.deepEqual(errors(items), [], name);
    assert.equal(messages(items).length, count, name);
  }
  const fuzz = await collect([corpusPath('patchwork/fuzz')]);
  assert.deepEqual(errors(fuzz), []);
  assert.equal(messages(fuzz).length, 19, 'patchwork: "17 files, 19 messages", mangled From lines included');
});
