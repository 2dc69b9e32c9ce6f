// Running a compiled query: FTS5 for text (BM25-ranked when the query has positive text),
// SQL conditions for the rest; keyset cursors so pages are stable.
import type { ReadableDB } from './db.js';

/** BM25 column weights, in messages_fts column order: subject and new text above quotes and diffs. */
export const BM25_WEIGHTS = [10, 3, 1, 1, 5, 1, 1, 1, 1, 1, 1, 2];
/** Counting stops here: "more than 10,000 results" is all a reader needs to know. */
export const COUNT_CAP = 10000;

export interface SearchHitRow {
  id: number;
  msgid: string;
  thread_id: number;
  subject: string;
  from_name: string | null;
  from_addr: string | null;
  date: number | null;
  rank: number;
}

export interface SearchCursor {
  rank: number;
  date: number | null;
  id: number;
}

const COLUMNS = 'm.id, m.msgid, m.thread_id, m.subject, m.from_name, m.from_addr, m.date';

export function runSearch(
  db: ReadableDB,
  q: { where: string; params: (string | number)[]; rankMatch: string | null },
  o: { sort: 'relevance' | 'date'; limit: number; after?: SearchCursor },
): SearchHitRow[] {
  const byRank = o.sort === 'relevance' && q.rankMatch !== null;
  const inner = byRank
    ? `SELECT ${COLUMNS}, bm25(messages_fts, ${BM25_WEIGHTS.join(', ')}) AS rank
       FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
       WHERE messages_fts MATCH ? AND (${q.where})`
    : `SELECT ${COLUMNS}, 0 AS rank FROM messages m WHERE ${q.where}`;
  const params: (string | number)[] = byRank ? [q.rankMatch!, ...q.params] : [...q.params];
  let keyset = '';
  if (o.after) {
    if (byRank) {
      keyset = 'WHERE (rank > ? OR (rank = ? AND (coalesce(date, -1) < ? OR (coalesce(date, -1) = ? AND id < ?))))';
      params.push(o.after.rank, o.after.rank, o.after.date ?? -1, o.after.date ?? -1, o.after.id);
    } else {
      keyset = 'WHERE (coalesce(date, -1) < ? OR (coalesce(date, -1) = ? AND id < ?))';
      params.push(o.after.date ?? -1, o.after.date ?? -1, o.after.id);
    }
  }
  // ties in rank are broken by date, newest first
  const order = byRank ? 'rank, coalesce(date, -1) DESC, id DESC' : 'coalesce(date, -1) DESC, id DESC';
  return db.prepare(`SELECT * FROM (${inner}) ${keyset} ORDER BY ${order} LIMIT ?`).all(...params, o.limit) as SearchHitRow[];
}

/** How many messages match, counting at most COUNT_CAP. */
export function countSearch(db: ReadableDB, q: { where: string; params: (string | number)[] }): { total: number; capped: boolean } {
  const n = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM messages m WHERE ${q.where} LIMIT ?)`).pluck().get(...q.params, COUNT_CAP + 1) as number;
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
