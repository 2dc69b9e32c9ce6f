// Which messages are series members (cover letters, patches) and what each one hangs under.
// Pure; every decision depends on a message and its ancestors only, never on input order.
import type { SeriesMessage } from './series-types.js';

export interface Member {
  msg: SeriesMessage;
  role: 'cover' | 'patch';
  /** A cover letter without [PATCH 0/N]: a plain mail its author's patch replies to (b4). */
  naked: boolean;
  /** 0 for a cover, n of n/N, null for a bare [PATCH]. */
  index: number | null;
  total: number | null;
  /** Lower-cased address, null when unknown. */
  author: string | null;
}

export interface Classified {
  /** One message per Message-ID (the copy kept when a msgid comes twice). */
  byMsgid: Map<string, SeriesMessage>;
  /** Further copies of a Message-ID, by msgid. */
  copies: Map<string, SeriesMessage[]>;
  members: Map<string, Member>;
  /** Replies whose subject names a series slot ("Re: [PATCH v2 2/2] x"). */
  slotReplies: SeriesMessage[];
}

/** Ancestor chains are followed at most this far (loops and absurd chains exist). */
const MAX_ANCESTORS = 2000;

export const authorKey = (m: SeriesMessage): string | null => m.from?.address?.trim().toLowerCase() || null;

const byDateThenKey = (a: SeriesMessage, b: SeriesMessage): number =>
  (a.date ?? Infinity) - (b.date ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function compareMessages(a: SeriesMessage, b: SeriesMessage): number {
  return byDateThenKey(a, b);
}

export function classify(messages: readonly SeriesMessage[]): Classified {
  const { byMsgid, copies } = dedupe(messages);
  const members = new Map<string, Member>();
  const slotReplies: SeriesMessage[] = [];
  for (const m of byMsgid.values()) {
    const role = roleOf(m, byMsgid);
    if (role) members.set(m.msgid, memberOf(m, role, false));
    else if (m.tags.kind === 'reply' && m.tags.isPatch) slotReplies.push(m);
  }
  // b4's naked cover: the plain mail (no diff, not a reply) a patch by the same author replies to.
  for (const p of [...members.values()]) {
    if (p.role !== 'patch' || !p.msg.parentMsgid) continue;
    const x = byMsgid.get(p.msg.parentMsgid);
    if (!x || members.has(x.msgid) || x.tags.kind !== 'other' || x.hasDiff) continue;
    if (p.author !== null && authorKey(x) === p.author) members.set(x.msgid, memberOf(x, 'cover', true));
  }
  return { byMsgid, copies, members, slotReplies };
}

/** The copy with a diff, else the earliest, else the lowest key, stands for its Message-ID. */
function dedupe(messages: readonly SeriesMessage[]): Pick<Classified, 'byMsgid' | 'copies'> {
  const all = new Map<string, SeriesMessage[]>();
  for (const m of messages) {
    const list = all.get(m.msgid);
    if (list) list.push(m);
    else all.set(m.msgid, [m]);
  }
  const byMsgid = new Map<string, SeriesMessage>();
  const copies = new Map<string, SeriesMessage[]>();
  for (const [msgid, list] of all) {
    list.sort((a, b) => Number(b.hasDiff) - Number(a.hasDiff) || byDateThenKey(a, b));
    byMsgid.set(msgid, list[0]);
    if (list.length > 1) copies.set(msgid, list.slice(1));
  }
  return { byMsgid, copies };
}

function roleOf(m: SeriesMessage, byMsgid: Map<string, SeriesMessage>): Member['role'] | null {
  switch (m.tags.kind) {
    case 'cover':
      return 'cover';
    case 'patch':
      return isFollowUp(m, byMsgid) ? null : 'patch';
    case 'other':
      // A diff without [PATCH] is still a patch (patchwork agrees), unless it is a follow-up,
      // a commit notification, or another person's diff in answer to a patch.
      return m.hasDiff && !isFollowUp(m, byMsgid) && !isNotification(m) && !answersOthersPatch(m, byMsgid) ? 'patch' : null;
    default:
      return null; // replies (even quoting a diff), pull requests, announcements
  }
}

/** A reply that kept its parent's subject without "Re:" (b4's trailers-followup-nore). */
function isFollowUp(m: SeriesMessage, byMsgid: Map<string, SeriesMessage>): boolean {
  if (m.hasDiff || !m.parentMsgid) return false;
  const parent = byMsgid.get(m.parentMsgid);
  return parent !== undefined && sameText(parent.subject, m.subject);
}

/**
 * Mail about a patch that carries its diff: "[tip: x86/urgent] ..." (tip-bot2), 'Applied "..." to
 * the regulator tree' (Mark Brown's scripts), 'FAILED: patch "..." failed to apply' (stable).
 */
const isNotification = (m: SeriesMessage): boolean =>
  /^(?:applied|failed: patch) "/i.test(m.tags.title) || m.tags.labels.some((l) => /^tip:/i.test(l));

function answersOthersPatch(m: SeriesMessage, byMsgid: Map<string, SeriesMessage>): boolean {
  const parent = m.parentMsgid ? byMsgid.get(m.parentMsgid) : undefined;
  return parent !== undefined && parent.tags.isPatch && authorKey(parent) !== authorKey(m);
}

const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

function memberOf(m: SeriesMessage, role: Member['role'], naked: boolean): Member {
  const index = role === 'cover' ? 0 : m.tags.index;
  return { msg: m, role, naked, index, total: naked ? null : m.tags.total, author: authorKey(m) };
}

/**
 * The nearest ancestor (parent first, then References newest to oldest, then on through the
 * oldest present ancestor's own headers) that satisfies `pick`.
 */
export function nearestAncestor<T>(
  m: SeriesMessage,
  byMsgid: Map<string, SeriesMessage>,
  pick: (msgid: string) => T | undefined,
): T | undefined {
  const seen = new Set<string>([m.msgid]);
  let cur: SeriesMessage | undefined = m;
  while (cur && seen.size < MAX_ANCESTORS) {
    const chain: string[] = cur.parentMsgid ? [cur.parentMsgid, ...[...cur.references].reverse()] : [...cur.references].reverse();
    let oldestNew: string | null = null;
    for (const id of chain) {
      if (seen.has(id)) continue;
      seen.add(id);
      const hit = pick(id);
      if (hit !== undefined) return hit;
      oldestNew = id;
    }
    cur = oldestNew === null ? undefined : byMsgid.get(oldestNew);
  }
  return undefined;
}

/** Where a patch hangs: under a compatible member, under an absent parent, or nowhere. */
export interface Anchor {
  /** A compatible member above it: cover (its posting) or an earlier patch of the same posting. */
  up: Member | null;
  /** The nearest member above it when that one is not compatible (another version or series). */
  threadedTo: Member | null;
  /** The parent's msgid when the parent is absent and no member is above it (a lost cover letter). */
  ghost: string | null;
}

export function anchorOf(p: Member, c: Classified): Anchor {
  const near = p.role === 'patch' ? nearestAncestor(p.msg, c.byMsgid, (id) => c.members.get(id)) : undefined;
  if (near) return compatible(p, near) ? { up: near, threadedTo: null, ghost: null } : { up: null, threadedTo: near, ghost: null };
  const parent = p.role === 'patch' ? p.msg.parentMsgid : null;
  return { up: null, threadedTo: null, ghost: parent && !c.byMsgid.has(parent) ? parent : null };
}

/**
 * May patch `p` join the posting of `t`, the nearest member above it?
 * Under a cover: same count and version. Under a patch: same count and version, higher number
 * (2/N replying to 1/N); a repeated or lower number is another posting (a resend, a new version).
 * Never across authors. A patch without a version joins a cover with one (patchwork's
 * base-different-versions: "[PATCH net-next v3 0/4]" over "[PATCH 1/4]"); a labelled patch
 * never joins an unlabelled or differently labelled posting, nor a RESEND the original.
 */
export function compatible(p: Member, t: Member): boolean {
  // A mail without From may join a posting; it never carries another author's patches in.
  if (p.author !== null && p.author !== t.author) return false;
  if (t.role === 'cover' && t.naked) return true;
  if (p.total === null || p.total !== t.total) return false;
  if (t.role === 'patch' && (p.index === null || t.index === null || p.index <= t.index)) return false;
  const pt = p.msg.tags;
  const tt = t.msg.tags;
  if (!pt.versionInferred && (pt.version !== tt.version || pt.versionLabel !== tt.versionLabel)) return false;
  if (pt.resend && !tt.resend) return false; // "[PATCH RESEND 1/3]" under the original posting
  if ((pt.stableReview || tt.stableReview) && pt.labels.join('\0') !== tt.labels.join('\0')) return false;
  return true;
}
