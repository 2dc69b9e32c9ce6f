// lore-compatible URLs, raw and mbox downloads, and Atom feeds over a real store and a real
// HTTP server: redirects, list matching ("all", List-Id, To/Cc), 404s as text, gzip that
// decodes, the app's own routes still winning, feeds that are well-formed and escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { corpusDir, corpusPath, repoPath } from '../helpers/corpus.js';
import { serveIngested } from '../helpers/server.js';
import { childText, childrenNamed, parseXml } from '../helpers/xml.js';
import { MboxSplitter } from '../../src/sources/mbox.js';

const inputs = [repoPath('data/sample'), repoPath('test/fixtures/export/from-lines.eml'), repoPath('test/fixtures/export/hostile.eml')];
if (corpusDir) inputs.push(corpusPath('linux-pm-sample/2019-09.mbox'), corpusPath('b4/samples/trailers-followup-with-cover.mbox'));
const { base, get } = await serveIngested(inputs);
const corpus = corpusDir ? {} : { skip: 'corpus absent (set LKB_CORPUS)' };

/** GET without following redirects. */
async function head(path: string) {
  const r = await fetch(base + path, { redirect: 'manual' });
  return { status: r.status, location: r.headers.get('location'), type: r.headers.get('content-type') ?? '', text: await r.text() };
}

const enc = (msgid: string) => encodeURIComponent(msgid);
const FROM_LINES = 'from-lines-1@example.org';
const HOSTILE = 'hostile/1+x@example.org';

test('/LIST/MSGID/ redirects to /m/MSGID for its list and for "all"; lkml and unknown ids are 404 text', async () => {
  for (const list of ['linux-pm', 'all', 'LINUX-PM']) {
    for (const suffix of ['/', '']) {
      const r = await head(`/${list}/${enc(FROM_LINES)}${suffix}`);
      assert.equal(r.status, 302, `${list}${suffix}`);
      assert.equal(r.location, `/m/${FROM_LINES}`);
    }
  }
  const wrong = await head(`/lkml/${enc(FROM_LINES)}/`);
  assert.equal(wrong.status, 404);
  assert.match(wrong.type, /^text\/plain/);
  assert.match(wrong.text, /is not on lkml \(it is on: linux-pm\)/);
  const unknown = await head('/all/no-such-message@example.org/');
  assert.equal(unknown.status, 404);
  assert.match(unknown.type, /^text\/plain/);
  assert.equal(unknown.text, '<no-such-message@example.org> not found\n');
  // <brackets> and a '/' in the Message-ID
  assert.equal((await head(`/all/${enc(`<${FROM_LINES}>`)}/`)).status, 302);
  const slash = await head(`/linux-pm/${enc(HOSTILE)}/`);
  assert.equal(slash.status, 302);
  assert.equal(slash.location, `/m/${enc(HOSTILE).replace('%40', '@')}`);
});

test('/LIST/MSGID/T/ and /t/ redirect to the thread page at the message', async () => {
  const api = await get(`/api/messages/${enc(FROM_LINES)}`);
  for (const t of ['T/', 't/', 'T']) {
    const r = await head(`/linux-pm/${enc(FROM_LINES)}/${t}`);
    assert.equal(r.status, 302, t);
    assert.equal(r.location, `/thread/${api.body.threadId}#${FROM_LINES}`);
  }
  assert.equal((await head(`/lkml/${enc(FROM_LINES)}/T/`)).status, 404);
});

test('/LIST/MSGID/raw and /m/MSGID/raw give the exact stored bytes as text/plain', async () => {
  const exact = await get(`/api/messages/${enc(HOSTILE)}/raw`);
  for (const p of [`/linux-pm/${enc(HOSTILE)}/raw`, `/all/${enc(HOSTILE)}/raw`, `/m/${enc(HOSTILE)}/raw`]) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.type, /^text\/plain/);
    assert.deepEqual(r.body, exact.body);
  }
  assert.equal((await get(`/lkml/${enc(HOSTILE)}/raw`)).status, 404);
  const none = await get('/m/nothing@example.org/raw');
  assert.equal(none.status, 404);
  assert.match(none.type, /^text\/plain/);
});

test('t.mbox.gz and /thread/:id/mbox.gz are gzip attachments that decode to the thread as mboxrd', corpus, async () => {
  // a linux-pm thread with replies
  const threads = (await get('/api/threads?limit=100')).body.threads as { id: number; rootMsgid: string; copyCount: number }[];
  const t = threads.filter((x) => x.rootMsgid && x.copyCount > 3).sort((a, b) => b.copyCount - a.copyCount)[0];
  for (const p of [`/linux-pm/${enc(t.rootMsgid)}/t.mbox.gz`, `/all/${enc(t.rootMsgid)}/t.mbox.gz`, `/thread/${t.id}/mbox.gz`, `/thread/${enc(t.rootMsgid)}/mbox.gz`]) {
    const r = await fetch(base + p);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers.get('content-type'), 'application/gzip');
    assert.match(r.headers.get('content-disposition') ?? '', /^attachment; filename="[\w.-]+\.mbox\.gz"$/);
    const mbox = gunzipSync(Buffer.from(await r.arrayBuffer()));
    assert.ok(mbox.toString('latin1').startsWith('From mboxrd@z Thu Jan  1 00:00:00 1970\n'));
    const split = new MboxSplitter();
    const msgs = [...split.push(mbox), ...split.end().messages];
    assert.equal(msgs.length, t.copyCount, p);
    const nodes = (await get(`/api/threads/${t.id}`)).body.nodes as { msgid: string; ghost: boolean }[];
    const first = await get(`/api/messages/${enc(nodes.find((n) => !n.ghost)!.msgid)}/raw`);
    assert.ok(msgs.some((m) => m.bytes.equals(first.body)), 'the stored bytes, unquoted again by the reader');
  }
  assert.equal((await head(`/lkml/${enc(t.rootMsgid)}/t.mbox.gz`)).status, 404);
  const missing = await head('/thread/99999999/mbox.gz');
  assert.equal(missing.status, 404);
  assert.match(missing.type, /^text\/plain/);
});

test('a message without List-Id is on the lists its To/Cc address', corpus, async () => {
  assert.equal((await head('/list-1/patch-1-message@example.com/')).status, 302);
  assert.equal((await head('/linux-pm/patch-1-message@example.com/')).status, 404);
  assert.equal((await head('/all/patch-1-message@example.com/raw')).status, 200);
});

test("the app's own routes keep winning; its prefixes never become lore lookups (404, not 500)", async () => {
  assert.equal((await get('/healthz')).status, 200);
  assert.equal((await get('/api/threads?limit=1')).status, 200);
  for (const p of ['/series/3/', '/api/x/', '/api/x/raw', '/api/x/T/', '/static/x/t.mbox.gz', '/thread/1/raw', '/m/x/T/', '/topic/x/', '/search/x/']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    // the topic pages answer their own (HTML) 404; the others the JSON one
    if (p.startsWith('/topic/')) assert.match(String(r.body), /no topic/, p);
    else assert.equal(r.body.error, 'not_found', p);
  }
  // and nonsense under a list is a text 404
  const r = await head(`/linux-pm/${'x'.repeat(900)}/`);
  assert.equal(r.status, 404);
});

test('/r/MSGID (our Link: trailers) redirects to the message', async () => {
  const r = await head(`/r/${enc(FROM_LINES)}`);
  assert.equal(r.status, 302);
  assert.equal(r.location, `/m/${FROM_LINES}`);
  assert.equal((await head('/r/nope@example.org')).status, 404);
});

function assertFeed(xml: string) {
  assert.ok(!/<script/i.test(xml), 'no unescaped <script');
  const feed = parseXml(xml);
  assert.equal(feed.name, 'feed');
  assert.equal(feed.attrs.xmlns, 'http://www.w3.org/2005/Atom');
  assert.ok(childText(feed, 'title'));
  assert.match(childText(feed, 'id') ?? '', /^urn:uuid:[0-9a-f-]{36}$/);
  assert.match(childText(feed, 'updated') ?? '', /^\d{4}-\d\d-\d\dT/);
  const entries = childrenNamed(feed, 'entry');
  for (const e of entries) {
    for (const f of ['title', 'updated', 'id', 'summary']) assert.ok(childText(e, f) !== undefined, f);
    assert.match(childText(e, 'id')!, /^urn:uuid:/);
    assert.ok(childrenNamed(e, 'author')[0] && childText(childrenNamed(e, 'author')[0], 'name'));
    assert.match(childrenNamed(e, 'link')[0].attrs.href, new RegExp(`^${base}/m/`));
  }
  return { feed, entries };
}

test('/search/atom.xml: well-formed Atom, newest first, at most 25, hostile text escaped', async () => {
  const r = await head('/search/atom.xml?q=cpufreq');
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/atom+xml; charset=utf-8');
  const { entries } = assertFeed(r.text);
  assert.ok(entries.length > 0 && entries.length <= 25);
  const dates = entries.map((e) => childText(e, 'updated')!);
  assert.deepEqual(dates, [...dates].sort().reverse());
  const hostile = assertFeed((await head(`/search/atom.xml?q=${enc('s:alert')}`)).text).entries;
  const e = hostile.find((x) => childText(x, 'title')!.includes('alert'));
  assert.ok(e, 'the hostile message is found');
  assert.match(childText(e, 'title')!, /<script>alert\(1\)<\/script> & "quotes"/, 'markup arrives as text');
  assert.match(childText(e, 'summary')!, /Hello <script>alert\("body"\)<\/script>/);
  assert.equal(childText(childrenNamed(e, 'author')[0], 'name'), '<b>Mallory</b>');
});

test('/search/atom.xml: a bad or missing query is a 400 text error', async () => {
  for (const q of ['?q=(', '?q=', '']) {
    const r = await head(`/search/atom.xml${q}`);
    assert.equal(r.status, 400, q);
    assert.match(r.type, /^text\/plain/);
  }
});

test('/topic/NAME/atom.xml: the topic\'s threads as Atom; bad names are 400/404, not 500', corpus, async () => {
  const r = await head('/topic/cpufreq/atom.xml');
  assert.equal(r.status, 200);
  const { entries } = assertFeed(r.text);
  assert.ok(entries.length > 0 && entries.length <= 25);
  for (const e of entries) assert.match(childText(e, 'title')!, /cpufreq/i);
  assert.equal((await head('/topic/cpufreq/intel_pstate/atom.xml')).status, 200);
  assert.equal(assertFeed((await head('/topic/no-such-topic/atom.xml')).text).entries.length, 0);
  assert.equal((await head(`/topic/${enc('<script>')}/atom.xml`)).status, 400);
  assert.equal((await head('/topic/a/b/c/d/e/atom.xml')).status, 404);
});
