// Postings -> series: link v1 -> v2 -> v3 of one series across threads, lists and authorship tools.
// Pure and deterministic: the result does not depend on the order of the inputs.
import type { LinkOptions, LinkResult, MsgKey, Series, SeriesMessage, SeriesVersion, VersionLink } from './series-types.js';
import { type Evidence, type Profile, LINK_SCORE, REASON_WEIGHTS, evidence, olderFirst, profileOf } from './versions-evidence.js';

export { LINK_SCORE, POSSIBLE_SCORE, REASON_WEIGHTS } from './versions-evidence.js';

/** A runner-up this close to the chosen predecessor makes the choice 'possible'. */
const AMBIGUITY_MARGIN = 10;
/** A diff shared by more postings than this is boilerplate, not evidence. */
const MAX_PATCH_ID_FANOUT = 50;

interface Edge extends Evidence {
  from: Profile;
  to: Profile;
  manual: boolean;
}

/**
 * Links each posting to the one it is the next version of. Every posting gets at most one
 * predecessor and one successor; edges are taken best first (see edgeOrder), so an older series
 * with the same title by the same author does not capture a newer v2. A link the evidence does
 * not settle (score below LINK_SCORE, no version bump, or a close runner-up) is 'possible' and
 * joins nothing.
 * `forced` links always apply, `forbidden` pairs never (in either direction).
 */
export function linkVersions(
  versions: readonly SeriesVersion[],
  messages: readonly SeriesMessage[],
  options: LinkOptions = {},
): LinkResult {
  const byKey = new Map<MsgKey, SeriesMessage>();
  for (const m of messages) if (!byKey.has(m.key)) byKey.set(m.key, m);
  const profiles = [...versions].sort((a, b) => cmp(a.key, b.key)).map((v) => profileOf(v, byKey));
  const byVersion = new Map(profiles.map((p) => [p.v.key, p]));
  const forbidden = new Set((options.forbidden ?? []).flatMap((f) => [pairKey(f.from, f.to), pairKey(f.to, f.from)]));
  const edges = candidateEdges(profiles).filter((e) => !forbidden.has(pairKey(e.from.v.key, e.to.v.key)));
  const forced = new Set<string>();
  for (const f of options.forced ?? []) {
    const from = byVersion.get(f.from);
    const to = byVersion.get(f.to);
    const key = pairKey(f.from, f.to);
    if (!from || !to || from === to || forbidden.has(key) || forced.has(key)) continue;
    forced.add(key);
    const found = edges.find((e) => e.from === from && e.to === to);
    if (found) {
      found.manual = true;
      found.reasons = ['manual', ...found.reasons];
      found.score += REASON_WEIGHTS.manual;
    } else {
      edges.push({ from, to, manual: true, decisive: true, reasons: ['manual'], score: REASON_WEIGHTS.manual });
    }
  }
  edges.sort(edgeOrder);
  const { accepted, rejected } = assign(edges);
  const links = statuses(accepted, rejected);
  return { series: buildSeries(profiles, links), links: links.sort((a, b) => cmp(a.to, b.to) || cmp(a.from, b.from)) };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const pairKey = (a: string, b: string): string => `${a}\0${b}`;

function candidateEdges(profiles: readonly Profile[]): Edge[] {
  const byMsgid = new Map<string, Profile>();
  const byChangeId = new Map<string, Profile[]>();
  const byPatchId = new Map<string, Profile[]>();
  const byAuthor = new Map<string, Profile[]>();
  const byVersion = new Map<string, Profile>();
  const add = <K>(map: Map<K, Profile[]>, key: K, p: Profile): void => {
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  for (const p of profiles) {
    byVersion.set(p.v.key, p);
    for (const id of p.msgids) byMsgid.set(id, p);
    for (const id of p.changeIds) add(byChangeId, id, p);
    for (const id of p.patchIds) add(byPatchId, id, p);
    if (p.author) add(byAuthor, p.author, p);
  }
  const edges: Edge[] = [];
  for (const b of profiles) {
    const pool = new Set<Profile>();
    for (const id of b.changeIds) for (const a of byChangeId.get(id) ?? []) pool.add(a);
    for (const set of [b.cites, b.supersedes, b.ancestors, b.mentions]) for (const id of set) {
      const a = byMsgid.get(id);
      if (a) pool.add(a);
    }
    const base = b.v.reroll ? byVersion.get(b.v.reroll.of) : undefined;
    if (base) pool.add(base);
    for (const id of b.patchIds) {
      const list = byPatchId.get(id) ?? [];
      if (list.length <= MAX_PATCH_ID_FANOUT) for (const a of list) pool.add(a);
    }
    // Soft evidence needs the same author: only that author's earlier versions are compared.
    for (const a of b.author ? (byAuthor.get(b.author) ?? []) : []) if (olderFirst(a, b) < 0) pool.add(a);
    for (const a of pool) {
      const e = evidence(a, b);
      if (e) edges.push({ from: a, to: b, manual: false, ...e });
    }
  }
  return edges;
}

/**
 * Best first: manual, then decisive, then settled (score >= LINK_SCORE), then the rest. Among
 * decisive and settled edges the nearest version and then the nearest in time win before the
 * score, so of two earlier postings with the same title the recent one is taken even when the
 * old one shares more; among unsettled edges the score comes first.
 */
function edgeOrder(x: Edge, y: Edge): number {
  const tier = (e: Edge): number => (e.manual ? 3 : e.decisive ? 2 : e.score >= LINK_SCORE ? 1 : 0);
  const nearness = (): number =>
    Math.abs(x.to.rank - x.from.rank) - Math.abs(y.to.rank - y.from.rank) || timeGap(x) - timeGap(y);
  const t = tier(y) - tier(x);
  if (t !== 0) return t;
  return (
    (tier(x) > 0 ? nearness() || y.score - x.score : y.score - x.score || nearness()) ||
    cmp(x.from.v.key, y.from.v.key) ||
    cmp(x.to.v.key, y.to.v.key)
  );
}

const timeGap = (e: Edge): number =>
  e.from.when !== null && e.to.when !== null ? Math.abs(e.to.when - e.from.when) : Number.MAX_SAFE_INTEGER;

/** Best edge first; each posting takes one predecessor and one successor, and no loop is closed. */
function assign(edges: readonly Edge[]): { accepted: Edge[]; rejected: Edge[] } {
  const pred = new Set<Profile>();
  const succ = new Set<Profile>();
  const uf = new UnionFind<Profile>();
  const accepted: Edge[] = [];
  const rejected: Edge[] = [];
  for (const e of edges) {
    const free = !pred.has(e.to) && !succ.has(e.from) && uf.find(e.from) !== uf.find(e.to);
    if (!free && !e.manual) {
      rejected.push(e);
      continue;
    }
    pred.add(e.to);
    succ.add(e.from);
    uf.union(e.from, e.to);
    accepted.push(e);
  }
  return { accepted, rejected };
}

function statuses(accepted: readonly Edge[], rejected: readonly Edge[]): VersionLink[] {
  const settledAlone = (e: Edge): boolean =>
    e.manual || (!e.reasons.includes('same-version') && (e.decisive || e.score >= LINK_SCORE));
  const hasLinkedSuccessor = new Set(accepted.filter(settledAlone).map((e) => e.from));
  const hasPredecessor = new Set(accepted.map((e) => e.to));
  const rivalsOf = new Map<Profile, Edge[]>();
  for (const r of rejected) {
    const list = rivalsOf.get(r.to);
    if (list) list.push(r);
    else rivalsOf.set(r.to, [r]);
  }
  const out: VersionLink[] = [];
  const shown = new Set<string>();
  const link = (e: Edge, status: VersionLink['status']): void => {
    const key = pairKey(e.from.v.key, e.to.v.key);
    if (shown.has(key)) return;
    shown.add(key);
    out.push({ from: e.from.v.key, to: e.to.v.key, score: e.score, reasons: [...e.reasons], status });
  };
  for (const e of accepted) {
    // Another posting of the same version, not continued elsewhere and about as good: two
    // candidates, and the evidence does not choose between them.
    const rivals =
      e.manual || e.decisive
        ? []
        : (rivalsOf.get(e.to) ?? []).filter(
            (r) => r.from.rank === e.from.rank && !hasLinkedSuccessor.has(r.from) && r.score >= e.score - AMBIGUITY_MARGIN,
          );
    link(e, settledAlone(e) && rivals.length === 0 ? 'linked' : 'possible');
    for (const r of rivals) link(r, 'possible');
  }
  // A posting left without a predecessor still shows its best candidate.
  for (const [to, list] of rivalsOf) if (!hasPredecessor.has(to)) link(list[0], 'possible'); // list is best first
  return out;
}

function buildSeries(profiles: readonly Profile[], links: readonly VersionLink[]): Series[] {
  const uf = new UnionFind<string>();
  for (const l of links) if (l.status === 'linked') uf.union(l.from, l.to);
  const groups = new Map<string, Profile[]>();
  for (const p of profiles) {
    const root = uf.find(p.v.key);
    const list = groups.get(root);
    if (list) list.push(p);
    else groups.set(root, [p]);
  }
  const series: Series[] = [];
  for (const list of groups.values()) {
    list.sort(olderFirst);
    series.push({ key: list[0].v.key, versions: list.map((p) => p.v.key), latest: list[list.length - 1].v.key });
  }
  const first = new Map(profiles.map((p) => [p.v.key, p.v.firstDate ?? Infinity]));
  return series.sort((a, b) => first.get(a.key)! - first.get(b.key)! || cmp(a.key, b.key));
}

class UnionFind<T> {
  private parent = new Map<T, T>();
  find(x: T): T {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // path compression, iteratively
    for (let cur = x; cur !== root; ) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: T, b: T): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}
