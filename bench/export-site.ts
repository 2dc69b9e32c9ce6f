// npm run bench:export:site — writes a static archive (pages + sharded lunr index) of the first
// N threads of an existing store and prints time, size and peak RSS.
//   LKB_BENCH_DB=/tmp/lkb-bench/search-1000000.sqlite LKB_BENCH_THREADS=20000 npm run bench:export:site
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReadable } from '../src/store/db.js';
import { dirSink, writeSite } from '../src/export/site.js';
import { allThreadIds } from '../src/store/topics.js';

const dbFile = process.env.LKB_BENCH_DB ?? '/tmp/lkb-bench/search-1000000.sqlite';
const n = Number(process.env.LKB_BENCH_THREADS ?? 20000);
const db = openReadable(dbFile);
const ids = allThreadIds(db).slice(0, n);
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lkb-bench-site-')), 'site');
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const t0 = performance.now();
const r = await writeSite(db, { title: 'bench', threadIds: ids }, dirSink(out));
const secs = (performance.now() - t0) / 1000;
clearInterval(sample);
const shards = fs.readdirSync(path.join(out, 'assets')).filter((f) => f.startsWith('search-index-'));
const indexBytes = shards.reduce((a, f) => a + fs.statSync(path.join(out, 'assets', f)).size, 0);
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
console.log(
  `${r.threads} threads, ${r.messages} messages -> ${out}: ${(r.bytes / 1e6).toFixed(0)} MB in ${secs.toFixed(1)} s; ` +
    `lunr index ${(indexBytes / 1e6).toFixed(1)} MB in ${shards.length} shards; peak RSS ${(peak / 1e6).toFixed(0)} MB`,
);
