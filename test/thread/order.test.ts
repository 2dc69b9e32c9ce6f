// Order independence: the same message set in any input order gives the identical tree.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTree, renderTree } from '../../src/thread/tree.js';
import { needsCorpus } from '../helpers/corpus.js';
import { allCorpusCases } from './cases.js';
import { seededShuffle } from './shape.js';

const SEEDS = [1, 2, 3, 4, 5];

test('every corpus thread: 5 seeded shuffles give the identical rendered tree', needsCorpus, () => {
  const cases = allCorpusCases();
  assert.ok(cases.length >= 40, `expected all corpus threads, got ${cases.length}`);
  for (const { name, messages, options } of cases) {
    const label = (n: { msgid: string; key: string | null }) => `${n.key === null ? '[ghost] ' : ''}${n.msgid} ${n.key ?? ''}`;
    const reference = renderTree(buildTree(messages, options), label);
    for (const seed of SEEDS) {
      const shuffled = renderTree(buildTree(seededShuffle(messages, seed), options), label);
      assert.equal(shuffled, reference, `${name}, seed ${seed}`);
    }
  }
});
