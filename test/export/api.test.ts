// GET /api/export/*: downloads with the right type and file name; 404 and 400 as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveIngested } from '../helpers/server.js';
import { repoPath } from '../helpers/corpus.js';

const api = await serveIngested([repoPath('data/sample'), repoPath('test/fixtures/export/review.mbox')]);
const enc = encodeURIComponent;

test('thread exports in md, json and html with content types and file names', async () => {
  const md = await api.get(`/api/export/thread/${enc('<20200313191324.GG31668@ziepe.ca>')}`);
  assert.equal(md.status, 200);
  assert.equal(md.type, 'text/markdown; charset=utf-8');
  assert.match(md.body.toString(), /release callbacks must be simple\/fast/);
  const r = await fetch(`${api.base}/api/export/thread/${enc('20200302100000.1-alice@example.org')}?format=html`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(r.headers.get('content-disposition') ?? '', /^attachment; filename="thread-\d+\.html"$/);
  const html = await r.text();
  assert.doesNotMatch(html, /<script/i);
  const json = await api.get(`/api/export/thread/${enc('20200313191324.GG31668@ziepe.ca')}?format=json`);
  assert.equal(json.body.kind, 'thread');
});

test('series, topic (with a slash) and search exports', async () => {
  const list = await api.get('/api/series?limit=50');
  const asi = list.body.series.find((s: { title: string }) => /ASI domains/.test(s.title));
  const s = await api.get(`/api/export/series/${asi.id}?format=json`);
  assert.equal(s.status, 200);
  assert.deepEqual(s.body.changes[1].patches[0].renames[1], { from: 'asi_in_nonsensitive', to: 'asi_is_restricted' });
  const t = await api.get('/api/export/topic/mm/mmu_notifiers?format=json');
  assert.equal(t.status, 200);
  assert.equal(t.body.name, 'mm/mmu_notifiers');
  assert.equal(t.body.threads.length, 1);
  const q = await fetch(`${api.base}/api/export/search?q=clear_refs`);
  assert.equal(q.status, 200);
  assert.match(q.headers.get('content-disposition') ?? '', /filename="search-clear_refs\.md"/);
  assert.match(await q.text(), /Andrea Arcangeli/);
});

test('missing thread or series: 404 JSON; bad format or query: 400 JSON', async () => {
  for (const p of ['/api/export/thread/nope%40example.org', '/api/export/series/99999']) {
    const r = await api.get(p);
    assert.equal(r.status, 404, p);
    assert.equal(r.body.error, 'not_found');
  }
  const f = await api.get('/api/export/thread/1?format=pdf');
  assert.equal(f.status, 400);
  assert.match(f.body.message, /unknown format "pdf": one of md, json, html/);
  const proto = await api.get('/api/export/thread/1?format=constructor');
  assert.equal(proto.status, 400);
  const q = await api.get('/api/export/search?q=s%3A%28');
  assert.equal(q.status, 400);
  assert.match(q.body.message, /bad query/);
  const empty = await api.get('/api/export/search');
  assert.equal(empty.status, 400);
});
