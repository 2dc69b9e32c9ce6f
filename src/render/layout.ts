// The page frame: header with the search box and nav, main, footer. No inline script or
// style (the CSP forbids them): /static/app.js and /static/style.css only.
import { html, type Safe } from './html.js';

export interface PageOptions {
  title: string;
  /** The search box's current query. */
  query?: string;
  /** Loads lunr for pages with filterable lists. */
  filter?: boolean;
  /** Extra class on <body> (page kind, used by app.js and the CSS). */
  kind?: string;
}

export function layout(o: PageOptions, main: Safe): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title} · lkml-kb</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${o.filter ? html`<script src="/static/lunr.min.js" defer></script>` : ''}
<script type="module" src="/static/app.js"></script>
</head>
<body class="${o.kind ?? 'page'}">
<header class="top">
<a class="brand" href="/">lkml-kb</a>
<nav><a href="/">Topics</a> <a href="/threads">Threads</a> <a href="/search">Search</a> <a href="/help/search">Syntax</a></nav>
<form class="search" action="/search" method="get" role="search">
<input type="search" name="q" value="${o.query ?? ''}" placeholder="Search (press /)" aria-label="Search" id="q">
<button type="submit">Search</button>
</form>
</header>
<main id="main">
${main}
</main>
<footer><p>lkml-kb · keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous message, <kbd>n</kbd> next thread, <kbd>/</kbd> search · <a href="/api/threads">JSON API</a></p></footer>
</body></html>
`.s;
}
