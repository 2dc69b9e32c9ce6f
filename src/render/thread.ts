// /thread/:id — the whole thread: an outline, then every message (nested by reply depth, or
// flat by date with ?view=flat), quotes folded, diffs coloured, trailers as badges.
import { exportLinks } from './lists.js';
import { html, msgHref, threadHref, shortDate, person, type Safe } from './html.js';
import { layout } from './layout.js';
import { renderBody, renderTrailerBadges } from './body.js';
import type { ThreadPageDTO } from '../views/thread-page.js';
import type { ThreadNodeDTO } from '../views/threads.js';

/** Indentation stops here (deeper replies carry their depth as a number). */
const MAX_INDENT = 12;
const depthClass = (d: number): string => `d${Math.min(d, MAX_INDENT)}`;
const stripReply = (s: string): string => s.replace(/^\s*(?:(?:re|aw|fwd?)\s*:\s*)+/i, '').trim();
const anchor = (n: ThreadNodeDTO): string => (n.id === null ? `g-${encodeURIComponent(n.msgid)}` : `m${n.id}`);

export function renderThreadPage(dto: ThreadPageDTO, opts: { flat?: boolean; nextThread?: number | null } = {}): string {
  const t = dto.thread;
  const flat = !!opts.flat;
  const nodes = flat
    ? [...t.nodes].filter((n) => !n.ghost).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || (a.id ?? 0) - (b.id ?? 0))
    : t.nodes;
  const outline = t.nodes.map(
    (n) =>
      html`<li class="${depthClass(n.depth)}"><a href="#${anchor(n)}">${n.ghost ? '(not in archive)' : person(n.from)}</a> <span class="date">${shortDate(n.date)}</span>${n.hasPatch ? html` <span class="tag patch">patch</span>` : ''}</li>\n`,
  );
  const articles: Safe[] = nodes.map((n) => {
    if (n.ghost || n.id === null) {
      return html`<article class="msg ghost ${depthClass(n.depth)}" id="${anchor(n)}" data-depth="${n.depth}"><p class="meta">&lt;${n.msgid}&gt; is referenced but not in the archive.</p></article>\n`;
    }
    const text = dto.texts.get(n.id);
    const subject = n.subject && stripReply(n.subject) !== stripReply(t.subject) ? html`<div class="subj">${n.subject}</div>` : '';
    return html`<article class="msg ${flat ? 'd0' : depthClass(n.depth)}" id="${anchor(n)}" data-msg data-date="${n.date ?? ''}" data-depth="${n.depth}">
<header class="meta"><b class="from">${person(n.from)}</b> <span class="addr">${n.from?.address ?? ''}</span> <time datetime="${n.date ?? ''}">${shortDate(n.date)}</time>${!flat && n.depth > MAX_INDENT ? html` <span class="tag">depth ${n.depth}</span>` : ''}
<span class="links"><a href="#${anchor(n)}" title="link to this message in the thread">#</a> <a href="${msgHref(n.msgid)}">permalink</a> <a href="${msgHref(n.msgid)}/raw" rel="noopener nofollow">raw</a>${n.parentMsgid ? html` <a href="${msgHref(n.parentMsgid)}">parent</a>` : ''}</span></header>
${subject}${text ? renderTrailerBadges(text.trailers) : ''}${text ? renderBody(text.body, { rawHref: `${msgHref(n.msgid)}/raw` }) : ''}
</article>\n`;
  });
  const main = html`<h1>${t.subject || '(no subject)'}</h1>
<p class="sub">${t.messageCount} messages, ${t.participants} participants, ${shortDate(t.firstDate)} – ${shortDate(t.lastDate)}
· <a href="${threadHref(t.id)}/mbox.gz" rel="noopener nofollow">mbox.gz</a>
· <a href="${threadHref(t.id)}${flat ? '' : '?view=flat'}" id="view-toggle" data-view="${flat ? 'flat' : 'tree'}">${flat ? 'nested view' : 'flat view'}</a>
${opts.nextThread ? html` · <a href="${threadHref(opts.nextThread)}" rel="next" id="next-thread">next thread</a>` : ''}</p>
<p class="sub">${exportLinks('thread', String(t.id))}</p>
<details class="outline"${t.nodes.length <= 30 ? ' open' : ''}><summary>Outline (${t.nodes.length})</summary><ul class="tree">${outline}</ul></details>
<div class="thread${flat ? ' flat' : ''}" id="thread">
${articles}
</div>`;
  return layout({ title: t.subject || '(no subject)', kind: 'thread-page' }, main);
}

