// Deep chains and long loops must not recurse or go quadratic in ways that hurt.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTree, flattenTree, threadRoot, type ThreadInput } from '../../src/thread/tree.js';

const reply = (i: number, parent: number | null, date: number): ThreadInput => ({
  key: String(i),
  msgid: `m${i}@stress`,
  inReplyTo: parent === null ? null : `m${parent}@stress`,
  references: parent === null ? [] : [`m${parent}@stress`],
  subjectNormalized: 'stress',
  isReplySubject: parent !== null,
  date,
});

function timed<T>(budgetMs: number, what: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  assert.ok(ms < budgetMs, `${what} took ${ms.toFixed(0)} ms (budget ${budgetMs} ms)`);
  return result;
}

test('a 10,000-deep reply chain, in order and children-first', () => {
  const n = 10_000;
  const chain = Array.from({ length: n }, (_, i) => reply(i, i === 0 ? null : i - 1, 1_000 + i));
  for (const input of [chain, [...chain].reverse()]) {
    const flat = timed(2_000, 'deep chain', () => flattenTree(buildTree(input)));
    assert.equal(flat.length, n);
    assert.equal(flat[n - 1].depth, n - 1);
    assert.equal(flat[n - 1].msgid, `m${n - 1}@stress`);
  }
});

test('a 10,000-deep chain whose dates run backwards (every child older than its parent)', () => {
  const n = 10_000;
  const chain = Array.from({ length: n }, (_, i) => reply(i, i === 0 ? null : i - 1, 1_000_000 - i));
  const flat = timed(2_000, 'backwards-dated chain', () => flattenTree(buildTree(chain)));
  assert.equal(flat.length, n);
  assert.equal(flat[n - 1].depth, n - 1);
});

test('a 1,000-message reference loop terminates: one root, every message once', () => {
  const n = 1_000;
  const loop = Array.from({ length: n }, (_, i) => reply(i, (i + 1) % n, 1_000 + i));
  const roots = timed(2_000, 'loop', () => buildTree(loop));
  const flat = flattenTree(roots);
  assert.equal(roots.length, 1);
  assert.equal(flat.length, n);
  assert.equal(new Set(flat.map((f) => f.msgid)).size, n);
  assert.equal(threadRoot(roots)?.msgid, `m${n - 1}@stress`, 'the last claim that would close the loop is refused');
});

test('a 1,000-message loop where every message lists the 20 before it in the ring', () => {
  const n = 1_000;
  const loop = Array.from({ length: n }, (_, i) => {
    const refs = Array.from({ length: 20 }, (_, k) => `m${(i + 20 - k) % n}@stress`);
    return { ...reply(i, (i + 1) % n, 1_000 + i), references: refs };
  });
  const flat = timed(2_000, 'dense loop', () => flattenTree(buildTree(loop)));
  assert.equal(flat.filter((f) => f.key !== null).length, n);
});
