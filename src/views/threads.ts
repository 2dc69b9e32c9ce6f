// Thread read models: the newest-first list and one thread as a tree (flat, depth-first,
// with parent pointers: deep threads never recurse in the renderer or the JSON encoder).
import type { ReadableDB } from '../store/db.js';
import { addressOf, getBody, getThreadMessages, refsOf, type MessageRow } from '../store/messages.js';
import { quoteAttribution } from '../parse/quotes.js';
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
  /** The thread's topic ("mm/asi"); null = none found (shown as "(other)"). */
  topic: string | null;
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
    topic: t.topic ?? null,
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

/** `rows`: the thread's messages when the caller read them already (the thread web page). */
export function threadDTO(db: ReadableDB, threadId: number, rows?: MessageRow[]): ThreadDTO | null {
  const t = getThreadRow(db, threadId);
  if (!t) return null;
  rows ??= getThreadMessages(db, threadId);
  const byKey = new Map(rows.map((r) => [String(r.id), r]));
  const inputs: ThreadInput[] = rows.map((r) => ({
    key: String(r.id),
    msgid: r.msgid,
    inReplyTo: r.in_reply_to,
    references: refsOf(r),
    subjectNormalized: r.subject_norm,
    isReplySubject: r.reply_subject === 1,
    date: r.date,
    parentHint: r.parent_hint,
  }));
  placeReferencelessReplies(db, rows, inputs);
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
      from: r ? addressOf(r.from_name, r.from_addr) : null,
      date: isoDate(r?.date ?? null),
      hasPatch: r ? r.lines_added !== null : false,
    });
  }
  return { ...threadSummaryDTO(t), nodes };
}

const sameName = (a: string | null, b: string) => !!a && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A reply that carries no references (a scraped page, a broken mailer) joined this thread by
 * subject. Its quote attribution ("On <date>, <name> wrote:") says whose message it answers:
 * hang it under that person's message, the one nearest the quoted date (else the latest
 * before the reply). Without an attribution it stays where subject grouping puts it.
 */
function placeReferencelessReplies(db: ReadableDB, rows: MessageRow[], inputs: ThreadInput[]): void {
  rows.forEach((r, i) => {
    if (inputs[i].references.length > 0 || r.reply_subject !== 1) return;
    const who = quoteAttribution(getBody(db, r));
    if (!who) return;
    const quotedAt = who.date ? Date.parse(who.date.replace(/ at /, ' ')) : NaN;
    let best: MessageRow | undefined;
    let bestScore = Infinity;
    for (const c of rows) {
      if (c === r || c.msgid === r.msgid) continue;
      const byAddress = who.address && c.from_addr && who.address.toLowerCase() === c.from_addr.toLowerCase();
      if (!byAddress && !(who.name && sameName(c.from_name, who.name))) continue;
      if (r.date !== null && c.date !== null && c.date > r.date) continue;
      const score = Number.isNaN(quotedAt) || c.date === null ? -(c.date ?? 0) : Math.abs(c.date - quotedAt);
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best) inputs[i] = { ...inputs[i], references: [best.msgid], parentHint: best.msgid };
  });
}
