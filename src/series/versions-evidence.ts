// Why one posting may be an earlier version of another: each signal a person would use, with a weight.
import type { LinkReason, MsgKey, SeriesMessage, SeriesVersion } from './series-types.js';
import { versionRank } from './group.js';

/** Score added by each reason. A link needs LINK_SCORE, or a decisive reason, to be asserted. */
export const REASON_WEIGHTS: Readonly<Record<LinkReason, number>> = {
  manual: 1000,
  'change-id': 100, // b4's change-id: the same series by construction
  'version-link': 100, // "Link to v1: https://lore.kernel.org/r/<msgid>" naming the older posting
  supersedes: 100,
  'partial-reroll': 100, // grouping found "[PATCH v3 2/2]" re-sending a patch of this posting
  'in-reply-to': 60, // the newer posting is threaded under the older one
  cited: 40, // a lore link naming no version points into the older posting (could be a dependency)
  'patch-id': 50, // an identical diff in both
  'title-equal': 30,
  'title-similar': 20, // token Jaccard >= TITLE_SIMILARITY
  'patch-titles': 20, // most patch titles recur
  files: 15, // much the same files touched
  'next-version': 25, // labelled exactly one version higher: the author says "this is the next one"
  resend: 10,
  'same-author': 5,
  'version-gap': -10, // per skipped version number
  'long-gap': -15, // more than a year apart: more likely a new series with an old name
  'time-reversed': -20, // the higher version is dated more than a day before the lower one
  'same-version': 0, // no version bump and no RESEND: at most 'possible'
};

export const DECISIVE: ReadonlySet<LinkReason> = new Set(['manual', 'change-id', 'version-link', 'supersedes', 'partial-reroll']);
/** Reasons that also say which posting is the newer one. */
const DIRECTED: ReadonlySet<LinkReason> = new Set(['version-link', 'supersedes', 'partial-reroll']);

/** Reasons that compare what the postings contain or cite. */
const CONTENT: ReadonlySet<LinkReason> = new Set(['in-reply-to', 'cited', 'patch-id', 'title-equal', 'title-similar', 'patch-titles', 'files']);

export const LINK_SCORE = 60;
export const POSSIBLE_SCORE = 30;
export const TITLE_SIMILARITY = 0.8;
const PATCH_TITLE_OVERLAP = 0.5;
const FILE_OVERLAP = 0.3;
const DAY_MS = 24 * 3600 * 1000;
const YEAR_MS = 365 * DAY_MS;

/** What one posting offers for comparison, computed once. */
export interface Profile {
  v: SeriesVersion;
  rank: number;
  author: string | null;
  /** The median date of its messages: one mail with a skewed Date header does not move it. */
  when: number | null;
  /** The posting's own messages (back-filled slots excluded). */
  msgids: Set<string>;
  changeIds: Set<string>;
  cites: Set<string>;
  /** Lore links naming no version. */
  mentions: Set<string>;
  supersedes: Set<string>;
  /** Parents and references of its cover and patches, outside the posting. */
  ancestors: Set<string>;
  patchIds: Set<string>;
  title: string;
  titleTokens: Set<string>;
  patchTitles: Set<string>;
  files: Set<string>;
}

export function ownKeys(v: SeriesVersion): MsgKey[] {
  const back = new Set(v.reroll?.backfilled ?? []);
  const patches = v.patches.filter((k, i): k is MsgKey => k !== null && !back.has(i + 1));
  return [...(v.cover ? [v.cover] : []), ...patches, ...v.extras];
}

/** Lower case, "(v3)" and "v3:" noise removed, whitespace collapsed. */
export function seriesTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\(\s*v\d+\s*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const tokens = (s: string): Set<string> => new Set(s.match(/[\p{L}\p{N}_]+/gu) ?? []);

export function profileOf(v: SeriesVersion, byKey: Map<MsgKey, SeriesMessage>): Profile {
  const own = ownKeys(v)
    .map((k) => byKey.get(k))
    .filter((m): m is SeriesMessage => !!m);
  const p: Profile = {
    v,
    rank: versionRank(v),
    author: v.author?.address.trim().toLowerCase() || null,
    when: median(own.map((m) => m.date)) ?? v.firstDate,
    msgids: new Set(own.map((m) => m.msgid)),
    changeIds: new Set(),
    cites: new Set(),
    mentions: new Set(),
    supersedes: new Set(),
    ancestors: new Set(),
    patchIds: new Set(),
    title: seriesTitle(v.title),
    titleTokens: tokens(seriesTitle(v.title)),
    patchTitles: new Set(),
    files: new Set(),
  };
  for (const m of own) {
    if (m.changeId) p.changeIds.add(m.changeId);
    for (const id of m.versionLinks) p.cites.add(id);
    for (const id of m.citedMsgids ?? []) p.mentions.add(id);
    for (const id of m.supersedes) p.supersedes.add(id);
    for (const id of [m.parentMsgid, ...m.references]) if (id && !p.msgids.has(id)) p.ancestors.add(id);
    if (m.patchId) p.patchIds.add(m.patchId);
    if (m.key !== v.cover) p.patchTitles.add(seriesTitle(m.tags.title));
    for (const f of m.files) p.files.add(f);
  }
  return p;
}

export interface Evidence {
  score: number;
  reasons: LinkReason[];
  decisive: boolean;
}

/** Evidence that `a` is the posting `b` is the next version of; null when it is not a candidate. */
export function evidence(a: Profile, b: Profile): Evidence | null {
  if (a === b) return null;
  const reasons: LinkReason[] = [];
  if (meets(a.changeIds, b.changeIds)) reasons.push('change-id');
  if (meets(b.cites, a.msgids)) reasons.push('version-link');
  if (meets(b.supersedes, a.msgids)) reasons.push('supersedes');
  if (b.v.reroll?.of === a.v.key) reasons.push('partial-reroll');
  const decisive = reasons.length > 0;
  const directed = reasons.some((r) => DIRECTED.has(r));
  const sameAuthor = a.author !== null && a.author === b.author;
  if (!decisive && !sameAuthor) return null; // never across authors on soft evidence
  // Stable reviews and AUTOSEL backports share titles and diffs across trees and releases
  // without being versions of each other.
  if (!decisive && (a.v.stableReview || b.v.stableReview)) return null;
  let gapPenalty = 0;
  if (!directed) {
    if (olderFirst(a, b) > 0) return null;
    // a higher version dated well before the lower one: suspicious, but Date headers can be wrong
    if (a.when !== null && b.when !== null && b.when < a.when - DAY_MS) reasons.push('time-reversed');
    if (a.rank === b.rank) reasons.push(b.v.resend ? 'resend' : 'same-version');
    else if (!b.v.versionInferred && b.v.version === a.v.version + 1) reasons.push('next-version');
    else if (b.v.version - a.v.version > 1) {
      reasons.push('version-gap');
      gapPenalty = (b.v.version - a.v.version - 2) * REASON_WEIGHTS['version-gap'];
    }
  }
  if (meets(b.ancestors, a.msgids)) reasons.push('in-reply-to');
  if (meets(b.mentions, a.msgids)) reasons.push('cited');
  if (meets(a.patchIds, b.patchIds)) reasons.push('patch-id');
  if (a.title !== '' && a.title === b.title) reasons.push('title-equal');
  else if (jaccard(a.titleTokens, b.titleTokens) >= TITLE_SIMILARITY) reasons.push('title-similar');
  // A lone patch's title is the posting's title: counted once.
  const ownPatchTitles = a.v.cover !== null || b.v.cover !== null || a.patchTitles.size > 1 || b.patchTitles.size > 1;
  if (ownPatchTitles && jaccard(a.patchTitles, b.patchTitles) >= PATCH_TITLE_OVERLAP) reasons.push('patch-titles');
  if (jaccard(a.files, b.files) >= FILE_OVERLAP) reasons.push('files');
  if (sameAuthor) reasons.push('same-author');
  if (a.when !== null && b.when !== null && b.when - a.when > YEAR_MS) reasons.push('long-gap');
  // Author and version number alone say nothing about content: not even a possible link.
  if (!decisive && !reasons.some((r) => CONTENT.has(r))) return null;
  const score = reasons.reduce((s, r) => s + REASON_WEIGHTS[r], 0) + gapPenalty;
  if (!decisive && score < POSSIBLE_SCORE) return null;
  return { score, reasons, decisive };
}

/** Negative when `a` comes first: lower version, then earlier posting, then key. */
export function olderFirst(a: Profile, b: Profile): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  const da = a.when ?? Infinity;
  const db = b.when ?? Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return a.v.key < b.v.key ? -1 : a.v.key > b.v.key ? 1 : 0;
}

function median(dates: readonly (number | null)[]): number | null {
  const known = dates.filter((d): d is number => d !== null).sort((x, y) => x - y);
  return known.length ? known[(known.length - 1) >> 1] : null;
}

// Both run for every pair of postings by one author (300,000 pairs at 100,000 messages):
// no allocation, and the loop goes over the smaller set.
function meets(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  if (a.size > b.size) return meets(b, a);
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  if (a.size > b.size) return jaccard(b, a);
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
