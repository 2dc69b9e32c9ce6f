// Read-time reply tree of one thread (JWZ, https://www.jwz.org/doc/threading.html).
// Pure, synchronous, and non-recursive: reference chains can be thousands long and can loop.
//
// Order independence: messages are linked in (date, msgid, key) order, not input order, so the
// first-come rules of JWZ always see the same "first". Siblings and roots are shown in the
// same order (ghosts by the earliest date below them; unknown dates last).
//
// Duplicate msgids: the copies share one container; the first copy in (date, msgid, key) order
// holds the place in the tree and the other copies are shown as its children (leaves).

import { assignSortDates, compareContainers, type Container } from './container.js';
import { linkContainers } from './link.js';
import { compareDates, compareInputs, compareKeys, compareStrings } from './order.js';
import { pruneGhosts } from './prune.js';
import { groupRootsBySubject } from './subject.js';
import type { ThreadInput, ThreadNode, ThreadTreeOptions } from './types.js';

export type { FlatThreadNode, ThreadInput, ThreadNode, ThreadTreeOptions } from './types.js';
export { flattenTree, renderTree, threadRoot } from './render.js';

export function buildTree(messages: readonly ThreadInput[], options: ThreadTreeOptions = {}): ThreadNode[] {
  const ordered = [...messages].sort(compareInputs);
  const containers = linkContainers(ordered);

  let roots = [...containers.values()].filter((c) => c.parent === null);
  if (options.pruneGhosts !== false) roots = pruneGhosts(roots);
  assignSortDates(roots);
  roots.sort(compareContainers);

  if (options.subjectGrouping !== false) {
    roots = groupRootsBySubject(roots);
    assignSortDates(roots); // an attached reply can make a ghost root earlier
    roots.sort(compareContainers);
  }
  return toNodes(roots);
}

/** A node about to be placed: a container, or an extra copy of its parent's message. */
interface Slot {
  node: ThreadNode;
  date: number | null;
  container: Container | null;
}

function slotsFor(containers: Iterable<Container>, extraCopies: readonly ThreadInput[], depth: number): Slot[] {
  const slots: Slot[] = [];
  for (const c of containers) {
    const node: ThreadNode = { msgid: c.msgid, key: c.copies[0]?.key ?? null, children: [], depth };
    slots.push({ node, date: c.sortDate, container: c });
  }
  for (const copy of extraCopies) {
    slots.push({ node: { msgid: copy.msgid, key: copy.key, children: [], depth }, date: copy.date, container: null });
  }
  return slots.sort(
    (a, b) =>
      compareDates(a.date, b.date) ||
      compareStrings(a.node.msgid, b.node.msgid) ||
      compareKeys(a.node.key ?? '', b.node.key ?? ''),
  );
}

function toNodes(roots: readonly Container[]): ThreadNode[] {
  const rootSlots = slotsFor(roots, [], 0);
  const pending = [...rootSlots];
  while (pending.length > 0) {
    const { node, container } = pending.pop()!;
    if (!container) continue;
    const kids = slotsFor(container.children, container.copies.slice(1), node.depth! + 1);
    node.children = kids.map((slot) => slot.node);
    pending.push(...kids);
  }
  return rootSlots.map((slot) => slot.node);
}
