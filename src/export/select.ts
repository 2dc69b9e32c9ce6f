// Which threads a topic or a search export covers, by thread id.
import type { ReadableDB } from '../store/db.js';
import { threadIdsOfTopic } from '../views/topics.js';
import type { SearchOptions, SearchResultDTO } from '../views/search.js';

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

/** One page of search results: search() over a connection, or the server's search pool. */
export type SearchPager = (o: SearchOptions) => SearchResultDTO | Promise<SearchResultDTO>;

/** Threads matching a query, best first (search's own thread grouping and paging), read into an array. */
export async function selectSearchThreads(page: SearchPager, now: number, max = SEARCH_EXPORT_MAX): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const p = await page({ group: 'thread', sort: 'relevance', limit: SEARCH_EXPORT_PAGE, cursor, now });
    for (const h of p.hits) if (ids.length < max) ids.push(h.threadId);
    cursor = p.nextCursor ?? undefined;
  } while (cursor && ids.length < max);
  return ids;
}
