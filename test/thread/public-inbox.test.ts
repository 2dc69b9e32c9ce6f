// public-inbox t/thread-cycle.t (../shared/corpus/public-inbox/expectations.md §1), compared with
// reference-public-inbox-1.9.0/thread-cycle.out. public-inbox links messages in date (`ds`) order,
// as we do, so first-come JWZ links resolve the contradictory References the same way.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { buildTree, renderTree, type ThreadNode } from '../../src/thread/tree.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { backwardsMessages, inlineMessage, jwzBox } from './cases.js';
import { canonical, canonicalOf, parseSpaceIndented, shapeFromLines } from './shape.js';

/** The sections of thread-cycle.out, keyed by the first word after "== ". */
function referenceOutput(): Map<string, string> {
  const text = fs.readFileSync(corpusPath('public-inbox', 'reference-public-inbox-1.9.0', 'thread-cycle.out'), 'utf8');
  const sections = new Map<string, string>();
  for (const chunk of text.split(/^== /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    sections.set(chunk.slice(0, newline).split(' ')[0], chunk.slice(newline + 1));
  }
  return sections;
}

const expected = (section: string) => {
  const body = referenceOutput().get(section);
  assert.ok(body, `section ${section} in thread-cycle.out`);
  return canonical(shapeFromLines(parseSpaceIndented(body)));
};

test('testbox-6: the message referenced before it arrives ends up between its neighbours', needsCorpus, () => {
  assert.equal(canonicalOf(buildTree(jwzBox('testbox-6'))), expected('testbox-6'));
});

test('backwards set: contradictory References resolved first-come, 2 stays a root over 5', needsCorpus, () => {
  const roots = buildTree(backwardsMessages());
  assert.equal(canonicalOf(roots), expected('backwards'));
  assert.deepEqual(
    roots.map((r) => r.msgid),
    ['2', '6'],
  );
});

test('forwards == backwards: reversed delivery with the same dates gives the identical tree', needsCorpus, () => {
  const backwards = buildTree(backwardsMessages());
  const forwards = buildTree(backwardsMessages().reverse());
  assert.equal(renderTree(forwards), renderTree(backwards));
  assert.equal(canonicalOf(forwards), expected('forwards'));
});

/** Walks node objects; fails if one is reached twice (a cycle or shared subtree). */
function assertNoSharedNodes(roots: readonly ThreadNode[]): number {
  const seen = new Set<ThreadNode>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    assert.ok(!seen.has(node), `node ${node.msgid} reached twice`);
    seen.add(node);
    stack.push(...node.children);
  }
  return seen.size;
}

test('duplicate {mid 5, refs <6>} + {mid 5, refs <6> <1>} creates no cycle', () => {
  const dup = [inlineMessage('5', '<6>', 1), inlineMessage('5', '<6> <1>', 2)];
  for (const pruneGhosts of [true, false]) {
    const roots = buildTree(dup, { pruneGhosts });
    assertNoSharedNodes(roots);
  }
  // Pruned: ghost 6 has the one child 5 (ghost 1 has none); the second copy hangs under the first.
  assert.equal(renderTree(buildTree(dup)), ['5', '  5'].join('\n'));
  assert.equal(
    renderTree(buildTree(dup, { pruneGhosts: false })),
    ['[ghost] 6', '  5', '    5', '  [ghost] 1'].join('\n'),
  );
});
