// Hot statements are prepared once per connection, not per call.
import type { Statement } from 'better-sqlite3';
import type { ReadableDB } from './db.js';

export function preparedOnce<D extends ReadableDB, T>(build: (db: D) => T): (db: D) => T {
  const cache = new WeakMap<D, T>();
  return (db) => {
    let s = cache.get(db);
    if (s === undefined) {
      s = build(db);
      cache.set(db, s);
    }
    return s;
  };
}

/**
 * Statements whose SQL is assembled per call (search plans), cached per connection by their
 * text: a search runs 3-5 of them, their text depends only on the query's shape, and
 * preparing one costs more than running a cheap one.
 */
const bySql = new WeakMap<ReadableDB, Map<string, Statement>>();
const BY_SQL_MAX = 200;

export function preparedSql(db: ReadableDB, sql: string): Statement {
  let cache = bySql.get(db);
  if (!cache) bySql.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) {
    if (cache.size >= BY_SQL_MAX) cache.clear();
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  return st;
}
