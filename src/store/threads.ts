// Thread membership, kept at ingest (the public-inbox OverIdx / notmuch habit).
//
// A thread is a connected component of the graph whose nodes are Message-IDs (present
// messages and "ghosts": ids only referenced) and whose edges join a message to each id
// in its References/In-Reply-To. Components do not depend on arrival order, so neither do
// threads: whichever message comes first, the pieces merge when a link arrives.
//
// Every id (stored or ghost) has one `nodes` row naming its thread, so the thread of a node
// is one primary-key lookup, and merging two threads is one UPDATE in nodes and one in
// messages.
//
// A reply with no references at all ("Re: foo", no In-Reply-To) is joined to messages
// with the same normalized subject within SUBJECT_WINDOW_MS. The edge is symmetric and
// tested when either end arrives, so it is order independent too.
import type { ReadableDB, WritableDB } from './db.js';
import { preparedOnce } from './prepared.js';
import { newestFirstAfter } from './keyset.js';

/** How far apart (either way; dates are often skewed) a reference-less reply may join by subject. */
export const SUBJECT_WINDOW_MS = 14 * 24 * 3600 * 1000;
/** Subjects shorter than this ("update", "fix") are too common to join threads on. */
export const MIN_SUBJECT_KEY = 8;

export interface ThreadNodeInput {
  id: number;
  msgid: string;
  refs: string[];
  subjectNorm: string;
  /** A reply-subject message with no references: may join by subject. */
  refless: boolean;
  date: number | null;
}

const stmts = preparedOnce((db: WritableDB) => ({
  node: db.prepare('SELECT thread_id FROM nodes WHERE msgid = ?').pluck(),
  addNode: db.prepare('INSERT OR IGNORE INTO nodes (msgid, thread_id) VALUES (?, ?)'),
  subjectAny: db
    .prepare(
      `SELECT DISTINCT thread_id FROM messages
       WHERE subject_norm = ? AND date BETWEEN ? AND ? AND id <> ? AND thread_id <> 0`,
    )
    .pluck(),
  subjectRefless: db
    .prepare(
      `SELECT DISTINCT thread_id FROM messages
       WHERE subject_norm = ? AND date BETWEEN ? AND ? AND id <> ? AND thread_id <> 0
         AND reply_subject = 1 AND has_refs = 0`,
    )
    .pluck(),
  mergeMessages: db.prepare('UPDATE messages SET thread_id = ? WHERE thread_id = ?'),
  mergeNodes: db.prepare('UPDATE nodes SET thread_id = ? WHERE thread_id = ?'),
  dropThread: db.prepare('DELETE FROM threads WHERE id = ?'),
}));

/** Where a message goes: its thread, the threads it merges into that one, its ids not yet known. */
export interface ThreadPlan {
  thread: number;
  merged: number[];
  unknown: string[];
}

/**
 * Finds the thread of a message about to be stored under id `m.id`, before its row exists, so
 * the row is inserted with its thread (no second write of the row). Lookups only; the
 * merges and new nodes are written by applyThreadPlan once the row is stored.
 */
export function planThread(db: WritableDB, m: ThreadNodeInput): ThreadPlan {
  const s = stmts(db);
  const found = new Set<number>();
  const unknown: string[] = [];
  const look = (node: string) => {
    const t = s.node.get(node) as number | undefined;
    if (t === undefined) unknown.push(node);
    else found.add(t);
  };
  look(m.msgid);
  for (const r of m.refs) look(r);
  if (m.date !== null && m.subjectNorm.length >= MIN_SUBJECT_KEY) {
    const lo = m.date - SUBJECT_WINDOW_MS;
    const hi = m.date + SUBJECT_WINDOW_MS;
    const q = m.refless ? s.subjectAny : s.subjectRefless;
    for (const t of q.all(m.subjectNorm, lo, hi, m.id) as number[]) found.add(t);
  }
  // The smallest id wins: it is the thread's first message in ingest order.
  let thread = m.id;
  for (const t of found) if (t < thread) thread = t;
  const merged: number[] = [];
  for (const t of found) if (t !== thread) merged.push(t);
  return { thread, merged, unknown };
}

/** Writes a plan's merges and new nodes (after the message row is stored with plan.thread). */
export function applyThreadPlan(db: WritableDB, plan: ThreadPlan): void {
  const s = stmts(db);
  for (const loser of plan.merged) {
    s.mergeMessages.run(plan.thread, loser);
    s.mergeNodes.run(plan.thread, loser);
    s.dropThread.run(loser);
  }
  for (const node of plan.unknown) s.addNode.run(node, plan.thread);
}

/** Marks threads whose `threads` row needs recomputing (cheap; in the ingest transaction). */
export function markThreadsDirty(db: WritableDB, threadIds: Iterable<number>): void {
  const mark = db.prepare('INSERT OR IGNORE INTO threads_dirty (thread_id) VALUES (?)');
  for (const id of threadIds) mark.run(id);
}

/** Recomputes every thread marked dirty, in one transaction. Returns how many. */
export function refreshDirtyThreads(db: WritableDB): number {
  return db.transaction(() => {
    const ids = db.prepare('SELECT thread_id FROM threads_dirty').pluck().all() as number[];
    refreshThreads(db, ids);
    db.prepare('DELETE FROM threads_dirty').run();
    return ids.length;
  })();
}

/** Recomputes the per-thread facts (root, subject, counts, dates) of the given threads. */
export function refreshThreads(db: WritableDB, threadIds: Iterable<number>): void {
  const facts = db.prepare(`SELECT count(DISTINCT msgid) AS messages, count(*) AS copies,
      count(DISTINCT coalesce(from_addr, from_name)) AS participants, min(date) AS first, max(date) AS last
      FROM messages WHERE thread_id = ?`);
  const members = db.prepare(
    'SELECT id, msgid, refs, subject FROM messages WHERE thread_id = ? ORDER BY date IS NULL, date, id',
  );
  const upsert = db.prepare(`INSERT INTO threads (id, root_id, subject, message_count, copy_count, participants, first_date, last_date)
      VALUES (@id, @root, @subject, @messages, @copies, @participants, @first, @last)
      ON CONFLICT(id) DO UPDATE SET root_id = excluded.root_id, subject = excluded.subject,
        message_count = excluded.message_count, copy_count = excluded.copy_count,
        participants = excluded.participants, first_date = excluded.first_date, last_date = excluded.last_date`);
  const drop = db.prepare('DELETE FROM threads WHERE id = ?');
  for (const id of threadIds) {
    const f = facts.get(id) as { messages: number; copies: number; participants: number; first: number | null; last: number | null };
    if (!f.copies) {
      drop.run(id);
      continue;
    }
    const rows = members.all(id) as { id: number; msgid: string; refs: string | null; subject: string }[];
    const present = new Set(rows.map((r) => r.msgid));
    // Root: the earliest message none of whose references is in the thread.
    const root =
      rows.find((r) => !r.refs || !r.refs.split(' ').some((ref) => ref !== r.msgid && present.has(ref))) ?? rows[0];
    upsert.run({ id, root: root.id, subject: root.subject, ...f });
  }
}

// ---- reads ----------------------------------------------------------------------------

export interface ThreadRow {
  id: number;
  root_id: number | null;
  root_msgid: string | null;
  subject: string;
  message_count: number;
  copy_count: number;
  participants: number;
  first_date: number | null;
  last_date: number | null;
  /** Assigned by the topic stage (src/ingest/topic-stage.ts); null = no evidence. */
  topic: string | null;
}

/** The ThreadRow columns over `threads t` (shared with store/topics.ts). */
export const THREAD_COLUMNS = `t.id, t.root_id, (SELECT msgid FROM messages WHERE id = t.root_id) AS root_msgid, t.subject,
  t.message_count, t.copy_count, t.participants, t.first_date, t.last_date, t.topic`;

/** Newest activity first; keyset pagination on (last_date, id). */
export function listThreads(
  db: ReadableDB,
  opts: { limit: number; before?: { lastDate: number | null; id: number } },
): ThreadRow[] {
  if (!opts.before) {
    return db
      .prepare(`SELECT ${THREAD_COLUMNS} FROM threads t ${THREAD_ORDER} LIMIT ?`)
      .all(opts.limit) as ThreadRow[];
  }
  const args: (string | number)[] = [];
  return db
    .prepare(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE ${threadsAfter(opts.before, args)} ${THREAD_ORDER} LIMIT ?`)
    .all(...args, opts.limit) as ThreadRow[];
}

/** Newest activity first, undated threads last. */
export const THREAD_ORDER = 'ORDER BY t.last_date IS NULL, t.last_date DESC, t.id DESC';

/** The condition for "after this thread" in THREAD_ORDER; pushes its parameters onto `args`. */
export const threadsAfter = (before: { lastDate: number | null; id: number }, args: (string | number)[]): string =>
  newestFirstAfter('t.last_date', 't.id', { date: before.lastDate, id: before.id }, args);


export function getThreadRow(db: ReadableDB, id: number): ThreadRow | undefined {
  return db.prepare(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = ?`).get(id) as ThreadRow | undefined;
}

/** The thread a Message-ID belongs to: as a message, or as a ghost some message references. */
export function threadIdOf(db: ReadableDB, msgid: string): number | undefined {
  return db.prepare('SELECT thread_id FROM nodes WHERE msgid = ?').pluck().get(msgid) as number | undefined;
}

export function countThreads(db: ReadableDB): number {
  return db.prepare('SELECT count(*) FROM threads').pluck().get() as number;
}
