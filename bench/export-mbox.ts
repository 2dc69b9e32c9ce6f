// npm run bench:export:mbox — streams N messages of a store to an mbox file and prints time, MB/s
// and peak RSS: the export must not hold the archive in memory.
//   LKB_BENCH_DB=/tmp/lkb-bench/search-1000000.sqlite LKB_BENCH_N=100000 npm run bench:export:mbox
// Uses any existing store (read-only; bench:search builds one). LKB_BENCH_GZIP=1 gzips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReadable } from '../src/store/db.js';
import { writeMessagesMbox } from '../src/export/mbox.js';

const dbFile = process.env.LKB_BENCH_DB ?? '/tmp/lkb-bench/search-1000000.sqlite';
const n = Number(process.env.LKB_BENCH_N ?? 100000);
const gzip = process.env.LKB_BENCH_GZIP === '1';
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lkb-bench-export-')), gzip ? 'topic.mbox.gz' : 'topic.mbox');

function* ids(): Generator<number> {
  for (let id = 1; id <= n; id++) yield id;
}

const db = openReadable(dbFile);
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const written = await writeMessagesMbox(db, ids(), fs.createWriteStream(out), { gzip });
const secs = (performance.now() - t0) / 1000;
const size = fs.statSync(out).size;
const peak = process.resourceUsage().maxRSS * 1024;
console.log(
  `${written} messages -> ${out}: ${(size / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s ` +
    `(${Math.round(written / secs)} msg/s, ${(size / 1e6 / secs).toFixed(1)} MB/s); ` +
    `RSS ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB`,
);
fs.rmSync(path.dirname(out), { recursive: true, force: true });
