// Scores groupSeries/linkVersions against the ground truth mkcorpus.py writes beside an archive.
import fs from 'node:fs';
import type { LinkResult, SeriesMessage, SeriesVersion } from '../../src/series/series-types.js';
import { ownKeys } from '../../src/series/versions-evidence.js';

export interface TruthRecord {
  mid: string;
  kind: string;
  series?: string;
  version?: number;
  part?: number;
  total?: number;
}

export function readTruth(file: string): Map<string, TruthRecord> {
  const out = new Map<string, TruthRecord>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as TruthRecord;
    out.set(r.mid, r);
  }
  return out;
}

export interface PairScore {
  precision: number;
  recall: number;
  /** Pairs put together by us / by the truth / by both. */
  predictedPairs: number;
  truePairs: number;
  hits: number;
}

/** Pair precision and recall of a clustering: items with the same `pred` vs the same `truth`. */
export function pairScore(items: readonly { pred: string; truth: string }[]): PairScore {
  const pairs = (counts: Map<string, number>): number => {
    let n = 0;
    for (const c of counts.values()) n += (c * (c - 1)) / 2;
    return n;
  };
  const count = (keys: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const predictedPairs = pairs(count(items.map((i) => i.pred)));
  const truePairs = pairs(count(items.map((i) => i.truth)));
  const hits = pairs(count(items.map((i) => `${i.pred}\0${i.truth}`)));
  return {
    precision: predictedPairs === 0 ? 1 : hits / predictedPairs,
    recall: truePairs === 0 ? 1 : hits / truePairs,
    predictedPairs,
    truePairs,
    hits,
  };
}

const isMember = (t: TruthRecord | undefined): boolean => t?.kind === 'patch' || t?.kind === 'cover';

export interface SeriesScore {
  /** Cover letters and patches: same posting (series + version) as in the truth. */
  grouping: PairScore;
  /** Postings: same series (across versions) as in the truth. */
  linking: PairScore;
  truthMembers: number;
  postings: number;
  series: number;
  /** Truth postings whose members are exactly one of ours / all truth postings. */
  exactPostings: { exact: number; of: number };
}

export function scoreSeries(
  messages: readonly SeriesMessage[],
  versions: readonly SeriesVersion[],
  linked: LinkResult,
  truth: Map<string, TruthRecord>,
): SeriesScore {
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const owner = new Map<string, SeriesVersion>();
  for (const v of versions) for (const k of ownKeys(v)) owner.set(k, v);
  const items: { pred: string; truth: string }[] = [];
  for (const m of messages) {
    const t = truth.get(m.msgid);
    const v = owner.get(m.key);
    if (!isMember(t) && !v) continue;
    items.push({
      pred: v ? v.key : `none:${m.key}`,
      truth: isMember(t) ? `${t!.series}/v${t!.version}` : `none:${m.key}`,
    });
  }
  const seriesOf = new Map<string, string>();
  for (const s of linked.series) for (const k of s.versions) seriesOf.set(k, s.key);
  const postings: { pred: string; truth: string }[] = [];
  for (const v of versions) {
    if (v.origin !== 'posted') continue;
    const votes = new Map<string, number>();
    for (const k of ownKeys(v)) {
      const t = truth.get(byKey.get(k)?.msgid ?? '');
      if (isMember(t)) votes.set(t!.series!, (votes.get(t!.series!) ?? 0) + 1);
    }
    const best = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    postings.push({ pred: seriesOf.get(v.key) ?? v.key, truth: best ? best[0] : `none:${v.key}` });
  }
  const byTruth = new Map<string, Set<string>>();
  const predSize = new Map<string, number>();
  for (const i of items) {
    predSize.set(i.pred, (predSize.get(i.pred) ?? 0) + 1);
    if (i.truth.startsWith('none:')) continue;
    if (!byTruth.has(i.truth)) byTruth.set(i.truth, new Set());
    byTruth.get(i.truth)!.add(i.pred);
  }
  const truthSize = new Map<string, number>();
  for (const i of items) truthSize.set(i.truth, (truthSize.get(i.truth) ?? 0) + 1);
  let exact = 0;
  for (const [t, preds] of byTruth) {
    const [only] = preds;
    if (preds.size === 1 && predSize.get(only) === truthSize.get(t)) exact++;
  }
  return {
    exactPostings: { exact, of: byTruth.size },
    grouping: pairScore(items),
    linking: pairScore(postings),
    truthMembers: items.filter((i) => !i.truth.startsWith('none:')).length,
    postings: postings.length,
    series: new Set(postings.map((p) => p.pred)).size,
  };
}
