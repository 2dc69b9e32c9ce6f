import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { ParsedMessage } from '../../src/domain/message.js';
import { MIN_DIFF_SIMILARITY, patchSimilarity, rangeDiff, type RangeMatch, type RangePatch } from '../../src/series/range-diff.js';
import { contentFingerprint } from '../../src/series/similarity.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { patchesOf } from '../helpers/mail.js';

// A stand-in for git patch-id: equal for diffs that differ only in whitespace and line numbers.
const fakePatchId = (diff: string): string => createHash('sha1').update(contentFingerprint(diff)).digest('hex');

/** A one-file patch adding `lines` (each prefixed with "+") after a line of context. */
function makeDiff(file: string, lines: readonly string[], at = 10): string {
  return [
    `diff --git a/${file} b/${file}`,
    `index 1111111..2222222 100644`,
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${at},1 +${at},${lines.length + 1} @@ static int probe(void)`,
    ' \tint ret;',
    ...lines.map((l) => `+${l}`),
    '',
  ].join('\n');
}

function makePatch(key: string, index: number, title: string, file: string, lines: readonly string[], withId = true): RangePatch {
  const diff = makeDiff(file, lines);
  return { key, index, title, patchId: withId ? fakePatchId(diff) : null, diff, files: [file] };
}

/** Ten code lines distinct to patch `n`, then boilerplate every patch shares. */
const body = (n: number, count = 10): string[] => [
  ...Array.from({ length: count }, (_, i) => `\tvalue_${n}_${i} = compute_${n}(dev, ${i});`),
  '\tif (ret)',
  '\t\treturn ret;',
  '\treturn 0;',
  '}',
];

const series = (n: number, prefix = 'p'): RangePatch[] =>
  Array.from({ length: n }, (_, i) => makePatch(`${prefix}${i + 1}`, i + 1, `subsys: change number ${i + 1}`, `drivers/x/file${i % 7}.c`, body(i + 1)));

const summary = (ms: readonly RangeMatch[]): Array<[string | null, string | null, string]> => ms.map((m) => [m.old, m.new, m.status]);

test('identical series: every patch "same" by patch id, nothing moved or renamed', () => {
  const v1 = series(5, 'a');
  const v2 = series(5, 'b');
  const result = rangeDiff(v1, v2);
  assert.deepEqual(
    summary(result),
    v1.map((p, i) => [p.key, v2[i].key, 'same']),
  );
  for (const m of result) {
    assert.equal(m.reason, 'patch-id');
    assert.equal(m.similarity, 1);
    assert.equal(m.moved, false);
    assert.equal(m.renamed, false);
  }
});

test('reorder: patches keep their pairs; the one that jumped is marked moved', () => {
  const v1 = series(4, 'a');
  const v2 = [v1[0], v1[2], v1[1], v1[3]].map((p, i) => ({ ...p, key: `b${i + 1}`, index: i + 1 }));
  const result = rangeDiff(v1, v2);
  assert.deepEqual(summary(result), [
    ['a1', 'b1', 'same'],
    ['a3', 'b2', 'same'],
    ['a2', 'b3', 'same'],
    ['a4', 'b4', 'same'],
  ]);
  assert.equal(result.filter((m) => m.moved).length, 1);
  assert.ok(result[1].moved || result[2].moved);
  assert.equal(result[0].moved || result[3].moved, false);
});

test('rename: a reworded title with the same diff is the same patch, marked renamed', () => {
  const v1 = series(3, 'a');
  const v2 = series(3, 'b');
  v2[1] = { ...v2[1], title: 'subsys: Reword the second change' };
  const result = rangeDiff(v1, v2);
  assert.deepEqual(result[1], { old: 'a2', new: 'b2', status: 'same', moved: false, renamed: true, similarity: 1, reason: 'patch-id' });
  // Case and spacing alone are not a rename.
  v2[1] = { ...v2[1], title: '  SUBSYS:  change   number 2 ' };
  assert.equal(rangeDiff(v1, v2)[1].renamed, false);
});

test('added patch: listed where it stands in the new version', () => {
  const v1 = series(3, 'a');
  const extra = makePatch('new', 2, 'other: brand new thing', 'fs/other.c', body(99));
  const v2 = [v1[0], extra, v1[1], v1[2]].map((p, i) => ({ ...p, key: p === extra ? 'new' : `b${i + 1}`, index: i + 1 }));
  const result = rangeDiff(v1, v2);
  assert.deepEqual(summary(result), [
    ['a1', 'b1', 'same'],
    [null, 'new', 'added'],
    ['a2', 'b3', 'same'],
    ['a3', 'b4', 'same'],
  ]);
  assert.deepEqual(result[1], { old: null, new: 'new', status: 'added', moved: false, renamed: false, similarity: 0, reason: null });
  assert.ok(result.every((m) => !m.moved), 'an insertion moves nothing');
});

test('dropped patch: listed where it stood in the old version', () => {
  const v1 = series(4, 'a');
  const v2 = [v1[0], v1[1], v1[3]].map((p, i) => ({ ...p, key: `b${i + 1}`, index: i + 1 }));
  const result = rangeDiff(v1, v2);
  assert.deepEqual(summary(result), [
    ['a1', 'b1', 'same'],
    ['a2', 'b2', 'same'],
    ['a3', null, 'dropped'],
    ['a4', 'b3', 'same'],
  ]);
  assert.equal(result[2].reason, null);
});

test('changed slightly: same title pairs by title; a reworded title pairs by diff similarity', () => {
  const v1 = series(3, 'a');
  const tweaked = body(2);
  tweaked[4] = '\tvalue_2_4 = compute_2(dev, 4) + 1;';
  const v2 = [
    v1[0],
    makePatch('b2', 2, 'subsys: change number 2', 'drivers/x/file1.c', tweaked),
    makePatch('b3', 3, 'subsys: a different title for change 3', 'drivers/x/file2.c', [...body(3), '\tmore();']),
  ].map((p, i) => ({ ...p, key: `b${i + 1}`, index: i + 1 }));
  const result = rangeDiff(v1, v2);
  assert.deepEqual(summary(result), [
    ['a1', 'b1', 'same'],
    ['a2', 'b2', 'changed'],
    ['a3', 'b3', 'changed'],
  ]);
  assert.equal(result[1].reason, 'title');
  assert.equal(result[1].renamed, false);
  assert.ok(result[1].similarity > 0.8 && result[1].similarity < 1, String(result[1].similarity));
  assert.equal(result[2].reason, 'diff');
  assert.equal(result[2].renamed, true);
  assert.ok(result[2].similarity >= MIN_DIFF_SIMILARITY && result[2].similarity < 1);
});

test('unrelated patches with different titles stay unpaired (below the 60% creation-factor threshold)', () => {
  const v1 = [makePatch('a1', 1, 'one: first', 'a.c', body(1))];
  const v2 = [makePatch('b1', 1, 'two: second', 'a.c', body(2))];
  assert.ok(patchSimilarity(v1[0], v2[0]) < MIN_DIFF_SIMILARITY);
  assert.deepEqual(summary(rangeDiff(v1, v2)), [
    ['a1', null, 'dropped'],
    [null, 'b1', 'added'],
  ]);
});

test('without patch ids, whitespace-only and line-number changes still count as the same patch', () => {
  const a = makePatch('a1', 1, 'x: y', 'x.c', body(1), false);
  const shifted = makeDiff('x.c', body(1).map((l) => l.replace(/ = /g, ' =  ')), 42);
  const b: RangePatch = { key: 'b1', index: 1, title: 'x: y (reworded)', patchId: null, diff: shifted, files: ['x.c'] };
  assert.deepEqual(rangeDiff([a], [b])[0], { old: 'a1', new: 'b1', status: 'same', moved: false, renamed: true, similarity: 1, reason: 'patch-id' });
});

test('370-patch series, every title reworded and every diff touched: all paired by diff in under 2 s', (t) => {
  const n = 370;
  const v1 = series(n, 'a');
  // New version: titles reworded, one line changed per patch, and two blocks swapped.
  const v2 = v1.map((p, i) => {
    const lines = body(i + 1);
    lines[i % lines.length] = `\tchanged_${i}();`;
    return makePatch(`b${i + 1}`, i + 1, `subsys: reworded change ${i + 1}`, p.files[0], lines);
  });
  const swapped = [...v2.slice(0, 100), ...v2.slice(200, 300), ...v2.slice(100, 200), ...v2.slice(300)].map((p, i) => ({ ...p, index: i + 1 }));
  const start = performance.now();
  const result = rangeDiff(v1, swapped);
  const ms = performance.now() - start;
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  t.diagnostic(`370 patches paired in ${ms.toFixed(0)} ms`);
  assert.equal(result.length, n);
  for (const m of result) {
    assert.equal(m.status, 'changed');
    assert.equal(m.reason, 'diff');
    assert.equal(m.old!.slice(1), m.new!.slice(1), `${m.old} paired with ${m.new}`);
  }
  assert.equal(result.filter((m) => m.moved).length, 100);
});

// ---- real mail ----


function toRangePatch(m: ParsedMessage): RangePatch {
  const tag = /^\s*\[([^\]]*)\]\s*(.*)$/.exec(m.subject);
  const counter = tag ? /(\d+)\/\d+/.exec(tag[1]) : null;
  return {
    key: m.msgid,
    index: counter ? Number(counter[1]) : 1,
    title: tag ? tag[2] : m.subject,
    patchId: fakePatchId(m.patch!.diff),
    diff: m.patch!.diff,
    files: m.patch!.files.map((f) => f.path),
  };
}

test('patchwork revision-basic: v1 and v2 pair by title, both changed', needsCorpus, async () => {
  const all = await patchesOf(corpusPath('patchwork', 'series', 'revision-basic.mbox'), () => true);
  const v1 = all.filter((m) => !/\bv2\b/.test(m.subject)).map(toRangePatch);
  const v2 = all.filter((m) => /\bv2\b/.test(m.subject)).map(toRangePatch);
  assert.equal(v1.length, 2);
  assert.equal(v2.length, 2);
  const result = rangeDiff(v1, v2);
  assert.deepEqual(
    result.map((m) => [m.old, m.new, m.status, m.reason, m.moved, m.renamed]),
    [
      ['1473632524-8585-2-git-send-email-stephenfinucane@gmail.com', '1473632795-9971-2-git-send-email-stephenfinucane@gmail.com', 'changed', 'title', false, false],
      ['1473632524-8585-3-git-send-email-stephenfinucane@gmail.com', '1473632795-9971-3-git-send-email-stephenfinucane@gmail.com', 'changed', 'title', false, false],
    ],
  );
  // v2 of 1/2 keeps all of v1's lines and adds a paragraph: similar, not identical.
  assert.ok(result[0].similarity > 0.5 && result[0].similarity < 1);
  // The same pairing holds on similarity alone when the titles are all reworded.
  const reworded = v2.map((p) => ({ ...p, title: `${p.title} (reworded)` }));
  assert.deepEqual(
    rangeDiff(v1, reworded).map((m) => [m.status, m.reason]),
    [
      ['changed', 'diff'],
      ['changed', 'diff'],
    ],
  );
});

test('linux-pm "PM / devfreq: passive: Use non-devm notifiers": v1 -> v2 changed, v2 -> v3 same (no code changes)', needsCorpus, async () => {
  const title = 'PM / devfreq: passive: Use non-devm notifiers';
  const found = await patchesOf(corpusPath('linux-pm-sample', '2019-08.mbox'), (m) => m.subject.endsWith(title) && !m.subject.includes('AUTOSEL'), title);
  assert.equal(found.length, 3);
  const [v1, v2, v3] = found.map(toRangePatch);
  assert.deepEqual(summary(rangeDiff([v1], [v2])), [[v1.key, v2.key, 'changed']]);
  assert.deepEqual(rangeDiff([v2], [v3])[0], { old: v2.key, new: v3.key, status: 'same', moved: false, renamed: false, similarity: 1, reason: 'patch-id' });
});
