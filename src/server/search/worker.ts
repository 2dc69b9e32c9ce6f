// One search worker: its own read-only connection, one query at a time. Runs off the HTTP
// thread so a slow query never holds the server (see pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openReadable } from '../../store/db.js';
import { BoundedPackCache } from '../../store/messages.js';
import { StoreMemo } from '../../store/memo.js';
import { BadCursorError, QuerySyntaxError, search } from '../../views/search.js';
import type { SearchJob, SearchReply } from './pool.js';

// The bench's query mix over a million messages reads some 350 pages a query from the OS
// (a pread each) through a 64 MiB page cache, about 100 through 256 MiB; the mix's mean query
// took 6.1 ms instead of 7.0 in one worker (7 paired runs, noisy). The cache fills only as
// pages are read: a small store never uses it.
const db = openReadable((workerData as { dbPath: string }).dbPath, { cacheMiB: 256 });
// Snippets are cut from stored bodies; hits of recent mail share brotli packs across queries,
// so each worker keeps the last PACKS inflated packs (raw packs of 8 messages: about 36 KB
// each, some 18 MB in all).
const PACKS = 512;
const packs = new BoundedPackCache(PACKS);
// prefix expansions ("lock*": about 20 ms in a million messages) and date spans, until an ingest commits
const memo = new StoreMemo(db);

parentPort!.on('message', (job: SearchJob) => {
  let reply: SearchReply;
  try {
    reply = { id: job.id, ok: search(db, job.text, job.options, { packs, memo }) };
  } catch (e) {
    if (e instanceof QuerySyntaxError) reply = { id: job.id, syntax: { message: e.message, position: e.position, hint: e.hint } };
    else if (e instanceof BadCursorError) reply = { id: job.id, badCursor: e.message };
    else reply = { id: job.id, failed: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
