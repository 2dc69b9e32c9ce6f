// Plain-text search results; matched terms in bold on a terminal, *marked* otherwise.
import type { SearchResultDTO } from '../views/search.js';

function mark(s: string, spans: [number, number][], tty: boolean): string {
  let out = '';
  let at = 0;
  for (const [a, b] of spans) {
    if (a < at) continue;
    out += s.slice(at, a) + (tty ? `\x1b[1m${s.slice(a, b)}\x1b[0m` : `*${s.slice(a, b)}*`);
    at = b;
  }
  return out + s.slice(at);
}

export function formatSearch(r: SearchResultDTO, tty: boolean): string {
  const head = `${r.partial ? 'more than ' : ''}${r.total} ${r.hits[0]?.threadHits !== undefined ? 'threads' : 'messages'}`;
  const lines = r.hits.map(
    (h) =>
      `${h.date?.slice(0, 10) ?? '(no date)'}  ${h.subject}${h.threadHits !== undefined ? `  [${h.threadHits} hits]` : ''}\n` +
      `            ${h.from?.name || h.from?.address || '(unknown)'}  <${h.msgid}>\n` +
      `            ${mark(h.snippet, h.highlights, tty)}`,
  );
  return [head, ...lines, r.nextCursor ? `more: --cursor ${r.nextCursor}` : ''].filter(Boolean).join('\n');
}
