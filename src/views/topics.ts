// Topic read models (shapes in views/topic-types.ts): the topic tree with counts for the home
// page, one topic in detail, and the thread <-> topic lookups the exporter needs.
import type { ReadableDB } from '../store/db.js';
import { getThreadRow } from '../store/threads.js';
import {
  OTHER_TOPIC,
  ancestorsOf,
  exactTopicCounts,
  getTopicRow,
  iterateTopicThreadIds,
  listTopicRows,
  listTopicThreads,
  observedLists,
  rollUp,
  topicSections,
  topicTerms,
  type TopicRow,
} from '../store/topics.js';
import { seriesPage } from './series.js';
import { decodeCursor, encodeCursor, threadSummaryDTO } from './threads.js';
import { isoDate } from './message.js';
import type { TopicDetailDTO, TopicFilter, TopicListDTO, TopicSummaryDTO } from './topic-types.js';

export { OTHER_TOPIC };

/** Newest series and threads shown per top-level topic on the home page. */
export const HOME_NEWEST = 3;
const DEFAULT_LIMIT = 25;

const filtered = (f: TopicFilter) => f.since !== undefined || f.until !== undefined;

/** Topic rows with counts for the filter: the stored roll-up, or one recount over the date range. */
function topicRows(db: ReadableDB, f: TopicFilter): { rows: TopicRow[]; other: TopicRow | null } {
  const stored = listTopicRows(db);
  const exact = exactTopicCounts(db, filtered(f) ? { since: f.since, until: f.until } : {});
  const o = exact.get(null);
  const other = o && o.threads ? { name: OTHER_TOPIC, parent: null, title: null, thread_count: o.threads, message_count: o.messages, series_count: o.series, last_date: o.last } : null;
  if (!filtered(f)) return { rows: stored, other };
  const rolled = rollUp(exact);
  const titles = new Map(stored.map((r) => [r.name, r.title]));
  const rows: TopicRow[] = [...rolled]
    .map(([name, c]) => ({
      name,
      parent: ancestorsOf(name).pop() ?? null,
      title: titles.get(name) ?? null,
      thread_count: c.threads,
      message_count: c.messages,
      series_count: c.series,
      last_date: c.last,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return { rows, other };
}

function summaries(rows: TopicRow[]): TopicSummaryDTO[] {
  const children = new Map<string, string[]>();
  for (const r of rows) {
    if (r.parent === null) continue;
    const l = children.get(r.parent) ?? [];
    l.push(r.name);
    children.set(r.parent, l);
  }
  return rows.map((r) => ({
    name: r.name,
    parent: r.parent,
    title: r.title,
    threadCount: r.thread_count,
    messageCount: r.message_count,
    seriesCount: r.series_count,
    lastDate: isoDate(r.last_date),
    children: children.get(r.name) ?? [],
  }));
}

/**
 * Every topic (sorted by name, so parents come before children) with counts for the date
 * range; "(other)" last when some threads have no topic. `newest` holds, per top-level
 * topic, its newest few series and discussion threads in the range.
 */
export function listTopics(db: ReadableDB, f: TopicFilter = {}): TopicListDTO {
  const { rows, other } = topicRows(db, f);
  const topics = summaries(other ? [...rows, other] : rows);
  const newest: TopicListDTO['newest'] = {};
  const n = Math.min(f.limit ?? HOME_NEWEST, 20);
  for (const t of topics) {
    if (t.parent !== null) continue;
    newest[t.name] = {
      series: seriesPage(db, { limit: n, topic: t.name, since: f.since, until: f.until }).series,
      threads: listTopicThreads(db, t.name, { limit: n, since: f.since, until: f.until, discussionsOnly: true }).map(threadSummaryDTO),
    };
  }
  return { topics, newest };
}

/** One topic (or "(other)"); null when it has no threads or series. */
export function topicDetail(db: ReadableDB, name: string, f: TopicFilter = {}): TopicDetailDTO | null {
  const key = name === OTHER_TOPIC ? name : name.toLowerCase().replace(/\/+$/, '');
  const { rows, other } = topicRows(db, f);
  const row = key === OTHER_TOPIC ? other : rows.find((r) => r.name === key);
  // a topic that exists but has nothing in the date range is still a page (empty lists)
  const known = row ?? (key === OTHER_TOPIC ? null : getTopicRow(db, key));
  if (!known) return null;
  const base = row ?? { ...known, thread_count: 0, message_count: 0, series_count: 0, last_date: null };
  const list = summaries([...rows, ...(other ? [other] : [])]);
  const me = list.find((t) => t.name === key) ?? summaries([base])[0];
  const limit = Math.min(f.limit ?? DEFAULT_LIMIT, 200);

  const seriesBefore = f.seriesCursor ? decodeCursor(f.seriesCursor) : undefined;
  const threadBefore = f.threadCursor ? decodeCursor(f.threadCursor) : undefined;
  if (seriesBefore === null || threadBefore === null) throw new TopicCursorError();
  const series = seriesPage(db, { limit, topic: key, since: f.since, until: f.until, before: seriesBefore });
  const threadRows = listTopicThreads(db, key, { limit: limit + 1, since: f.since, until: f.until, before: threadBefore, discussionsOnly: true });
  const threads = threadRows.slice(0, limit);

  const sections = key === OTHER_TOPIC ? { lists: [], people: [] } : topicSections(db, key);
  return {
    ...me,
    ancestors: key === OTHER_TOPIC ? [] : ancestorsOf(key),
    subtopics: list.filter((t) => t.parent === key),
    terms: key === OTHER_TOPIC ? [] : topicTerms(db, key),
    lists: sections.lists.length ? sections.lists : observedLists(db, key),
    maintainers: sections.people,
    series: series.series,
    threads: threads.map(threadSummaryDTO),
    nextSeriesCursor: series.nextCursor,
    nextThreadCursor: threadRows.length > limit ? encodeCursor(threads[threads.length - 1]) : null,
  };
}

/** A cursor that is not one this API handed out. */
export class TopicCursorError extends Error {
  constructor() {
    super('invalid cursor: pass back the nextSeriesCursor/nextThreadCursor of a previous page');
  }
}

export function topicOfThread(db: ReadableDB, threadId: number): string | null {
  return getThreadRow(db, threadId)?.topic ?? null;
}

/** Thread ids of a topic and its sub-topics ("(other)": threads without one), streamed. */
export function threadIdsOfTopic(db: ReadableDB, name: string): Iterable<number> {
  return iterateTopicThreadIds(db, name === OTHER_TOPIC ? name : name.toLowerCase().replace(/\/+$/, ''));
}

/**
 * A date bound from a query string: ISO dates or date-times ("2020-03-01", "2020-03-01T12:00Z").
 * A bare date as `until` means the end of that day. null when unparsable.
 */
export function parseDateBound(s: string, side: 'since' | 'until'): number | null {
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return null;
  return side === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? ms + 24 * 3600 * 1000 - 1 : ms;
}
