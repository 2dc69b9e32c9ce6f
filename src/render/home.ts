// The start page. renderHomePage: topics with activity counts and their newest series and
// threads, with a date-range filter (wired by the lead once the topic views land).
// renderThreadListPage: the newest threads, the start page until then.
import { html, topicHref, day } from './html.js';
import { layout } from './layout.js';
import { seriesList, threadList, filterBox } from './lists.js';
import type { ThreadSummaryDTO } from '../views/threads.js';
import type { TopicListDTO } from '../views/topic-types.js';

export interface DateRange {
  /** YYYY-MM-DD as typed into the form ('' = open). */
  since: string;
  until: string;
}

export const dateRangeForm = (action: string, r: DateRange) =>
  html`<form class="daterange" method="get" action="${action}"><label>from <input type="date" name="since" value="${r.since}"></label> <label>until <input type="date" name="until" value="${r.until}"></label> <button type="submit">Apply</button>${r.since || r.until ? html` <a href="${action}">clear</a>` : ''}</form>`;

export function renderHomePage(dto: TopicListDTO, range: DateRange = { since: '', until: '' }): string {
  const tops = dto.topics.filter((t) => t.parent === null);
  const rest = dto.topics.length > tops.length ? dto.topics : tops;
  const main = html`<h1>Topics</h1>
${dateRangeForm('/', range)}
${filterBox('topics')}
<div class="scroll"><table class="topics" data-filter-list>
<thead><tr><th>topic</th><th>series</th><th>threads</th><th>messages</th><th>last</th></tr></thead>
<tbody>${rest.map(
    (t) => html`<tr data-filter-item class="${t.parent ? 'sub' : 'top'}"><td><a data-filter-text href="${topicHref(t.name)}">${t.name}</a>${t.title ? html` <small data-filter-text>${t.title}</small>` : ''}</td><td>${t.seriesCount}</td><td>${t.threadCount}</td><td>${t.messageCount}</td><td>${day(t.lastDate)}</td></tr>\n`,
  )}</tbody></table></div>
${tops.map((t) => {
  const n = dto.newest[t.name];
  if (!n || (!n.series.length && !n.threads.length)) return '';
  return html`<section class="topic-newest"><h2><a href="${topicHref(t.name)}">${t.name}</a></h2>
<div class="cols"><div><h3>Newest series</h3>${seriesList(n.series)}</div><div><h3>Newest threads</h3>${threadList(n.threads)}</div></div></section>`;
})}`;
  return layout({ title: 'Topics', kind: 'home-page', filter: true }, main);
}

export function renderThreadListPage(threads: ThreadSummaryDTO[], counts: { messages: number; threads: number }, nextHref: string | null): string {
  const main = html`<h1>Newest threads</h1>
<p class="sub">${counts.messages} messages in ${counts.threads} threads.</p>
${filterBox('threads')}
${threadList(threads)}
${nextHref ? html`<p><a href="${nextHref}" rel="next">older threads →</a></p>` : ''}`;
  return layout({ title: 'Newest threads', kind: 'home-page', filter: true }, main);
}
