// Search read model for the CLI and the API: parse the lore-style query, run it, and cut a
// snippet around the first matched term from the field that matched.
import type { ReadableDB } from '../store/db.js';
import { countSearch, hitRows, idsWithPhrase, narrowByDate, matchRows, newestOf, prefixTerms, rankMatches, runSearch, type CompiledSearch, type SearchCursor, type SearchHitRow } from '../store/search.js';
import { isRankable, positiveTerms, quickRank, rankTerms, scoreByOccurrence, type RankTerm } from '../search/quick-rank.js';
import { addressOf, getBody, type PackCache } from '../store/messages.js';
import { parseQuery, QuerySyntaxError, type DateNode, type Field, type QueryNode } from '../search/query.js';
import { compileFilter, compileFts, compileSql, exactAddresses, expandPrefixes } from '../search/query-compile.js';
import { splitQuoted } from '../parse/quotes.js';
import { isoDate, type AddressDTO } from './message.js';
import { StoreMemo } from '../store/memo.js';

export interface SearchHitDTO {
  msgid: string;
  threadId: number;
  subject: string;
  from: AddressDTO | null;
  date: string | null;
  /** Plain text; `highlights` are [start, end) offsets of matched terms in it. */
  snippet: string;
  snippetField: 'subject' | 'new' | 'quoted' | 'diff' | 'none';
  highlights: [number, number][];
  /** group=thread: messages of the thread that matched (within the first GROUP_SCAN hits). */
  threadHits?: number;
}

export interface SearchResultDTO {
  total: number;
  /** The count stopped at its cap, or thread grouping looked at the first GROUP_SCAN hits only. */
  partial: boolean;
  hits: SearchHitDTO[];
  nextCursor: string | null;
}

export interface SearchOptions {
  group: 'message' | 'thread';
  sort: 'relevance' | 'date';
  limit: number;
  cursor?: string;
  now: number;
}

/**
 * What a long-lived reader (a search worker) keeps between queries: inflated packs for
 * snippets, and prefix expansions and date spans until the store changes. Per query by default.
 */
export interface SearchContext {
  packs?: PackCache;
  memo?: StoreMemo;
}

/** Thread grouping ranks the first this-many message hits. */
export const GROUP_SCAN = 5000;
const SNIPPET_CHARS = 200;

export class BadCursorError extends Error {}

function encodeCursor(r: SearchHitRow): string {
  return Buffer.from(JSON.stringify([r.rank, r.date, r.id])).toString('base64url');
}

function decodeCursor(c: string): SearchCursor {
  try {
    const [rank, date, id] = JSON.parse(Buffer.from(c, 'base64url').toString()) as [number, number | null, number];
    if (typeof rank !== 'number' || (date !== null && typeof date !== 'number') || !Number.isInteger(id)) throw new Error();
    return { rank, date, id };
  } catch {
    throw new BadCursorError('invalid cursor: pass back the nextCursor of a previous page');
  }
}

/** Where a snippet can come from; the 'diff' place is the whole body (new text excludes the diff). */
type SnippetPlace = 'subject' | 'new' | 'quoted' | 'diff';

/**
 * Where a term of each prefix can be shown: nq: in new text, q: in quotes, the df* prefixes in
 * the diff, addresses nowhere (a snippet holds no address fields: f:peng would otherwise pick a
 * body for the "Thanks, Peng" under it). A subject word is also shown where the body discusses
 * it: the subject is on the result already.
 */
const PLACES: Record<Field, readonly SnippetPlace[]> = {
  any: ['subject', 'new', 'quoted', 'diff'],
  bs: ['subject', 'new', 'quoted', 'diff'],
  s: ['subject', 'new', 'quoted', 'diff'],
  b: ['new', 'quoted', 'diff'],
  nq: ['new'],
  q: ['quoted'],
  dfn: ['diff'],
  dfa: ['diff'],
  dfb: ['diff'],
  dfhh: ['diff'],
  dfctx: ['diff'],
  f: [],
  t: [],
  c: [],
  tc: [],
  a: [],
};

interface HighlightTerm {
  text: string;
  prefix: boolean;
}

/** The positive text terms of a query, for highlighting, by the places they can be shown. */
function highlightTerms(ast: QueryNode): Record<SnippetPlace, HighlightTerm[]> {
  const out: Record<SnippetPlace, HighlightTerm[]> = { subject: [], new: [], quoted: [], diff: [] };
  // last term first: which matches the 64-match cap of findTerms keeps depends on the order
  for (const t of positiveTerms(ast).reverse()) {
    for (const w of t.text.toLowerCase().split(/[^\p{L}\p{N}_]+/u)) {
      if (w) for (const place of PLACES[t.field]) out[place].push({ text: w, prefix: t.prefix });
    }
  }
  return out;
}

function findTerms(text: string, terms: readonly HighlightTerm[]): [number, number][] {
  const lower = text.toLowerCase();
  const out: [number, number][] = [];
  for (const t of terms) {
    let from = 0;
    for (let i = lower.indexOf(t.text, from); i >= 0 && out.length < 64; i = lower.indexOf(t.text, from)) {
      from = i + t.text.length;
      const before = i === 0 ? '' : lower[i - 1];
      if (before && /[\p{L}\p{N}_]/u.test(before)) continue; // inside another word
      let end = i + t.text.length;
      if (t.prefix) while (end < lower.length && /[\p{L}\p{N}_]/u.test(lower[end])) end++;
      else if (end < lower.length && /[\p{L}\p{N}_]/u.test(lower[end])) continue;
      out.push([i, end]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function snippetOf(db: ReadableDB, row: SearchHitRow, terms: Record<SnippetPlace, HighlightTerm[]>, packs: PackCache) {
  const inSubject = findTerms(row.subject, terms.subject);
  const body = getBody(db, row, packs, true);
  const { newText, quotedText } = splitQuoted(body);
  const candidates: [SnippetPlace, string][] = [
    ['new', newText],
    ['quoted', quotedText],
    ['diff', body],
  ];
  for (const [field, text] of candidates) {
    const here = terms[field];
    const found = findTerms(text, here);
    if (!found.length) continue;
    const [at, atEnd] = found[0];
    let start = Math.max(0, text.lastIndexOf('\n', Math.max(0, at - 60)) + 1);
    let cut = '';
    if (atEnd > start + SNIPPET_CHARS - 20) {
      // a long line (a paragraph unwrapped by its mail client): begin at a word shortly before
      // the match, not at the line's start, whose first 200 characters may not reach it
      const from = Math.max(start, at - 60);
      const space = text.lastIndexOf(' ', from);
      start = space >= start ? space + 1 : from;
      cut = '… ';
    }
    const end = Math.min(text.length, start + SNIPPET_CHARS);
    const snippet = cut + text.slice(start, end).replace(/\s+/g, ' ');
    // recompute offsets on the whitespace-collapsed text
    return { snippet, snippetField: field, highlights: findTerms(snippet, here) };
  }
  if (inSubject.length) return { snippet: row.subject, snippetField: 'subject' as const, highlights: inSubject };
  const first = newText.trim().slice(0, SNIPPET_CHARS).replace(/\s+/g, ' ');
  return { snippet: first, snippetField: 'none' as const, highlights: [] as [number, number][] };
}

function hitDTO(db: ReadableDB, r: SearchHitRow, terms: Record<SnippetPlace, HighlightTerm[]>, packs: PackCache): SearchHitDTO {
  return {
    msgid: r.msgid,
    threadId: r.thread_id,
    subject: r.subject,
    from: addressOf(r.from_name, r.from_addr),
    date: isoDate(r.date),
    ...snippetOf(db, r, terms, packs),
  };
}

/**
 * The fast plan when the query's text is one positive FTS5 expression beside filters: FTS5
 * drives and the filters check its rows. Otherwise the whole query as SQL conditions.
 */
function compile(db: ReadableDB, ast: QueryNode, memo: StoreMemo): CompiledSearch {
  const fts = compileFts(ast);
  if (fts.match && !fts.negatedOnly && fts.residual.length === 0) {
    const parts = fts.filters.map(compileFilter);
    const q: CompiledSearch = { match: fts.match, where: parts.length ? parts.map((p) => `(${p.where})`).join(' AND ') : '1', params: parts.flatMap((p) => p.params) };
    // a selective date range bounds the ids FTS5 has to look at; date filters side by side intersect
    const dates = fts.filters.filter((f): f is DateNode => f.kind === 'date');
    if (dates.length) {
      const from = Math.max(...dates.map((d) => d.from ?? -Infinity));
      const to = Math.min(...dates.map((d) => d.to ?? Infinity));
      const span = compileSql({ kind: 'date', field: 'd', from: Number.isFinite(from) ? from : null, to: Number.isFinite(to) ? to : null });
      q.idRange = memo.get(`dates ${span.where} ${span.params.join(' ')}`, () => narrowByDate(db, span.where, span.params));
    }
    return q;
  }
  const sql = compileSql(ast);
  return { match: null, ...sql };
}

/**
 * A query matching more than COUNT_CAP messages: its newest QUICK_RANK_SCAN matches ranked by
 * search/quick-rank.ts instead of bm25() (see there why), paged with the same keyset. Only
 * [id, rank] is kept per match; dates are read for the rank buckets the page reaches, whole
 * rows for the page.
 */
function quickRanked(db: ReadableDB, terms: RankTerm[], newest: number[], limit: number, after?: SearchCursor): SearchHitRow[] {
  const ranks = terms.some((t) => t.prefix) ? ranksByText(db, terms, newest) : ranksByIndex(db, terms, newest);
  return pageByRank(db, ranks, limit, after);
}

/** Where each phrase occurs among the newest matches (newest first), from the index: the subject and From rows are never read. */
function ranksByIndex(db: ReadableDB, terms: RankTerm[], newest: number[]): Map<number, number> {
  if (newest.length === 0) return new Map();
  const score = scoreByOccurrence(terms, (t, column) => idsWithPhrase(db, column, t.tokens, newest[newest.length - 1], newest[0]));
  return new Map(newest.map((id) => [id, score.get(id) ?? 0]));
}

/** With a prefix term: from the stored subject and From (see quickRank). */
function ranksByText(db: ReadableDB, terms: RankTerm[], newest: number[]): Map<number, number> {
  const probe = { subject: terms.filter((t) => t.inSubject).map((t) => t.tokens[0]), from: terms.filter((t) => t.inFrom).map((t) => t.tokens[0]) };
  return new Map(matchRows(db, newest, probe).map(([id, , , subject, from]) => [id, quickRank(subject, from, terms)]));
}

/**
 * The page after `after` of ranked ids in result order (rank, lower first; then newest first,
 * no date last; then id), as whole result rows. Quick ranks take a few values, so the ids fall
 * in a few rank buckets: the buckets the page reaches give their newest in SQLite (newestOf),
 * the others are not read at all.
 */
function pageByRank(db: ReadableDB, ranks: Map<number, number>, limit: number, after?: SearchCursor): SearchHitRow[] {
  const buckets = new Map<number, number[]>();
  for (const [id, rank] of ranks) {
    const bucket = buckets.get(rank);
    if (bucket) bucket.push(id);
    else buckets.set(rank, [id]);
  }
  const page: SearchCursor[] = [];
  for (const rank of [...buckets.keys()].sort((a, b) => a - b)) {
    if (page.length === limit) break;
    if (after && rank < after.rank) continue; // the whole bucket comes before the cursor
    const from = after && rank === after.rank ? after : undefined;
    for (const [id, date] of newestOf(db, buckets.get(rank)!, limit - page.length, from)) page.push({ id, date, rank });
  }
  return hitRows(db, page);
}

/**
 * A filtered query's page cut from all its matches (at most COUNT_CAP, read by the count),
 * newest first. In bm25 order FTS5 scores them instead (rankMatches).
 */
function newestOfMatches(db: ReadableDB, matches: number[], limit: number, after?: SearchCursor): SearchHitRow[] {
  return hitRows(db, newestOf(db, matches, limit, after).map(([id, date]) => ({ id, date, rank: 0 })));
}

/** Throws QuerySyntaxError (position + hint) or BadCursorError for bad input. */
export function search(db: ReadableDB, text: string, o: SearchOptions, ctx: SearchContext = {}): SearchResultDTO {
  const { ast } = parseQuery(text, o.now);
  const memo = ctx.memo ?? new StoreMemo(db);
  const q = compile(db, expandPrefixes(exactAddresses(ast), (token) => memo.get(`prefix ${token}`, () => prefixTerms(db, token))), memo);
  const terms = highlightTerms(ast);
  const after = o.cursor ? decodeCursor(o.cursor) : undefined;
  const { total, capped, matches, newest } = countSearch(db, q);
  const packs: PackCache = ctx.packs ?? new Map(); // hits often share a pack: inflate each once
  // address-only queries have nothing to rank by: newest first (see search/quick-rank.ts)
  const sort = o.sort === 'relevance' && isRankable(ast) ? 'relevance' : 'date';
  // over the count cap, text queries are quick-ranked over the newest matches the count read
  const quick = sort === 'relevance' && newest !== undefined;
  const hits = (limit: number, from?: SearchCursor) =>
    quick
      ? quickRanked(db, rankTerms(ast), newest, limit, from)
      : matches && (matches.length === 0 || sort === 'date' || q.match === null)
        ? newestOfMatches(db, matches, limit, from)
        : matches
          ? rankMatches(db, q, matches, { limit, after: from })
          : runSearch(db, q, { sort, limit, after: from, capped });
  if (o.group === 'message') {
    const rows = hits(o.limit + 1, after);
    const page = rows.slice(0, o.limit);
    return {
      total,
      partial: capped,
      hits: page.map((r) => hitDTO(db, r, terms, packs)),
      nextCursor: rows.length > o.limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }
  // group=thread: the best hit per thread, threads in the order of their best hit
  const rows = hits(GROUP_SCAN + 1);
  const best = new Map<number, { row: SearchHitRow; n: number }>();
  for (const r of rows.slice(0, GROUP_SCAN)) {
    const b = best.get(r.thread_id);
    if (b) b.n++;
    else best.set(r.thread_id, { row: r, n: 1 });
  }
  const threads = [...best.values()];
  const start = after ? threads.findIndex((t) => t.row.id === after.id) + 1 : 0;
  const page = threads.slice(start, start + o.limit);
  return {
    total: best.size,
    partial: capped || rows.length > GROUP_SCAN,
    hits: page.map((t) => ({ ...hitDTO(db, t.row, terms, packs), threadHits: t.n })),
    nextCursor: start + o.limit < threads.length ? encodeCursor(page[page.length - 1].row) : null,
  };
}

export { QuerySyntaxError };
