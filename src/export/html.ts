// One self-contained HTML file: inline <style>, no script, every piece of mail text through
// escapeHtml, every link rel="noopener nofollow". Pure string builders; formats.ts streams them.
import { escapeHtml as e } from '../render/escape.js';
import type { CollectionHead, Discussion, Participant, SeriesSummary, Source, ThreadSummary } from '../summary/types.js';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ddd}h3{font-size:1.05em}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f6f6f6;padding:.5em;overflow:auto}
ul{padding-left:1.2em}.meta{color:#666}.who{font-weight:600}.src a{font-size:.85em;margin-left:.3em}
.unanswered{color:#a40}.answered{color:#070}article{margin-bottom:3em}`;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'undated');
const a = (href: string, text: string) => `<a href="${e(href)}" rel="noopener nofollow">${e(text)}</a>`;

export function htmlLinks(s: Source): string {
  return `<span class="src">${a(s.url, 'msg')}${s.lore ? a(s.lore, 'lore') : ''}</span>`;
}

const list = (title: string, items: string[], tag = 'h2') => (items.length ? `<${tag}>${e(title)}</${tag}>\n<ul>\n${items.map((i) => `<li>${i}</li>`).join('\n')}\n</ul>\n` : '');

function participants(ps: Participant[], tag: string): string {
  return list(
    'Participants',
    ps.map((p) => {
      const count = p.messages ? `${p.messages} message${p.messages === 1 ? '' : 's'}` : 'quoted only';
      const roles = p.roles.filter((r) => r !== 'quoted');
      return `<span class="who">${e(p.name || p.address)}</span>${p.name && p.address ? ` &lt;${e(p.address)}&gt;` : ''}: ${count}${roles.length ? ` (${e(roles.join(', '))})` : ''}`;
    }),
    tag,
  );
}

function discussion(d: Discussion, tag: string): string {
  return (
    list('Key points', d.points.map((p) => `<span class="who">${e(p.who)}</span> <span class="meta">${day(p.date)}</span>: ${e(p.text)} ${htmlLinks(p)}`), tag) +
    list(
      'Questions',
      d.questions.map(
        (q) =>
          `<span class="who">${e(q.who)}</span>: ${e(q.text)} <span class="${q.answered ? 'answered' : 'unanswered'}">${q.answered ? `answered (${q.answers.length})` : 'unanswered'}</span> ${htmlLinks(q)}`,
      ),
      tag,
    ) +
    list('Objections', d.objections.map((o) => `<span class="who">${e(o.who)}</span>: ${e(o.text)} ${htmlLinks(o)}`), tag) +
    list('Agreements', d.agreements.map((o) => `<span class="who">${e(o.who)}</span>: ${e(o.text)} ${htmlLinks(o)}`), tag) +
    list('Links cited', d.links.map((l) => `${e(l.kind)}: <code>${e(l.value)}</code> (${e(l.who)}) ${htmlLinks(l)}`), tag)
  );
}

export function threadHtml(s: ThreadSummary, level = 1): string {
  const h1 = `h${level}`;
  const h2 = `h${level + 1}`;
  const facts = [
    s.lists.length ? `Lists: ${e(s.lists.join(', '))}` : null,
    s.topic ? `Topic: ${e(s.topic)}` : null,
    `${s.messageCount} message${s.messageCount === 1 ? '' : 's'}, ${day(s.firstDate)} to ${day(s.lastDate)}`,
    s.root ? `Thread: ${htmlLinks(s.root)}` : null,
  ].filter(Boolean);
  return (
    `<article>\n<${h1}>${e(s.title)}</${h1}>\n<p class="meta">${facts.join('<br>')}</p>\n` +
    participants(s.participants, h2) +
    discussion(s.discussion, h2) +
    list(
      'Messages',
      s.messages.map((m) => `<span class="meta">${e(m.date ? `${m.date.slice(0, 10)} ${m.date.slice(11, 16)}` : 'undated')}</span> ${e(m.from)}${m.patch ? ' [patch]' : ''}: ${e(m.subject)} ${htmlLinks(m)}`),
      h2,
    ) +
    '</article>\n'
  );
}

export function seriesHtml(s: SeriesSummary): string {
  const st = s.state;
  let out = `<article>\n<h1>${e(s.title)}</h1>\n<p class="meta">${[
    s.author ? `Author: ${e(s.author)}` : null,
    s.topic ? `Topic: ${e(s.topic)}` : null,
    s.lists.length ? `Lists: ${e(s.lists.join(', '))}` : null,
    `State: ${e(st.state)}; latest version v${st.latestVersion}${st.superseded.length ? `; superseded: ${st.superseded.map((v) => `v${v}`).join(', ')}` : ''}${st.unreviewed.length ? `; unreviewed patches in v${st.latestVersion}: ${st.unreviewed.join(', ')}` : ''}`,
    `${day(s.firstDate)} to ${day(s.lastDate)}`,
  ]
    .filter(Boolean)
    .join('<br>')}</p>\n`;
  out += participants(s.participants, 'h2');
  out += '<h2>Versions</h2>\n';
  for (const v of s.versions) {
    const tags = [v.rfc ? 'RFC' : null, v.resend ? 'RESEND' : null, v.complete ? null : 'incomplete'].filter(Boolean).join(', ');
    out += `<h3>v${v.version}: ${day(v.date)}, ${e(v.state)}${tags ? `, ${tags}` : ''}</h3>\n<ul>\n`;
    if (v.cover) out += `<li>Cover letter ${htmlLinks(v.cover)}</li>\n`;
    for (const p of v.patches) {
      const trailers = p.trailers.filter((t) => t.name !== 'Signed-off-by');
      out += `<li>${p.index}/${v.total} ${e(p.title || '(missing)')}: ${p.status}${p.source ? ` ${htmlLinks(p.source)}` : ''}`;
      if (trailers.length) out += `<ul>${trailers.map((t) => `<li>${e(`${t.name}: ${t.value}`)}${t.carriedFromVersion ? ` (from v${t.carriedFromVersion})` : ''}${t.from ? ` ${htmlLinks(t.from)}` : ''}</li>`).join('')}</ul>`;
      out += '</li>\n';
    }
    out += '</ul>\n';
    if (v.changelog.length) out += `<pre>${e(v.changelog.map((c) => c.text).join('\n'))}</pre>\n`;
  }
  if (s.changes.length) {
    out += '<h2>Changes between versions</h2>\n';
    for (const c of s.changes) {
      out += list(
        `v${c.from} to v${c.to}`,
        c.patches.map((p) => {
          const parts = [
            e(p.status),
            p.files.length ? `files: ${e(p.files.join(', '))}` : null,
            p.added || p.removed ? `+${p.added}/-${p.removed} lines` : null,
            p.messageChanged ? 'commit message changed' : null,
            ...p.renames.map((r) => `renamed <code>${e(r.from)}</code> to <code>${e(r.to)}</code>`),
          ].filter(Boolean);
          const src = p.new ?? p.old;
          return `${e(p.title)}: ${parts.join('; ')}${src ? ` ${htmlLinks(src)}` : ''}`;
        }),
        'h3',
      );
    }
  }
  out += discussion(s.discussion, 'h2');
  return `${out}</article>\n`;
}

export function htmlHead(title: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width,initial-scale=1">\n<meta name="referrer" content="no-referrer">\n<title>${e(title)}</title>\n<style>\n${STYLE}\n</style>\n</head>\n<body>\n`;
}

export const HTML_TAIL = '</body>\n</html>\n';

export function collectionHeadHtml(h: CollectionHead): string {
  return `<h1>${h.kind === 'topic' ? 'Topic' : 'Search'}: ${e(h.name)}</h1>\n`;
}
