// Series grouping and version linking on a generated archive, scored against mkcorpus's truth:
// precision/recall of postings (series + version) and of series (across versions), and time taken.
//   LKB_BENCH_N=100000 LKB_BENCH_DIR=/tmp/lkb-bench node dist/bench/series.js
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupSeries } from '../src/series/group.js';
import { linkVersions } from '../src/series/versions.js';
import { loadSeriesMessages } from '../test/series/series-load.js';
import { readTruth, scoreSeries, type PairScore } from '../test/series/series-truth.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const n = Number(process.env.LKB_BENCH_N ?? 100000);
const seed = process.env.LKB_BENCH_SEED ?? '3';
const dir = process.env.LKB_BENCH_DIR ?? '/tmp/lkb-bench';
const tool = process.env.LKB_MKCORPUS ?? path.resolve(repo, '../shared/tools/mkcorpus.py');
fs.mkdirSync(dir, { recursive: true });
const mbox = path.join(dir, `series-${n}-s${seed}.mbox`);
const truthFile = mbox.replace(/\.mbox$/, '.truth.jsonl');
if (!fs.existsSync(mbox) || !fs.existsSync(truthFile)) {
  console.log(`generating ${n} messages with ${tool} ...`);
  execFileSync('python3', [tool, '-n', String(n), '--seed', seed, '-o', mbox, '-q'], { stdio: 'inherit' });
}

const seconds = (t0: bigint): string => (Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2);
let t = process.hrtime.bigint();
const messages = await loadSeriesMessages([mbox]);
console.log(`read + parse: ${messages.length} messages in ${seconds(t)} s`);
t = process.hrtime.bigint();
const versions = groupSeries(messages);
console.log(`groupSeries: ${versions.length} postings in ${seconds(t)} s`);
t = process.hrtime.bigint();
const linked = linkVersions(versions, messages);
const possible = linked.links.filter((l) => l.status === 'possible').length;
console.log(`linkVersions: ${linked.series.length} series, ${linked.links.length - possible} links, ${possible} possible, in ${seconds(t)} s`);

const score = scoreSeries(messages, versions, linked, readTruth(truthFile));
const line = (name: string, s: PairScore): string =>
  `${name}: precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  (pairs: ours ${s.predictedPairs}, truth ${s.truePairs}, both ${s.hits})`;
console.log(line('grouping (posting = series + version)', score.grouping));
console.log(line('linking (series across versions)   ', score.linking));
console.log(`${score.truthMembers} cover letters and patches, ${score.postings} postings, ${score.series} series`);
console.log(`postings reproduced exactly: ${score.exactPostings.exact} of ${score.exactPostings.of}`);
