// A message body as HTML: what the author wrote, quoted blocks folded in <details>, the diff
// coloured per line, trailers as badges, http(s) URLs as links. Every character of mail text
// goes through escapeHtml; only http(s) URLs ever become hrefs.
import { escapeHtml } from './escape.js';
import { raw, type Safe } from './html.js';
import { scanDiff } from '../parse/diff.js';

/** Bodies longer than this are cut on the page (the raw message has all of it). */
export const MAX_RENDERED_BODY = 512 * 1024;
// Runs over ALREADY ESCAPED text: a URL stops at whitespace and at any entity but &amp;
// (so "&lt;https://x&gt;" links only https://x), and never contains a quote.
const ESCAPED_URL = /\bhttps?:\/\/(?:[^\s&\u0000-\u001f\u007f]|&amp;)+/g;
const TRAILER = /^(\s*)((?:Signed-off-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Suggested-by|Co-developed-by|Nacked-by|Reported-and-tested-by|Fixes|Link|Closes|Cc)):(.*)$/i;

/** Links the http(s) URLs of text that escapeHtml already escaped. */
function linkifyEscaped(e: string): string {
  if (e.indexOf('http') < 0) return e;
  return e.replace(ESCAPED_URL, (url) => {
    let end = url.length;
    for (;;) {
      const c = url[end - 1];
      if ('.,:!?)]}'.includes(c)) end--;
      else if (c === ';' && !url.slice(0, end).endsWith('&amp;')) end--;
      else break;
    }
    const u = url.slice(0, end);
    return `<a href="${u}" rel="noopener nofollow">${u}</a>${url.slice(end)}`;
  });
}

/** Escapes `text` and turns http(s) URLs into links with rel="noopener nofollow". */
export const linkify = (text: string): string => linkifyEscaped(escapeHtml(text));

function diffClass(line: string): string {
  if (line.startsWith('diff ') || line.startsWith('index ') || line.startsWith('--- ') || line.startsWith('+++ ')) return 'dh';
  if (line.startsWith('@@')) return 'dk';
  const c = line.charCodeAt(0);
  return c === 0x2b ? 'da' : c === 0x2d ? 'dd' : '';
}

/** A plain-text body rendered for a page (a <pre> block with folded quotes). */
export function renderBody(body: string, opts: { rawHref?: string } = {}): Safe {
  let text = body;
  let cut = false;
  if (text.length > MAX_RENDERED_BODY) {
    text = text.slice(0, MAX_RENDERED_BODY);
    cut = true;
  }
  // escape once; escaping keeps line breaks, so raw and escaped lines stay aligned
  const lines = text.split('\n');
  const esc = escapeHtml(text).split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const ranges = scanDiff(lines)?.ranges ?? [];
  let out = '<pre class="body">';
  let r = 0;
  let i = 0;
  while (i < lines.length) {
    while (r < ranges.length && ranges[r][1] <= i) r++;
    if (r < ranges.length && ranges[r][0] <= i) {
      out += '<span class="diff">';
      for (; i < ranges[r][1] && i < lines.length; i++) {
        const cls = diffClass(lines[i]);
        out += cls ? `<span class="${cls}">${esc[i]}</span>\n` : `${esc[i]}\n`;
      }
      out += '</span>';
      continue;
    }
    if (lines[i].charCodeAt(0) === 0x3e) {
      const start = i;
      while (i < lines.length && lines[i].charCodeAt(0) === 0x3e) i++;
      const n = i - start;
      out += `<details class="quote"${n <= 3 ? ' open' : ''}><summary>${n} quoted line${n === 1 ? '' : 's'}</summary>${linkifyEscaped(esc.slice(start, i).join('\n'))}\n</details>`;
      continue;
    }
    // a run of plain lines goes out in one piece
    const start = i;
    while (i < lines.length && lines[i].charCodeAt(0) !== 0x3e && !(r < ranges.length && ranges[r][0] <= i) && !(lines[i].indexOf(':') > 0 && TRAILER.test(lines[i]))) i++;
    if (i > start) {
      out += linkifyEscaped(esc.slice(start, i).join('\n')) + '\n';
      continue;
    }
    const t = TRAILER.exec(esc[i])!;
    out += `${t[1]}<span class="trailer" data-trailer="${t[2].toLowerCase()}">${t[2]}:</span>${linkifyEscaped(t[3])}\n`;
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
