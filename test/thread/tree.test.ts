// Small inline cases for each JWZ rule, rendered as indented strings.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTree, flattenTree, renderTree, threadRoot, type ThreadInput } from '../../src/thread/tree.js';

let nextKey = 1;
/** msg('b', ['a'], 2) = message b replying to a, dated 2. */
function msg(msgid: string, references: string[] = [], date: number | null = null, extra: Partial<ThreadInput> = {}): ThreadInput {
  return {
    key: String(nextKey++),
    msgid,
    inReplyTo: references.at(-1) ?? null,
    references,
    subjectNormalized: '',
    isReplySubject: references.length > 0,
    date,
    ...extra,
  };
}

const render = (messages: ThreadInput[], options = {}) => renderTree(buildTree(messages, options));
const lines = (...l: string[]) => l.join('\n');

test('no messages, no roots', () => {
  assert.deepEqual(buildTree([]), []);
  assert.equal(threadRoot([]), null);
});

test('a plain reply chain, with depth on every node', () => {
  const roots = buildTree([msg('c', ['a', 'b'], 3), msg('a', [], 1), msg('b', ['a'], 2)]);
  assert.equal(renderTree(roots), lines('a', '  b', '    c'));
  assert.deepEqual(flattenTree(roots).map((n) => n.depth), [0, 1, 2]);
  assert.equal(roots[0].children[0].children[0].depth, 2);
});

test('children and roots sort by (date, msgid), unknown dates last, whatever the input order', () => {
  const messages = [msg('z', ['r'], 1), msg('y', ['r'], null), msg('x', ['r'], 5), msg('w', ['r'], 1), msg('r', [], 0)];
  assert.equal(render(messages), lines('r', '  w', '  z', '  x', '  y'));
});

test('ghosts: a one-child ghost is replaced by its child; a childless ghost vanishes', () => {
  assert.equal(render([msg('b', ['ghost-a'], 1)]), 'b');
  assert.equal(render([msg('b', ['ghost-a'], 1)], { pruneGhosts: false }), lines('[ghost] ghost-a', '  b'));
});

test('ghosts: a ghost root with 2 children stays; a ghost below the root gives its children to its parent', () => {
  assert.equal(render([msg('b', ['g'], 1), msg('c', ['g'], 2)]), lines('[ghost] g', '  b', '  c'));
  const midGhost = [msg('r', [], 0), msg('b', ['r', 'g'], 1), msg('c', ['r', 'g'], 2)];
  assert.equal(render(midGhost), lines('r', '  b', '  c'));
  assert.equal(render(midGhost, { pruneGhosts: false }), lines('r', '  [ghost] g', '    b', '    c'));
});

test('a ghost sorts at the earliest date below it', () => {
  const messages = [msg('late', [], 10), msg('b', ['g'], 5), msg('c', ['g'], 1)];
  assert.equal(render(messages), lines('[ghost] g', '  c', '  b', 'late'));
});

test('self-references are ignored', () => {
  assert.equal(render([msg('a', ['a'], 1)]), 'a');
  assert.equal(render([msg('a', [], 1), msg('b', ['a', 'b'], 2)]), lines('a', '  b'));
});

test('a message\'s own last reference beats a parent guessed from another message\'s References', () => {
  // c guesses a -> b; then b itself says its parent is x.
  const messages = [msg('a', [], 0), msg('x', [], 0.5), msg('c', ['a', 'b'], 1), msg('b', ['x'], 2)];
  assert.equal(render(messages), lines('a', 'x', '  b', '    c'));
});

test('an existing link is not re-made from later References', () => {
  // b is under a (its own claim); d's References say x -> b, which must not move b.
  const messages = [msg('a', [], 0), msg('b', ['a'], 1), msg('d', ['x', 'b'], 2)];
  assert.equal(render(messages, { pruneGhosts: false }), lines('a', '  b', '    d', '[ghost] x'));
});

test('parentHint found among the references overrides "last reference"', () => {
  const grandChild = msg('gc', ['child', 'root'], 3, { parentHint: 'child', inReplyTo: 'child' });
  const messages = [msg('root', [], 1), msg('child', ['root'], 2), grandChild];
  assert.equal(render(messages), lines('root', '  child', '    gc'));
  // Without the hint, the last reference wins, as JWZ says.
  assert.equal(render([msg('root', [], 1), msg('child', ['root'], 2), { ...grandChild, parentHint: null }]), lines('root', '  child', '  gc'));
});

test('parentHint not among the references is ignored', () => {
  const messages = [msg('root', [], 1), msg('b', ['root'], 2, { parentHint: 'elsewhere' })];
  assert.equal(render(messages), lines('root', '  b'));
});

test('a loop is refused, not followed', () => {
  const messages = [msg('a', ['b'], 1), msg('b', ['a'], 2)];
  assert.equal(render(messages), lines('b', '  a'));
  assert.equal(render([msg('a', ['b', 'a', 'b'], 1)]), 'a');
});

test('duplicate msgids share a node: copies hang under the first copy, ordered by (date, key)', () => {
  const messages = [
    msg('d', ['r'], 5, { key: '10' }),
    msg('d', ['r'], 5, { key: '9' }),
    msg('r', [], 0, { key: '1' }),
    msg('e', ['d'], 6, { key: '2' }),
  ];
  const roots = buildTree(messages);
  assert.equal(
    renderTree(roots, (n) => `${n.msgid}#${n.key}`),
    lines('r#1', '  d#9', '    d#10', '    e#2'),
  );
});

test('subject grouping: a ref-less reply goes under the non-reply root with its subject', () => {
  const subject = { subjectNormalized: 'topic' };
  const messages = [
    msg('early-reply', [], 1, { ...subject, isReplySubject: true }),
    msg('start', [], 2, { ...subject, isReplySubject: false }),
    msg('other', [], 3, { subjectNormalized: 'else', isReplySubject: true }),
  ];
  assert.equal(render(messages), lines('start', '  early-reply', 'other'));
  assert.equal(render(messages, { subjectGrouping: false }), lines('early-reply', 'start', 'other'));
});

test('subject grouping: with only replies, the earliest is the target; replies with references stay put', () => {
  const subject = { subjectNormalized: 'topic', isReplySubject: true };
  const messages = [
    msg('r2', [], 2, subject),
    msg('r1', [], 1, subject),
    msg('with-refs', ['ghost'], 3, subject),
  ];
  assert.equal(render(messages), lines('r1', '  r2', 'with-refs'));
});

test('subject grouping looks through a ghost root to its first message', () => {
  const messages = [
    msg('a', ['g'], 1, { subjectNormalized: 'topic', isReplySubject: true }),
    msg('b', ['g'], 2, { subjectNormalized: 'topic', isReplySubject: true }),
    msg('late', [], 3, { subjectNormalized: 'topic', isReplySubject: true }),
  ];
  assert.equal(render(messages), lines('[ghost] g', '  a', '  b', '  late'));
});

test('threadRoot: the first root, or the first real message under a ghost root', () => {
  const roots = buildTree([msg('b', ['g'], 2), msg('c', ['g'], 1), msg('z', [], 5)]);
  assert.equal(roots[0].key, null);
  assert.equal(threadRoot(roots)?.msgid, 'c');
  assert.equal(threadRoot(buildTree([msg('a', [], 1), msg('b', ['a'], 2)]))?.msgid, 'a');
});

test('the input array and its messages are left untouched', () => {
  const messages = [msg('b', ['a'], 2, { parentHint: 'a' }), msg('a', [], 1)];
  const snapshot = JSON.stringify(messages);
  buildTree(messages);
  assert.equal(JSON.stringify(messages), snapshot);
});
