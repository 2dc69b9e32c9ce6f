// npm run bench: ingest a generated 100,000-message archive into an empty store and print
// messages/s, MB/s, peak RSS (and RSS over time, to show it does not grow), store size.
//   LKB_BENCH_N=100000 LKB_BENCH_DIR=/tmp/lkb-bench npm run bench
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWritable } from '../src/store/db.js';
import { ingest } from '../src/ingest/pipeline.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const n = Number(process.env.LKB_BENCH_N ?? 100000);
const dir = process.env.LKB_BENCH_DIR ?? '/tmp/lkb-bench';
const tool = process.env.LKB_MKCORPUS ?? path.resolve(repo, '../shared/tools/mkcorpus.py');
fs.mkdirSync(dir, { recursive: true });
const mbox = path.join(dir, `c${n}.mbox`);
if (!fs.existsSync(mbox)) {
  console.log(`generating ${n} messages with ${tool} ...`);
  execFileSync('python3', [tool, '-n', String(n), '--seed', '1', '-o', mbox, '-q'], { stdio: 'inherit' });
}
const dbFile = path.join(dir, `bench-${process.pid}.sqlite`);
const rawBytes = fs.statSync(mbox).size;
const db = openWritable(dbFile);

const samples: { pct: number; rss: number }[] = [];
// CPU seconds (Linux /proc), so runs compare on a shared machine: the main thread's own and
// the whole process's (parse workers, GC helpers) up to the series stage.
function mainThreadCpu(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
let cpuAtStages: { main: number; all: number } | null = null;
let peak = 0;
let peakIngest = 0;
let seriesPhase = false;
const timer = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  if (!seriesPhase) peakIngest = Math.max(peakIngest, rss);
}, 100);
let nextPct = 10;
const report = await ingest(db, [mbox], {
  onStage: () => {
    if (cpuAtStages) return;
    const u = process.cpuUsage();
    cpuAtStages = { main: mainThreadCpu(), all: (u.user + u.system) / 1e6 };
  },
  onProgress: (p) => {
    const pct = p.totalBytes ? (100 * p.bytesRead) / p.totalBytes : 0;
    if (pct >= 100) seriesPhase = true;
    if (pct >= nextPct) {
      samples.push({ pct: Math.round(pct), rss: process.memoryUsage().rss });
      nextPct += 10;
    }
  },
});
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
const dbBytes = fs.statSync(dbFile).size;
const mb = (b: number) => (b / 1e6).toFixed(1);
console.log(`\ningest benchmark: ${n} generated messages, ${mb(rawBytes)} MB mboxrd`);
console.log(`  messages/s:   ${Math.round(report.seen / report.seconds)}  (${report.seen} in ${report.seconds.toFixed(1)} s)`);
console.log(`  MB/s:         ${mb(rawBytes / report.seconds)}`);
console.log(`  peak RSS:     ${mb(peakIngest)} MB while reading/parsing/storing; ${mb(peak)} MB including the series stage`);
console.log(`  RSS by progress: ${samples.map((s) => `${s.pct}%:${mb(s.rss)}MB`).join(' ')}`);
console.log(`  added ${report.added}, duplicates ${report.duplicates}, quarantined ${report.quarantined}`);
if (report.series) {
  console.log(
    `  series stage (included above): ${report.series.seconds.toFixed(1)} s, ${report.series.series} series from ${report.series.postings} postings`,
  );
  console.log(`  messages/s without the series stage: ${Math.round(report.seen / (report.seconds - report.series.seconds))}`);
}
if (cpuAtStages) {
  const { main, all } = cpuAtStages as { main: number; all: number };
  const us = (s: number) => Math.round((s * 1e6) / report.seen);
  console.log(
    `  CPU before the stages: ${us(all)} us/message in all (main thread ${us(main)}, workers and the rest ${us(all - main)})`,
  );
}
if (report.topics) {
  const t = report.topics;
  console.log(
    `  topic stage (included above): ${t.seconds.toFixed(1)} s (terms ${t.termSeconds.toFixed(1)} s): ${t.threads} threads, ${t.topics} topics, terms of ${t.termTopics}`,
  );
}
// A small second ingest into the full store: what the topic stage costs when little is added.
const extra = path.join(dir, 'c200-s2.mbox');
if (!fs.existsSync(extra)) execFileSync('python3', [tool, '-n', '200', '--seed', '2', '-o', extra, '-q'], { stdio: 'inherit' });
const db2 = openWritable(dbFile);
const inc = await ingest(db2, [extra]);
db2.close();
if (inc.topics) {
  console.log(
    `  incremental (+${inc.added} messages): topic stage ${inc.topics.seconds.toFixed(2)} s (terms ${inc.topics.termSeconds.toFixed(2)} s) for ${inc.topics.threads} threads, terms of ${inc.topics.termTopics} topics; series stage ${inc.series?.seconds.toFixed(1)} s`,
  );
}
console.log(`  store: ${mb(dbBytes)} MB = ${((100 * dbBytes) / rawBytes).toFixed(0)}% of the raw mbox`);
fs.rmSync(dbFile, { force: true });
for (const ext of ['-wal', '-shm']) fs.rmSync(dbFile + ext, { force: true });
