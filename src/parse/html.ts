// HTML -> plain text for HTML-only mail. A single linear scan (no DOM, no regex over the
// whole document): tags and their attribute values are dropped, so `<input value="a>b">`
// leaks nothing; script/style/head content is dropped; block tags become line breaks.
import { MAX_HTML_CHARS } from './limits.js';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'tr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'blockquote', 'pre', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'body', 'html', 'title',
]);
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'template']);
const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»',
  bull: '•', middot: '·', deg: '°', euro: '€', pound: '£', trade: '™', shy: '', zwnj: '', zwj: '',
};

export function htmlToText(html: string): string {
  const s = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  const lower = s.toLowerCase();
  const out: string[] = [];
  let pre = 0; // inside <pre>: whitespace is kept
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const textEnd = lt < 0 ? s.length : lt;
    if (textEnd > i) out.push(decodeEntities(pre > 0 ? s.slice(i, textEnd) : s.slice(i, textEnd).replace(/\s+/g, ' ')));
    if (lt < 0) break;
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      i = end < 0 ? s.length : end + 3;
      continue;
    }
    if (!/[A-Za-z/!?]/.test(s[lt + 1] ?? '')) {
      out.push('<'); // "a < b" in text
      i = lt + 1;
      continue;
    }
    const tag = tagName(s, lt + 1);
    i = findTagEnd(s, lt + 1);
    if (!tag.name) continue; // <!DOCTYPE>, <?xml?>
    if (SKIP_CONTENT.has(tag.name) && !tag.closing) {
      const close = lower.indexOf(`</${tag.name}`, i);
      i = close < 0 ? s.length : findTagEnd(s, close + 1);
      continue;
    }
    if (tag.name === 'pre') pre = Math.max(0, pre + (tag.closing ? -1 : 1));
    if (BLOCK_TAGS.has(tag.name)) out.push('\n');
  }
  return tidy(out.join(''));
}

/** Index just past the ">" closing the tag opened before `from`, skipping quoted attribute values. */
function findTagEnd(s: string, from: number): number {
  let quote = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return i + 1;
    }
  }
  return s.length;
}

function tagName(s: string, from: number): { name: string; closing: boolean } {
  let i = from;
  const closing = s.charCodeAt(i) === 0x2f; /* / */
  if (closing) i++;
  const start = i;
  while (i < s.length && i - start < 16) {
    const c = s.charCodeAt(i) | 0x20;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39 && i > start)) i++;
    else break;
  }
  return { name: s.slice(start, i).toLowerCase(), closing };
}

function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (all, ent: string) => {
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[ent.toLowerCase()] ?? all;
  });
}

// Lines trimmed, runs of blank lines reduced to one.
function tidy(text: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const out: string[] = [];
  for (const l of lines) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
