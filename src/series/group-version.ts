// A group of members -> a SeriesVersion: slots 1..total, extras, title, version, dates.
import type { MsgKey, SeriesMessage, SeriesVersion } from './series-types.js';
import { type Member, compareMessages } from './group-roles.js';
import type { Group } from './group-forest.js';

/** Slots are materialised up to this count; higher numbers ("1/999999") go to extras. */
export const MAX_SLOTS = 5000;

export function versionOf(g: Group, copies: Map<string, SeriesMessage[]>): SeriesVersion {
  const cover = g.slots.get(0) ?? null;
  const numbered = [...g.slots.entries()].filter(([slot]) => slot > 0).sort((a, b) => a[0] - b[0]);
  const unnumbered = [...g.unnumbered].sort((a, b) => compareMessages(a.msg, b.msg));
  const claimed = cover && !cover.naked ? cover.total : null;
  const total = claimed ?? maxTotal(g.members) ?? Math.max(1, unnumbered.length + numbered.length);
  const width = Math.min(total, MAX_SLOTS);
  const patches: (MsgKey | null)[] = new Array<MsgKey | null>(width).fill(null);
  const extras: Member[] = [];
  for (const [slot, m] of numbered) {
    if (slot <= width) patches[slot - 1] = m.msg.key;
    else extras.push(m);
  }
  // Bare [PATCH]es under a naked cover take the free slots in date order (as b4 renumbers them).
  let free = 0;
  for (const m of unnumbered) {
    while (free < width && patches[free] !== null) free++;
    if (free < width) patches[free] = m.msg.key;
    else extras.push(m);
  }
  const ordered = [...numbered.map(([, m]) => m), ...unnumbered];
  const lead = cover ?? ordered[0] ?? extras[0];
  const labelled = [cover && !cover.naked ? cover : null, ...ordered, ...extras].find((m) => m && !m.msg.tags.versionInferred);
  const tagSource = (cover && !cover.naked ? cover : (ordered[0] ?? lead)).msg.tags;
  const { first, last } = dateRange(g.members.map((m) => m.msg.date));
  const duplicates = g.members.flatMap((m) => (copies.get(m.msg.msgid) ?? []).map((x) => x.key)).sort();
  return {
    key: lead.msg.key,
    origin: 'posted',
    author: lead.msg.from ?? ordered.find((m) => m.msg.from)?.msg.from ?? null,
    title: lead.msg.tags.title,
    version: labelled ? labelled.msg.tags.version : 1,
    versionLabel: labelled ? labelled.msg.tags.versionLabel : null,
    versionInferred: !labelled,
    rfc: tagSource.rfc,
    resend: tagSource.resend,
    labels: [...tagSource.labels],
    stableReview: tagSource.stableReview,
    total,
    cover: cover ? cover.msg.key : null,
    coverNaked: cover?.naked ?? false,
    patches,
    extras: extras.sort((a, b) => compareMessages(a.msg, b.msg)).map((m) => m.msg.key),
    duplicates,
    complete: isComplete(total, patches),
    joinedBy: [...g.joinedBy].sort(),
    reroll: null,
    referencedBy: [],
    threadId: lead.msg.threadId,
    firstDate: first,
    lastDate: last,
  };
}

export function dateRange(dates: readonly (number | null)[]): { first: number | null; last: number | null } {
  let first: number | null = null;
  let last: number | null = null;
  for (const d of dates) {
    if (d === null) continue;
    if (first === null || d < first) first = d;
    if (last === null || d > last) last = d;
  }
  return { first, last };
}

function maxTotal(members: readonly Member[]): number | null {
  let best: number | null = null;
  for (const m of members) if (m.role === 'patch' && m.total !== null && (best === null || m.total > best)) best = m.total;
  return best;
}

export function isComplete(total: number, patches: readonly (MsgKey | null)[]): boolean {
  return total >= 1 && patches.length === total && patches.every((p) => p !== null);
}

/** A placeholder for a posting known only from replies that name it; see SeriesVersion.origin. */
export function referencedVersion(key: string, reply: SeriesMessage): SeriesVersion {
  const t = reply.tags;
  const total = t.total ?? 1;
  return {
    key,
    origin: 'referenced',
    author: null,
    title: t.title,
    version: t.version,
    versionLabel: t.versionLabel,
    versionInferred: t.versionInferred,
    rfc: t.rfc,
    resend: t.resend,
    labels: [...t.labels],
    stableReview: t.stableReview,
    total,
    cover: null,
    coverNaked: false,
    patches: new Array<MsgKey | null>(Math.min(total, MAX_SLOTS)).fill(null),
    extras: [],
    duplicates: [],
    complete: false,
    joinedBy: [],
    reroll: null,
    referencedBy: [],
    threadId: reply.threadId,
    firstDate: reply.date,
    lastDate: reply.date,
  };
}
