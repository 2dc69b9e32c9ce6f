// Running a compiled query: FTS5 for text (BM25-ranked when the query has positive text),
// SQL conditions for the rest; keyset cursors so pages are stable.
import type { ReadableDB } from './db.js';
import { preparedSql as prepared } from './prepared.js';
import { newestFirstAfter } from './keyset.js';

/** BM25 column weights, in messages_fts column order: subject and new text above quotes and diffs. */
export const BM25_WEIGHTS = [10, 3, 1, 1, 5, 1, 1, 1, 1, 1, 1, 2];
/** Counting stops here: "more than 2,000 results" is all a reader needs to know, and counting further costs a scan. */
export const COUNT_CAP = 2000;
/**
 * When more than COUNT_CAP messages match, BM25 over all of them is the cost of a whole-archive
 * scan: rank the newest this-many matches instead and say the answer is partial.
 */
export const RANK_SCAN = 5000;
/**
 * Queries over COUNT_CAP that search/quick-rank.ts ranks instead of bm25(): how many of the
 * newest text matches it scores (fewer than RANK_SCAN: each is read from its message row).
 */
export const QUICK_RANK_SCAN = 1000;

export interface SearchHitRow {
  id: number;
  msgid: string;
  thread_id: number;
  subject: string;
  from_name: string | null;
  from_addr: string | null;
  date: number | null;
  body_pack: number;
  body_off: number;
  body_len: number;
  rank: number;
}

export interface SearchCursor {
  rank: number;
  date: number | null;
  id: number;
}

/**
 * `match` set: the query is "FTS5 MATCH match AND where" (where has no text). Otherwise
 * `where` is the whole query over messages m (text as rowid IN (...MATCH ?) subqueries).
 */
export interface CompiledSearch {
  match: string | null;
  where: string;
  params: (string | number)[];
  /**
   * Bounds on messages.id that every match lies within (from a selective date filter; see
   * narrowByDate): FTS5 then seeks inside its doclists instead of reading them whole.
   */
  idRange?: [number, number];
}

/** A date filter selecting more messages than this is not worth narrowing by. */
export const NARROW_MAX = 50_000;

/**
 * The id span of the messages a date-only condition over `m` selects, when it selects at most
 * NARROW_MAX (read through the date index). Mail is mostly ingested in date order, so a week of a
 * 10-year archive is a narrow id span even though the FTS terms are common. Counting up to
 * NARROW_MAX costs about 8 ms at 1M, so a span is not counted when the ids of its first and
 * last messages already lie more than 2 * NARROW_MAX apart: its id span is at least that wide,
 * too wide to be worth narrowing to (d:..2022-02-19 at 1M: 440,000 apart).
 */
export function narrowByDate(db: ReadableDB, where: string, params: (string | number)[]): [number, number] | undefined {
  const ends = prepared(db, `SELECT (SELECT id FROM messages m WHERE ${where} ORDER BY date, id LIMIT 1), (SELECT id FROM messages m WHERE ${where} ORDER BY date DESC, id DESC LIMIT 1)`)
    .raw()
    .get(...params, ...params) as [number | null, number | null];
  if (ends[0] === null || ends[1] === null) return [1, 0]; // nothing dated in the span
  if (Math.abs(ends[1] - ends[0]) > 2 * NARROW_MAX) return undefined;
  const r = prepared(db, `SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM (SELECT id FROM messages m WHERE ${where} LIMIT ${NARROW_MAX + 1})`)
    .get(...params) as { n: number; lo: number | null; hi: number | null };
  if (r.n > NARROW_MAX) return undefined;
  return r.n === 0 ? [1, 0] : [r.lo!, r.hi!];
}

/** A prefix covering more index terms than this is left to FTS5's own prefix query. */
export const PREFIX_EXPANSION_MAX = 500;

/**
 * The index's terms starting with `token` (an FTS5 token: folded as unicode61 folds), or null
 * when there are none or more than PREFIX_EXPANSION_MAX. Read from the fts5vocab table
 * (migration 0010), which walks the covered terms' doclists: for "lock" (322 terms in a
 * million messages) about 20 ms, against 80-160 ms for FTS5's prefix query itself.
 */
export function prefixTerms(db: ReadableDB, token: string): string[] | null {
  // U+10FFFF sorts after every character that can follow the prefix (terms compare as UTF-8 bytes)
  const terms = prepared(db, 'SELECT term FROM messages_fts_vocab WHERE term >= ? AND term < ? LIMIT ?')
    .pluck()
    .all(token, `${token}\u{10FFFF}`, PREFIX_EXPANSION_MAX + 1) as string[];
  return terms.length === 0 || terms.length > PREFIX_EXPANSION_MAX ? null : terms.filter((t) => t.startsWith(token));
}

/**
 * FTS5 seeks to a rowid bound only when the bound is an SQL integer, and better-sqlite3 binds
 * a JavaScript number as a real: with a real, FTS5 reads the whole doclist and filters
 * (subject:patch from id 999,001 of 1,000,000: 42 ms, against 0.4 ms with the cast).
 */
const INT = 'CAST(? AS INTEGER)';

/** " AND rowid BETWEEN ? AND ?" for FTS5 subqueries, with its params. */
function ftsRange(q: CompiledSearch): { sql: string; params: number[] } {
  return q.idRange ? { sql: ` AND rowid BETWEEN ${INT} AND ${INT}`, params: q.idRange } : { sql: '', params: [] };
}

// the body's place too: snippets read it without fetching the row again
const COLUMNS = 'm.id, m.msgid, m.thread_id, m.subject, m.from_name, m.from_addr, m.date, m.body_pack, m.body_off, m.body_len';
/** A newest-first page this long reads [id, date] per candidate and whole rows for the page; longer ones (thread grouping) read whole rows in the scan. */
const NARROW_PAGE_MAX = 64;

function source(q: CompiledSearch, rank: boolean, scanNewest: number | null, columns = COLUMNS): { sql: string; params: (string | number)[] } {
  if (q.match === null) return { sql: `SELECT ${columns}, 0 AS rank FROM messages m WHERE ${q.where}`, params: [...q.params] };
  const score = rank ? `bm25(messages_fts, ${BM25_WEIGHTS.join(', ')})` : '0';
  const range = ftsRange(q);
  const all = `SELECT ${columns}, f.rank AS rank FROM (SELECT rowid, ${score} AS rank FROM messages_fts WHERE messages_fts MATCH ?${range.sql}) f
    JOIN messages m ON m.id = f.rowid WHERE ${q.where}`;
  return {
    // the newest scanNewest matches that pass the filters: the limit after them, not before
    sql: scanNewest === null ? all : `SELECT * FROM (${all} ORDER BY f.rowid DESC LIMIT ${scanNewest})`,
    params: [q.match, ...range.params, ...q.params],
  };
}

export function runSearch(
  db: ReadableDB,
  q: CompiledSearch,
  o: { sort: 'relevance' | 'date'; limit: number; after?: SearchCursor; capped: boolean },
): SearchHitRow[] {
  const byRank = o.sort === 'relevance' && q.match !== null;
  const scan = o.capped ? RANK_SCAN : null;
  if (byRank && q.where === '1' && !o.after) {
    // text only: rank inside FTS5 and join just the page
    const sql = `SELECT ${COLUMNS}, f.rank AS rank FROM (
        SELECT rowid, rank FROM (SELECT rowid, bm25(messages_fts, ${BM25_WEIGHTS.join(', ')}) AS rank FROM messages_fts
          WHERE messages_fts MATCH ? ${scan ? `ORDER BY rowid DESC LIMIT ${scan}` : ''})
        ORDER BY rank LIMIT ?) f
      JOIN messages m ON m.id = f.rowid ORDER BY f.rank, m.date DESC, m.id DESC LIMIT ?`;
    // a little slack so ties in rank at the page boundary are ordered like later pages
    return prepared(db, sql).all(q.match, o.limit * 2 + 50, o.limit) as SearchHitRow[];
  }
  if (!byRank && o.limit <= NARROW_PAGE_MAX) {
    // newest first: every candidate gives its id and date, and only the page its whole row
    // (tc:linux-kernel at 1M, the newest 5,000 matches: 5.1 -> 3.6 ms; memory by date 7.4 -> 2.8).
    // Thread grouping wants thousands of rows: those come whole from the one scan below.
    const keys = source(q, false, scan, 'm.id, m.date');
    return hitRows(db, pageOf<{ id: number; rank: number }>(db, keys.sql, keys.params, false, o.limit, o.after));
  }
  const inner = source(q, byRank, scan);
  return pageOf<SearchHitRow>(db, inner.sql, inner.params, byRank, o.limit, o.after);
}

/**
 * A filtered query's page by bm25 when the count has read its matches (at most COUNT_CAP): FTS5
 * scores just those ids and the filters are not joined again (f:peng@... s:hugetlb at 1M: 665
 * of 12,733 subject matches, 20 -> 6 ms).
 */
export function rankMatches(db: ReadableDB, q: CompiledSearch, matches: number[], o: { limit: number; after?: SearchCursor }): SearchHitRow[] {
  if (q.match === null) throw new Error('rank matches: the query has no text');
  if (matches.length === 0) return [];
  // FTS5 seeks to the matches' id span (newest first: see countSearch; narrow when a date
  // filter selected them)...
  const [hi, lo] = [matches[0], matches[matches.length - 1]];
  // ...and "+rowid" keeps the list out of FTS5: as a plain rowid constraint FTS5 would seek every
  // listed id in every doclist (665 ids: 540 ms); this way it reads its doclists once and tests
  // each row against the list
  const sql = `SELECT ${COLUMNS}, f.rank AS rank FROM (SELECT rowid, bm25(messages_fts, ${BM25_WEIGHTS.join(', ')}) AS rank FROM messages_fts
      WHERE messages_fts MATCH ? AND rowid BETWEEN ${INT} AND ${INT} AND +rowid IN (SELECT value FROM json_each(?))) f
    JOIN messages m ON m.id = f.rowid`;
  return pageOf<SearchHitRow>(db, sql, [q.match, lo, hi, JSON.stringify(matches)], true, o.limit, o.after);
}

/** The page after `after` of `sql`'s result rows, by rank then newest first, or newest first. */
function pageOf<Row>(db: ReadableDB, sql: string, params: (string | number)[], byRank: boolean, limit: number, after?: SearchCursor): Row[] {
  let keyset = '';
  if (after) {
    if (byRank) {
      const dateParams: (string | number)[] = [];
      const byDate = newestFirstAfter('date', 'id', after, dateParams);
      keyset = `WHERE (rank > ? OR (rank = ? AND ${byDate}))`;
      params.push(after.rank, after.rank, ...dateParams);
    } else keyset = `WHERE ${newestFirstAfter('date', 'id', after, params)}`;
  }
  const order = byRank ? 'rank, date DESC, id DESC' : 'date DESC, id DESC';
  return prepared(db, `SELECT * FROM (${sql}) ${keyset} ORDER BY ${order} LIMIT ?`).all(...params, limit) as Row[];
}

/** The words quick ranking looks for (lower case): a row's subject and From are read only if they may hold one. */
export interface MatchProbe {
  subject: string[];
  from: string[];
}

/**
 * A match as [id, thread_id, date, subject, from] where from is "name address"; subject and
 * from are null unless they may hold a probe word (arrays: a thousand are read per query).
 */
export type MatchTuple = [number, number, number | null, string | null, string | null];

/**
 * SQL for "col, when it may contain one of the words": an ASCII case-insensitive substring, or
 * any text with non-ASCII characters (which the tokenizer folds: "Zoë" holds "zoe"; a string's
 * length in characters differs from its length in bytes exactly then). Turning a thousand
 * subjects into JavaScript strings costs more than all the ranking that follows.
 */
function whenMayHold(col: string, words: string[], params: (string | number)[]): string {
  if (words.length === 0) return 'NULL';
  params.push(...words);
  const tests = words.map(() => `instr(lower(${col}), ?) > 0`).join(' OR ');
  return `CASE WHEN ${tests} OR length(${col}) <> length(CAST(${col} AS BLOB)) THEN ${col} END`;
}

/** The rows of these matches (the newest ones the count read) as MatchTuples, in no particular order. */
export function matchRows(db: ReadableDB, ids: number[], probe: MatchProbe): MatchTuple[] {
  const params: (string | number)[] = [];
  const subject = whenMayHold('m.subject', probe.subject, params);
  const from = whenMayHold("(coalesce(m.from_name, '') || ' ' || coalesce(m.from_addr, ''))", probe.from, params);
  return prepared(db, `SELECT m.id, m.thread_id, m.date, ${subject}, ${from} FROM json_each(?) j JOIN messages m ON m.id = j.value`)
    .raw()
    .all(...params, JSON.stringify(ids)) as MatchTuple[];
}

/**
 * The newest `limit` of these messages after `after` (newest first, undated last, then by id),
 * as [id, date]. Ordered here, not in JavaScript: turning a thousand rows into arrays costs
 * more than the lookups.
 */
export function newestOf(db: ReadableDB, ids: number[], limit: number, after?: { date: number | null; id: number }): MatchKey[] {
  const params: (string | number)[] = [JSON.stringify(ids)];
  const keyset = after ? `WHERE ${newestFirstAfter('m.date', 'm.id', after, params)}` : '';
  return prepared(db, `SELECT m.id, m.date FROM json_each(?) j JOIN messages m ON m.id = j.value ${keyset} ORDER BY m.date IS NULL, m.date DESC, m.id DESC LIMIT ?`)
    .raw()
    .all(...params, limit) as MatchKey[];
}

/**
 * The ids from lo to hi whose FTS5 `column` holds the phrase (FTS5 tokens, none a prefix):
 * read from the index, where reading a thousand subjects to look for it costs several times
 * more (quick ranking of a million-message archive's common words).
 */
export function idsWithPhrase(db: ReadableDB, column: 'subject' | 'from_', tokens: string[], lo: number, hi: number): number[] {
  const phrase = `"${tokens.join(' ').replaceAll('"', '""')}"`;
  return prepared(db, `SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ${INT} AND ${INT}`)
    .pluck()
    .all(`${column} : ${phrase}`, lo, hi) as number[];
}

/** Result rows for ids already ranked, in their order (pages, and thread grouping's up to GROUP_SCAN rows). */
export function hitRows(db: ReadableDB, ranked: { id: number; rank: number }[]): SearchHitRow[] {
  const rows = prepared(db, `SELECT ${COLUMNS} FROM json_each(?) j JOIN messages m ON m.id = j.value`).all(JSON.stringify(ranked.map((r) => r.id))) as Omit<SearchHitRow, 'rank'>[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.map(({ id, rank }) => ({ ...byId.get(id)!, rank }));
}

/** A match's [id, date]. */
export type MatchKey = [number, number | null];

/** A WHERE clause that reads a column of m other than its id (has: v: and is:cover test m.id only). */
const READS_ROW = /\bm\.(?!id\b)\w/;

/**
 * Up to COUNT_CAP + 1 matching ids of a query with filters, newest (highest id) first when it
 * has text: FTS5 reads its doclists backwards, so the first QUICK_RANK_SCAN are the newest
 * matches quick ranking needs, and recent mail, which carries more trailers and series, meets
 * has: and v: filters sooner (has:reviewed-by lock: 2,001 matches in 8 ms, 17 forwards).
 */
function matchIds(db: ReadableDB, q: CompiledSearch): number[] {
  const limit = COUNT_CAP + 1;
  if (q.match === null) {
    // only the id: an index can then answer the filters without reading whole rows
    return prepared(db, `SELECT m.id FROM messages m WHERE ${q.where} LIMIT ?`).pluck().all(...q.params, limit) as number[];
  }
  const range = ftsRange(q);
  const fts = `SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?${range.sql}`;
  // filters on the id only (EXISTS on trailers or series) test FTS5's rowids without joining the rows
  const sql = READS_ROW.test(q.where)
    ? `SELECT m.id FROM (${fts}) f JOIN messages m ON m.id = f.id WHERE ${q.where} ORDER BY f.id DESC LIMIT ?`
    : `SELECT m.id FROM (${fts}) m WHERE ${q.where} ORDER BY m.id DESC LIMIT ?`;
  return prepared(db, sql).pluck().all(q.match, ...range.params, ...q.params, limit) as number[];
}

export interface SearchCount {
  /** Matches, counted up to COUNT_CAP. */
  total: number;
  capped: boolean;
  /** A query with filters, not capped: every matching id, newest first when it has text (its page is cut from them: newestOf, rankMatches). */
  matches?: number[];
  /** A query with text, capped: its newest QUICK_RANK_SCAN matching ids, newest first. */
  newest?: number[];
}

/**
 * How many messages match, counting at most COUNT_CAP. A query with filters is counted by
 * reading its matching ids (the join the count needs reads them anyway), which then serve
 * its page without running the join again.
 */
export function countSearch(db: ReadableDB, q: CompiledSearch): SearchCount {
  if (q.idRange && q.idRange[0] > q.idRange[1]) return { total: 0, capped: false, matches: [] };
  if (q.match !== null && q.where === '1') {
    // One scan, newest first, for the count and the matches quick ranking takes: FTS5 seeks
    // every term's doclist once per scan, which for a prefix's OR of hundreds of terms costs
    // more than reading the rows (lock*, 322 terms at 1M: 13 ms instead of 11 + 12).
    const ids = prepared(db, 'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?').pluck().all(q.match, COUNT_CAP + 1) as number[];
    if (ids.length <= COUNT_CAP) return { total: ids.length, capped: false };
    return { total: COUNT_CAP, capped: true, newest: ids.slice(0, QUICK_RANK_SCAN) };
  }
  const ids = matchIds(db, q);
  if (ids.length <= COUNT_CAP) return { total: ids.length, capped: false, matches: ids };
  return { total: COUNT_CAP, capped: true, newest: q.match !== null ? ids.slice(0, QUICK_RANK_SCAN) : undefined };
}
