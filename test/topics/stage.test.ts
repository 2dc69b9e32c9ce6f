// The topic stage end to end on real mail: the seeds, incremental ingest, the linux-pm corpus
// (distribution, terms, MAINTAINERS import), then the API and the CLI over that store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { ingest } from '../../src/ingest/pipeline.js';
import { importMaintainers } from '../../src/ingest/topic-stage.js';
import { openReadable } from '../../src/store/db.js';
import { buildApp } from '../../src/server/app.js';
import { resolveThreadId } from '../../src/views/threads.js';
import { listTopics, threadIdsOfTopic, topicDetail, topicOfThread } from '../../src/views/topics.js';

const sample = (...names: string[]) => names.map((n) => repoPath('data/sample', n));
const SEEDS = fs.readdirSync(repoPath('data/sample')).sort();

test('seeds: the ASI series is mm/asi, the mmu_notifier thread mm/mmu_notifiers; replies inherit', async () => {
  const { db } = await ingestInto([repoPath('data/sample')]);
  const asi = db.prepare("SELECT thread_id FROM messages WHERE subject LIKE '%asi:%'").pluck().all() as number[];
  assert.ok(asi.length);
  for (const t of asi) assert.equal(topicOfThread(db, t), 'mm/asi');
  const mn = resolveThreadId(db, '20200313191324.GG31668@ziepe.ca')!;
  assert.equal(topicOfThread(db, mn), 'mm/mmu_notifiers');
  // every other seed thread is mm (replies whose root is not stored take their own subject's prefix)
  const all = listTopics(db, {});
  assert.deepEqual(all.topics.filter((t) => t.parent === null).map((t) => t.name), ['mm']);
  assert.equal(all.topics.find((t) => t.name === 'mm')!.threadCount, db.prepare('SELECT count(*) FROM threads').pluck().get());
  assert.deepEqual([...threadIdsOfTopic(db, 'mm/asi')].sort(), [...new Set(asi)].sort());
  db.close();
});

test('incremental ingest assigns only the threads it touched', async () => {
  const file = path.join(tmpDir(), 'kb.sqlite');
  const first = await ingestInto(sample(...SEEDS.slice(0, 3)), file);
  assert.equal(first.report.topics?.threads, first.report.threadsTouched);
  const before = first.db.prepare('SELECT id, topic FROM threads ORDER BY id').all();
  const second = await ingest(first.db, sample(...SEEDS), { workers: 2 });
  assert.ok(second.added > 0);
  assert.ok(second.topics, 'topic stage ran');
  assert.equal(second.topics.threads, second.threadsTouched);
  const total = first.db.prepare('SELECT count(*) FROM threads').pluck().get() as number;
  assert.ok(second.topics.threads < total, `${second.topics.threads} of ${total} threads re-assigned`);
  // a re-run that adds nothing does not run the stage
  const third = await ingest(first.db, sample(...SEEDS), { workers: 2 });
  assert.equal(third.topics, undefined);
  const after = first.db.prepare('SELECT id, topic FROM threads ORDER BY id').all() as { id: number; topic: string }[];
  for (const b of before as { id: number; topic: string }[]) assert.equal(after.find((a) => a.id === b.id)?.topic, b.topic);
  first.db.close();
});

test('linux-pm: distribution, terms, MAINTAINERS import, API and CLI', needsCorpus, async (t) => {
  const { db, file, report } = await ingestInto([corpusPath('linux-pm-sample')]);
  assert.ok(report.topics);
  const threads = db.prepare('SELECT count(*) FROM threads').pluck().get() as number;
  const top = (name: string) => listTopics(db).topics.find((x) => x.name === name)?.threadCount ?? 0;
  const dist = Object.fromEntries(
    listTopics(db).topics.filter((x) => x.parent === null).sort((a, b) => b.threadCount - a.threadCount).slice(0, 12).map((x) => [x.name, x.threadCount]),
  );
  t.diagnostic(`${threads} threads; top-level: ${JSON.stringify(dist)}`);
  const pmish = ['pm', 'cpufreq', 'cpuidle', 'thermal', 'power', 'powercap', 'pmdomain', 'interconnect', 'opp'].reduce((n, x) => n + top(x), 0);
  assert.ok(pmish / threads > 0.55, `power-management topics hold ${pmish} of ${threads} threads`);
  assert.ok(top('pm') > top('arm64'), 'pm is the biggest');
  assert.ok(top('pm/devfreq') >= 20 && top('cpufreq') >= 30 && top('thermal') >= 30);
  const other = listTopics(db).topics.find((x) => x.name === '(other)')?.threadCount ?? 0;
  assert.ok(other / threads < 0.05, `${other} threads without a topic`);

  const devfreq = topicDetail(db, 'pm/devfreq')!;
  assert.deepEqual(devfreq.ancestors, ['pm']);
  const terms = devfreq.terms.map((x) => x.term);
  t.diagnostic(`pm/devfreq terms: ${terms.join(' ')}`);
  for (const w of ['devfreq', 'devfreq_add_device']) assert.ok(terms.includes(w), w);
  const cpufreqTerms = topicDetail(db, 'cpufreq')!.terms.map((x) => x.term);
  assert.ok(cpufreqTerms.includes('cpufreq') && cpufreqTerms.some((w) => /policy|governor|schedutil|intel_pstate/.test(w)), cpufreqTerms.join(' '));
  assert.ok(devfreq.subtopics.some((s) => s.name === 'pm/devfreq/passive'));
  assert.ok(devfreq.series.length > 0 && devfreq.threads.length > 0);
  // series newest first, and discussion threads hold no posting
  const dates = devfreq.series.map((s) => s.lastDate!);
  assert.deepEqual(dates, [...dates].sort().reverse());
  const postingThreads = new Set(db.prepare('SELECT thread_id FROM series_versions').pluck().all() as number[]);
  for (const th of devfreq.threads) assert.ok(!postingThreads.has(th.id));

  // a date range narrows the counts
  const recent = listTopics(db, { since: Date.parse('2026-01-01') });
  const recentPm = recent.topics.find((x) => x.name === 'pm')!;
  assert.ok(recentPm.threadCount < top('pm') && recentPm.threadCount > 0);
  for (const s of recent.newest.pm.series) assert.ok(s.lastDate! >= '2026-01-01');

  // MAINTAINERS: sections re-assign threads and give titles, lists and maintainers
  const imp = importMaintainers(db, fs.readFileSync(repoPath('test/fixtures/maintainers/MAINTAINERS'), 'utf8'));
  assert.equal(imp.sections, 12);
  assert.equal(imp.topics.threads, threads);
  const pm = topicDetail(db, 'pm')!;
  assert.equal(pm.title, 'POWER MANAGEMENT CORE');
  assert.ok(pm.maintainers.some((m) => m.address === 'rafael@kernel.org' && m.role === 'M'));
  assert.deepEqual(pm.lists, ['linux-pm@vger.kernel.org']);
  assert.equal(topicDetail(db, 'pm/devfreq')!.title, 'DEVICE FREQUENCY (DEVFREQ)');
  db.close();

  // the API over the same store
  const app = await buildApp({ db: openReadable(file) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  const get = async (p: string) => {
    const r = await fetch(base + p);
    return { status: r.status, body: await r.json() };
  };
  const list = await get('/api/topics?since=2019-08-01&until=2019-09-30');
  assert.equal(list.status, 200);
  assert.ok(list.body.topics.some((x: { name: string }) => x.name === 'pm/devfreq'));
  const one = await get('/api/topics/pm/devfreq?limit=2');
  assert.equal(one.status, 200);
  assert.equal(one.body.name, 'pm/devfreq');
  assert.equal(one.body.series.length, 2);
  assert.ok(one.body.nextSeriesCursor);
  const next = await get(`/api/topics/pm/devfreq?limit=2&seriesCursor=${one.body.nextSeriesCursor}`);
  assert.equal(next.status, 200);
  assert.notEqual(next.body.series[0].id, one.body.series[0].id);
  assert.equal((await get('/api/topics/PM/devfreq/')).body.name, 'pm/devfreq');
  const missing = await get('/api/topics/no/such/topic');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error, 'not_found');
  assert.equal((await get('/api/topics?since=yesterday-ish')).status, 400);
  assert.equal((await get('/api/topics?since=2020-01-01&until=2019-01-01')).status, 400);
  assert.equal((await get('/api/topics/pm?threadCursor=%00%01')).status, 400);
  assert.equal((await get('/api/topics/%3Cscript%3E')).status, 404);
  const th = await get('/api/threads?limit=5');
  assert.ok(th.body.threads.every((x: { topic: unknown }) => typeof x.topic === 'string' || x.topic === null));

  // the CLI over the same store
  const cli = (...args: string[]) => execFileSync(process.execPath, [repoPath('dist/src/cli/main.js'), '--db', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tree = cli('topics');
  assert.match(tree, /^\s+\d+\s+\d+\s+\d+\s+\S+\s+pm\s+\(POWER MANAGEMENT CORE\)$/m);
  assert.match(tree, /^\s+\d+.*\s{3}devfreq/m);
  const detail = JSON.parse(cli('topics', 'pm/devfreq', '--json', '--limit', '3'));
  assert.equal(detail.threads.length <= 3 && detail.series.length, 3);
  assert.match(cli('topics', 'cpufreq'), /^terms: cpufreq /m);
  assert.match(cli('import-maintainers', repoPath('test/fixtures/maintainers/MAINTAINERS')), /imported 12 sections \(\d+ mapped to topics\), \d+ patterns, \d+ lists/);
  assert.throws(() => cli('topics', 'nope'), /no topic "nope"/);
});
