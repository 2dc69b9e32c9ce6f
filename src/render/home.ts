// The start page until the full web UI lands: the newest threads, server-rendered, no JS.
import { escapeHtml, escapePathSegment } from './escape.js';
import type { ThreadSummaryDTO } from '../views/threads.js';

export function renderHome(threads: ThreadSummaryDTO[], counts: { messages: number; threads: number }): string {
  const rows = threads
    .map(
      (t) => `<tr><td>${escapeHtml(t.lastDate?.slice(0, 10) ?? '')}</td><td>${t.messageCount}</td>
<td><a href="/api/threads/${t.id}" rel="noopener nofollow">${escapeHtml(t.subject || '(no subject)')}</a></td>
<td>${t.rootMsgid ? `<a href="/api/messages/${escapePathSegment(t.rootMsgid)}/raw" rel="noopener nofollow">raw</a>` : ''}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lkml-kb</title></head>
<body>
<h1>lkml-kb</h1>
<p>${counts.messages} messages in ${counts.threads} threads. JSON API: <a href="/api/threads">/api/threads</a>, <a href="/healthz">/healthz</a>.</p>
<table><thead><tr><th>last</th><th>msgs</th><th>subject</th><th></th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}
