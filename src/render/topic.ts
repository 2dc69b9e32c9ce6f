// /topic/:name — breadcrumbs, sub-topics, the topic's series (version chips, state, review
// status) and discussion threads, newest first.
import { html, topicHref } from './html.js';
import { layout } from './layout.js';
import { seriesList, threadList, filterBox, exportLinks } from './lists.js';
import { dateRangeForm, type DateRange } from './home.js';
import type { TopicDetailDTO } from '../views/topic-types.js';

export function renderTopicPage(t: TopicDetailDTO, range: DateRange = { since: '', until: '' }, more: { series?: string | null; threads?: string | null } = {}): string {
  const crumbs = [...t.ancestors, t.name];
  const main = html`<nav class="crumbs"><a href="/">topics</a>${crumbs.map((c, i) => html` / ${i === crumbs.length - 1 ? html`<b>${c.split('/').pop() ?? c}</b>` : html`<a href="${topicHref(c)}">${c.split('/').pop() ?? c}</a>`}`)}</nav>
<h1>${t.name}${t.title ? html` <small>${t.title}</small>` : ''}</h1>
<p class="sub">${t.seriesCount} series · ${t.threadCount} threads · ${t.messageCount} messages${t.lists.length ? html` · lists: ${t.lists.join(', ')}` : ''} · <a href="${topicHref(t.name)}/atom.xml" rel="noopener nofollow">Atom feed</a></p>
<p class="sub">${exportLinks('topic', t.name)}</p>
${t.maintainers.length ? html`<p class="maint">${t.maintainers.map((m, i) => html`${i ? ', ' : ''}<span title="${m.address}">${m.name ?? m.address}</span> (${m.role})`)}</p>` : ''}
${dateRangeForm(topicHref(t.name), range)}
${t.subtopics.length ? html`<h2>Sub-topics</h2><ul class="subtopics">${t.subtopics.map((s) => html`<li><a href="${topicHref(s.name)}">${s.name}</a> <span class="count">${s.seriesCount} series, ${s.threadCount} threads</span></li>`)}</ul>` : ''}
${t.terms.length ? html`<p class="terms">${t.terms.slice(0, 20).map((x) => html`<a class="chip" href="/search?q=${encodeURIComponent(`${x.term} topic:${t.name}`)}">${x.term}</a> `)}</p>` : ''}
${filterBox('series and threads')}
<div class="cols"><section><h2>Series</h2>${seriesList(t.series)}${more.series ? html`<p><a href="${more.series}">more series →</a></p>` : ''}</section>
<section><h2>Discussions</h2>${threadList(t.threads)}${more.threads ? html`<p><a href="${more.threads}">more threads →</a></p>` : ''}</section></div>`;
  return layout({ title: t.name, kind: 'topic-page', filter: true }, main);
}
