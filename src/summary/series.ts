// One series' summary: versions with dates and changelogs, per-patch review status and
// trailers, what changed between consecutive versions (range-diff: files, lines, renames),
// its state, and the discussion in the threads its postings live in. Pure over the series
// read models (views/series.ts) and the messages of those threads.
import type { SeriesDetailDTO, SeriesDiffDTO } from '../views/series.js';
import { sourceOf, type MessageInput } from './input.js';
import { participantsOf } from './participants.js';
import { discussionOf } from './points.js';
import { dateSpan, listsOf, titleOf } from './thread.js';
import type { SeriesSummary, SeriesVersionSummary, SummaryOptions, VersionChange } from './types.js';

export interface SeriesMaterial {
  detail: SeriesDetailDTO;
  /** range-diffs of consecutive version numbers, oldest first. */
  diffs: SeriesDiffDTO[];
  /** Every message of the threads the postings live in. */
  messages: MessageInput[];
}

const SYNTHETIC = /@synthetic\.lkml-kb\.invalid$/;
const src = (msgid: string) => sourceOf(msgid, SYNTHETIC.test(msgid));

// "[-old_name-]{+new_name+}" in a word diff: an identifier renamed between versions.
const RENAME = /\[-([A-Za-z_][\w.>-]*(?:\(\))?)-\]\{\+([A-Za-z_][\w.>-]*(?:\(\))?)\+\}/g;

export function renamesIn(wordDiff: string | null): { from: string; to: string }[] {
  if (!wordDiff) return [];
  const seen = new Set<string>();
  const out: { from: string; to: string }[] = [];
  for (const [, from, to] of wordDiff.matchAll(RENAME)) {
    const k = `${from}\n${to}`;
    // prose edits ("prevent" -> "instruct") are not renames; identifiers have "_" or "()"
    if (seen.has(k) || !/[_(]/.test(from + to)) continue;
    seen.add(k);
    out.push({ from, to });
  }
  return out;
}

function versionsOf(d: SeriesDetailDTO): SeriesVersionSummary[] {
  return d.versions.map((v) => {
    const review = d.review.find((r) => r.key === v.key);
    return {
      version: v.version,
      label: v.versionLabel,
      title: v.title,
      date: v.date,
      state: v.state,
      rfc: v.rfc,
      resend: v.resend,
      total: v.total,
      complete: v.complete,
      cover: v.coverMsgid ? src(v.coverMsgid) : null,
      changelog: review?.changelog ?? [],
      patches: v.patches.map((p, i) => {
        const r = review?.patches.find((x) => x.index === i + 1);
        const trailers = [...(r?.own ?? []), ...(r?.collected ?? [])].map((t) => ({
          name: t.name,
          value: t.value,
          from: t.fromMsgid ? src(t.fromMsgid) : null,
          carriedFromVersion: t.carriedFromVersion,
        }));
        return {
          index: i + 1,
          title: p ? titleOf(p.subject) : '',
          source: p ? src(p.msgid) : null,
          status: !p ? 'missing' : p.applied ? 'applied' : r?.reviewed ? 'reviewed' : 'unreviewed',
          trailers,
        } as const;
      }),
      unreviewed: review?.unreviewed ?? [],
    };
  });
}

function changeOf(diff: SeriesDiffDTO, interdiffStats: (text: string | null) => { files: string[]; added: number; removed: number }): VersionChange {
  return {
    from: diff.from,
    to: diff.to,
    patches: diff.patches.map((p) => {
      const stats = interdiffStats(p.interdiff);
      return {
        status: p.status,
        title: (p.new ?? p.old)?.title ?? '',
        old: p.old ? src(p.old.msgid) : null,
        new: p.new ? src(p.new.msgid) : null,
        ...stats,
        renames: renamesIn(p.commitMessageDiff),
        messageChanged: !!p.commitMessageDiff && /\[-|\{\+/.test(p.commitMessageDiff),
      };
    }),
  };
}

/** Files and outer +/- lines of a range-diff interdiff ("## path ##" headers, "-+x" / "++x" lines). */
export function interdiffStats(text: string | null): { files: string[]; added: number; removed: number } {
  if (!text) return { files: [], added: 0, removed: 0 };
  const files = new Set<string>();
  let added = 0;
  let removed = 0;
  for (const line of text.split('\n')) {
    const f = /^[ +-]?## (.+?) ##/.exec(line);
    if (f) {
      files.add(f[1]);
      continue;
    }
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { files: [...files].sort(), added, removed };
}

export function summarizeSeries(s: SeriesMaterial, opts: SummaryOptions = {}): SeriesSummary {
  const d = s.detail;
  const versions = versionsOf(d);
  const latest = d.latestVersion;
  const latestReview = [...d.review].reverse().find((r) => r.version === latest);
  const span = dateSpan(s.messages);
  const authorAddr = d.author?.address ? [d.author.address] : [];
  return {
    kind: 'series',
    id: d.id,
    title: d.title,
    author: d.author ? d.author.name || d.author.address : null,
    topic: d.topic,
    lists: listsOf(s.messages),
    firstDate: span.firstDate ?? d.firstDate,
    lastDate: span.lastDate ?? d.lastDate,
    state: {
      state: d.state,
      latestVersion: latest,
      superseded: [...new Set(d.versions.map((v) => v.version).filter((n) => n < latest))].sort((a, b) => a - b),
      unreviewed: latestReview?.unreviewed ?? [],
    },
    participants: participantsOf(s.messages, opts, authorAddr),
    versions,
    changes: s.diffs.map((x) => changeOf(x, interdiffStats)),
    discussion: discussionOf(s.messages),
  };
}
