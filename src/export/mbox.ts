// mbox exports: a thread or any list of messages as mboxrd (the stored bytes, as public-inbox
// serves t.mbox.gz), streamed message by message so a 100,000-message topic never sits in memory.
//
// Format choice: each message is "From mboxrd@z Thu Jan  1 00:00:00 1970\n", its raw bytes exactly
// as ingested except that every line matching /^>*From / gets one more ">" (mboxrd quoting,
// reversible), then "\n" if the bytes did not end in one, then a blank line. CRLF line ends are
// kept as they came (our reader, like public-inbox's, separates on "\n\nFrom " only, and a CRLF
// message still ends in "\n"). Re-ingesting the file gives back the same bytes, hence the same
// hashes, for every message that ended with a newline (the rest gain that one "\n").
import { createGzip, type Gzip } from 'node:zlib';
import { finished } from 'node:stream/promises';
import { pipeline, Readable, type Writable } from 'node:stream';
import type { ReadableDB } from '../store/db.js';
import { getMessageById, getRaw, getThreadMessageIds, type PackCache, BoundedPackCache } from '../store/messages.js';

export const MBOXRD_FROM_LINE = 'From mboxrd@z Thu Jan  1 00:00:00 1970\n';

const NL = 0x0a;
const GT = 0x3e;
const FROM = Buffer.from('From ');

/** One more ">" in front of every line matching /^>*From / (mboxrd). Pure; returns `raw` itself when nothing needs quoting. */
export function quoteMboxrd(raw: Buffer): Buffer {
  const at: number[] = [];
  for (let line = 0; line < raw.length; ) {
    let k = line;
    while (k < raw.length && raw[k] === GT) k++;
    if (raw.length - k >= FROM.length && raw.compare(FROM, 0, FROM.length, k, k + FROM.length) === 0) at.push(line);
    const nl = raw.indexOf(NL, k);
    if (nl < 0) break;
    line = nl + 1;
  }
  if (!at.length) return raw;
  const out = Buffer.allocUnsafe(raw.length + at.length);
  let from = 0;
  let w = 0;
  for (const i of at) {
    w += raw.copy(out, w, from, i);
    out[w++] = GT;
    from = i;
  }
  raw.copy(out, w, from);
  return out;
}

/** Undoes quoteMboxrd (one ">" less on lines matching /^>+From /). Pure; for tests and readers of our output. */
export function unquoteMboxrd(text: Buffer): Buffer {
  const drop: number[] = [];
  for (let line = 0; line < text.length; ) {
    let k = line;
    while (k < text.length && text[k] === GT) k++;
    if (k > line && text.length - k >= FROM.length && text.compare(FROM, 0, FROM.length, k, k + FROM.length) === 0) drop.push(line);
    const nl = text.indexOf(NL, k);
    if (nl < 0) break;
    line = nl + 1;
  }
  if (!drop.length) return text;
  const parts: Buffer[] = [];
  let from = 0;
  for (const d of drop) {
    parts.push(text.subarray(from, d));
    from = d + 1;
  }
  parts.push(text.subarray(from));
  return Buffer.concat(parts);
}

/** The pieces of one mboxrd entry: From_ line, quoted bytes, line end, blank line. */
export function mboxrdEntry(raw: Buffer): Buffer[] {
  const ends = raw.length > 0 && raw[raw.length - 1] === NL;
  return [Buffer.from(MBOXRD_FROM_LINE), quoteMboxrd(raw), Buffer.from(ends ? '\n' : '\n\n')];
}

/**
 * The mboxrd bytes of these messages, lazily: each message is read from the store when the
 * consumer asks for it. Ids that are not (or no longer) stored are skipped. Consecutive
 * messages usually share a pack; a small cache inflates each pack once.
 */
export function* mboxrdChunks(db: ReadableDB, ids: Iterable<number>, counter?: { messages: number }): Generator<Buffer> {
  const packs: PackCache = new BoundedPackCache(4);
  for (const id of ids) {
    const m = getMessageById(db, id);
    if (!m) continue;
    yield* mboxrdEntry(getRaw(db, m, packs));
    if (counter) counter.messages++;
  }
}

export interface WriteOptions {
  /** gzip the output (node:zlib). */
  gzip?: boolean;
  /** End `out` when done (default true; pass false for process.stdout). */
  end?: boolean;
}

/** Resolves on 'drain'; rejects when the stream errors or closes first (a reader that went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: Error) => done(e);
    const onClose = () => done(new Error('output closed before the export finished'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

/**
 * Writes chunks to `out` (optionally through gzip), awaiting 'drain' whenever a write is refused.
 * Rejects (never hangs) when the output fails or closes early.
 */
export async function writeChunks(chunks: Iterable<Buffer>, out: Writable, o: WriteOptions = {}): Promise<void> {
  const end = o.end ?? true;
  let failed: Error | null = null;
  const onError = (e: Error) => {
    failed ??= e;
  };
  out.on('error', onError);
  let sink: Writable = out;
  let gz: Gzip | null = null;
  if (o.gzip) {
    gz = createGzip();
    gz.on('error', onError);
    gz.pipe(out, { end });
    out.once('error', (e) => gz!.destroy(e)); // pipe() does not forward it: the writer would wait forever
    sink = gz;
  }
  try {
    for (const chunk of chunks) {
      if (failed) throw failed;
      if (!sink.write(chunk)) await drained(sink);
    }
    if (failed) throw failed;
    if (gz) {
      gz.end();
      await finished(gz);
      if (end) await finished(out);
    } else if (end) {
      out.end();
      await finished(out);
    }
  } finally {
    out.off('error', onError);
  }
}

/** Messages by id, in the order given, as mboxrd. Returns how many were written. */
export async function writeMessagesMbox(db: ReadableDB, ids: Iterable<number>, out: Writable, o: WriteOptions = {}): Promise<number> {
  const counter = { messages: 0 };
  await writeChunks(mboxrdChunks(db, ids, counter), out, o);
  return counter.messages;
}

/** Every stored message of a thread (all copies), oldest first, as mboxrd. Returns how many were written. */
export async function writeThreadMbox(db: ReadableDB, threadId: number, out: Writable, o: WriteOptions = {}): Promise<number> {
  return writeMessagesMbox(db, getThreadMessageIds(db, threadId), out, o);
}

/** A thread's mboxrd as a Readable (gzip'd when asked), for HTTP replies: backpressure is the consumer's. */
export function threadMboxStream(db: ReadableDB, threadId: number, o: { gzip?: boolean } = {}): Readable {
  const source = Readable.from(mboxrdChunks(db, getThreadMessageIds(db, threadId)), { objectMode: false });
  // pipeline, not pipe: an error on either side destroys both
  return o.gzip ? pipeline(source, createGzip(), () => {}) : source;
}
