// Which threads a topic or a search export covers, as a lazy stream of thread ids.
import type { ReadableDB } from '../store/db.js';
import { threadIdsOfTopic } from '../views/topics.js';
import { search } from '../views/search.js';

/**
 * A topic's threads and its sub-topics' (the topic index), by thread id. Read into an array
 * (8 bytes a thread) so no statement stays open on the connection while the export runs.
 */
export function selectTopicThreads(db: ReadableDB, name: string): number[] {
  return [...threadIdsOfTopic(db, name)];
}

/** Most threads a search export covers. */
export const SEARCH_EXPORT_MAX = 5000;
/** Threads per search page while selecting them. */
export const SEARCH_EXPORT_PAGE = 200;

/** Threads matching a lore-style query, best first (search's own thread grouping and paging). */
export function* selectSearchThreads(db: ReadableDB, query: string, now: number, max = SEARCH_EXPORT_MAX): Iterable<number> {
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = search(db, query, { group: 'thread', sort: 'relevance', limit: SEARCH_EXPORT_PAGE, cursor, now });
    for (const h of page.hits) {
      if (n++ >= max) return;
      yield h.threadId;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
