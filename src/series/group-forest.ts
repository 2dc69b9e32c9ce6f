// Members -> postings: follow each patch up to its cover or earlier patch, split where a slot
// repeats, then join unthreaded pieces by author, version, count and time. No recursion.
import type { JoinReason } from './series-types.js';
import { type Anchor, type Classified, type Member, anchorOf, compareMessages } from './group-roles.js';

/**
 * Unthreaded pieces of one posting are joined when consecutive pieces are at most this far
 * apart. patchwork uses 10 minutes over the whole posting; git send-email stamps each mail one
 * second after the previous, but a send interrupted by an SMTP error or by per-mail
 * confirmation is resumed minutes later. The gap is between neighbours, so a 370-patch series
 * is not limited by it, and a repeated slot (the same 1/4 sent twice) never joins anyway.
 */
export const TIME_WINDOW_MS = 30 * 60 * 1000;

export interface Group {
  members: Member[];
  /** Slot -> member; 0 is the cover. Bare patches under a naked cover wait in `unnumbered`. */
  slots: Map<number, Member>;
  unnumbered: Member[];
  joinedBy: Set<JoinReason>;
  /** Incompatible members some member was threaded under (a partial reroll's earlier version). */
  threadedTo: Member[];
}

interface Node {
  member: Member | null; // null: an absent parent several patches share
  up: Node | null;
  children: Node[];
  reason: JoinReason | null;
}

export function buildGroups(c: Classified): { groups: Group[]; anchors: Map<Member, Anchor> } {
  const anchors = new Map<Member, Anchor>();
  for (const m of c.members.values()) anchors.set(m, anchorOf(m, c));
  const nodes = new Map<Member, Node>();
  for (const m of c.members.values()) nodes.set(m, { member: m, up: null, children: [], reason: null });
  const ghosts = new Map<string, Node>();
  for (const [m, a] of anchors) {
    const node = nodes.get(m)!;
    if (a.up) {
      node.up = nodes.get(a.up)!;
      node.reason = a.up.role === 'cover' ? (a.up.naked ? 'naked-cover' : 'cover') : 'chain';
    } else if (a.ghost) {
      // Patches under the same absent parent join only with their own kind (author, count, version).
      const key = `${a.ghost}\0${bucketKey([m])}`;
      let g = ghosts.get(key);
      if (!g) ghosts.set(key, (g = { member: null, up: null, children: [], reason: null }));
      node.up = g;
      node.reason = 'shared-parent';
    }
  }
  breakCycles([...nodes.values()]);
  const all = [...nodes.values(), ...ghosts.values()];
  for (const n of all) if (n.up) n.up.children.push(n);
  const roots = all.filter((n) => !n.up).sort(compareNodes);
  const groups: Group[] = [];
  for (const root of roots) groups.push(...splitTree(root));
  for (const g of groups) for (const m of g.members) {
    const t = anchors.get(m)?.threadedTo;
    if (t) g.threadedTo.push(t);
  }
  return { groups: joinByTime(groups), anchors };
}

function firstMember(n: Node): Member | null {
  if (n.member) return n.member;
  let best: Member | null = null;
  for (const c of n.children) if (c.member && (!best || compareMessages(c.member.msg, best.msg) < 0)) best = c.member;
  return best;
}

function compareNodes(a: Node, b: Node): number {
  const ma = firstMember(a);
  const mb = firstMember(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : 0;
  return compareMessages(ma.msg, mb.msg);
}

/** References can loop; cut each loop at its earliest member so every chain ends at a root. */
function breakCycles(nodes: Node[]): void {
  const state = new Map<Node, 1 | 2>(); // 1 on the current path, 2 done
  for (const start of nodes) {
    const path: Node[] = [];
    let n: Node | null = start;
    while (n && !state.has(n)) {
      state.set(n, 1);
      path.push(n);
      n = n.up;
    }
    if (n && state.get(n) === 1) {
      const loop = path.slice(path.indexOf(n));
      const cut = loop.reduce((a, b) => (compareNodes(a, b) <= 0 ? a : b));
      cut.up = null;
      cut.reason = null;
    }
    for (const p of path) state.set(p, 2);
  }
}

const newGroup = (): Group => ({ members: [], slots: new Map(), unnumbered: [], joinedBy: new Set(), threadedTo: [] });

/** Breadth first from the root, earliest sibling first: a member whose slot is taken starts a new posting. */
function splitTree(root: Node): Group[] {
  const groups: Group[] = [];
  const queue: { node: Node; group: Group | null }[] = [{ node: root, group: null }];
  for (let i = 0; i < queue.length; i++) {
    const { node } = queue[i];
    let group = queue[i].group;
    if (!node.member) {
      group = newGroup(); // an absent parent: its children start out together
      groups.push(group);
    } else {
      const m = node.member;
      const underNaked = group !== null && group.slots.get(0)?.naked === true;
      const slot = m.index ?? (underNaked ? null : 1);
      if (!group || (slot !== null && group.slots.has(slot))) {
        group = newGroup();
        groups.push(group);
      } else if (node.reason && group.members.length > 0) {
        group.joinedBy.add(node.reason);
      }
      group.members.push(m);
      if (slot === null) group.unnumbered.push(m);
      else group.slots.set(slot, m);
    }
    const kids = [...node.children].sort(compareNodes);
    for (const child of kids) queue.push({ node: child, group });
  }
  return groups.filter((g) => g.members.length > 0);
}

/** What must agree for unthreaded pieces to be one posting: author, version, count, stable tree. */
export function bucketKey(members: readonly Member[]): string | null {
  const authors = new Set(members.map((m) => m.author));
  if (authors.size !== 1 || authors.has(null)) return null;
  const lead = members.find((m) => m.role === 'cover') ?? members[0];
  const labelled = members.find((m) => !m.msg.tags.versionInferred && !m.naked);
  const t = (labelled ?? lead).msg.tags;
  const total = members.find((m) => m.total !== null)?.total ?? null;
  const stable = lead.msg.tags.stableReview ? lead.msg.tags.labels.join(',') : '';
  return [lead.author, t.version, t.versionLabel ?? '', total ?? '', lead.msg.tags.rfc, stable].join('\0');
}

function span(g: Group): { first: number | null; last: number | null } {
  let first: number | null = null;
  let last: number | null = null;
  for (const m of g.members) {
    const d = m.msg.date;
    if (d === null) continue;
    if (first === null || d < first) first = d;
    if (last === null || d > last) last = d;
  }
  return { first, last };
}

/** Joins pieces of one bucket whose slots do not overlap and that follow each other within the window. */
function joinByTime(groups: Group[]): Group[] {
  const buckets = new Map<string, { group: Group; first: number; last: number }[]>();
  const out: Group[] = [];
  for (const g of groups) {
    const { first, last } = span(g);
    const key = g.slots.get(0)?.naked || first === null || last === null ? null : bucketKey(g.members);
    if (key === null) {
      out.push(g);
      continue;
    }
    const item = { group: g, first: first!, last: last! };
    const list = buckets.get(key);
    if (list) list.push(item);
    else buckets.set(key, [item]);
  }
  for (const list of buckets.values()) {
    list.sort((a, b) => a.first - b.first || compareMessages(a.group.members[0].msg, b.group.members[0].msg));
    // Pieces still within reach of the next one, by ascending last date.
    let open: { group: Group; last: number }[] = [];
    for (const { group: g, first, last } of list) {
      if (open.some((o) => first - o.last > TIME_WINDOW_MS)) {
        for (const o of open) if (first - o.last > TIME_WINDOW_MS) out.push(o.group);
        open = open.filter((o) => first - o.last <= TIME_WINDOW_MS);
      }
      // the most recent piece that has none of g's slots
      let target: { group: Group; last: number } | undefined;
      for (let i = open.length - 1; i >= 0 && !target; i--) if (disjoint(open[i].group, g)) target = open[i];
      if (target) {
        merge(target.group, g);
        target.last = Math.max(target.last, last);
      } else {
        open.push({ group: g, last });
      }
      open.sort((a, b) => a.last - b.last);
    }
    out.push(...open.map((o) => o.group));
  }
  return out;
}

function disjoint(a: Group, b: Group): boolean {
  for (const slot of b.slots.keys()) if (a.slots.has(slot)) return false;
  return true;
}

function merge(into: Group, from: Group): void {
  into.members.push(...from.members);
  for (const [slot, m] of from.slots) into.slots.set(slot, m);
  into.unnumbered.push(...from.unnumbered);
  for (const r of from.joinedBy) into.joinedBy.add(r);
  into.joinedBy.add('time-window');
  into.threadedTo.push(...from.threadedTo);
}
