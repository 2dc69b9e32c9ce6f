// read sources -> dedup -> parse (workers) -> store + thread, in batched transactions.
//
// The main thread reads and hashes; workers parse and compress; the main thread writes
// results strictly in source order (so ingest order, and every id derived from it, is
// deterministic) with no await inside a transaction (better-sqlite3's rule).
import crypto from 'node:crypto';
import type { RawMessage, SourceFormat } from '../domain/message.js';
import type { SourceError } from '../domain/source.js';
import { openSources, totalBytes } from '../sources/index.js';
import { bulkWrites, type WritableDB } from '../store/db.js';
import { insertChunk, isKnownHash } from '../store/messages.js';
import { quarantine } from '../store/quarantine.js';
import { clearCheckpoint, saveCheckpoint, stateStore } from '../store/state.js';
import { markThreadsDirty, refreshDirtyThreads } from '../store/threads.js';
import { compressOne } from '../store/codec.js';
import { ParsePool } from './pool.js';
import { rebuildSeries, type SeriesStageReport } from './series-stage.js';
import { runTopicStage, type TopicStageReport } from './topic-stage.js';
import { countDirtyTopicThreads, markTopicsDirty } from '../store/topics.js';
import type { ParseResult, ParseTask, TaskItem } from './task.js';

/** Messages per worker task (and per pack): see store/codec.ts PACK_SIZE for why small. */
const TASK_MESSAGES = 16;
/** A task is also cut at this many bytes, so one huge message doesn't drag others along. */
const TASK_BYTES = 1 << 20;
/** Tasks in flight per worker: enough to keep both cores busy, little enough to bound memory. */
const INFLIGHT_PER_WORKER = 32;
/**
 * Tasks written per transaction (2,048 messages). Every commit flushes a new FTS5 segment and
 * rewrites the b-tree pages it touched (the hash, msgid and nodes indexes are random, so each
 * message dirties pages of its own): on 100,000 messages the store half cost 198 us/message
 * at 12 tasks per transaction, 188 at 48, 179 at 160 (bench/ingest-split.ts LKB_TX); on
 * 10,000, medians of 4 rounds, 131 at 32 and 115 at 128. Tasks are written as they come (see
 * writeEntry), so a long transaction holds no parsed results in memory, only SQLite's
 * page cache; a killed ingest redoes at most this many tasks.
 */
export const TASKS_PER_TRANSACTION = 128;
/**
 * Thread rows (root, counts, dates) are recomputed every this many messages and at the end,
 * not per transaction: a thread touched by many batches is then recomputed once.
 */
const REFRESH_EVERY = 50000;
const SERIES_STALE = 'series:stale';
/** Larger messages are quarantined unparsed: no list delivers them and they'd stall a worker. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface IngestProgress {
  messages: number;
  bytesRead: number;
  totalBytes: number;
  added: number;
}

export interface IngestReport {
  seen: number;
  added: number;
  duplicates: number;
  quarantined: number;
  quarantineReasons: Record<string, number>;
  errors: SourceError[];
  bytesRead: number;
  seconds: number;
  threadsTouched: number;
  /** Set when the series stage ran (new mail, or a killed run left series stale). */
  series?: SeriesStageReport;
  /** Set when the topic stage ran (threads touched now or by a killed run). */
  topics?: TopicStageReport;
}

export interface IngestOptions {
  format?: SourceFormat;
  workers?: number;
  onProgress?: (p: IngestProgress) => void;
  onSourceError?: (e: SourceError) => void;
  /** Called as each post-ingest stage starts (benchmarks split their figures there). */
  onStage?: (stage: 'series' | 'topics') => void;
}

/**
 * The bytes decide what is a duplicate. One exception: a commit page lists a patch's history,
 * and two commits with identical messages are still two points of that history, so a
 * record's position on the page is part of its identity (re-reading the page still dedups).
 */
function dedupHash(m: RawMessage): Buffer {
  const h = crypto.createHash('sha1').update(m.raw);
  if (m.format === 'commit-page') h.update(`\0commit-page@${m.origin.slice(m.origin.lastIndexOf(':') + 1)}`);
  return h.digest();
}

/** Short, groupable reason: "no header fields (not a message)" rather than one line per origin. */
function reasonKey(reason: string): string {
  return reason.split('\n')[0].slice(0, 120);
}

export async function ingest(db: WritableDB, paths: string[], opts: IngestOptions = {}): Promise<IngestReport> {
  const started = performance.now();
  const report: IngestReport = {
    seen: 0,
    added: 0,
    duplicates: 0,
    quarantined: 0,
    quarantineReasons: {},
    errors: [],
    bytesRead: 0,
    seconds: 0,
    threadsTouched: 0,
  };
  const total = await totalBytes(paths).catch(() => 0);
  const pool = new ParsePool(opts.workers);
  const endBulk = bulkWrites(db);
  const inflightHashes = new Set<string>();
  const touchedAll = new Set<number>();

  interface Entry {
    seq: number;
    promise: Promise<ParseResult>;
    result?: ParseResult;
    hashes: string[];
  }
  const queue: Entry[] = [];
  const checkpoints: { afterSeq: number; key: string; value: string }[] = [];
  let seq = 0;
  let lastWrittenSeq = -1;
  let sinceRefresh = 0;
  // A killed earlier run may have left threads marked stale.
  refreshDirtyThreads(db);

  const noteQuarantine = (reason: string) => {
    report.quarantined++;
    const k = reasonKey(reason);
    report.quarantineReasons[k] = (report.quarantineReasons[k] ?? 0) + 1;
  };

  // One transaction spans TASKS_PER_TRANSACTION tasks, but each task is written as soon as it
  // is parsed and every task before it is written: the main thread alternates reading and
  // writing in small steps, so the workers always have the next tasks queued. (Writing 32
  // tasks at once, after awaiting all of them, left the workers idle while the main thread
  // wrote and the main thread idle while it waited.) The transaction is opened and committed
  // by hand: nothing else uses this connection meanwhile, and an error rolls it back.
  let txOpen = false;
  let txTasks = 0;
  let txMessages = 0;
  let txTouched = new Set<number>();

  const commit = () => {
    if (!txOpen) return;
    markThreadsDirty(db, txTouched);
    markTopicsDirty(db, txTouched);
    // series are rebuilt after the ingest; a killed run leaves this mark for the next one
    saveCheckpoint(db, SERIES_STALE, '1');
    db.exec('COMMIT');
    txOpen = false;
    for (const t of txTouched) touchedAll.add(t);
    txTouched = new Set();
    txTasks = 0;
    sinceRefresh += txMessages;
    txMessages = 0;
    if (sinceRefresh >= REFRESH_EVERY) {
      refreshDirtyThreads(db);
      sinceRefresh = 0;
    }
    opts.onProgress?.({ messages: report.seen, bytesRead: report.bytesRead, totalBytes: total, added: report.added });
  };

  const writeEntry = (e: Entry) => {
    if (!txOpen) {
      db.exec('BEGIN');
      txOpen = true;
    }
    const r = e.result!;
    report.added += insertChunk(db, r.chunk, txTouched);
    for (const q of r.quarantined) if (quarantine(db, q)) noteQuarantine(q.reason);
    lastWrittenSeq = e.seq;
    while (checkpoints.length && checkpoints[0].afterSeq <= lastWrittenSeq) {
      const c = checkpoints.shift()!;
      saveCheckpoint(db, c.key, c.value);
    }
    // the rows are visible to isKnownHash on this connection from now on
    for (const h of e.hashes) inflightHashes.delete(h);
    txMessages += r.chunk.messages.length;
    if (++txTasks >= TASKS_PER_TRANSACTION) commit();
  };

  /** Writes the parsed tasks at the head of the queue, in order, without waiting. */
  const writeDone = () => {
    while (queue.length && queue[0].result) writeEntry(queue.shift()!);
  };

  /** Waits for the oldest task, then writes it and whatever is done behind it. */
  const drainOne = async () => {
    const head = queue[0];
    if (!head.result) head.result = await head.promise;
    writeDone();
  };

  let items: TaskItem[] = [];
  let parts: Buffer[] = [];
  let taskBytes = 0;

  const submit = async () => {
    if (!items.length) return;
    // One fresh buffer per task, transferred to the worker: slices of a big read buffer
    // would drag (and copy) the whole buffer with them.
    const data = new Uint8Array(taskBytes);
    let off = 0;
    for (const p of parts) {
      data.set(p, off);
      off += p.length;
    }
    const task: ParseTask = { seq: seq++, data: data.buffer, items };
    const entry: Entry = { seq: task.seq, promise: pool.run(task), hashes: items.map((i) => i.hash.toString('hex')) };
    entry.promise.then((r) => (entry.result = r)).catch(() => {});
    queue.push(entry);
    items = [];
    parts = [];
    taskBytes = 0;
    // Parse results arrive as events. A reader whose bytes are already buffered goes on in
    // microtasks and never lets them in, so results piled up until the queue was full and
    // were then written in one burst while the workers, given nothing new, idled: one turn
    // of the event loop per task takes them in as they come.
    await new Promise<void>((resolve) => setImmediate(resolve));
    writeDone();
    while (queue.length >= pool.size * INFLIGHT_PER_WORKER) await drainOne();
  };

  const addMessage = async (m: RawMessage) => {
    report.seen++;
    const hash = dedupHash(m);
    const hex = hash.toString('hex');
    if (inflightHashes.has(hex) || isKnownHash(db, hash)) {
      report.duplicates++;
      return;
    }
    if (m.raw.length > MAX_MESSAGE_BYTES) {
      const reason = `message larger than ${MAX_MESSAGE_BYTES} bytes`;
      if (quarantine(db, { hash, origin: m.origin, reason, rawZ: compressOne(m.raw), size: m.raw.length })) noteQuarantine(reason);
      return;
    }
    inflightHashes.add(hex);
    const item: TaskItem = { hash, origin: m.origin, format: m.format, flags: m.flags, rawOff: taskBytes, rawLen: m.raw.length };
    parts.push(m.raw);
    taskBytes += m.raw.length;
    if (m.rebuilt) {
      item.rebuiltOff = taskBytes;
      item.rebuiltLen = m.rebuilt.length;
      parts.push(m.rebuilt);
      taskBytes += m.rebuilt.length;
    }
    items.push(item);
    if (items.length >= TASK_MESSAGES || taskBytes >= TASK_BYTES) await submit();
  };

  let lastProgress = 0;
  // Readers count bytes per input; add them up across inputs for MB/s and the ETA.
  let doneBytes = 0;
  let fileBytes = 0;
  // The stages write in bulk too (a series rebuild rewrites its tables): the synced
  // checkpoint comes once, after them.
  try {
    try {
      for await (const item of openSources(paths, { format: opts.format, state: stateStore(db) })) {
        if (item.kind === 'message') {
          if (item.bytesRead < fileBytes) doneBytes += fileBytes;
          fileBytes = item.bytesRead;
          report.bytesRead = doneBytes + fileBytes;
          await addMessage(item.message);
        } else if (item.kind === 'error') {
          report.errors.push(item.error);
          opts.onSourceError?.(item.error);
        } else {
          await submit();
          checkpoints.push({ afterSeq: seq - 1, key: item.key, value: item.value });
        }
        const now = performance.now();
        if (now - lastProgress > 250) {
          lastProgress = now;
          opts.onProgress?.({ messages: report.seen, bytesRead: report.bytesRead, totalBytes: total, added: report.added });
        }
      }
      await submit();
      while (queue.length) await drainOne();
      commit();
      if (checkpoints.length) {
        db.transaction(() => {
          for (const c of checkpoints.splice(0)) saveCheckpoint(db, c.key, c.value);
        })();
      }
      refreshDirtyThreads(db);
    } catch (e) {
      if (txOpen) db.exec('ROLLBACK');
      throw e;
    } finally {
      await pool.close();
    }
    // after the workers are gone: the series stage holds every candidate message in memory
    if (stateStore(db).get(SERIES_STALE)) {
      opts.onStage?.('series');
      report.series = rebuildSeries(db);
      clearCheckpoint(db, SERIES_STALE);
    }
    // after the series stage: a thread holding a series takes its title as evidence
    if (countDirtyTopicThreads(db) > 0) {
      opts.onStage?.('topics');
      report.topics = runTopicStage(db);
    }
  } finally {
    endBulk();
  }
  report.threadsTouched = touchedAll.size;
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
