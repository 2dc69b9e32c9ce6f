// Searches run in a small pool of worker threads with a deadline. SQLite cannot be
// interrupted through better-sqlite3, and a pathological query ("a* OR b*" merges the
// doclists of every term under two letters) can take seconds: the HTTP thread answers at the
// deadline with an empty, partial result, and the worker that is still busy is retired
// (terminated once SQLite returns) and replaced. Queries beyond the queue bound are refused.
import { Worker } from 'node:worker_threads';
import type { SearchOptions, SearchResultDTO } from '../../views/search.js';

export interface SearchJob {
  id: number;
  text: string;
  options: SearchOptions;
}

export type SearchReply =
  | { id: number; ok: SearchResultDTO }
  | { id: number; syntax: { message: string; position: number; hint: string } }
  | { id: number; badCursor: string }
  | { id: number; failed: string };

/** What run() resolves to; a worker failure (a bug, not bad input) rejects instead. */
export type SearchOutcome = Exclude<SearchReply, { failed: string }> | { id: number; timedOut: true } | { id: number; busy: true };

export interface SearchPoolOptions {
  dbPath: string;
  /** Worker threads (default 2: one per core here). */
  size?: number;
  /** Milliseconds before a query is answered as timed out (default 2,000). */
  deadlineMs?: number;
  /** Waiting queries beyond this are refused as busy (default 64). */
  maxQueue?: number;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}

interface Pending {
  job: SearchJob;
  resolve: (o: SearchOutcome) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

const workerUrl = new URL('./worker.js', import.meta.url);

export class SearchPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;
  readonly deadlineMs: number;
  readonly maxQueue: number;

  constructor(private readonly o: SearchPoolOptions) {
    this.size = o.size ?? 2;
    this.deadlineMs = o.deadlineMs ?? 2000;
    this.maxQueue = o.maxQueue ?? 64;
  }

  run(text: string, options: SearchOptions): Promise<SearchOutcome> {
    const id = this.nextId++;
    if (this.closed) return Promise.resolve({ id, busy: true });
    return new Promise((resolve, reject) => {
      const p: Pending = { job: { id, text, options }, resolve, reject };
      // The deadline counts from arrival: time spent queued behind slow queries counts too.
      p.timer = setTimeout(() => this.expire(p), this.deadlineMs);
      if (this.queue.length >= this.maxQueue) {
        clearTimeout(p.timer);
        resolve({ id, busy: true });
        return;
      }
      this.queue.push(p);
      this.dispatch();
    });
  }

  /** Start the workers now (server start) so the first query does not pay for it. */
  warm(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.finish(p, { id: p.job.id, busy: true });
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.job = p;
      slot.worker.postMessage(p.job);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(workerUrl, { workerData: { dbPath: this.o.dbPath } }), job: null };
    slot.worker.unref();
    slot.worker.on('message', (r: SearchReply) => {
      const p = slot.job;
      slot.job = null;
      if (p && p.job.id === r.id) this.finish(p, r);
      this.dispatch();
    });
    slot.worker.on('error', (err) => this.retire(slot, { failed: err.message }));
    slot.worker.on('exit', () => this.retire(slot, { failed: 'search worker exited' }));
    this.slots.push(slot);
    return slot;
  }

  /** A worker that died or was given up on: answer its query and stop using it. */
  private retire(slot: Slot, why: { failed: string }): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.job) this.finish(slot.job, { id: slot.job.job.id, ...why });
    slot.job = null;
    if (!this.closed) this.dispatch();
  }

  private expire(p: Pending): void {
    const qi = this.queue.indexOf(p);
    if (qi >= 0) this.queue.splice(qi, 1);
    const slot = this.slots.find((s) => s.job === p);
    this.finish(p, { id: p.job.id, timedOut: true });
    if (slot) {
      slot.job = null;
      const i = this.slots.indexOf(slot);
      this.slots.splice(i, 1);
      void slot.worker.terminate();
      this.dispatch();
    }
  }

  private finish(p: Pending, o: SearchOutcome | SearchReply): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
    const { resolve, reject } = p;
    p.resolve = () => {};
    p.reject = () => {};
    if ('failed' in o) reject(new Error(`search failed: ${o.failed}`));
    else resolve(o);
  }
}
