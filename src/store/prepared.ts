// Hot statements are prepared once per connection, not per call.
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
