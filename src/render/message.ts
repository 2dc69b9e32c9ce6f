// /m/:msgid — one message: headers, body, its parent and replies, raw form, thread, series.
import { html, msgHref, threadHref, seriesHref, shortDate, person } from './html.js';
import { layout } from './layout.js';
import { renderBody, renderTrailerBadges } from './body.js';
import type { MessageDTO, AddressDTO } from '../views/message.js';
import type { ThreadNodeDTO } from '../views/threads.js';

export interface MessageContext {
  /** The parent in the thread tree (null for a root) and the direct replies. */
  parent: ThreadNodeDTO | null;
  replies: ThreadNodeDTO[];
  /** Neighbouring messages of the thread in tree order. */
  prev: ThreadNodeDTO | null;
  next: ThreadNodeDTO | null;
}

const addr = (a: AddressDTO) => html`<span class="person" title="${a.address}">${a.name ? a.name : a.address}</span>`;
const addrs = (list: AddressDTO[]) => {
  const shown = list.slice(0, 30);
  return html`${shown.map((a, i) => html`${i ? ', ' : ''}${addr(a)}`)}${list.length > shown.length ? ` and ${list.length - shown.length} more` : ''}`;
};
const nodeLink = (n: ThreadNodeDTO) =>
  html`<a href="${msgHref(n.msgid)}">${n.ghost ? html`&lt;${n.msgid}&gt; (not in archive)` : html`${person(n.from)}: ${n.subject ?? ''}`}</a> <span class="date">${shortDate(n.date)}</span>`;

export function renderMessagePage(m: MessageDTO, ctx: MessageContext): string {
  const rawHref = `${msgHref(m.msgid)}/raw`;
  const main = html`<article class="msg single" data-msg id="m${m.id}">
<h1>${m.subject || '(no subject)'}</h1>
<table class="headers">
<tr><th>From</th><td>${m.from ? html`${m.from.name} &lt;${m.from.address}&gt;` : '(unknown)'}</td></tr>
${m.to.length ? html`<tr><th>To</th><td>${addrs(m.to)}</td></tr>` : ''}
${m.cc.length ? html`<tr><th>Cc</th><td>${addrs(m.cc)}</td></tr>` : ''}
<tr><th>Date</th><td><time datetime="${m.date ?? ''}">${shortDate(m.date)} UTC</time>${m.dateFlag ? html` <span class="tag warn">${m.dateFlag}</span>` : ''}</td></tr>
<tr><th>Message-ID</th><td><a href="${msgHref(m.msgid)}" class="mid">&lt;${m.msgid}&gt;</a>${m.copies > 1 ? html` (${m.copies} copies)` : ''}</td></tr>
${m.listId ? html`<tr><th>List</th><td>${m.listId}</td></tr>` : ''}
</table>
<p class="links"><a href="${threadHref(m.threadId)}#m${m.id}">in thread</a> · <a href="${rawHref}" rel="noopener nofollow">raw</a> · <a href="${threadHref(m.threadId)}/mbox.gz" rel="noopener nofollow">thread mbox.gz</a>${m.series ? html` · <a href="${seriesHref(m.series.id)}">series (v${m.series.version}${m.series.index ? `, patch ${m.series.index}` : ', cover letter'})</a>` : ''}</p>
${m.patch ? html`<p class="patchstat">${m.patch.files.length} files changed, <span class="da">+${m.patch.added}</span> <span class="dd">-${m.patch.removed}</span></p>` : ''}
${renderTrailerBadges(m.trailers)}
${renderBody(m.body, { rawHref })}
</article>
<nav class="context">
<h2>Parent</h2>
${ctx.parent ? html`<p>${nodeLink(ctx.parent)}</p>` : m.inReplyTo ? html`<p><a href="${msgHref(m.inReplyTo)}">&lt;${m.inReplyTo}&gt;</a></p>` : html`<p class="none">none: this message starts the thread</p>`}
<h2>Replies (${ctx.replies.length})</h2>
${ctx.replies.length ? html`<ul class="replies">${ctx.replies.map((r) => html`<li>${nodeLink(r)}</li>`)}</ul>` : html`<p class="none">no replies</p>`}
<p class="prevnext">${ctx.prev ? html`<a href="${msgHref(ctx.prev.msgid)}" rel="prev">← previous in thread</a>` : ''} ${ctx.next ? html`<a href="${msgHref(ctx.next.msgid)}" rel="next">next in thread →</a>` : ''}</p>
</nav>`;
  return layout({ title: m.subject || '(no subject)', kind: 'message-page' }, main);
}
