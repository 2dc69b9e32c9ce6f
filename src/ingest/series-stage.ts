// The series stage: after messages are stored and threaded, group patches into postings,
// link postings into series across versions, and store the result (replacing the previous
// one). The user's corrections (`lkb series link/unlink`) are applied every time.
import type { WritableDB } from '../store/db.js';
import { listCorrections, loadSeriesInput, replaceSeries, updateSeriesStates, type SeriesWrite } from '../store/series.js';
import { marksFromNote, postingState } from '../series/state.js';
import { subjectTopic } from '../series/topic.js';
import { addressOf, refsOf } from '../store/messages.js';
import { groupSeries } from '../series/group.js';
import { linkVersions } from '../series/versions.js';
import { parseSubjectTags, type SubjectTags } from '../series/subject-tags.js';
import type { SeriesMessage, SeriesVersion } from '../series/series-types.js';

export interface SeriesStageReport {
  postings: number;
  series: number;
  links: number;
  possible: number;
  seconds: number;
}

export function rebuildSeries(db: WritableDB): SeriesStageReport {
  const started = performance.now();
  const { messages, pageChains } = readSeriesMessages(db);
  const versions = groupSeries(messages);

  // Stored keys are Message-IDs (stable across rebuilds); the series code keys by row id.
  const msgidOf = new Map(messages.map((m) => [m.key, m.msgid]));
  const storeKey = (k: string) => msgidOf.get(k) ?? k;
  const versionKeyOf = new Map(versions.map((v) => [storeKey(v.key), v.key]));
  const forced: { from: string; to: string }[] = [];
  const forbidden: { from: string; to: string }[] = [];
  for (const chain of pageChains) {
    for (let i = 1; i < chain.length; i++) forced.push({ from: String(chain[i - 1]), to: String(chain[i]) });
  }
  for (const c of listCorrections(db)) {
    const from = versionKeyOf.get(c.from_key);
    const to = versionKeyOf.get(c.to_key);
    if (from && to) (c.kind === 'link' ? forced : forbidden).push({ from, to });
  }
  const result = linkVersions(versions, messages, { forced, forbidden });

  const byKey = new Map(versions.map((v) => [v.key, v]));
  // a key is its message's row id
  const idOf = (k: string): number | null => (msgidOf.has(k) ? Number(k) : null);
  const write: SeriesWrite = {
    series: result.series.map((s) => {
      const vs = s.versions.map((k) => byKey.get(k)!).filter(Boolean);
      const latest = byKey.get(s.latest)!;
      const dates = vs.flatMap((v) => [v.firstDate, v.lastDate]).filter((d): d is number => d !== null);
      return {
        key: storeKey(s.key),
        latestKey: storeKey(s.latest),
        title: latest.title,
        topic: subjectTopic(latest.title),
        author: latest.author,
        versionKeys: s.versions.map(storeKey),
        firstDate: dates.length ? Math.min(...dates) : null,
        lastDate: dates.length ? Math.max(...dates) : null,
      };
    }),
    versions: versions.map((v) => versionWrite(v, storeKey, idOf)),
    links: result.links.map((l) => ({ from: storeKey(l.from), to: storeKey(l.to), score: l.score, reasons: l.reasons, status: l.status })),
  };
  replaceSeries(db, write);
  updateSeriesStates(db, { marksFromNote, postingState });
  return {
    postings: versions.length,
    series: result.series.length,
    links: result.links.filter((l) => l.status === 'linked').length,
    possible: result.links.filter((l) => l.status === 'possible').length,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The candidate messages as the series code takes them, and the commit-page chains. The
 * store rows die here: at 100,000 messages they are ~70 MB of heap the later steps need not
 * keep (the stage's peak RSS is what it keeps alive plus its garbage).
 */
function readSeriesMessages(db: WritableDB): { messages: SeriesMessage[]; pageChains: number[][] } {
  const { rows, files } = loadSeriesInput(db);
  const pageVersion = commitPageVersions(rows);
  // replies repeat their patch's subject: each distinct subject is read once (never mutated)
  const tagsOf = new Map<string, SubjectTags>();
  const tags = (subject: string): SubjectTags => {
    let t = tagsOf.get(subject);
    if (!t) tagsOf.set(subject, (t = parseSubjectTags(subject)));
    return t;
  };
  const messages: SeriesMessage[] = rows.map((r) => {
    const references = refsOf(r);
    return {
      key: String(r.id),
      msgid: r.msgid,
      threadId: r.thread_id,
      from: addressOf(r.from_name, r.from_addr),
      date: r.date,
      subject: r.subject,
      tags: tags(pageVersion.has(r.id) ? `[PATCH v${pageVersion.get(r.id)}] ${r.subject}` : r.subject),
      parentMsgid: r.parent_hint ?? references[references.length - 1] ?? null,
      references,
      hasDiff: r.lines_added !== null || pageVersion.has(r.id), // a commit record is a patch whose diff was not scraped
      patchId: r.patch_id,
      files: files.get(r.id) ?? [],
      listId: r.list_id,
      changeId: r.change_id,
      versionLinks: r.version_links ? r.version_links.split(' ') : [],
      citedMsgids: r.cited_msgids ? r.cited_msgids.split(' ') : [],
      supersedes: r.supersedes ? r.supersedes.split(' ') : [],
    };
  });
  return { messages, pageChains: commitPageChains(rows, pageVersion) };
}

function versionWrite(v: SeriesVersion, storeKey: (k: string) => string, idOf: (k: string) => number | null) {
  const backfilled = new Set(v.reroll?.backfilled ?? []);
  return {
    key: storeKey(v.key),
    origin: v.origin,
    title: v.title,
    author: v.author,
    version: v.version,
    versionLabel: v.versionLabel,
    rfc: v.rfc,
    resend: v.resend,
    labels: v.labels,
    total: v.total,
    coverId: v.cover ? idOf(v.cover) : null,
    complete: v.complete,
    detail: {
      joinedBy: v.joinedBy,
      coverNaked: v.coverNaked,
      reroll: v.reroll ? { of: storeKey(v.reroll.of), backfilled: v.reroll.backfilled } : null,
      extras: v.extras.map(storeKey),
      duplicates: v.duplicates.map(storeKey),
      referencedBy: v.referencedBy.map((r) => ({ slot: r.slot, msgid: storeKey(r.key) })),
      versionInferred: v.versionInferred,
      stableReview: v.stableReview,
    },
    threadId: typeof v.threadId === 'number' ? v.threadId : Number(v.threadId) || null,
    firstDate: v.firstDate,
    lastDate: v.lastDate,
    slots: v.patches.map((k, i) => ({ messageId: k ? idOf(k) : null, backfilled: backfilled.has(i + 1) })),
  };
}

/**
 * A scraped commit page (seed 004) lists one patch at several points in its life, oldest
 * first, with no dates: its records with the same title are versions 1..n of a one-patch
 * series, in page order. Returns each record's version.
 */
function commitPageVersions(rows: { id: number; format: string; origin: string; subject: string }[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const chain of pageGroups(rows).values()) chain.forEach((id, i) => out.set(id, i + 1));
  return out;
}

function commitPageChains(rows: { id: number; format: string; origin: string; subject: string }[], versions: Map<number, number>): number[][] {
  return [...pageGroups(rows).values()].filter((c) => c.length > 1 && c.every((id) => versions.has(id)));
}

function pageGroups(rows: { id: number; format: string; origin: string; subject: string }[]): Map<string, number[]> {
  const groups = new Map<string, { id: number; offset: number }[]>();
  for (const r of rows) {
    if (r.format !== 'commit-page') continue;
    const cut = r.origin.lastIndexOf(':');
    const key = `${r.origin.slice(0, cut)}\n${r.subject}`;
    const list = groups.get(key) ?? [];
    list.push({ id: r.id, offset: Number(r.origin.slice(cut + 1)) });
    groups.set(key, list);
  }
  return new Map([...groups].map(([k, list]) => [k, list.sort((a, b) => a.offset - b.offset).map((x) => x.id)]));
}
