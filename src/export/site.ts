// A static archive of a selection of threads (a topic, a search): one HTML page per thread,
// an index page listing them, and a prebuilt lunr index so the archive is searchable offline,
// from file:// or any static host. The index ships as scripts (search-index-N.js, one per
// shard of SHARD_THREADS threads) rather than JSON because browsers refuse fetch() from file://.
//
// Memory stays flat in the size of the selection: threads are rendered and written one at a
// time; the lunr documents (subject, participants, the leading new text of each thread, capped)
// are held for one shard only; one index row per thread is held until the end.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import lunr from 'lunr';
import tar from 'tar-stream';
import type { ReadableDB } from '../store/db.js';
import { addressOf, getBody, getMessageById, type PackCache } from '../store/messages.js';
import { threadDTO } from '../views/threads.js';
import { splitQuoted } from '../parse/quotes.js';
import { escapeHtml } from '../render/escape.js';

export interface SiteTarget {
  /** Shown as the archive's title: "topic mm/asi", "search: dfn:mm/gup.c". */
  title: string;
  threadIds: Iterable<number>;
}

export interface SiteResult {
  threads: number;
  messages: number;
  bytes: number;
}

/** Leading new text per thread that goes into the search index. */
const INDEX_TEXT_CHARS = 1500;
/**
 * Threads per lunr index shard. lunr builds in memory and a browser loads an index whole, so a
 * big topic gets several shards, each built and written as soon as its threads are rendered
 * (memory stays that of one shard); the client searches every shard and merges by score.
 */
export const SHARD_THREADS = 2000;
/** Identifier-like words (with '_', or a name followed by '()') indexed beyond the leading text, per thread. */
const IDENT = /\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b|\b[A-Za-z_][A-Za-z0-9_]{3,}(?=\(\))/g;
const MAX_IDENTS = 300;

const require = createRequire(import.meta.url);

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

function page(title: string, depth: number, body: string, scripts: string[] = []): string {
  const up = depth ? '../'.repeat(depth) : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${up}assets/site.css">
</head><body>
${body}
${scripts.map((s) => `<script src="${up}assets/${s}"></script>`).join('\n')}
</body></html>
`;
}

const lorelink = (msgid: string) =>
  `<a href="https://lore.kernel.org/all/${encodeURIComponent(msgid)}/" rel="noopener nofollow">lore</a>`;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function span(first: string | null, last: string | null): string {
  const a = first?.slice(0, 10);
  const b = last?.slice(0, 10);
  if (!a || !b) return '';
  return a === b ? `, ${escapeHtml(a)}` : `, ${escapeHtml(a)} to ${escapeHtml(b)}`;
}

interface IndexRow {
  id: number;
  subject: string;
  lastDate: string;
  messages: number;
}

function renderThread(db: ReadableDB, threadId: number, packs: PackCache, siteTitle: string) {
  const t = threadDTO(db, threadId);
  if (!t) return null;
  const people = new Set<string>();
  let text = '';
  const idents = new Set<string>();
  const parts: string[] = [];
  for (const n of t.nodes) {
    if (n.ghost || n.id === null) continue;
    const m = getMessageById(db, n.id);
    if (!m) continue;
    const from = addressOf(m.from_name, m.from_addr);
    if (from) people.add(from.name ? `${from.name} ${from.address}` : from.address);
    const { newText, quotedText } = splitQuoted(getBody(db, m, packs));
    if (text.length < INDEX_TEXT_CHARS) text += `${newText.slice(0, INDEX_TEXT_CHARS - text.length)}\n`;
    // kernel identifiers anywhere in the new text (mmap_lock, asi_destroy_mm_state): what people search for
    for (const w of newText.matchAll(IDENT)) if (idents.size < MAX_IDENTS) idents.add(w[0]);
    const indent = Math.min(n.depth, 12);
    parts.push(`<article id="m${m.id}" class="msg d${indent}">
<header><a class="perma" href="#m${m.id}">#</a> <b>${escapeHtml(from?.name || from?.address || '(unknown)')}</b>
<span class="date">${escapeHtml(n.date?.replace('T', ' ').slice(0, 16) ?? '')}</span> ${lorelink(m.msgid)}
<div class="subject">${escapeHtml(m.subject)}</div><div class="msgid">&lt;${escapeHtml(m.msgid)}&gt;</div></header>
<pre>${escapeHtml(newText.trim())}</pre>
${quotedText.trim() ? `<details><summary>quoted text</summary><pre class="quoted">${escapeHtml(quotedText.trim())}</pre></details>` : ''}
</article>`);
  }
  const html = page(
    t.subject || '(no subject)',
    1,
    `<nav><a href="../index.html">${escapeHtml(siteTitle)}</a></nav>
<h1>${escapeHtml(t.subject || '(no subject)')}</h1>
<p class="meta">${plural(t.messageCount, 'message')}, ${plural(people.size, 'participant')}${span(t.firstDate, t.lastDate)}</p>
${parts.join('\n')}`,
  );
  return { html, people: [...people].join(' '), text: `${text}\n${[...idents].join(' ')}`, row: { id: t.id, subject: t.subject, lastDate: t.lastDate ?? '', messages: t.messageCount } };
}

/** Where the archive's files go: a directory, or a .tar.gz stream (the API's download). */
export interface SiteSink {
  file(name: string, data: string | Buffer): Promise<void>;
  close(): Promise<void>;
}

export class SiteExistsError extends Error {}

/** A directory, created; it must be empty or absent unless `force`. */
export function dirSink(dir: string, o: { force?: boolean } = {}): SiteSink {
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0) && !o.force) {
    throw new SiteExistsError(`${dir} exists and is not empty (use --force to write into it)`);
  }
  fs.mkdirSync(path.join(dir, 'threads'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  return {
    file: async (name, data) => fs.promises.writeFile(path.join(dir, name), data),
    close: async () => {},
  };
}

/** A gzip'd tar of the archive under `root/`, written to `out` as it is produced (`out` is left open). */
export function tarGzSink(out: Writable, root: string): SiteSink {
  const pack = tar.pack();
  const gz = createGzip();
  pack.pipe(gz).pipe(out, { end: false });
  return {
    file: async (name, data) => {
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      await new Promise<void>((resolve, reject) => pack.entry({ name: `${root}/${name}`, size: buf.length, mode: 0o644 }, buf, (e) => (e ? reject(e) : resolve())));
      // let the consumer catch up before the next page: a big topic never sits in memory
      if (gz.writableNeedDrain) await once(gz, 'drain');
    },
    close: async () => {
      pack.finalize();
      await finished(gz);
    },
  };
}

/** Writes the archive (index.html, threads/ID.html, assets/) into the sink. */
export async function writeSite(db: ReadableDB, target: SiteTarget, sink: SiteSink, o: { shardThreads?: number } = {}): Promise<SiteResult> {
  const shardSize = o.shardThreads ?? SHARD_THREADS;
  const packs: PackCache = new Map();
  const rows: IndexRow[] = [];
  let docs: { id: string; subject: string; people: string; text: string; date: string; messages: number }[] = [];
  let shards = 0;
  let bytes = 0;
  let messages = 0;
  const flush = async () => {
    if (!docs.length) return;
    const shard = docs;
    docs = [];
    const index = lunr(function () {
      this.ref('id');
      this.field('subject', { boost: 5 });
      this.field('people', { boost: 2 });
      this.field('text');
      // lunr's default tokenizer splits on whitespace and '-' only, so mmap_lock and mm/gup.c stay whole
      for (const d of shard) this.add(d);
    });
    const threads: Record<string, [string, string, number]> = {};
    for (const d of shard) threads[d.id] = [d.subject, d.date.slice(0, 10), d.messages];
    const js = `(window.LKB_SHARDS=window.LKB_SHARDS||[]).push(${JSON.stringify({ index: index.toJSON(), threads })});\n`;
    await sink.file(`assets/search-index-${shards++}.js`, js);
    bytes += Buffer.byteLength(js);
  };
  for (const id of target.threadIds) {
    if (packs.size > 64) packs.clear();
    const r = renderThread(db, id, packs, target.title);
    if (!r) continue;
    await sink.file(`threads/${id}.html`, r.html);
    bytes += Buffer.byteLength(r.html);
    messages += r.row.messages;
    rows.push(r.row);
    docs.push({ id: String(id), subject: r.row.subject, people: r.people, text: r.text, date: r.row.lastDate, messages: r.row.messages });
    if (docs.length >= shardSize) await flush();
  }
  await flush();
  rows.sort((a, b) => (a.lastDate < b.lastDate ? 1 : a.lastDate > b.lastDate ? -1 : b.id - a.id));

  const list = rows
    .map(
      (r) =>
        `<li><span class="date">${escapeHtml(r.lastDate.slice(0, 10))}</span> <a href="threads/${r.id}.html">${escapeHtml(r.subject || '(no subject)')}</a> <span class="count">${r.messages}</span></li>`,
    )
    .join('\n');
  const indexHtml = page(
    target.title,
    0,
    `<h1>${escapeHtml(target.title)}</h1>
<p class="meta">${rows.length} threads, ${messages} messages. Exported by lkml-kb; searchable offline.</p>
<form id="search" role="search"><input id="q" type="search" placeholder="search this archive (lunr syntax: word, +must, -not, subject:word, prefix*)" autocomplete="off" aria-label="search"></form>
<ol id="results" hidden></ol>
<ul id="threads">
${list}
</ul>`,
    ['lunr.min.js', ...Array.from({ length: shards }, (_, i) => `search-index-${i}.js`), 'search.js'],
  );
  const files: [string, string | Buffer][] = [
    ['index.html', indexHtml],
    ['assets/lunr.min.js', fs.readFileSync(require.resolve('lunr/lunr.min.js'))],
    ['assets/search.js', SEARCH_JS],
    ['assets/site.css', SITE_CSS],
  ];
  for (const [name, data] of files) {
    await sink.file(name, data);
    bytes += Buffer.byteLength(data);
  }
  await sink.close();
  return { threads: rows.length, messages, bytes };
}

// The client: lunr over the prebuilt index; results built with textContent (never innerHTML).
const SEARCH_JS = `(function () {
  'use strict';
  var shards = (window.LKB_SHARDS || []).map(function (s) { return { idx: lunr.Index.load(s.index), threads: s.threads }; });
  var q = document.getElementById('q');
  var results = document.getElementById('results');
  var list = document.getElementById('threads');
  function searchAll(text) {
    var hits = [];
    shards.forEach(function (s) {
      s.idx.search(text).forEach(function (h) { hits.push({ ref: h.ref, score: h.score, t: s.threads[h.ref] }); });
    });
    return hits.sort(function (a, b) { return b.score - a.score; });
  }
  function run(text) {
    try { return searchAll(text); } catch (e) {
      // a query lunr cannot parse ("foo:") is searched as plain words
      return searchAll(text.replace(/[:~^*+\\-]/g, ' '));
    }
  }
  function show() {
    var text = q.value.trim();
    results.textContent = '';
    if (!text) { results.hidden = true; list.hidden = false; return; }
    var hits = run(text);
    list.hidden = true; results.hidden = false;
    if (!hits.length) { var li = document.createElement('li'); li.className = 'none'; li.textContent = 'no threads match'; results.appendChild(li); return; }
    hits.slice(0, 100).forEach(function (h) {
      var t = h.t; if (!t) return;
      var li = document.createElement('li');
      var d = document.createElement('span'); d.className = 'date'; d.textContent = t[1] + ' ';
      var a = document.createElement('a'); a.href = 'threads/' + h.ref + '.html'; a.textContent = t[0] || '(no subject)';
      li.appendChild(d); li.appendChild(a); results.appendChild(li);
    });
  }
  q.addEventListener('input', show);
  document.getElementById('search').addEventListener('submit', function (e) { e.preventDefault(); show(); });
  if (location.hash.length > 1) { q.value = decodeURIComponent(location.hash.slice(1)); show(); }
})();
`;

const SITE_CSS = `:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --mute: #666; --line: #ddd; --link: #0645ad; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #121212; --mute: #9a9a9a; --line: #333; --link: #8ab4f8; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 60rem; margin: 0 auto; padding: 1rem; }
a { color: var(--link); }
.meta, .date, .count, .msgid { color: var(--mute); font-size: 0.9em; }
#q { width: 100%; font-size: 1rem; padding: 0.4rem; box-sizing: border-box; }
ul#threads, ol#results { padding-left: 1.2rem; }
li { margin: 0.2rem 0; }
.msg { border-top: 1px solid var(--line); padding: 0.5rem 0; }
${Array.from({ length: 12 }, (_, i) => `.d${i + 1} { padding-left: ${((i + 1) * 0.8).toFixed(1)}rem; }`).join('\n')}
.msg pre { white-space: pre-wrap; word-break: break-word; font: 13px/1.4 ui-monospace, monospace; margin: 0.4rem 0; }
.quoted { color: var(--mute); }
.subject { font-weight: 600; }
`;
