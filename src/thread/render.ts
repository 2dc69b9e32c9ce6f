// Walks over a built tree: flat listing, indented text (golden tests), the thread's root message.

import type { FlatThreadNode, ThreadNode } from './types.js';

/** Depth-first, children in their stored order; depth counted here, not read from the nodes. */
export function flattenTree(roots: readonly ThreadNode[]): FlatThreadNode[] {
  const out: FlatThreadNode[] = [];
  const stack: Array<[ThreadNode, number]> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push([roots[i], 0]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    out.push({ msgid: node.msgid, key: node.key, depth });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i], depth + 1]);
  }
  return out;
}

export function defaultLabel(node: FlatThreadNode): string {
  return node.key === null ? `[ghost] ${node.msgid}` : node.msgid;
}

/** One line per node, indented two spaces per level, lines joined by "\n". */
export function renderTree(
  roots: readonly ThreadNode[],
  label: (node: FlatThreadNode) => string = defaultLabel,
): string {
  return flattenTree(roots)
    .map((line) => '  '.repeat(line.depth) + label(line))
    .join('\n');
}

/**
 * The message that names the thread: the first root, or when that root is a ghost, the first
 * real message below it (depth-first, so later roots only count if the ghost has none).
 * Null only when there is no real message at all.
 */
export function threadRoot(roots: readonly ThreadNode[]): ThreadNode | null {
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.key !== null) return node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return null;
}
