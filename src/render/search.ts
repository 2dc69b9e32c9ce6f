// /search — the query box with filters, results grouped by thread or by message, snippets
// with the matched terms marked.
import { exportLinks } from './lists.js';
import { html, raw, msgHref, threadHref, shortDate, person, type Safe } from './html.js';
import { escapeHtml } from './escape.js';
import { layout } from './layout.js';
import type { SearchResultDTO, SearchHitDTO } from '../views/search.js';

export interface SearchForm {
  q: string;
  group: 'thread' | 'message';
  sort: 'relevance' | 'date';
  topic: string;
  version: string;
  since: string;
  until: string;
  /** The query actually run (q plus the filters folded in). */
  full: string;
}

/** The snippet with [start, end) highlights wrapped in <mark>. */
export function markSnippet(snippet: string, highlights: [number, number][]): Safe {
  let out = '';
  let at = 0;
  for (const [s, e] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (s < at || e <= s) continue;
    out += escapeHtml(snippet.slice(at, s)) + '<mark>' + escapeHtml(snippet.slice(s, e)) + '</mark>';
    at = e;
  }
  return raw(out + escapeHtml(snippet.slice(at)));
}

function hit(h: SearchHitDTO, group: string): Safe {
  return html`<li class="hit" data-filter-item data-msg><a class="hs" data-filter-text href="${group === 'thread' ? `${threadHref(h.threadId)}` : msgHref(h.msgid)}">${h.subject || '(no subject)'}</a>
<div class="meta">${person(h.from)} · <time datetime="${h.date ?? ''}">${shortDate(h.date)}</time>${h.threadHits ? html` · ${h.threadHits} matching message${h.threadHits === 1 ? '' : 's'} in <a href="${threadHref(h.threadId)}">thread</a>` : html` · <a href="${threadHref(h.threadId)}">thread</a>`} · <a href="${msgHref(h.msgid)}">message</a></div>
${h.snippet ? html`<p class="snippet ${h.snippetField}">${markSnippet(h.snippet, h.highlights)}</p>` : ''}</li>`;
}

export function renderSearchPage(f: SearchForm, result: SearchResultDTO | null, error: { message: string; hint?: string; position?: number } | null, nextHref: string | null): string {
  const opt = (name: string, value: string, label: string, cur: string) =>
    html`<label><input type="radio" name="${name}" value="${value}"${value === cur ? raw(' checked') : ''}> ${label}</label>`;
  const main = html`<h1>Search</h1>
<form class="searchform" action="/search" method="get">
<p><input type="search" name="q" value="${f.q}" aria-label="query" placeholder="s:mmap_lock f:torvalds d:2020-01-01.." class="big"> <button type="submit">Search</button></p>
<fieldset><legend>Filters</legend>
<label>topic <input name="topic" value="${f.topic}" size="10" placeholder="mm"></label>
<label>version <input name="v" value="${f.version}" size="3" placeholder="3"></label>
<label>from <input type="date" name="since" value="${f.since}"></label>
<label>until <input type="date" name="until" value="${f.until}"></label>
<span class="radios">${opt('group', 'thread', 'by thread', f.group)} ${opt('group', 'message', 'by message', f.group)}</span>
<span class="radios">${opt('sort', 'relevance', 'relevance', f.sort)} ${opt('sort', 'date', 'newest', f.sort)}</span>
</fieldset>
</form>
<details class="help"><summary>Query syntax</summary>
<pre>mmap_lock fork              both words
s:"mm/gup" f:torvalds       subject phrase, from Linus
dfn:mm/gup.c d:2020-01-01.. patches touching mm/gup.c since 2020
has:reviewed-by is:patch    reviewed patches
b:(folio OR "page cache") NOT s:Re</pre>
<p>Prefixes: s: subject, f: from, t: to, c: cc, a: any address, b: body, nq: new text, q: quoted, dfn: diff file, dfa:/dfb: removed/added lines, m: Message-ID, l: list, d: date, v: version, topic:, is:patch/cover/reply, has:TRAILER. <a href="/help/search">Full syntax</a>.</p>
</details>
${error
  ? html`<div class="error" role="alert"><p><b>Bad query:</b> ${error.message}</p>${error.position !== undefined && f.full ? html`<pre class="caret">${f.full}
${' '.repeat(Math.min(error.position, f.full.length))}^</pre>` : ''}${error.hint && !error.message.includes(error.hint) ? html`<p>${error.hint}</p>` : ''}</div>`
  : ''}
${result
  ? html`<p class="sub">${result.total}${result.partial ? '+' : ''} ${f.group === 'thread' ? 'threads' : 'messages'} for <code>${f.full}</code>
· <a href="/search/atom.xml?q=${encodeURIComponent(f.full)}" rel="noopener nofollow">Atom feed</a></p>
<p class="sub">${exportLinks('search', f.full)}</p>
<input type="search" class="filter" data-filter-for placeholder="Filter these results" aria-label="Filter results" hidden>
<ol class="hits" data-filter-list>${result.hits.map((h) => hit(h, f.group))}</ol>
${nextHref ? html`<p><a href="${nextHref}" rel="next">more results →</a></p>` : ''}`
  : ''}`;
  return layout({ title: f.q ? `${f.q} – search` : 'Search', query: f.full, kind: 'search-page', filter: !!result }, main);
}
