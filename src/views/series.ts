// Series read models for the CLI and the API: the list (each series with its versions and
// their patch slots), one series in detail (links with reasons, collected trailers, review
// status, changelogs) and the diff between two versions (range-diff matching + interdiffs).
import type { ReadableDB } from '../store/db.js';
import { addressOf, getBody, getMessageById, getThreadMessages, getTrailers, refsOf } from '../store/messages.js';
import {
  getLinks,
  getSeriesRow,
  getSlots,
  getVersions,
  listSeries,
  seriesIdOfVersionKey,
  postingOf,
  type SeriesFilter,
  type SeriesRow,
  type SlotRow,
  type VersionRow,
} from '../store/series.js';
import { findMessage, isoDate, type AddressDTO } from './message.js';
import { parseSubjectTags } from '../series/subject-tags.js';
import { collectTrailers, reviewStatus, carryForward, type TrailerMessage, type VersionTrailers } from '../series/trailers.js';
import { rangeDiff, type RangePatch } from '../series/range-diff.js';
import { interdiff, commitMessageDiff } from '../series/interdiff.js';
import { extractChangelog } from '../series/changelog.js';
import { extractPatch } from '../parse/diff.js';
import type { Trailer } from '../domain/message.js';

export interface PatchSlotDTO {
  msgid: string;
  subject: string;
  backfilled: boolean;
  /** `git patch-id --stable` of the patch (web: same/changed across versions). */
  patchId: string | null;
  /** How we know it was applied: a maintainer's reply or an imported commit. */
  applied: { via: string; sha: string | null; branch: string | null; evidence: string } | null;
}

export interface VersionDTO {
  key: string;
  version: number;
  versionLabel: string | null;
  origin: string;
  state: string;
  title: string;
  rfc: boolean;
  resend: boolean;
  labels: string[];
  total: number;
  complete: boolean;
  coverMsgid: string | null;
  date: string | null;
  /** Slot n-1 holds patch n/N; null where the patch is missing. */
  patches: (PatchSlotDTO | null)[];
  /** Replies naming a slot of this posting whose patch is not in the store (slot 0 = cover). */
  referencedBy: { slot: number; msgid: string }[];
}

export interface SeriesSummaryDTO {
  id: number;
  key: string;
  title: string;
  author: AddressDTO | null;
  state: string;
  topic: string | null;
  latestVersion: number;
  firstDate: string | null;
  lastDate: string | null;
  versions: VersionDTO[];
}

function versionDTO(db: ReadableDB, v: VersionRow, slots: SlotRow[]): VersionDTO {
  const cover = v.cover_id ? getMessageById(db, v.cover_id) : undefined;
  const mine = slots.filter((s) => s.version_id === v.id);
  const patches: (PatchSlotDTO | null)[] = Array.from({ length: Math.min(v.total, mine.length || v.total) }, () => null);
  for (const s of mine) {
    if (s.slot < 1 || s.slot > patches.length) continue;
    patches[s.slot - 1] = s.msgid
      ? { msgid: s.msgid, subject: s.subject ?? '', backfilled: s.backfilled === 1, patchId: s.patch_id ?? null, applied: s.applied ? JSON.parse(s.applied) : null }
      : null;
  }
  return {
    key: v.key,
    version: v.version,
    versionLabel: v.version_label,
    origin: v.origin,
    state: v.state,
    title: v.title,
    rfc: v.rfc === 1,
    resend: v.resend === 1,
    labels: JSON.parse(v.labels) as string[],
    total: v.total,
    complete: v.complete === 1,
    coverMsgid: cover?.msgid ?? null,
    date: isoDate(v.first_date),
    patches,
    referencedBy: (JSON.parse(v.detail) as { referencedBy?: { slot: number; msgid: string }[] }).referencedBy ?? [],
  };
}

/** A series with its postings and their slots (read once by the caller). */
function postingsOf(db: ReadableDB, seriesId: number): { versions: VersionRow[]; slots: SlotRow[] } {
  const versions = getVersions(db, seriesId);
  return { versions, slots: getSlots(db, versions.map((v) => v.id)) };
}

function summaryDTO(db: ReadableDB, s: SeriesRow, { versions, slots } = postingsOf(db, s.id)): SeriesSummaryDTO {
  const dtos = versions.map((v) => versionDTO(db, v, slots));
  return {
    id: s.id,
    key: s.key,
    title: s.title,
    author: addressOf(s.author_name, s.author_addr),
    state: s.state,
    topic: s.topic,
    latestVersion: Math.max(...dtos.map((v) => v.version), 1),
    firstDate: isoDate(s.first_date),
    lastDate: isoDate(s.last_date),
    versions: dtos,
  };
}

export function encodeSeriesCursor(s: SeriesRow): string {
  return Buffer.from(`${s.last_date ?? 'null'}:${s.id}`).toString('base64url');
}

export function seriesPage(db: ReadableDB, f: Omit<SeriesFilter, 'limit'> & { limit: number }) {
  const rows = listSeries(db, { ...f, limit: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  return {
    series: page.map((s) => summaryDTO(db, s)),
    nextCursor: rows.length > f.limit ? encodeSeriesCursor(page[page.length - 1]) : null,
  };
}

/** A series id, a posting key, or the Message-ID of any patch or cover letter in it. */
export function resolveSeriesId(db: ReadableDB, arg: string): number | undefined {
  if (/^\d+$/.test(arg) && getSeriesRow(db, Number(arg))) return Number(arg);
  const byKey = seriesIdOfVersionKey(db, arg);
  if (byKey !== undefined) return byKey;
  const m = findMessage(db, arg);
  return m ? postingOf(db, m.row.id)?.seriesId : undefined;
}

export interface TrailerDTO {
  name: string;
  value: string;
  fromMsgid: string | null;
  viaCover: boolean;
  carriedFromVersion: number | null;
}

export interface SeriesDetailDTO extends SeriesSummaryDTO {
  links: { from: string; to: string; score: number; reasons: string[]; status: string }[];
  review: {
    version: number;
    key: string;
    patches: { index: number; msgid: string | null; own: TrailerDTO[]; collected: TrailerDTO[]; reviewed: boolean }[];
    unreviewed: number[];
    changelog: { version: number | null; text: string }[];
  }[];
}

const REVIEW_NAMES = new Set(['Reviewed-by', 'Acked-by']);

/** The TrailerMessage view of every message in the threads a posting lives in. */
function trailerInputs(db: ReadableDB, v: VersionRow, slots: SlotRow[], seriesKey: string): TrailerMessage[] {
  const slotOf = new Map<number, number>();
  for (const s of slots) if (s.version_id === v.id && s.message_id !== null && s.backfilled === 0) slotOf.set(s.message_id, s.slot);
  const threadIds = new Set<number>();
  for (const id of [...slotOf.keys(), ...(v.cover_id ? [v.cover_id] : [])]) {
    const m = getMessageById(db, id);
    if (m) threadIds.add(m.thread_id);
  }
  const out: TrailerMessage[] = [];
  for (const t of threadIds) {
    for (const m of getThreadMessages(db, t)) {
      const slot = slotOf.get(m.id);
      const isCover = m.id === v.cover_id;
      const refs = refsOf(m);
      out.push({
        msgid: m.msgid,
        parentMsgid: m.parent_hint ?? refs[refs.length - 1] ?? null,
        from: addressOf(m.from_name, m.from_addr),
        subjectTitle: parseSubjectTags(m.subject).title,
        isPatch: slot !== undefined,
        isCover,
        trailers: getTrailers(db, m.id).map(
          (r) =>
            ({
              name: r.name,
              value: r.value,
              ...(addressOf(r.person_name, r.person_addr) ? { person: addressOf(r.person_name, r.person_addr)! } : {}),
            }) as Trailer,
        ),
        patchId: m.patch_id,
        version: v.version,
        seriesKey,
        index: slot ?? (isCover ? 0 : null),
      });
    }
  }
  return out;
}

function trailerDTO(t: Trailer & { fromMsgid?: string; viaCover?: boolean; carried?: { fromVersion: number } }): TrailerDTO {
  return {
    name: t.name,
    value: t.value,
    fromMsgid: t.fromMsgid ?? null,
    viaCover: t.viaCover ?? false,
    carriedFromVersion: t.carried?.fromVersion ?? null,
  };
}

function rangePatches(db: ReadableDB, v: VersionRow, slots: SlotRow[]): RangePatch[] {
  return slots
    .filter((s) => s.version_id === v.id && s.message_id !== null)
    .map((s) => {
      const m = getMessageById(db, s.message_id!)!;
      const patch = extractPatch(getBody(db, m));
      return {
        key: m.msgid,
        index: s.slot,
        title: parseSubjectTags(m.subject).title,
        patchId: s.patch_id,
        diff: patch?.diff ?? '',
        files: patch?.files.map((f) => f.path) ?? [],
      };
    });
}

/** The threads a series lives in (every version's cover and patches), oldest version first. */
export function seriesThreadIds(db: ReadableDB, id: number): number[] {
  const { versions, slots } = postingsOf(db, id);
  const ids = new Set<number>();
  const add = (messageId: number | null) => {
    const m = messageId === null ? undefined : getMessageById(db, messageId);
    if (m) ids.add(m.thread_id);
  };
  for (const v of versions) {
    add(v.cover_id);
    for (const sl of slots) if (sl.version_id === v.id && sl.backfilled === 0) add(sl.message_id);
  }
  return [...ids];
}

export function seriesDetail(db: ReadableDB, id: number): SeriesDetailDTO | null {
  const s = getSeriesRow(db, id);
  if (!s) return null;
  const posted = postingsOf(db, id);
  const { versions, slots } = posted;
  const summary = summaryDTO(db, s, posted);
  const links = getLinks(
    db,
    versions.map((v) => v.key),
  ).map((l) => ({ from: l.from_key, to: l.to_key, score: l.score, reasons: JSON.parse(l.reasons) as string[], status: l.status }));

  let previous: { trailers: VersionTrailers; patches: RangePatch[] } | null = null;
  const review: SeriesDetailDTO['review'] = [];
  for (const v of versions) {
    const collected = collectTrailers(trailerInputs(db, v, slots, s.key)).versions.find((x) => x.version === v.version);
    const patches = rangePatches(db, v, slots);
    let vt: VersionTrailers = collected ?? { seriesKey: s.key, version: v.version, coverMsgid: null, cover: [], patches: [] };
    if (previous) vt = carryForward(previous.trailers, vt, rangeDiff(previous.patches, patches));
    previous = { trailers: vt, patches };
    const status = reviewStatus(vt.patches);
    const reviewedKeys = new Set(status.reviewed);
    const cover = v.cover_id ? getMessageById(db, v.cover_id) : undefined;
    const changelog = [
      ...(cover ? extractChangelog(getBody(db, cover)) : []),
      ...patches.flatMap((p) => {
        const m = findMessage(db, p.key);
        return m ? extractChangelog(getBody(db, m.row)) : [];
      }),
    ];
    const seen = new Set<string>();
    review.push({
      version: v.version,
      key: v.key,
      patches: slots
        .filter((x) => x.version_id === v.id)
        .map((x) => {
          const pt = vt.patches.find((p) => p.patchKey === x.msgid);
          const own = (pt?.own ?? []).map(trailerDTO);
          const coll = (pt?.collected ?? []).map(trailerDTO);
          return {
            index: x.slot,
            msgid: x.msgid,
            own,
            collected: coll,
            reviewed: x.msgid ? reviewedKeys.has(x.msgid) || coll.some((t) => REVIEW_NAMES.has(t.name)) : false,
          };
        }),
      unreviewed: slots
        .filter((x) => x.version_id === v.id && x.msgid && !reviewedKeys.has(x.msgid))
        .map((x) => x.slot),
      changelog: changelog.filter((c) => !seen.has(c.text) && seen.add(c.text) !== undefined),
    });
  }
  return { ...summary, links, review };
}

export interface SeriesDiffDTO {
  seriesId: number;
  from: number;
  to: number;
  patches: {
    old: { index: number; msgid: string; title: string } | null;
    new: { index: number; msgid: string; title: string } | null;
    status: string;
    moved: boolean;
    renamed: boolean;
    similarity: number;
    interdiff: string | null;
    commitMessageDiff: string | null;
  }[];
}

/** Versions by number; the latest posting of that number when there are several (RESEND). */
function versionByNumber(versions: VersionRow[], n: number): VersionRow | undefined {
  return versions.filter((v) => v.version === n).pop();
}

export function seriesDiff(db: ReadableDB, id: number, from: number, to: number): SeriesDiffDTO | { error: string } | null {
  if (!getSeriesRow(db, id)) return null;
  const versions = getVersions(db, id);
  const a = versionByNumber(versions, from);
  const b = versionByNumber(versions, to);
  const have = [...new Set(versions.map((v) => v.version))].join(', ');
  if (!a || !b) return { error: `series ${id} has versions ${have}; no v${!a ? from : to}` };
  const slots = getSlots(db, [a.id, b.id]);
  const oldP = rangePatches(db, a, slots);
  const newP = rangePatches(db, b, slots);
  const byKey = new Map([...oldP, ...newP].map((p) => [p.key, p]));
  const message = (key: string) => {
    const m = findMessage(db, key);
    if (!m) return '';
    const body = getBody(db, m.row);
    const cut = body.search(/^---\s*$/m);
    return `${parseSubjectTags(m.row.subject).title}\n\n${cut >= 0 ? body.slice(0, cut) : body}`;
  };
  return {
    seriesId: id,
    from,
    to,
    patches: rangeDiff(oldP, newP).map((m) => {
      const o = m.old ? byKey.get(m.old)! : null;
      const n = m.new ? byKey.get(m.new)! : null;
      const words = o && n ? commitMessageDiff(message(o.key), message(n.key)) : null;
      // without diffs (commit pages) "same" can only mean the same commit message
      const status = m.status === 'same' && o && n && !o.diff && !n.diff && words && !words.identical ? 'changed' : m.status;
      return {
        old: o ? { index: o.index, msgid: o.key, title: o.title } : null,
        new: n ? { index: n.index, msgid: n.key, title: n.title } : null,
        status,
        moved: m.moved,
        renamed: m.renamed,
        similarity: m.similarity,
        interdiff: o && n && m.status !== 'same' ? interdiff(o.diff, n.diff).text : null,
        commitMessageDiff: words ? words.text : null,
      };
    }),
  };
}
