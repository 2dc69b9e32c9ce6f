// Whole-store counts for `lkb stats` and /healthz.
import fs from 'node:fs';
import type { ReadableDB } from './db.js';

export interface StoreStats {
  messages: number;
  messageIds: number;
  threads: number;
  ghosts: number;
  patches: number;
  quarantined: number;
  lists: { listId: string; messages: number }[];
  firstDate: number | null;
  lastDate: number | null;
  rawBytes: number;
  dbBytes: number;
}

export function storeStats(db: ReadableDB, file: string): StoreStats {
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  const dates = db.prepare('SELECT min(date) AS first, max(date) AS last FROM messages').get() as {
    first: number | null;
    last: number | null;
  };
  let dbBytes = 0;
  for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) dbBytes += fs.statSync(f).size;
  return {
    messages: one('SELECT count(*) FROM messages'),
    messageIds: one('SELECT count(DISTINCT msgid) FROM messages'),
    threads: one('SELECT count(*) FROM threads'),
    ghosts: one('SELECT count(*) FROM nodes WHERE msgid NOT IN (SELECT msgid FROM messages)'),
    patches: one('SELECT count(*) FROM messages WHERE lines_added IS NOT NULL'),
    quarantined: one('SELECT count(*) FROM quarantine'),
    lists: (
      db
        .prepare(
          "SELECT coalesce(list_id, '(none)') AS listId, count(*) AS messages FROM messages GROUP BY list_id ORDER BY messages DESC LIMIT 50",
        )
        .all() as { listId: string; messages: number }[]
    ),
    firstDate: dates.first,
    lastDate: dates.last,
    rawBytes: one('SELECT coalesce(sum(size), 0) FROM messages'),
    dbBytes,
  };
}

/** Cheap counts for health checks. */
export function quickCounts(db: ReadableDB): { messages: number; threads: number } {
  return {
    messages: db.prepare('SELECT count(*) FROM messages').pluck().get() as number,
    threads: db.prepare('SELECT count(*) FROM threads').pluck().get() as number,
  };
}
