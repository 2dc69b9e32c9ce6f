// `lkb reindex`: rebuild the full-text index from what the store holds (after a change to
// the index's schema or to what goes into it). Messages are not re-parsed: the stored body,
// recipients and trailers give the same document ingest built.
import type { WritableDB } from '../store/db.js';
import { addressOf, getBody, getRaw, getRecipients, getTrailers, type MessageRow } from '../store/messages.js';
import { parseMessage } from '../parse/mime.js';
import { clearSearchIndex, indexDocument, messagesForReindex } from '../store/search-index.js';
import { searchDocument } from '../index/document.js';
import { splitQuoted } from '../parse/quotes.js';
import { extractPatch } from '../parse/diff.js';
import type { Trailer } from '../domain/message.js';

const BATCH = 2000;

/**
 * The index document from the store. A patch sent as an attachment is not in the stored
 * body: those few messages are parsed again from their raw bytes.
 */
export async function storedDocument(db: WritableDB, row: MessageRow) {
  if (row.flags?.includes('patch-attached')) {
    const p = await parseMessage({ raw: getRaw(db, row), origin: row.origin, format: row.format as never });
    return searchDocument({ ...p, diff: p.patch?.diff ?? null });
  }
  const body = getBody(db, row);
  const { to, cc } = getRecipients(db, row);
  const { newText, quotedText } = splitQuoted(body);
  const trailers = getTrailers(db, row.id).map(
    (t) => ({ name: t.name, value: t.value }) as Trailer,
  );
  return searchDocument({
    subject: row.subject,
    from: addressOf(row.from_name, row.from_addr),
    to,
    cc,
    bodyNew: newText,
    bodyQuoted: quotedText,
    diff: row.lines_added === null ? null : (extractPatch(body)?.diff ?? null),
    trailers,
  });
}

export async function reindex(db: WritableDB, onProgress?: (done: number) => void): Promise<{ messages: number; seconds: number }> {
  const started = performance.now();
  clearSearchIndex(db);
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = messagesForReindex(db, after, BATCH);
    if (!rows.length) break;
    // documents first (parsing may await), then one synchronous transaction
    const docs = await Promise.all(rows.map((r) => storedDocument(db, r)));
    db.transaction(() => rows.forEach((r, i) => indexDocument(db, r.id, docs[i])))();
    done += rows.length;
    after = rows[rows.length - 1].id;
    onProgress?.(done);
  }
  return { messages: done, seconds: (performance.now() - started) / 1000 };
}
