// The topic read models shared by the store (src/views/topics.ts), the API and the web
// pages. A topic is a node of a hierarchy written with '/': "mm", "mm/asi", "drm/i915/gt".
import type { SeriesSummaryDTO } from './series.js';
import type { ThreadSummaryDTO } from './threads.js';

export interface TopicTermDTO {
  term: string;
  /** How much more often the term appears in this topic than in the whole archive (higher = more specific). */
  score: number;
  /** Messages of the topic containing the term. */
  count: number;
}

export interface MaintainerDTO {
  name: string | null;
  address: string;
  /** M: maintainer, R: reviewer (as MAINTAINERS writes them). */
  role: 'M' | 'R';
}

export interface TopicSummaryDTO {
  /** Full path, lower case: "mm/asi". */
  name: string;
  /** "mm" for "mm/asi"; null at the top. */
  parent: string | null;
  /** The MAINTAINERS section title when one maps to this topic ("MEMORY MANAGEMENT"). */
  title: string | null;
  /** Counts include sub-topics and respect the date filter of the request. */
  threadCount: number;
  messageCount: number;
  seriesCount: number;
  lastDate: string | null;
  /** Direct children's names. */
  children: string[];
}

export interface TopicListDTO {
  topics: TopicSummaryDTO[];
  /** Per top-level topic (and per topic in the list) the newest few series and threads, for the home page. */
  newest: Record<string, { series: SeriesSummaryDTO[]; threads: ThreadSummaryDTO[] }>;
}

export interface TopicDetailDTO extends TopicSummaryDTO {
  /** Every ancestor from the top, for breadcrumbs: ["mm"] for "mm/asi". */
  ancestors: string[];
  /** Direct sub-topics with their counts. */
  subtopics: TopicSummaryDTO[];
  terms: TopicTermDTO[];
  lists: string[];
  maintainers: MaintainerDTO[];
  /** Newest first (by last activity), this topic and its sub-topics. */
  series: SeriesSummaryDTO[];
  /** Discussion threads (threads that are not a series' patches/cover), newest first. */
  threads: ThreadSummaryDTO[];
  /** Opaque cursors for the next page of each list, null at the end. */
  nextSeriesCursor: string | null;
  nextThreadCursor: string | null;
}

export interface TopicFilter {
  /** Inclusive UTC ms bounds on message dates. */
  since?: number;
  until?: number;
  limit?: number;
  seriesCursor?: string;
  threadCursor?: string;
}
