// Pairs the patches of two versions of a series, in the spirit of `git range-diff`.
//
// Matching runs in passes, each over the patches the earlier passes left:
//   1. identical content: equal patch ids (or, when a side has no id, equal whitespace-free
//      diff text, which is what git patch-id hashes);
//   2. identical title (lower-cased, whitespace collapsed): the author kept the subject;
//   3. diff similarity, greedy best-first.
// git range-diff pairs commits with a cost matrix where a pair costs the size of the diff
// between the two patches and leaving both unpaired costs 60% (the creation factor) of their
// sizes. With changed-line multisets A and B that means pairing when |A|+|B|-2|A∩B| is below
// 0.6(|A|+|B|), i.e. when the Dice coefficient 2|A∩B|/(|A|+|B|) is above 0.4. We use that
// Dice coefficient (85%) blended with the overlap of touched files (15%), and the same 0.4.
import { changedLineCounts, contentFingerprint, jaccard, multisetSize, normalizeTitle } from './similarity.js';

export interface RangePatch {
  /** Caller's id for the patch (e.g. its Message-ID). */
  key: string;
  /** Position in its version (1-based N of N/M). */
  index: number;
  title: string;
  /** git patch-id --stable, or null when unknown. */
  patchId: string | null;
  diff: string;
  files: string[];
}

export type RangeStatus = 'same' | 'changed' | 'added' | 'dropped';
export type MatchReason = 'patch-id' | 'title' | 'diff';

export interface RangeMatch {
  old: string | null;
  new: string | null;
  /** same: identical content; changed: paired but the content differs; added/dropped: unpaired. */
  status: RangeStatus;
  /** The pair's relative order changed (it is not in the longest run kept in order). */
  moved: boolean;
  /** The normalized title changed. */
  renamed: boolean;
  /** 0..1; 1 for 'same', 0 for unpaired patches. */
  similarity: number;
  /** Which pass paired them; null for added and dropped patches. */
  reason: MatchReason | null;
}

/** Diff pairs below this similarity stay unpaired (git range-diff's 60% creation factor). */
export const MIN_DIFF_SIMILARITY = 0.4;
const LINE_WEIGHT = 0.85;
const FILE_WEIGHT = 0.15;

interface Prepared {
  patch: RangePatch;
  pos: number; // position in the sorted list
  titleKey: string;
  lines: Map<string, number>;
  size: number;
  fingerprint: string | null; // computed on demand
}

interface Pair {
  oldPos: number;
  newPos: number;
  reason: MatchReason;
  similarity: number;
}

/**
 * Pairs `oldPatches` with `newPatches`. The result lists the new version in order, with each
 * dropped old patch placed where it stood (after everything that came before it in the old
 * version has been listed), as git range-diff prints them.
 */
export function rangeDiff(oldPatches: readonly RangePatch[], newPatches: readonly RangePatch[]): RangeMatch[] {
  const olds = prepareAll(oldPatches);
  const news = prepareAll(newPatches);
  const oldPair: Array<Pair | null> = olds.map(() => null);
  const newPair: Array<Pair | null> = news.map(() => null);
  const link = (pair: Pair): void => {
    oldPair[pair.oldPos] = pair;
    newPair[pair.newPos] = pair;
  };

  for (const pair of matchIdentical(olds, news)) link(pair);
  for (const pair of matchTitles(olds, news, oldPair, newPair)) link(pair);
  for (const pair of matchBySimilarity(olds, news, oldPair, newPair)) link(pair);

  const moved = movedPairs(newPair);
  return listInOrder(olds, news, oldPair, newPair, moved);
}

/** Similarity of two patches in 0..1: changed-line Dice coefficient blended with file overlap. */
export function patchSimilarity(a: RangePatch, b: RangePatch): number {
  return similarityOf(prepare(a, 0), prepare(b, 0));
}

function prepareAll(patches: readonly RangePatch[]): Prepared[] {
  const sorted = patches.map((p, i) => ({ p, i })).sort((x, y) => x.p.index - y.p.index || x.i - y.i);
  return sorted.map(({ p }, pos) => prepare(p, pos));
}

function prepare(patch: RangePatch, pos: number): Prepared {
  const lines = changedLineCounts(patch.diff);
  return { patch, pos, titleKey: normalizeTitle(patch.title), lines, size: multisetSize(lines), fingerprint: null };
}

function fingerprintOf(p: Prepared): string {
  if (p.fingerprint === null) p.fingerprint = contentFingerprint(p.patch.diff);
  return p.fingerprint;
}

function sameContent(a: Prepared, b: Prepared): boolean {
  if (a.patch.patchId !== null && b.patch.patchId !== null) return a.patch.patchId === b.patch.patchId;
  return fingerprintOf(a) === fingerprintOf(b);
}

function similarityOf(a: Prepared, b: Prepared): number {
  if (sameContent(a, b)) return 1;
  return blend(intersectionSize(a.lines, b.lines), a, b);
}

function blend(intersection: number, a: Prepared, b: Prepared): number {
  const total = a.size + b.size;
  const dice = total === 0 ? 0 : (2 * intersection) / total;
  return LINE_WEIGHT * dice + FILE_WEIGHT * jaccard(a.patch.files, b.patch.files);
}

function intersectionSize(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const [line, count] of small) n += Math.min(count, large.get(line) ?? 0);
  return n;
}

// Pass 1: equal patch ids first, then equal fingerprints where a side has no id.
function matchIdentical(olds: Prepared[], news: Prepared[]): Pair[] {
  const pairs: Pair[] = [];
  const taken = new Set<number>();
  const byId = groupBy(olds, (o) => o.patch.patchId);
  const unmatchedNew: Prepared[] = [];
  for (const n of news) {
    const o = n.patch.patchId === null ? undefined : takeFirst(byId.get(n.patch.patchId), taken);
    if (o) pairs.push({ oldPos: o.pos, newPos: n.pos, reason: 'patch-id', similarity: 1 });
    else unmatchedNew.push(n);
  }
  if (!unmatchedNew.some((n) => n.patch.patchId === null) && !olds.some((o) => o.patch.patchId === null && !taken.has(o.pos))) {
    return pairs; // every patch has an id: fingerprints cannot add anything
  }
  const byPrint = groupBy(
    olds.filter((o) => !taken.has(o.pos)),
    (o) => fingerprintOf(o),
  );
  for (const n of unmatchedNew) {
    const candidates = (byPrint.get(fingerprintOf(n)) ?? []).filter((o) => o.patch.patchId === null || n.patch.patchId === null);
    const o = takeFirst(candidates, taken);
    if (o) pairs.push({ oldPos: o.pos, newPos: n.pos, reason: 'patch-id', similarity: 1 });
  }
  return pairs;
}

// Pass 2: same normalized title; among several old patches with that title, the most similar.
function matchTitles(olds: Prepared[], news: Prepared[], oldPair: Array<Pair | null>, newPair: Array<Pair | null>): Pair[] {
  const pairs: Pair[] = [];
  const taken = new Set<number>();
  const byTitle = groupBy(
    olds.filter((o) => oldPair[o.pos] === null),
    (o) => o.titleKey,
  );
  for (const n of news) {
    if (newPair[n.pos] !== null) continue;
    let best: Prepared | null = null;
    let bestSim = -1;
    for (const o of byTitle.get(n.titleKey) ?? []) {
      if (taken.has(o.pos)) continue;
      const sim = similarityOf(o, n);
      if (sim > bestSim) {
        best = o;
        bestSim = sim;
      }
    }
    if (best) {
      taken.add(best.pos);
      pairs.push({ oldPos: best.pos, newPos: n.pos, reason: 'title', similarity: bestSim });
    }
  }
  return pairs;
}

// Pass 3: every remaining pair sharing a changed line is scored (an inverted index keeps this
// near-linear: pairs with no common line score at most FILE_WEIGHT, below the threshold), then
// the best pairs are taken first.
function matchBySimilarity(olds: Prepared[], news: Prepared[], oldPair: Array<Pair | null>, newPair: Array<Pair | null>): Pair[] {
  const freeOld = olds.filter((o) => oldPair[o.pos] === null);
  const freeNew = news.filter((n) => newPair[n.pos] === null);
  if (freeOld.length === 0 || freeNew.length === 0) return [];

  const index = new Map<string, Array<[Prepared, number]>>();
  for (const o of freeOld) {
    for (const [line, count] of o.lines) {
      let list = index.get(line);
      if (!list) index.set(line, (list = []));
      list.push([o, count]);
    }
  }
  const candidates: Pair[] = [];
  for (const n of freeNew) {
    const shared = new Map<Prepared, number>();
    for (const [line, count] of n.lines) {
      for (const [o, oldCount] of index.get(line) ?? []) shared.set(o, (shared.get(o) ?? 0) + Math.min(count, oldCount));
    }
    for (const [o, intersection] of shared) {
      const similarity = blend(intersection, o, n);
      if (similarity >= MIN_DIFF_SIMILARITY) candidates.push({ oldPos: o.pos, newPos: n.pos, reason: 'diff', similarity });
    }
  }
  // Best first; ties go to the pair that stayed closest to its old position, then by position.
  candidates.sort(
    (a, b) =>
      b.similarity - a.similarity ||
      Math.abs(a.oldPos - a.newPos) - Math.abs(b.oldPos - b.newPos) ||
      a.newPos - b.newPos ||
      a.oldPos - b.oldPos,
  );
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const pairs: Pair[] = [];
  for (const c of candidates) {
    if (usedOld.has(c.oldPos) || usedNew.has(c.newPos)) continue;
    usedOld.add(c.oldPos);
    usedNew.add(c.newPos);
    pairs.push(c);
  }
  return pairs;
}

/**
 * Pairs outside a longest increasing run of old positions (taken in new order) are the ones
 * that moved: the fewest patches whose moving explains the new order.
 */
function movedPairs(newPair: ReadonlyArray<Pair | null>): Set<Pair> {
  const pairs = newPair.filter((p): p is Pair => p !== null);
  // Patience sorting: tails[k] = index (in pairs) of the smallest tail of a run of length k+1.
  const tails: number[] = [];
  const prev: number[] = new Array(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    const v = pairs[i].oldPos;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]].oldPos < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const inOrder = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) inOrder.add(i);
  const moved = new Set<Pair>();
  pairs.forEach((p, i) => {
    if (!inOrder.has(i)) moved.add(p);
  });
  return moved;
}

// git range-diff's output order: walk both lists; an unpaired old patch is listed as soon as
// the old patches before it are out, a paired old patch waits for its new partner.
function listInOrder(
  olds: Prepared[],
  news: Prepared[],
  oldPair: ReadonlyArray<Pair | null>,
  newPair: ReadonlyArray<Pair | null>,
  moved: ReadonlySet<Pair>,
): RangeMatch[] {
  const out: RangeMatch[] = [];
  const listed = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < olds.length || j < news.length) {
    if (i < olds.length) {
      const pair = oldPair[i];
      if (pair === null) {
        out.push(unpaired(olds[i].patch.key, null));
        i++;
        continue;
      }
      if (listed.has(i)) {
        i++;
        continue;
      }
    }
    if (j >= news.length) break; // unreachable: a paired old patch always has a new partner left
    const pair = newPair[j];
    if (pair === null) out.push(unpaired(null, news[j].patch.key));
    else {
      const o = olds[pair.oldPos];
      const n = news[j];
      const same = pair.reason === 'patch-id';
      out.push({
        old: o.patch.key,
        new: n.patch.key,
        status: same ? 'same' : 'changed',
        moved: moved.has(pair),
        renamed: o.titleKey !== n.titleKey,
        similarity: same ? 1 : Math.round(pair.similarity * 1000) / 1000,
        reason: pair.reason,
      });
      listed.add(pair.oldPos);
    }
    j++;
  }
  return out;
}

function unpaired(oldKey: string | null, newKey: string | null): RangeMatch {
  return {
    old: oldKey,
    new: newKey,
    status: oldKey === null ? 'added' : 'dropped',
    moved: false,
    renamed: false,
    similarity: 0,
    reason: null,
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(item);
  }
  return map;
}

function takeFirst(list: Prepared[] | undefined, taken: Set<number>): Prepared | undefined {
  const found = list?.find((p) => !taken.has(p.pos));
  if (found) taken.add(found.pos);
  return found;
}
