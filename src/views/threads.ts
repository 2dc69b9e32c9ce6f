// Thread read models: the newest-first list and one thread as a tree (flat, depth-first,
// with parent pointers: deep threads never recurse in the renderer or the JSON encoder).
import type { ReadableDB } from '../store/db.js';
import { getRefsForThread, getThreadMessages } from '../store/messages.js';
import { getThreadRow, listThreads, threadIdOf, type ThreadRow } from '../store/threads.js';
import { buildTree, flattenTree, type ThreadInput } from '../thread/tree.js';
import { isoDate, type AddressDTO } from './message.js';

export interface ThreadSummaryDTO {
  id: number;
  subject: string;
  rootMsgid: string | null;
  messageCount: number;
  copyCount: number;
  participants: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface ThreadNodeDTO {
  msgid: string;
  /** null for the thread's roots. */
  parentMsgid: string | null;
  depth: number;
  /** A message that is referenced but not in the store (yet). */
  ghost: boolean;
  id: number | null;
  subject: string | null;
  from: AddressDTO | null;
  date: string | null;
  hasPatch: boolean;
}

export interface ThreadDTO extends ThreadSummaryDTO {
  nodes: ThreadNodeDTO[];
}

export function threadSummaryDTO(t: ThreadRow): ThreadSummaryDTO {
  return {
    id: t.id,
    subject: t.subject,
    rootMsgid: t.root_msgid,
    messageCount: t.message_count,
    copyCount: t.copy_count,
    participants: t.participants,
    firstDate: isoDate(t.first_date),
    lastDate: isoDate(t.last_date),
  };
}

/** Cursor = "lastDate:id" of the last thread on the previous page (opaque to clients). */
export function encodeCursor(t: ThreadRow): string {
  return Buffer.from(`${t.last_date ?? 'null'}:${t.id}`).toString('base64url');
}

export function decodeCursor(c: string): { lastDate: number | null; id: number } | null {
  const m = /^(null|-?\d+):(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  if (!m) return null;
  return { lastDate: m[1] === 'null' ? null : Number(m[1]), id: Number(m[2]) };
}

export function threadPage(db: ReadableDB, limit: number, cursor?: { lastDate: number | null; id: number }) {
  const rows = listThreads(db, { limit: limit + 1, before: cursor });
  const page = rows.slice(0, limit);
  return {
    threads: page.map(threadSummaryDTO),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/** Accepts a numeric thread id or any Message-ID in (or referenced by) the thread. */
export function resolveThreadId(db: ReadableDB, arg: string): number | undefined {
  if (/^\d+$/.test(arg) && getThreadRow(db, Number(arg))) return Number(arg);
  return threadIdOf(db, arg);
}

export function threadDTO(db: ReadableDB, threadId: number): ThreadDTO | null {
  const t = getThreadRow(db, threadId);
  if (!t) return null;
  const rows = getThreadMessages(db, threadId);
  const refs = getRefsForThread(db, threadId);
  const byKey = new Map(rows.map((r) => [String(r.id), r]));
  const inputs: ThreadInput[] = rows.map((r) => ({
    key: String(r.id),
    msgid: r.msgid,
    inReplyTo: r.in_reply_to,
    references: refs.get(r.id) ?? [],
    subjectNormalized: r.subject_norm,
    isReplySubject: r.reply_subject === 1,
    date: r.date,
    parentHint: r.parent_hint,
  }));
  const nodes: ThreadNodeDTO[] = [];
  const parents: string[] = [];
  for (const n of flattenTree(buildTree(inputs))) {
    parents[n.depth] = n.msgid;
    const r = n.key === null ? undefined : byKey.get(n.key);
    nodes.push({
      msgid: n.msgid,
      parentMsgid: n.depth > 0 ? parents[n.depth - 1] : null,
      depth: n.depth,
      ghost: !r,
      id: r?.id ?? null,
      subject: r?.subject ?? null,
      from: r && (r.from_addr || r.from_name) ? { name: r.from_name ?? '', address: r.from_addr ?? '' } : null,
      date: isoDate(r?.date ?? null),
      hasPatch: r ? r.lines_added !== null : false,
    });
  }
  return { ...threadSummaryDTO(t), nodes };
}
