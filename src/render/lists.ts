// List fragments shared by the home, topic and thread-list pages: series rows (with their
// version chips) and thread rows. Each item carries data-filter-* for the lunr filter box.
import { html, msgHref, seriesHref, threadHref, day, person, type Safe } from './html.js';
import type { SeriesSummaryDTO } from '../views/series.js';
import type { ThreadSummaryDTO } from '../views/threads.js';

export function versionChips(s: SeriesSummaryDTO): Safe {
  const vs = [...s.versions].sort((a, b) => a.version - b.version);
  return html`<span class="chips">${vs.map((v) => {
    const first = v.coverMsgid ?? v.patches.find(Boolean)?.msgid ?? null;
    return html`<a class="chip state-${v.state}" href="${first ? msgHref(first) : seriesHref(s.id)}" title="${v.state}, ${day(v.date)}">${v.versionLabel ?? `v${v.version}`}</a>`;
  })}</span>`;
}

export function reviewStatus(s: SeriesSummaryDTO): string {
  const latest = [...s.versions].sort((a, b) => a.version - b.version).pop();
  if (!latest) return '';
  const present = latest.patches.filter(Boolean).length;
  return `${present}/${latest.total}${latest.complete ? '' : ' (incomplete)'}`;
}

export function seriesList(list: SeriesSummaryDTO[]): Safe {
  if (!list.length) return html`<p class="none">No series.</p>`;
  return html`<ul class="items series-list" data-filter-list>${list.map(
    (s) => html`<li data-filter-item><a class="title" data-filter-text href="${seriesHref(s.id)}">${s.title}</a>
<div class="meta">${versionChips(s)} <span class="tag state-${s.state}">${s.state}</span> <span data-filter-text>${person(s.author)}</span> · ${reviewStatus(s)} patches · ${day(s.lastDate)}</div></li>\n`,
  )}</ul>`;
}

export function threadList(list: ThreadSummaryDTO[]): Safe {
  if (!list.length) return html`<p class="none">No threads.</p>`;
  return html`<ul class="items thread-list" data-filter-list>${list.map(
    (t) => html`<li data-filter-item><a class="title" data-filter-text href="${threadHref(t.id)}">${t.subject || '(no subject)'}</a>
<div class="meta">${t.messageCount} message${t.messageCount === 1 ? '' : 's'} · ${t.participants} participant${t.participants === 1 ? '' : 's'} · ${day(t.firstDate)} – ${day(t.lastDate)}</div></li>\n`,
  )}</ul>`;
}

export const filterBox = (what: string): Safe =>
  html`<input type="search" class="filter" data-filter-for placeholder="Filter ${what} (instant)" aria-label="Filter ${what}" hidden>`;

/** The export links of a thread, series, topic or search page (GET /api/export/..., downloads). */
export function exportLinks(kind: 'thread' | 'series' | 'topic' | 'search', arg: string): Safe {
  const base =
    kind === 'search'
      ? `/api/export/search?q=${encodeURIComponent(arg)}&format=`
      : `/api/export/${kind}/${kind === 'topic' ? arg.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(arg)}?format=`;
  const formats: [string, string][] = [
    ['md', 'Markdown'],
    ['html', 'HTML'],
    ['json', 'JSON'],
    ['mbox', kind === 'series' ? 'mbox for git am' : 'mbox'],
    ['site', 'static archive (.tar.gz)'],
  ];
  return html`<span class="export">export summary: ${formats.map(([f, label], i) => html`${i ? ' · ' : ''}<a href="${base}${f}" rel="nofollow" download>${label}</a>`)}</span>`;
}
