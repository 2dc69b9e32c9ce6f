// The thread web page's read model: the tree (threadDTO) plus each stored message's body and
// trailers, read with one pack cache (a thread's messages usually share a few packs) and one
// trailer query for the whole thread.
import type { ReadableDB } from '../store/db.js';
import { addressOf, getBody, getThreadMessages, getThreadTrailers, type PackCache } from '../store/messages.js';
import { threadDTO, type ThreadDTO } from './threads.js';

export interface ThreadMessageText {
  body: string;
  trailers: { name: string; value: string; person: { name: string; address: string } | null }[];
}

export interface ThreadPageDTO {
  thread: ThreadDTO;
  /** By message row id (ThreadNodeDTO.id). */
  texts: Map<number, ThreadMessageText>;
}

export function threadPageDTO(db: ReadableDB, threadId: number): ThreadPageDTO | null {
  const rows = getThreadMessages(db, threadId);
  const thread = threadDTO(db, threadId, rows);
  if (!thread) return null;
  const packs: PackCache = new Map();
  const trailers = getThreadTrailers(db, threadId);
  const texts = new Map<number, ThreadMessageText>();
  for (const r of rows) {
    texts.set(r.id, {
      body: getBody(db, r, packs),
      trailers: (trailers.get(r.id) ?? []).map((t) => ({ name: t.name, value: t.value, person: addressOf(t.person_name, t.person_addr) })),
    });
  }
  return { thread, texts };
}
