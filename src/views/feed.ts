// Feed read models (render/atom.ts turns them into Atom): entries for messages, the newest
// matches of a search, and a topic's newest threads (from the topic index, sub-topics included).
import type { ReadableDB } from '../store/db.js';
import { addressOf, getBody, getMessageById, type MessageRow, type PackCache } from '../store/messages.js';
import { listTopicThreads } from '../store/topics.js';
import { splitQuoted } from '../parse/quotes.js';
import { findMessage, isoDate } from './message.js';
import type { FeedDTO, FeedEntryDTO } from '../render/atom.js';
import type { SearchHitDTO } from './search.js';

export type { FeedDTO, FeedEntryDTO };

/** Entries per feed, as lore serves them. */
export const FEED_ENTRIES = 25;
const SUMMARY_LINES = 12;
const SUMMARY_CHARS = 800;

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

/** A topic's (and its sub-topics') newest threads by last activity, from the topic index. */
export function topicThreads(db: ReadableDB, topic: string, limit = FEED_ENTRIES): { rootMsgid: string | null; lastDate: number | null }[] {
  return listTopicThreads(db, topic, { limit }).map((t) => ({ rootMsgid: t.root_msgid, lastDate: t.last_date }));
}
