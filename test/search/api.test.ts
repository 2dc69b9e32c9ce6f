// Search through the real HTTP API over real mail: prefixes, grouping, sorting, cursors, and
// hostile queries (400 with a position and hint, never a 500).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { ingestInto } from '../helpers/tmp.js';
import { serveIngested } from '../helpers/server.js';
import { openReadable } from '../../src/store/db.js';
import { search } from '../../src/views/search.js';

test('search API on linux-pm: fields, dates, threads, order, pages, bad queries', needsCorpus, async () => {
  const api = await serveIngested([corpusPath('linux-pm-sample/2019-08.mbox')]);
  const get = (q: Record<string, string>) => api.get(`/api/search?${new URLSearchParams(q)}`);

  const s = await get({ q: 's:thermal f:glaroque', limit: '50' });
  assert.equal(s.status, 200);
  assert.ok(s.body.total >= 10);
  for (const h of s.body.hits) {
    assert.match(h.subject, /thermal/i);
    assert.equal(h.from.address, 'glaroque@baylibre.com');
    for (const [a, b] of h.highlights) assert.ok(a >= 0 && b <= h.snippet.length && a < b);
  }
  const dfn = await get({ q: 'dfn:drivers/cpufreq', limit: '50' });
  assert.ok(dfn.body.hits.length > 0);
  const range = await get({ q: 'cpufreq d:2019-08-10..2019-08-12', sort: 'date', limit: '200' });
  const dates = range.body.hits.map((h: { date: string }) => h.date);
  assert.ok(dates.length > 0 && dates.every((d: string) => d >= '2019-08-10' && d < '2019-08-13'), JSON.stringify(dates));
  assert.deepEqual(dates, [...dates].sort().reverse(), 'sort=date is newest first');

  const threads = await get({ q: 'thermal', group: 'thread', limit: '10' });
  const ids = threads.body.hits.map((h: { threadId: number }) => h.threadId);
  assert.equal(new Set(ids).size, ids.length, 'one hit per thread');
  assert.ok(threads.body.hits.every((h: { threadHits: number }) => h.threadHits >= 1));

  // cursor pages are disjoint and add up to the first 30
  const all = await get({ q: 'cpufreq OR devfreq', limit: '30' });
  const p1 = await get({ q: 'cpufreq OR devfreq', limit: '10' });
  const p2 = await get({ q: 'cpufreq OR devfreq', limit: '10', cursor: p1.body.nextCursor });
  const p3 = await get({ q: 'cpufreq OR devfreq', limit: '10', cursor: p2.body.nextCursor });
  const paged = [...p1.body.hits, ...p2.body.hits, ...p3.body.hits].map((h: { msgid: string }) => h.msgid);
  assert.deepEqual(paged, all.body.hits.map((h: { msgid: string }) => h.msgid));

  const bad = await get({ q: 's:(cpufreq' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error, 'bad_query');
  assert.equal(typeof bad.body.position, 'number');
  assert.ok(bad.body.hint.length > 0);
  const hostile = ['"unterminated', 'a\u0000b', 'NEAR(a b)', '{subject}: x', 'subject:x', "'; DROP TABLE messages; --", '^start', 'x'.repeat(10000), Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' OR '), '('.repeat(100)];
  for (const q of hostile) {
    const r = await get({ q });
    assert.ok(r.status === 200 || r.status === 400, `${q.slice(0, 40)}: ${r.status}`);
  }
  assert.equal((await get({ q: 'x', cursor: 'garbage' })).status, 400);
  assert.equal((await get({ q: '' })).status, 400);
  assert.equal((await get({ q: 'x', limit: '0' })).status, 400);
  assert.equal((await get({ q: 'x', sort: 'sideways' })).status, 400);
});

test('lkb search: text, --thread, --json, --syntax, and a clear error for a bad query', async () => {
  const { file, db } = await ingestInto([repoPath('data/sample')]);
  db.close();
  const lkb = (...args: string[]) => spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), '--db', file, 'search', ...args], { encoding: 'utf8' });
  assert.match(lkb('nq:clear_refs').stdout, /soft_dirty/);
  assert.equal(JSON.parse(lkb('--json', 'q:"Slow GUP"').stdout).total, 1);
  assert.match(lkb('--thread', 'mm').stdout, /threads/);
  assert.match(lkb('--syntax').stdout, /dfn:/);
  const bad = lkb('s:(x');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /position \d+/);
});

test('a snippet shows a matched term of the field it was cut from, also deep in a long line (sample, linux-pm)', needsCorpus, async () => {
  const { db: w, file } = await ingestInto([repoPath('data/sample'), corpusPath('linux-pm-sample/2019-08.mbox')]);
  w.close();
  const db = openReadable(file);
  let deep = 0;
  for (const q of ['patch', 'reference', 'cpufreq', 'thermal', 'mmdrop', 'suspend', '"runtime pm"', 'q:regression', 'nq:driver', 'devfreq', 'b:fixes', 'power*']) {
    const r = search(db, q, { group: 'message', sort: 'relevance', limit: 100, now: Date.UTC(2026, 0, 1) });
    for (const h of r.hits) {
      if (h.snippetField === 'none') continue;
      assert.ok(h.highlights.length > 0, `${q}: ${h.msgid} (${h.snippetField}) "${h.snippet}"`);
      if (h.snippet.startsWith('… ')) deep++;
    }
  }
  // the sample's "take reference without PGD" reply is one 600-character line
  assert.ok(deep > 0, 'some snippets begin inside a long line');

  // a term shows where its prefix searches: q: in quotes, nq: in new text, addresses nowhere
  const hits = (q: string) => search(db, q, { group: 'message', sort: 'relevance', limit: 100, now: Date.UTC(2026, 0, 1) }).hits;
  const fresh = hits('nq:regression');
  assert.ok(fresh.length > 0 && fresh.every((h) => h.snippetField === 'new'), 'nq: shows new text');
  const quoted = hits('q:regression');
  assert.ok(quoted.length > 0 && quoted.every((h) => h.snippetField === 'quoted'), 'q: shows quoted text');
  const fromRafael = hits('f:rafael cpufreq');
  assert.ok(fromRafael.length > 5);
  for (const h of fromRafael) {
    const shown = h.highlights.map(([a, b]) => h.snippet.slice(a, b).toLowerCase());
    assert.ok(!shown.includes('rafael'), `the sender's name is not highlighted in a body: "${h.snippet}"`);
  }
  db.close();
});
