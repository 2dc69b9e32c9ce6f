// JWZ containers: one per Message-ID, holding the message copies (none for a ghost).
// Invariant: parent/children links never form a cycle, so walking up always ends.

import { compareDates, compareStrings } from './order.js';
import type { ThreadInput } from './types.js';

export interface Container {
  msgid: string;
  /** Copies in linking order; copies[0] is the one shown, the rest hang under it. Empty = ghost. */
  copies: ThreadInput[];
  parent: Container | null;
  children: Set<Container>;
  /** The message's date; for a ghost the earliest date below it. Set by assignSortDates. */
  sortDate: number | null;
}

export function createContainer(msgid: string): Container {
  return { msgid, copies: [], parent: null, children: new Set(), sortDate: null };
}

export function isGhost(c: Container): boolean {
  return c.copies.length === 0;
}

/** True when putting `child` under `parent` would close a cycle. */
export function wouldCreateLoop(parent: Container, child: Container): boolean {
  if (parent === child) return true;
  if (child.children.size === 0) return false; // a leaf is nobody's ancestor
  for (let up: Container | null = parent; up !== null; up = up.parent) {
    if (up === child) return true;
  }
  return false;
}

/** Moves `child` under `parent`, leaving its old parent. Callers check wouldCreateLoop first. */
export function setParent(child: Container, parent: Container | null): void {
  child.parent?.children.delete(child);
  child.parent = parent;
  parent?.children.add(child);
}

/** Every container below `roots` (and the roots), each after all of its descendants. */
export function descendantsFirst(roots: Iterable<Container>): Container[] {
  const preorder: Container[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const c = stack.pop()!;
    preorder.push(c);
    for (const kid of c.children) stack.push(kid);
  }
  return preorder.reverse();
}

/** Ghosts take the earliest date found below them, so they sort where their replies start. */
export function assignSortDates(roots: Iterable<Container>): void {
  for (const c of descendantsFirst(roots)) {
    if (!isGhost(c)) {
      c.sortDate = c.copies[0].date;
      continue;
    }
    let earliest: number | null = null;
    for (const kid of c.children) {
      if (compareDates(kid.sortDate, earliest) < 0) earliest = kid.sortDate;
    }
    c.sortDate = earliest;
  }
}

export function compareContainers(a: Container, b: Container): number {
  return compareDates(a.sortDate, b.sortDate) || compareStrings(a.msgid, b.msgid);
}

/** The message a root stands for: itself, or for a ghost the first real message below it. */
export function representativeMessage(root: Container): ThreadInput | null {
  const stack = [root];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (!isGhost(c)) return c.copies[0];
    const kids = [...c.children].sort(compareContainers);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return null;
}
