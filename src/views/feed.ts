// Feed read models (render/atom.ts turns them into Atom): entries for messages, the newest
// matches of a search, and a topic's threads. A topic feed takes the thread list the topic
// view already computed, so the web's /topic/<name>/atom.xml is two lines once that view exists:
//   const detail = topicDetail(db, name, {limit: 25});
//   reply.type(ATOM_TYPE).send(renderAtom(topicFeed(db, name, detail.threads), base));
// Until then `topicThreadsBySubject` finds a topic's threads from subject prefixes and series topics.
import type { ReadableDB } from '../store/db.js';
import { addressOf, getBody, getMessageById, type MessageRow, type PackCache } from '../store/messages.js';
import { listThreads } from '../store/threads.js';
import { listSeries } from '../store/series.js';
import { splitQuoted } from '../parse/quotes.js';
import { parseSubjectTags } from '../series/subject-tags.js';
import { subjectTopic, topicMatches } from '../series/topic.js';
import { findMessage, isoDate } from './message.js';
import type { FeedDTO, FeedEntryDTO } from '../render/atom.js';
import type { SearchHitDTO } from './search.js';

export type { FeedDTO, FeedEntryDTO };

/** Entries per feed, as lore serves them. */
export const FEED_ENTRIES = 25;
const SUMMARY_LINES = 12;
const SUMMARY_CHARS = 800;
/** How many of the newest threads the subject-prefix topic scan looks at. */
const TOPIC_SCAN_THREADS = 5000;

/** The first lines of the sender's own text: quotes, and the diff of a patch, left out. */
export function summaryOf(body: string): string {
  const { newText } = splitQuoted(body);
  const cut = newText.search(/^(?:---[ \t]*$|diff -)/m);
  const own = (cut >= 0 ? newText.slice(0, cut) : newText).replace(/\r\n/g, '\n');
  const lines = own.split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  let text = lines.slice(0, SUMMARY_LINES).join('\n').trimEnd();
  if (text.length > SUMMARY_CHARS) text = `${text.slice(0, SUMMARY_CHARS)}…`;
  return text;
}

export function feedEntry(db: ReadableDB, row: MessageRow, packs?: PackCache): FeedEntryDTO {
  return {
    msgid: row.msgid,
    title: row.subject,
    author: addressOf(row.from_name, row.from_addr),
    updated: isoDate(row.date),
    summary: summaryOf(getBody(db, row, packs)),
  };
}

/** Entries for stored messages by id, in the order given (unknown ids skipped). */
export function messageFeedEntries(db: ReadableDB, ids: Iterable<number>): FeedEntryDTO[] {
  const packs: PackCache = new Map();
  const out: FeedEntryDTO[] = [];
  for (const id of ids) {
    const row = getMessageById(db, id);
    if (row) out.push(feedEntry(db, row, packs));
  }
  return out;
}

/** A search's feed from its hits (newest first: run the search with sort=date). */
export function searchFeed(db: ReadableDB, q: string, hits: readonly SearchHitDTO[]): FeedDTO {
  const packs: PackCache = new Map();
  const entries: FeedEntryDTO[] = [];
  for (const h of hits) {
    const found = findMessage(db, h.msgid);
    if (found) entries.push(feedEntry(db, found.row, packs));
  }
  const qs = `?q=${encodeURIComponent(q)}`;
  return { title: `Search: ${q}`, selfPath: `/search/atom.xml${qs}`, htmlPath: `/search${qs}`, entries };
}

/** A topic's feed: one entry per thread, its root message (threads without a stored root are skipped). */
export function topicFeed(db: ReadableDB, topic: string, threads: readonly { rootMsgid: string | null }[]): FeedDTO {
  const packs: PackCache = new Map();
  const entries: FeedEntryDTO[] = [];
  for (const t of threads) {
    const found = t.rootMsgid ? findMessage(db, t.rootMsgid) : null;
    if (found) entries.push(feedEntry(db, found.row, packs));
  }
  const path = `/topic/${topic.split('/').map(encodeURIComponent).join('/')}`;
  return { title: `Topic: ${topic}`, selfPath: `${path}/atom.xml`, htmlPath: path, entries };
}

/**
 * Until the topic index: a topic's newest threads, from the subsystem prefix of thread
 * subjects ("mm: ..." is under "mm") among the newest TOPIC_SCAN_THREADS threads, plus the
 * threads of series whose topic matches. Newest activity first.
 */
export function topicThreadsBySubject(db: ReadableDB, topic: string, limit = FEED_ENTRIES): { rootMsgid: string | null; lastDate: number | null }[] {
  const found = new Map<number, { rootMsgid: string | null; lastDate: number | null }>();
  for (const t of listThreads(db, { limit: TOPIC_SCAN_THREADS })) {
    if (found.size >= limit) break;
    if (topicMatches(subjectTopic(parseSubjectTags(t.subject).title), topic)) found.set(t.id, { rootMsgid: t.root_msgid, lastDate: t.last_date });
  }
  for (const s of listSeries(db, { topic, limit })) {
    const row = findMessage(db, s.latest_key)?.row; // a posting key is its cover's or first patch's Message-ID
    if (row && !found.has(row.thread_id)) found.set(row.thread_id, { rootMsgid: row.msgid, lastDate: s.last_date });
  }
  return [...found.values()].sort((a, b) => (b.lastDate ?? -Infinity) - (a.lastDate ?? -Infinity)).slice(0, limit);
}
