// Reads for exports of many threads: thread subjects page by page (so a 100,000-message
// topic is never one result set in memory) and the threads of series under a topic.
import type { ReadableDB } from './db.js';
import { preparedOnce } from './prepared.js';

const stmts = preparedOnce((db: ReadableDB) => ({
  subjectsAfter: db.prepare('SELECT id, subject FROM threads WHERE id > ? ORDER BY id LIMIT ?'),
  seriesTopicThreads: db.prepare(
    `SELECT m.thread_id FROM series s JOIN series_versions v ON v.series_id = s.id
       JOIN series_patches p ON p.version_id = v.id JOIN messages m ON m.id = p.message_id
     WHERE s.topic = ? OR s.topic LIKE ? ESCAPE '\\'
     UNION SELECT m.thread_id FROM series s JOIN series_versions v ON v.series_id = s.id JOIN messages m ON m.id = v.cover_id
     WHERE s.topic = ? OR s.topic LIKE ? ESCAPE '\\'`,
  ),
}));

/** Threads with id > `afterId`, ascending, at most `limit`. */
export function threadSubjectsAfter(db: ReadableDB, afterId: number, limit: number): { id: number; subject: string }[] {
  return stmts(db).subjectsAfter.all(afterId, limit) as { id: number; subject: string }[];
}

/** Threads holding a patch or cover letter of a series whose topic is `topic` or below it. */
export function threadIdsOfSeriesTopic(db: ReadableDB, topic: string): Set<number> {
  const t = topic.toLowerCase().replace(/\/+$/, '');
  const like = `${t.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;
  return new Set(stmts(db).seriesTopicThreads.pluck().all(t, like, t, like) as number[]);
}
