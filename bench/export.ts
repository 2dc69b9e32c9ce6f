// npm run bench:export: stream a topic export from an existing store to a file and print
// threads, messages, bytes, time, and RSS sampled as it goes (flat = nothing accumulates).
//   LKB_BENCH_DB=/tmp/x.sqlite LKB_BENCH_TOPIC=big LKB_BENCH_FORMAT=json npm run bench:export
// A store where one topic covers every message: mkcorpus.py -n 100000 --no-encoded-subjects,
// then sed 's/^Subject: /Subject: big: /' on the mbox before ingesting it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { openReadable } from '../src/store/db.js';
import { FORMATS, resolveTarget } from '../src/export/formats.js';

const dbFile = process.env.LKB_BENCH_DB;
if (!dbFile) throw new Error('set LKB_BENCH_DB to an ingested store');
const topic = process.env.LKB_BENCH_TOPIC ?? 'big';
const format = FORMATS[process.env.LKB_BENCH_FORMAT ?? 'json'];
const db = openReadable(dbFile);
const target = resolveTarget(db, 'topic', topic)!;
const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lkb-export-')), `topic.${format.extension}`);
const file = fs.createWriteStream(outFile);

let bytes = 0;
let threads = 0;
let messages = 0;
const samples: string[] = [];
let peak = 0;
let nextSample = 0;
// counts what goes by without keeping it, then hands it to the file
const counter = new Writable({
  highWaterMark: 1 << 16,
  write(chunk: Buffer, _enc, done) {
    bytes += chunk.length;
    const s = chunk.toString();
    threads += (s.match(/"kind":"thread"/g) ?? []).length;
    messages += (s.match(/"messageCount":\d+/g) ?? []).reduce((n, m) => n + Number(m.slice(15)), 0);
    if (file.write(chunk)) done();
    else file.once('drain', done);
  },
});
const timer = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  if (messages >= nextSample) {
    samples.push(`${messages} msgs: ${(rss / 2 ** 20).toFixed(0)} MB`);
    nextSample += Number(process.env.LKB_BENCH_EVERY ?? 10000);
  }
}, 50);
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
await format.write({ db, now: Date.now() }, target, counter);
const secs = (performance.now() - t0) / 1000;
clearInterval(timer);
file.end();
peak = Math.max(peak, process.memoryUsage().rss);
console.log(`topic ${topic}: ${threads} threads, ${messages} messages -> ${(bytes / 2 ** 20).toFixed(1)} MB ${outFile}`);
console.log(`${secs.toFixed(1)} s (${(messages / secs).toFixed(0)} msg/s); RSS at start ${(rss0 / 2 ** 20).toFixed(0)} MB, peak ${(peak / 2 ** 20).toFixed(0)} MB`);
console.log(`RSS as it went: ${samples.join(', ')}`);
