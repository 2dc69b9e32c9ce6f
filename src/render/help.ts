// /help/search — docs/search.md as simple HTML. Only the Markdown the doc uses: headings,
// paragraphs, pipe tables, indented or fenced code, `code`, [links](http...), *emphasis*.
import { escapeHtml } from './escape.js';
import { raw, html } from './html.js';
import { layout } from './layout.js';

function inline(text: string): string {
  let out = '';
  const re = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*)\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += escapeHtml(text.slice(last, m.index));
    if (m[1] !== undefined) out += `<code>${escapeHtml(m[1])}</code>`;
    else if (m[2] !== undefined) {
      const href = m[3];
      out += /^(https?:\/\/|\/|#)/.test(href) ? `<a href="${escapeHtml(href)}" rel="noopener nofollow">${escapeHtml(m[2])}</a>` : escapeHtml(m[2]);
    } else out += `<em>${escapeHtml(m[4])}</em>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

const cells = (row: string): string[] => row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());

export function markdownToHtml(md: string): string {
  const lines = md.split('\n');
  let out = '';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) {
      const n = h[1].length;
      const id = h[2].toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      out += `<h${n} id="${escapeHtml(id)}">${inline(h[2])}</h${n}>\n`;
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      let code = '';
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code += lines[i] + '\n';
      i++;
      out += `<pre>${escapeHtml(code)}</pre>\n`;
      continue;
    }
    if (line.startsWith('    ')) {
      let code = '';
      for (; i < lines.length && (lines[i].startsWith('    ') || !lines[i].trim()); i++) code += lines[i].slice(4) + '\n';
      out += `<pre>${escapeHtml(code.replace(/\n+$/, '\n'))}</pre>\n`;
      continue;
    }
    if (line.trimStart().startsWith('|')) {
      const rows: string[] = [];
      for (; i < lines.length && lines[i].trimStart().startsWith('|'); i++) rows.push(lines[i]);
      const sep = rows.length > 1 && /^[\s|:-]+$/.test(rows[1]);
      const head = sep ? rows[0] : null;
      const body = sep ? rows.slice(2) : rows;
      out += '<div class="scroll"><table class="doc">';
      if (head) out += `<thead><tr>${cells(head).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead>`;
      out += `<tbody>${body.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>\n`;
      continue;
    }
    if (/^\s*[-*]\s+/.test(line)) {
      out += '<ul>';
      for (; i < lines.length && /^\s*[-*]\s+/.test(lines[i]); i++) out += `<li>${inline(lines[i].replace(/^\s*[-*]\s+/, ''))}</li>`;
      out += '</ul>\n';
      continue;
    }
    let para = '';
    for (; i < lines.length && lines[i].trim() && !/^(#|\||    |```)/.test(lines[i]); i++) para += (para ? ' ' : '') + lines[i].trim();
    out += `<p>${inline(para)}</p>\n`;
  }
  return out;
}

export function renderHelpPage(md: string): string {
  return layout({ title: 'Search syntax', kind: 'help-page' }, html`<div class="doc">${raw(markdownToHtml(md))}</div>`);
}
