// Test-only: compare trees by shape and membership, independent of sibling order.
// Peers order siblings differently (file order, msgid, date); parent-of relations are what count.

import { flattenTree, type ThreadNode } from '../../src/thread/tree.js';

export interface ShapeLine {
  depth: number;
  msgid: string;
  ghost: boolean;
}

export interface ShapeNode {
  msgid: string;
  ghost: boolean;
  children: ShapeNode[];
}

export function shapeFromLines(lines: readonly ShapeLine[]): ShapeNode[] {
  const roots: ShapeNode[] = [];
  const open: ShapeNode[] = []; // open[d] = last node seen at depth d
  for (const line of lines) {
    const node: ShapeNode = { msgid: line.msgid, ghost: line.ghost, children: [] };
    if (line.depth === 0) roots.push(node);
    else {
      const parent = open[line.depth - 1];
      if (!parent) throw new Error(`depth ${line.depth} without a parent: ${line.msgid}`);
      parent.children.push(node);
    }
    open[line.depth] = node;
    open.length = line.depth + 1;
  }
  return roots;
}

/**
 * Our tree as a shape. `spliceGhosts`: ghosts vanish and their children take their place
 * (notmuch never shows ghosts). `dropCopies`: duplicate copies (shown under the first copy) vanish.
 */
export function shapeOf(
  roots: readonly ThreadNode[],
  { spliceGhosts = false, dropCopies = false } = {},
): ShapeNode[] {
  const out: ShapeNode[] = [];
  const stack: Array<{ node: ThreadNode; into: ShapeNode[]; parentMsgid: string | null }> = roots.map((node) => ({
    node,
    into: out,
    parentMsgid: null,
  }));
  while (stack.length > 0) {
    const { node, into, parentMsgid } = stack.pop()!;
    const ghost = node.key === null;
    const skip = (spliceGhosts && ghost) || (dropCopies && node.msgid === parentMsgid);
    let childInto = into;
    if (!skip) {
      const copy: ShapeNode = { msgid: node.msgid, ghost, children: [] };
      into.push(copy);
      childInto = copy.children;
    }
    const childParent = skip ? parentMsgid : node.msgid;
    for (const child of node.children) stack.push({ node: child, into: childInto, parentMsgid: childParent });
  }
  return out;
}

/** Siblings sorted by msgid; ghosts marked. Equal strings = equal parent-of relations. */
export function canonical(forest: readonly ShapeNode[]): string {
  const lines: string[] = [];
  const bySorted = (nodes: readonly ShapeNode[]) =>
    [...nodes].sort((a, b) => (a.msgid < b.msgid ? -1 : a.msgid > b.msgid ? 1 : Number(a.ghost) - Number(b.ghost)));
  const stack: Array<[ShapeNode, number]> = bySorted(forest)
    .reverse()
    .map((n) => [n, 0]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    lines.push('  '.repeat(depth) + (node.ghost ? '[ghost] ' : '') + node.msgid);
    for (const child of bySorted(node.children).reverse()) stack.push([child, depth + 1]);
  }
  return lines.join('\n');
}

/** Mail::Thread dump lines: "<depth> <subject...> <msgid>", "[ n/a ]" for a dummy container. */
export function parseMailThreadDump(text: string): ShapeLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const m = /^\s*(\d+)\s.*<([^<>]+)>\s*$/.exec(line);
      if (!m) throw new Error(`bad dump line: ${line}`);
      return { depth: Number(m[1]), msgid: m[2], ghost: line.includes('[ n/a ]') };
    });
}

/** public-inbox's thread_to_s: one space per level, then the msgid. */
export function parseSpaceIndented(text: string): ShapeLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ depth: line.length - line.trimStart().length, msgid: line.trim(), ghost: false }));
}

export function canonicalOf(roots: readonly ThreadNode[], options?: Parameters<typeof shapeOf>[1]): string {
  return canonical(shapeOf(roots, options));
}

/** Real messages in the tree, by msgid (copies counted once per node). */
export function realMsgids(roots: readonly ThreadNode[]): string[] {
  return flattenTree(roots)
    .filter((n) => n.key !== null)
    .map((n) => n.msgid);
}

/** Deterministic shuffle (mulberry32 + Fisher-Yates). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
