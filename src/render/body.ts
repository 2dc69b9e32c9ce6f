// A message body as HTML: what the author wrote, quoted blocks folded in <details>, the diff
// coloured per line, trailers as badges, http(s) URLs as links. Every character of mail text
// goes through escapeHtml; only http(s) URLs ever become hrefs.
import { escapeHtml } from './escape.js';
import { raw, type Safe } from './html.js';
import { scanDiff } from '../parse/diff.js';

/** Bodies longer than this are cut on the page (the raw message has all of it). */
export const MAX_RENDERED_BODY = 512 * 1024;
const URL = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f]+/g;
const TRAILER = /^\s*((?:Signed-off-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Suggested-by|Co-developed-by|Nacked-by|Reported-and-tested-by|Fixes|Link|Closes|Cc)):\s*(.*)$/i;

/** Escapes `text` and turns http(s) URLs into links with rel="noopener nofollow". */
export function linkify(text: string): string {
  if (text.indexOf('http') < 0) return escapeHtml(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL)) {
    let url = m[0];
    const trail = /[.,;:!?)\]}>]+$/.exec(url);
    if (trail) url = url.slice(0, url.length - trail[0].length);
    const at = m.index;
    out += escapeHtml(text.slice(last, at));
    out += `<a href="${escapeHtml(url)}" rel="noopener nofollow">${escapeHtml(url)}</a>`;
    last = at + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

function diffLine(line: string): string {
  const c = line.charCodeAt(0);
  let cls = '';
  if (line.startsWith('diff ') || line.startsWith('index ') || line.startsWith('--- ') || line.startsWith('+++ ')) cls = 'dh';
  else if (line.startsWith('@@')) cls = 'dk';
  else if (c === 0x2b) cls = 'da';
  else if (c === 0x2d) cls = 'dd';
  const e = escapeHtml(line);
  return cls ? `<span class="${cls}">${e}</span>\n` : `${e}\n`;
}

function textLine(line: string): string {
  const t = TRAILER.exec(line);
  if (t) return `<span class="trailer" data-trailer="${escapeHtml(t[1].toLowerCase())}">${escapeHtml(t[1])}:</span> ${linkify(t[2])}\n`;
  return linkify(line) + '\n';
}

/** A plain-text body rendered for a page (a <pre> block with folded quotes). */
export function renderBody(body: string, opts: { rawHref?: string } = {}): Safe {
  let text = body;
  let cut = false;
  if (text.length > MAX_RENDERED_BODY) {
    text = text.slice(0, MAX_RENDERED_BODY);
    cut = true;
  }
  const lines = text.split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const ranges = scanDiff(lines)?.ranges ?? [];
  let out = '<pre class="body">';
  let r = 0;
  let i = 0;
  while (i < lines.length) {
    while (r < ranges.length && ranges[r][1] <= i) r++;
    if (r < ranges.length && ranges[r][0] <= i) {
      out += '<span class="diff">';
      for (; i < ranges[r][1] && i < lines.length; i++) out += diffLine(lines[i]);
      out += '</span>';
      continue;
    }
    if (lines[i].charCodeAt(0) === 0x3e) {
      const start = i;
      let q = '';
      for (; i < lines.length && lines[i].charCodeAt(0) === 0x3e; i++) q += linkify(lines[i]) + '\n';
      const n = i - start;
      out += `<details class="quote"${n <= 3 ? ' open' : ''}><summary>${n} quoted line${n === 1 ? '' : 's'}</summary>${q}</details>`;
      continue;
    }
    out += textLine(lines[i]);
    i++;
  }
  out += '</pre>';
  if (cut) {
    out += `<p class="notice">This message is ${Math.round(body.length / 1024)} KB; the page shows the first ${MAX_RENDERED_BODY / 1024} KB.`;
    if (opts.rawHref) out += ` <a href="${escapeHtml(opts.rawHref)}" rel="noopener nofollow">Whole raw message</a>.`;
    out += '</p>';
  }
  return raw(out);
}

/** Trailers of a message as badges. */
export function renderTrailerBadges(trailers: { name: string; value: string; person?: { name: string; address: string } | null }[]): Safe {
  if (!trailers.length) return raw('');
  let out = '<ul class="badges">';
  for (const t of trailers) {
    const who = t.person ? t.person.name || t.person.address : t.value;
    out += `<li class="badge b-${escapeHtml(t.name.toLowerCase())}" title="${escapeHtml(t.value)}">${escapeHtml(t.name)}: ${escapeHtml(who)}</li>`;
  }
  return raw(out + '</ul>');
}
