// Significant terms of a topic: the words its messages use far more often than the archive
// does. Pure. A message contributes each term once (document frequency), from its subject
// and the text its author wrote (no quotes, no diff, no signature, no trailers, no URLs or
// addresses). Identifiers stay whole (mmap_lock, folio, GUP, COW, __GFP_NOWARN). Terms are
// ranked by Dunning's log-likelihood ratio (G²), which does not overrate rare words the way
// a plain ratio does, and need a minimum count in the topic.
import { splitQuoted } from '../parse/quotes.js';

export interface TermScore {
  term: string;
  /** Times more frequent (per message) in the topic than in the background. */
  score: number;
  /** Topic messages containing it. */
  count: number;
  /** Log-likelihood ratio: the rank key. */
  g2: number;
}

export interface TermBackground {
  docs: number;
  df: Map<string, number>;
}

// English function words and mail/patch boilerplate.
const STOP = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below between
both but by can cannot could did didn do does doesn doing don down during each else even ever every few for from further
get gets getting got had has hasn have haven having he her here hers herself him himself his how however i if in into is
isn it its itself just let like ll may me might more most much must my myself no nor not now of off on once one only or
other our ours ourselves out over own per re same shall she should shouldn since so some still such than that the their
theirs them themselves then there these they this those though through thus to too under until up upon us use used using
very via was wasn we were weren what when where whether which while who whom why will with within without won would
wouldn yet you your yours yourself yourselves ve isn aren ok okay yes yeah well thing things way really actually probably
maybe sure think thanks thank regards cheers best hi hello dear sorry please also already anyway instead rather quite
something anything nothing everything someone anyone make makes made need needs needed want wants see seems seem look
looks looking go going know new old first second last next two three good right wrong fine better bit lot lots etc
signed reviewed acked tested reported suggested cc fixes link co developed closes patch patches series version
wrote writes said mon tue wed thu fri sat sun jan feb mar apr may jun jul aug sep oct nov dec pm am utc email mail
list lists message messages reply thread subject http https www com org net kernel lore git commit commits change
changes changed applied apply insertions deletions file files v1 v2 v3 v4 v5 v6 v7 v8 v9 rfc resend linux`.split(/\s+/),
);

const TOKEN = /[A-Za-z_][A-Za-z0-9_]*(?:->[A-Za-z_][A-Za-z0-9_]*)?/g;
const TRAILER = /^\s*[A-Z][A-Za-z-]*-by:|^\s*(?:Fixes|Link|Closes|Cc|Change-Id|Message-Id):/i;
const NOISE = /\bhttps?:\/\/\S+|<[^<>\s]+@[^<>\s]+>|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\b[0-9a-f]{8,}\b/gi;
const LEADING_TAGS = /^\s*(?:(?:re|fwd?|aw)\s*:|\[[^\]]*\])\s*/i;

/** Bounds the text read from one message (a huge pasted log says little more past this). */
export const MAX_TERM_TEXT = 32 * 1024;

/** A word as a term: acronyms and identifiers keep their case; plain words are lower-cased. */
function normalizeToken(t: string): string | null {
  if (t.length < 3 || t.length > 40) return null;
  const ident = t.includes('_') || /\d/.test(t) || t.includes('->');
  const acronym = /^[A-Z][A-Z0-9]+$/.test(t) && t.length <= 8;
  const term = ident || acronym ? t : t.toLowerCase();
  if (STOP.has(term.toLowerCase())) return null;
  if (/^_+$/.test(term) || /^\d/.test(term)) return null;
  return term;
}

/** The distinct terms of one message. */
export function messageTerms(subject: string, body: string): Set<string> {
  let s = subject;
  for (let m = LEADING_TAGS.exec(s); m && m[0]; m = LEADING_TAGS.exec(s)) s = s.slice(m[0].length);
  const text = splitQuoted(body.length > MAX_TERM_TEXT ? body.slice(0, MAX_TERM_TEXT) : body)
    .newText.split('\n')
    .filter((l) => !TRAILER.test(l))
    .join('\n');
  const out = new Set<string>();
  for (const src of [s, text]) {
    for (const m of src.replace(NOISE, ' ').matchAll(TOKEN)) {
      const t = normalizeToken(m[0]);
      if (t) out.add(t);
    }
  }
  return out;
}

/** Lower-cased words of senders' names: greetings ("Hi Rafael") are not topic words. */
export function nameWords(names: Iterable<string | null>): Set<string> {
  const out = new Set<string>();
  for (const n of names) for (const w of (n ?? '').toLowerCase().split(/[^a-z]+/)) if (w.length >= 3) out.add(w);
  return out;
}

/** Document frequencies over a sample of messages (each a set of terms). */
export function termBackground(docs: Iterable<Set<string>>): TermBackground {
  const df = new Map<string, number>();
  let n = 0;
  for (const d of docs) {
    n++;
    for (const t of d) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { docs: n, df };
}

const xlogx = (x: number) => (x > 0 ? x * Math.log(x) : 0);

/** Dunning's G² for a term seen in a of n topic messages and c of m background messages. */
export function logLikelihood(a: number, n: number, c: number, m: number): number {
  const b = n - a;
  const d = m - c;
  const g =
    xlogx(a) + xlogx(b) + xlogx(c) + xlogx(d) + xlogx(n + m) -
    xlogx(a + c) - xlogx(b + d) - xlogx(a + b) - xlogx(c + d);
  return 2 * g;
}

/**
 * The topic's terms over its sample `docs`, against `background` (the whole archive or a
 * sample of it). Only terms in at least `minCount` topic messages and more frequent there
 * than in the background count. Most significant first.
 */
export function significantTerms(
  docs: readonly Set<string>[],
  background: TermBackground,
  opts: { limit?: number; minCount?: number; exclude?: ReadonlySet<string> } = {},
): TermScore[] {
  const limit = opts.limit ?? 25;
  const minCount = opts.minCount ?? Math.max(2, Math.min(5, Math.ceil(docs.length / 50)));
  const mine = termBackground(docs);
  const n = mine.docs;
  const m = Math.max(background.docs, 1);
  const out: TermScore[] = [];
  for (const [term, a] of mine.df) {
    if (a < minCount || opts.exclude?.has(term.toLowerCase())) continue;
    // the background may not hold the topic's sample: never let it count fewer than the topic has
    const c = Math.max(background.df.get(term) ?? 0, 0);
    const pTopic = a / n;
    const pAll = (c + 1) / (m + 1);
    if (pTopic <= pAll) continue;
    out.push({ term, count: a, score: Math.round((pTopic / pAll) * 10) / 10, g2: logLikelihood(a, n, c, m) });
  }
  out.sort((x, y) => y.g2 - x.g2 || y.count - x.count || (x.term < y.term ? -1 : 1));
  return out.slice(0, limit);
}
