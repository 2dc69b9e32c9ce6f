// The HTML pages over a real store (data/sample + hostile mail + a 5 MB body) through a real
// HTTP server: every page answers 200/400/404 as HTML with the security headers, and no
// piece of mail text reaches the page as markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveIngested, type Served } from '../helpers/server.js';
import { repoPath } from '../helpers/corpus.js';
import { tmpDir } from '../helpers/tmp.js';
import { CSP } from '../../src/server/plugins/security.js';
import { dateRangeFilter, foldSearchQuery } from '../../src/server/routes/pages.js';
import { html, raw } from '../../src/render/html.js';
import { linkify, renderBody } from '../../src/render/body.js';
import { markdownToHtml } from '../../src/render/help.js';
import { writeBigMessage } from './big-message.js';

let srv: Served;
interface Page {
  status: number;
  headers: Headers;
  text: string;
}
async function page(p: string, accept = 'text/html'): Promise<Page> {
  const r = await fetch(srv.base + p, { headers: { accept } });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

/** The page carries no markup that came from mail: only our own scripts, no handlers, no javascript: URLs. */
function assertInert(p: Page, where: string): void {
  const scripts = p.text.match(/<script\b[^>]*>/gi) ?? [];
  for (const s of scripts) assert.match(s, /^<script (?:type="module" )?src="\/static\/(?:app|lunr\.min)\.js"(?: defer)?>$/, `${where}: ${s}`);
  assert.doesNotMatch(p.text, /<(?:img|iframe|svg|style|object|embed|form action="(?!\/search|\/series)[^"]*")\b/i, where);
  for (const tag of p.text.match(/<[a-z][^<>]*>/gi) ?? []) assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, `${where}: handler in ${tag}`);
  for (const m of p.text.matchAll(/href="([^"]*)"/g)) assert.match(m[1], /^(?:https?:\/\/|\/|#)/, `${where}: href ${m[1]}`);
  for (const m of p.text.matchAll(/<a [^>]*href="https?:[^>]*>/g)) assert.match(m[0], /rel="noopener nofollow"/, `${where}: ${m[0]}`);
}

function assertHtml(p: Page, status: number, where: string): void {
  assert.equal(p.status, status, `${where}: status`);
  assert.match(p.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/, where);
  assert.equal(p.headers.get('content-security-policy'), CSP, where);
  assert.equal(p.headers.get('x-content-type-options'), 'nosniff', where);
  assert.equal(p.headers.get('referrer-policy'), 'no-referrer', where);
  assert.match(p.text, /^<!doctype html>/, where);
}

const big = tmpDir();
writeBigMessage(big);
srv = await serveIngested([repoPath('data/sample'), repoPath('test/fixtures/hostile'), big]);

const threadOf = async (msgid: string): Promise<number> => (await srv.get(`/api/messages/${encodeURIComponent(msgid)}`)).body.threadId;

test('the CSP is the strict one the issue asks for', () => {
  assert.equal(
    CSP,
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
});

test('home, thread, message, series, search and help pages answer 200 HTML with the security headers', async () => {
  const root = '20200313191324.GG31668@ziepe.ca';
  const series = (await srv.get('/api/series')).body.series as { id: number; versions: unknown[] }[];
  const multi = series.find((s) => s.versions.length > 1)!;
  for (const p of ['/', `/thread/${await threadOf(root)}`, `/thread/${encodeURIComponent(root)}`, `/thread/${await threadOf(root)}?view=flat`, `/m/${encodeURIComponent(root)}`, `/m/<${encodeURIComponent(root)}>`, `/series/${multi.id}`, `/series/${multi.id}?from=1&to=2`, '/search', '/search?q=mm&group=message&sort=date', '/search?q=mm&topic=mm&v=2&since=2020-01-01&until=2021-12-31', '/help/search']) {
    const r = await page(p);
    assertHtml(r, 200, p);
    assertInert(r, p);
    assert.match(r.text, /<link rel="stylesheet" href="\/static\/style.css">/);
  }
});

test('the thread page nests replies, folds quotes, colours diffs, shows trailers and links the mbox', async () => {
  const id = await threadOf('xss-reply-1@example.org');
  const r = await page(`/thread/${id}`);
  assertHtml(r, 200, 'thread');
  assert.match(r.text, /<article class="msg d1"[^>]*data-depth="1"/);
  assert.match(r.text, /<details class="quote" open><summary>2 quoted lines<\/summary>/);
  assert.match(r.text, /<span class="da">\+&lt;\/pre&gt;&lt;script&gt;window.__xss=13&lt;\/script&gt;<\/span>/);
  assert.match(r.text, /<span class="dh">diff --git a\/mm\/x.c b\/mm\/x.c<\/span>/);
  assert.match(r.text, /<li class="badge b-reviewed-by"[^>]*>Reviewed-by: Alice<\/li>/);
  assert.match(r.text, new RegExp(`href="/thread/${id}/mbox.gz" rel="noopener nofollow"`));
  assert.match(r.text, /href="\/m\/xss-reply-1%40example.org">permalink<\/a>/);
  assertInert(r, 'hostile thread');
});

test('hostile mail renders escaped: <script> in subject/body/From, javascript: links, HTML-only, malformed MIME', async () => {
  for (const msgid of ['xss-1"', 'xss-reply-1@example.org', 'html-only-1@example.org', 'malformed-1@example.org']) {
    const m = await page(`/m/${encodeURIComponent(msgid)}`);
    assertHtml(m, 200, msgid);
    assertInert(m, msgid);
    const t = await page(`/thread/${await threadOf(msgid)}`);
    assertHtml(t, 200, `thread of ${msgid}`);
    assertInert(t, `thread of ${msgid}`);
  }
  const m = await page(`/m/${encodeURIComponent('xss-1"')}`);
  assert.match(m.text, /&lt;script&gt;window.__xss=3&lt;\/script&gt;/);
  assert.match(m.text, /&lt;script&gt;window.__xss=1&lt;\/script&gt;Mallory/);
  // the one http URL is a link, cut before the quote; javascript: and data: stay text
  assert.match(m.text, /<a href="https:\/\/example.org\/a\?b=1&amp;c=" rel="noopener nofollow">/);
  assert.match(m.text, /Click javascript:window.__xss=6/);
  const listing = await page('/');
  assertInert(listing, 'home');
  const s = await page('/search?q=script&group=message');
  assertHtml(s, 200, 'search');
  assertInert(s, 'search');
  assert.match(s.text, /<mark>script<\/mark>/);
});

test('a 5 MB body renders a capped page with a link to the raw message', async () => {
  const t0 = performance.now();
  const r = await page('/m/big-1%40example.org');
  assertHtml(r, 200, 'big');
  assert.ok(r.text.length < 1024 * 1024, `page is ${r.text.length} bytes`);
  assert.match(r.text, /the page shows the first 512 KB/);
  assert.match(r.text, /href="\/m\/big-1%40example.org\/raw" rel="noopener nofollow">Whole raw message/);
  assertInert(r, 'big');
  assert.ok(performance.now() - t0 < 5000);
});

test('bad input answers HTML 400/404 pages; the API keeps JSON errors', async () => {
  const multi = ((await srv.get('/api/series')).body.series as { id: number; versions: unknown[] }[]).find((s) => s.versions.length > 1)!;
  const cases: [string, number][] = [
    ['/thread/999999', 404],
    ['/thread/no-such@msgid', 404],
    ['/m/no-such@msgid', 404],
    ['/m/x?copy=0', 400],
    ['/series/999999', 404],
    [`/series/${multi.id}?from=x&to=2`, 400],
    [`/series/${multi.id}?from=1&to=99`, 400],
    ['/search?q=(a', 400],
    ['/search?q=x&since=yesterday', 400],
    ['/search?q=x&cursor=garbage', 400],
    ['/no/such/page', 404],
    ['/static/../package.json', 404],
  ];
  for (const [p, status] of cases) {
    const r = await page(p);
    assertHtml(r, status, p);
    assertInert(r, p);
  }
  const bad = await page('/search?q=%3Cscript%3E(a');
  assert.match(bad.text, /Bad query/);
  assert.doesNotMatch(bad.text, /<script>/);
  const api = await page('/api/threads/999999', 'application/json');
  assert.equal(api.status, 404);
  assert.match(api.headers.get('content-type') ?? '', /json/);
});

test('static assets: allow-list, content types, caching, CSS+JS at most 100 KB', async () => {
  let total = 0;
  for (const [name, type] of [['style.css', 'text/css'], ['app.js', 'text/javascript'], ['lunr.min.js', 'text/javascript']]) {
    const r = await fetch(`${srv.base}/static/${name}`);
    assert.equal(r.status, 200, name);
    assert.match(r.headers.get('content-type') ?? '', new RegExp(`^${type}`));
    assert.match(r.headers.get('cache-control') ?? '', /max-age=\d+/);
    const etag = r.headers.get('etag')!;
    total += (await r.arrayBuffer()).byteLength;
    const again = await fetch(`${srv.base}/static/${name}`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  }
  assert.ok(total <= 100 * 1024, `CSS+JS ${total} bytes`);
  assert.equal((await fetch(`${srv.base}/static/server.js`)).status, 404);
});

test('html`` escapes every interpolation unless raw(); nested fragments stay', () => {
  const evil = '<script>"x" & \'y\'</script>';
  assert.equal(html`<p title="${evil}">${evil}</p>`.s, '<p title="&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p>');
  assert.equal(html`<ul>${['<a>', html`<li>${'<b>'}</li>`]}</ul>`.s, '<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>');
  assert.equal(html`${raw('<br>')}${null}${undefined}${false}${0}`.s, '<br>0');
});

test('linkify makes only http(s) links; renderBody folds quotes and marks trailers', () => {
  assert.equal(linkify('see https://lore.kernel.org/x. and javascript:alert(1)'), 'see <a href="https://lore.kernel.org/x" rel="noopener nofollow">https://lore.kernel.org/x</a>. and javascript:alert(1)');
  assert.equal(linkify('<http://a.b/c?d=1&e=2>'), '&lt;<a href="http://a.b/c?d=1&amp;e=2" rel="noopener nofollow">http://a.b/c?d=1&amp;e=2</a>&gt;');
  const b = renderBody('Hi\n> q1\n> q2\n> q3\n> q4\n\nAcked-by: A <a@b>\n').s;
  assert.match(b, /<details class="quote"><summary>4 quoted lines<\/summary>/);
  assert.match(b, /<span class="trailer" data-trailer="acked-by">Acked-by:<\/span> A &lt;a@b&gt;/);
});

test('the search form folds its filters into the query; the help renders docs/search.md', () => {
  assert.equal(foldSearchQuery({ q: 'folio', topic: 'mm', version: '3', since: '2020-01-01', until: '' }), 'folio topic:mm v:3 d:2020-01-01..');
  assert.equal(foldSearchQuery({ q: '', topic: 'a b', version: '', since: '', until: '2021-01-01' }), 'topic:"a b" d:..2021-01-01');
  const h = markdownToHtml(fs.readFileSync(repoPath('docs/search.md'), 'utf8'));
  assert.match(h, /<h1 id="searching-the-archive">Searching the archive<\/h1>/);
  assert.match(h, /<table class="doc"><thead><tr><th>You write<\/th>/);
  assert.match(h, /<code>s:&quot;mm\/gup&quot;<\/code>|<pre>/);
});

test('dateRangeFilter: the home/topic date form as inclusive UTC bounds', () => {
  assert.deepEqual(dateRangeFilter('2020-01-01', '2020-01-31'), {
    range: { since: '2020-01-01', until: '2020-01-31' },
    filter: { since: Date.UTC(2020, 0, 1), until: Date.UTC(2020, 1, 1) - 1 },
  });
  assert.deepEqual(dateRangeFilter(), { range: { since: '', until: '' }, filter: { since: undefined, until: undefined } });
  assert.equal(dateRangeFilter('2020-02-01', '2020-01-01'), null);
  assert.equal(dateRangeFilter('yesterday'), null);
  assert.equal(dateRangeFilter('2020-13-45'), null);
});
