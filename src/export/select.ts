// Which threads a topic or a search export covers, as a lazy stream of thread ids.
// selectTopicThreads is the one place the topic rule lives (the lead swaps it for the topic index).
import type { ReadableDB } from '../store/db.js';
import { threadIdsOfSeriesTopic, threadSubjectsAfter } from '../store/export.js';
import { subjectTopic, topicMatches } from '../series/topic.js';
import { titleOf } from '../summary/thread.js';
import { search } from '../views/search.js';

const PAGE = 1000;

/** Threads whose root subject's topic is `name` (or below it), or that hold a series of that topic; by thread id. */
export function* selectTopicThreads(db: ReadableDB, name: string): Iterable<number> {
  const ofSeries = threadIdsOfSeriesTopic(db, name);
  for (let after = 0; ; ) {
    const page = threadSubjectsAfter(db, after, PAGE);
    if (!page.length) return;
    for (const t of page) {
      if (ofSeries.has(t.id) || topicMatches(subjectTopic(titleOf(t.subject)), name)) yield t.id;
    }
    after = page[page.length - 1].id;
  }
}

/** Threads matching a lore-style query, best first (search's own thread grouping and paging). */
export function* selectSearchThreads(db: ReadableDB, query: string, now: number, max = 5000): Iterable<number> {
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = search(db, query, { group: 'thread', sort: 'relevance', limit: 200, cursor, now });
    for (const h of page.hits) {
      if (n++ >= max) return;
      yield h.threadId;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
