// The two halves of an ingest measured apart, in one thread each, so that a change to either
// can be compared on a shared machine: the parse-worker half (runTask: mailparser, our parsers,
// packs, search documents) and the store half (the pipeline's transactions over the parsed
// chunks: insertChunk, dirty marks, checkpoint row), each timed by the thread's CPU seconds.
//   LKB_BENCH_N=20000 LKB_BENCH_DIR=/tmp/lkb-bench node dist/bench/ingest-split.js [rounds]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { openSources } from '../src/sources/index.js';
import { runTask } from '../src/ingest/worker.js';
import { TASKS_PER_TRANSACTION } from '../src/ingest/pipeline.js';
import type { ParseResult, TaskItem } from '../src/ingest/task.js';
import { bulkWrites, openWritable } from '../src/store/db.js';
import { insertChunk } from '../src/store/messages.js';
import { markThreadsDirty, refreshDirtyThreads } from '../src/store/threads.js';
import { markTopicsDirty } from '../src/store/topics.js';
import { saveCheckpoint } from '../src/store/state.js';

const n = Number(process.env.LKB_BENCH_N ?? 20000);
const dir = process.env.LKB_BENCH_DIR ?? '/tmp/lkb-bench';
const rounds = Number(process.argv[2] ?? 2);
const mbox = path.join(dir, `c${n}.mbox`);

function threadCpu(): number {
  const stat = fs.readFileSync(`/proc/thread-self/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

// Tasks of 16 messages, as the pipeline cuts them.
const tasks: { data: Buffer; items: TaskItem[] }[] = [];
let items: TaskItem[] = [];
let parts: Buffer[] = [];
let off = 0;
const cut = () => {
  if (items.length) tasks.push({ data: Buffer.concat(parts), items });
  items = [];
  parts = [];
  off = 0;
};
for await (const it of openSources([mbox])) {
  if (it.kind !== 'message') continue;
  const m = it.message;
  const hash = crypto.createHash('sha1').update(m.raw).digest();
  items.push({ hash, origin: m.origin, format: m.format, flags: m.flags, rawOff: off, rawLen: m.raw.length });
  parts.push(m.raw);
  off += m.raw.length;
  if (items.length >= 16) cut();
}
cut();
const messages = tasks.reduce((k, t) => k + t.items.length, 0);

// LKB_PARSE_CACHE=FILE keeps the parsed chunks between runs, for comparing store changes alone.
const cacheFile = process.env.LKB_PARSE_CACHE;
let results: ParseResult[] = [];
const cached = cacheFile && fs.existsSync(cacheFile);
if (cached) {
  const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  results = v8.deserialize(fs.readFileSync(cacheFile)) as ParseResult[];
  for (const r of results) {
    r.chunk.rawPacks = r.chunk.rawPacks.map(asBuffer);
    r.chunk.textPack = asBuffer(r.chunk.textPack);
    for (const m of r.chunk.messages) m.hash = asBuffer(m.hash);
  }
}
for (let r = 0; r < (cached ? 0 : Number(process.env.LKB_PARSE_ROUNDS ?? rounds)); r++) {
  results = [];
  const c0 = threadCpu();
  const t0 = performance.now();
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    const data = new Uint8Array(t.data.length);
    data.set(t.data);
    results.push(await runTask({ seq: i, data: data.buffer, items: t.items }));
  }
  const cpu = threadCpu() - c0;
  console.log(
    `parse: ${Math.round((cpu * 1e6) / messages)} us CPU/message (${messages} messages, ${((performance.now() - t0) / 1000).toFixed(1)} s wall)`,
  );
}

if (cacheFile && !cached) fs.writeFileSync(cacheFile, v8.serialize(results));

// LKB_TX=12,48: tasks per transaction of each store round in turn (default: the pipeline's)
const txSizes = (process.env.LKB_TX ?? String(TASKS_PER_TRANSACTION)).split(',').map(Number);
for (let r = 0; r < rounds; r++) {
  const TASKS_PER_TRANSACTION = txSizes[r % txSizes.length];
  const file = path.join(dir, `split-${process.pid}.sqlite`);
  const db = openWritable(file);
  const end = bulkWrites(db);
  for (const kv of (process.env.LKB_FTS ?? '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('${k}', ${Number(v)})`); }
  const c0 = threadCpu();
  const t0 = performance.now();
  for (let i = 0; i < results.length; i += TASKS_PER_TRANSACTION) {
    const batch = results.slice(i, i + TASKS_PER_TRANSACTION);
    const touched = new Set<number>();
    db.transaction(() => {
      for (const b of batch) insertChunk(db, b.chunk, touched);
      markThreadsDirty(db, touched);
      markTopicsDirty(db, touched);
      saveCheckpoint(db, 'series:stale', '1');
    })();
  }
  refreshDirtyThreads(db);
  end();
  const cpu = threadCpu() - c0;
  console.log(
    `store (${TASKS_PER_TRANSACTION} tasks/transaction): ${Math.round((cpu * 1e6) / messages)} us CPU/message (${((performance.now() - t0) / 1000).toFixed(1)} s wall)`,
  );
  db.close();
  for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
}
