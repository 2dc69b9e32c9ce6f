// Review trailers collected from follow-ups, by b4's rules:
// - a trailer in a reply belongs to the patch the reply sits below (through other replies);
//   below the cover letter it belongs to every patch of that version;
// - a person trailer must name the reply's sender (address, or failing that the name), else it
//   is a mismatch and left out (b4's default; `sloppy` takes them);
// - a trailer the patch already carries is not added again; the patch author's own
//   Signed-off-by in a reply is not a review;
// - collected trailers move to the next version only when the patch did not change (equal
//   patch ids); cover-letter trailers move only to a partial reroll that has no cover of its own.
import type { Address, Trailer, TrailerName } from '../domain/message.js';
import type { RangeMatch } from './range-diff.js';

export interface TrailerMessage {
  msgid: string;
  /** The message this one replies to. */
  parentMsgid: string | null;
  from: Address | null;
  subjectTitle?: string;
  isPatch: boolean;
  isCover: boolean;
  /** Parsed from the unquoted body. */
  trailers: Trailer[];
  patchId: string | null;
  version: number;
  seriesKey: string;
  index: number | null;
}

export interface CollectedTrailer extends Trailer {
  /** The reply that gave it. */
  fromMsgid: string;
  /** Given in reply to the cover letter. */
  viaCover: boolean;
  /** Set when it was given on an earlier version of an unchanged patch. */
  carried?: { fromVersion: number };
}

export interface PatchTrailers {
  /** The patch's Message-ID. */
  patchKey: string;
  seriesKey: string;
  version: number;
  index: number | null;
  patchId: string | null;
  /** What the patch's own commit message carries. */
  own: Trailer[];
  /** Added by follow-ups: replies to the patch first, then replies to the cover. */
  collected: CollectedTrailer[];
}

export interface VersionTrailers {
  seriesKey: string;
  version: number;
  coverMsgid: string | null;
  /** Trailers given in replies to the cover letter (also in every patch's `collected`). */
  cover: CollectedTrailer[];
  /** By index. */
  patches: PatchTrailers[];
}

/** A person trailer naming someone other than its sender: b4 leaves these out by default. */
export interface TrailerMismatch {
  trailer: Trailer;
  fromMsgid: string;
  from: Address | null;
  /** The patch or cover letter the reply is below. */
  targetMsgid: string;
}

export interface TrailerCollection {
  versions: VersionTrailers[];
  mismatches: TrailerMismatch[];
}

export interface CollectOptions {
  /** Accept person trailers that do not name the reply's sender (b4 --sloppy-trailers). */
  sloppy?: boolean;
}

/** Trailers a reply can add. Cc is routing, not review; b4 ignores it in follow-ups too. */
const FROM_REPLIES: ReadonlySet<TrailerName> = new Set<TrailerName>([
  'Reviewed-by',
  'Acked-by',
  'Tested-by',
  'Reported-by',
  'Suggested-by',
  'Nacked-by',
  'Co-developed-by',
  'Signed-off-by',
  'Fixes',
  'Link',
  'Closes',
]);

const APPROVALS: ReadonlySet<TrailerName> = new Set<TrailerName>(['Reviewed-by', 'Acked-by']);

// A reference chain longer than this is broken mail, not a discussion.
const MAX_REPLY_DEPTH = 10_000;

export function collectTrailers(messages: readonly TrailerMessage[], options: CollectOptions = {}): TrailerCollection {
  const byMsgid = new Map<string, TrailerMessage>();
  for (const m of messages) if (!byMsgid.has(m.msgid)) byMsgid.set(m.msgid, m);
  const { versions, patches } = indexVersions(byMsgid);

  const mismatches: TrailerMismatch[] = [];
  const coverSeen = new Map<string, Set<string>>(); // per version
  for (const reply of byMsgid.values()) {
    if (reply.isPatch || reply.isCover || reply.trailers.length === 0) continue;
    const target = replyTarget(reply, byMsgid);
    if (!target) continue;
    const ownKeys = new Set(target.trailers.map(trailerKey));
    for (const given of reply.trailers) {
      if (!FROM_REPLIES.has(given.name)) continue;
      const trailer = repairPerson(given);
      const key = trailerKey(trailer);
      if (ownKeys.has(key)) continue; // already in the commit message: nothing to add or report
      if (trailer.name === 'Signed-off-by' && sameAddress(reply.from?.address, target.from?.address)) continue;
      if (trailer.person && !options.sloppy && !namesSender(trailer.person, reply.from)) {
        mismatches.push({ trailer, fromMsgid: reply.msgid, from: reply.from, targetMsgid: target.msgid });
        continue;
      }
      const collected: CollectedTrailer = { ...trailer, fromMsgid: reply.msgid, viaCover: target.isCover };
      if (target.isCover) {
        const vkey = versionKey(target);
        let seen = coverSeen.get(vkey);
        if (!seen) coverSeen.set(vkey, (seen = new Set()));
        if (!seen.has(key)) {
          seen.add(key);
          versions.get(vkey)?.cover.push(collected);
        }
      } else {
        const patch = patches.get(target.msgid);
        if (patch && !patch.seen.has(key)) {
          patch.seen.add(key);
          patch.entry.collected.push(collected);
        }
      }
    }
  }

  // Cover trailers go after the patch's own follow-ups, as b4 adds them.
  for (const version of versions.values()) {
    for (const entry of version.patches) {
      const seen = patches.get(entry.patchKey)?.seen ?? new Set<string>();
      for (const t of version.cover) {
        const key = trailerKey(t);
        if (seen.has(key)) continue;
        seen.add(key);
        entry.collected.push(t);
      }
    }
  }
  return { versions: [...versions.values()], mismatches };
}

interface PatchSlot {
  entry: PatchTrailers;
  /** Keys of the trailers the patch has (own and collected so far). */
  seen: Set<string>;
}

/** One entry per (series, version) holding a patch or a cover letter, patches by index. */
function indexVersions(byMsgid: ReadonlyMap<string, TrailerMessage>): {
  versions: Map<string, VersionTrailers>;
  patches: Map<string, PatchSlot>;
} {
  const versions = new Map<string, VersionTrailers>();
  const patches = new Map<string, PatchSlot>();
  for (const m of byMsgid.values()) {
    if (!m.isPatch && !m.isCover) continue;
    const key = versionKey(m);
    let version = versions.get(key);
    if (!version) versions.set(key, (version = { seriesKey: m.seriesKey, version: m.version, coverMsgid: null, cover: [], patches: [] }));
    if (m.isCover) {
      version.coverMsgid ??= m.msgid;
      continue;
    }
    const entry: PatchTrailers = {
      patchKey: m.msgid,
      seriesKey: m.seriesKey,
      version: m.version,
      index: m.index,
      patchId: m.patchId,
      own: [...m.trailers],
      collected: [],
    };
    version.patches.push(entry);
    patches.set(m.msgid, { entry, seen: new Set(m.trailers.map(trailerKey)) });
  }
  for (const version of versions.values()) version.patches.sort(byIndex);
  return { versions, patches };
}

export interface ReviewStatus {
  /** Patches with at least one Reviewed-by or Acked-by (own, collected or carried). */
  reviewed: string[];
  unreviewed: string[];
  /** Patches someone Nacked. */
  nacked: string[];
}

export function reviewStatus(patches: readonly PatchTrailers[]): ReviewStatus {
  const status: ReviewStatus = { reviewed: [], unreviewed: [], nacked: [] };
  for (const p of patches) {
    const all: Trailer[] = [...p.own, ...p.collected];
    (all.some((t) => APPROVALS.has(t.name)) ? status.reviewed : status.unreviewed).push(p.patchKey);
    if (all.some((t) => t.name === 'Nacked-by')) status.nacked.push(p.patchKey);
  }
  return status;
}

/**
 * `newer` with trailers carried from `older`: a patch paired by `matches` with an identical
 * older patch (equal patch ids) gets that patch's follow-up trailers, marked `carried`. When
 * `newer` has no cover letter but `older` has, the newer patches re-send part of the older
 * series under its cover (b4's partial reroll), so the older cover's trailers carry too.
 * Trailers the newer patch already has are not repeated. Pure: `newer` is not modified.
 */
export function carryForward(older: VersionTrailers, newer: VersionTrailers, matches: readonly RangeMatch[]): VersionTrailers {
  const olderByKey = new Map(older.patches.map((p) => [p.patchKey, p]));
  const pairedWith = new Map<string, { match: RangeMatch; before: PatchTrailers }>();
  for (const match of matches) {
    const before = match.old === null ? undefined : olderByKey.get(match.old);
    if (match.new !== null && before) pairedWith.set(match.new, { match, before });
  }
  const inheritsCover = newer.coverMsgid === null && older.coverMsgid !== null;

  const patches = newer.patches.map((patch) => {
    const collected = [...patch.collected];
    const seen = new Set([...patch.own, ...patch.collected].map(trailerKey));
    const add = (t: CollectedTrailer): void => {
      const key = trailerKey(t);
      if (seen.has(key)) return;
      seen.add(key);
      collected.push({ ...t, carried: t.carried ?? { fromVersion: older.version } });
    };
    const pair = pairedWith.get(patch.patchKey);
    if (pair && unchanged(pair.before, patch, pair.match)) {
      for (const t of pair.before.collected) if (!t.viaCover) add(t); // b4 carries patch follow-ups only
    }
    if (inheritsCover) for (const t of older.cover) add({ ...t, viaCover: true });
    return { ...patch, collected };
  });
  return { ...newer, patches };
}

function unchanged(before: PatchTrailers, after: PatchTrailers, match: RangeMatch): boolean {
  if (before.patchId !== null && after.patchId !== null) return before.patchId === after.patchId;
  return match.status === 'same';
}

/** Walks up through replies to the patch or cover letter above; null when the chain leaves the input. */
function replyTarget(reply: TrailerMessage, byMsgid: ReadonlyMap<string, TrailerMessage>): TrailerMessage | null {
  const visited = new Set<string>([reply.msgid]);
  let parentId = reply.parentMsgid;
  for (let depth = 0; parentId !== null && depth < MAX_REPLY_DEPTH; depth++) {
    if (visited.has(parentId)) return null; // reference loop
    visited.add(parentId);
    const parent = byMsgid.get(parentId);
    if (!parent) return null;
    if (parent.isPatch || parent.isCover) return parent;
    parentId = parent.parentMsgid;
  }
  return null;
}

/** b4's identity check: the trailer's address is the sender's, or its name is. */
function namesSender(person: Address, from: Address | null): boolean {
  if (!from) return false;
  if (sameAddress(person.address, from.address)) return true;
  const trailerName = person.name.trim().toLowerCase();
  const senderName = from.name.trim().toLowerCase();
  if (senderName === '') return false;
  if (trailerName === senderName) return true;
  // "Last, First" in From: every part must appear in the trailer's name.
  if (!senderName.includes(',')) return false;
  const parts = senderName
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length > 0 && parts.every((p) => trailerName.includes(p));
}

function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && stripMailto(a).toLowerCase() === stripMailto(b).toLowerCase();
}

const stripMailto = (address: string): string => address.replace(/^mailto:/i, '');

/**
 * Mail converted from HTML leaves "Name <addr<mailto:addr>>": the parser then reads the
 * address as "mailto:addr" and the name as "Name <addr". Rebuilt as "Name <addr>" (b4 does too).
 */
function repairPerson(t: Trailer): Trailer {
  const p = t.person;
  if (!p || !(/^mailto:/i.test(p.address) || p.name.includes('<'))) return t;
  const address = stripMailto(p.address);
  const name = p.name.split('<')[0].trim();
  return { ...t, person: { name, address }, value: name ? `${name} <${address}>` : address };
}

/** Trailers are the same when name and value agree, ignoring case and spacing (b4 compares so). */
function trailerKey(t: Trailer): string {
  return `${t.name}\n${t.value.replace(/\s+/g, ' ').trim().toLowerCase()}`;
}

function versionKey(m: TrailerMessage): string {
  return `${m.seriesKey}\n${m.version}`;
}

function byIndex(a: PatchTrailers, b: PatchTrailers): number {
  return (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER);
}
