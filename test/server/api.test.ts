// The first API over a real store and a real HTTP server (listening on 127.0.0.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { needsCorpus, repoPath } from '../helpers/corpus.js';
import { serveIngested } from '../helpers/server.js';

const { get } = await serveIngested([repoPath('data/sample')]);

test('/healthz', async () => {
  const r = await get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.messages, 7);
});

test('/api/threads pages newest first with a cursor', async () => {
  const all = await get('/api/threads?limit=100');
  assert.equal(all.status, 200);
  const dates = all.body.threads.map((t: { lastDate: string | null }) => t.lastDate).filter(Boolean);
  assert.deepEqual(dates, [...dates].sort().reverse());
  const p1 = await get('/api/threads?limit=2');
  assert.equal(p1.body.threads.length, 2);
  assert.ok(p1.body.nextCursor);
  const p2 = await get(`/api/threads?limit=2&cursor=${p1.body.nextCursor}`);
  assert.equal(p2.body.threads[0].id, all.body.threads[2].id);
});

test('/api/threads/:id by thread id and by Message-ID gives the tree', async () => {
  const r = await get(`/api/threads/${encodeURIComponent('20200313191324.GG31668@ziepe.ca')}`);
  assert.equal(r.status, 200);
  const me = r.body.nodes.find((n: { msgid: string }) => n.msgid === '20200313191324.GG31668@ziepe.ca');
  assert.ok(me && !me.ghost);
  // its parents were never seen: JWZ splices single-child placeholders away, so it is the root
  assert.equal(me.parentMsgid, null);
  const byId = await get(`/api/threads/${r.body.id}`);
  assert.deepEqual(byId.body, r.body);
});

test('/api/messages/:msgid and /raw give the parsed record and the exact bytes', async () => {
  const id = '20200313191324.GG31668@ziepe.ca';
  const m = await get(`/api/messages/${encodeURIComponent(`<${id}>`)}`);
  assert.equal(m.status, 200);
  assert.equal(m.body.msgid, id);
  assert.equal(m.body.from.name, 'Jason Gunthorpe');
  const raw = await get(`/api/messages/${encodeURIComponent(id)}/raw`);
  assert.equal(raw.status, 200);
  assert.match(raw.type, /^text\/plain/);
  const original = fs.readdirSync(repoPath('data/sample')).find((f) => f.startsWith('003_'))!;
  assert.deepEqual(raw.body, fs.readFileSync(repoPath('data/sample', original)));
});

test('bad parameters: 400 with a JSON error; unknown ids and routes: 404; never a 500', async () => {
  for (const p of ['/api/threads?limit=0', '/api/threads?limit=abc', '/api/threads?cursor=%%%', '/api/messages/x?copy=0']) {
    const r = await get(p);
    assert.equal(r.status, 400, p);
    assert.equal(r.body.error, 'bad_request', p);
  }
  for (const p of ['/api/messages/nope@nowhere', '/api/messages/nope@nowhere/raw', '/api/threads/nope@nowhere', '/api/threads/999999', '/nope']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.equal(r.body.statusCode, 404);
  }
  const long = await get(`/api/messages/${'a'.repeat(5000)}`);
  assert.ok(long.status === 400 || long.status === 404 || long.status === 414, String(long.status));
});

test('message with a slash in its Message-ID is reachable', needsCorpus, async () => {
  // lore-style ids can contain '/', '+', '$'; the path segment is percent-encoded
  const r = await get(`/api/messages/${encodeURIComponent('a/b+c$d@example.org')}`);
  assert.equal(r.status, 404);
  assert.equal(r.body.error, 'not_found');
});
