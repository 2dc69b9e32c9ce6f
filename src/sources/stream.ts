// Reads one byte stream (a file or stdin): detects its format from the first bytes, then splits it
// (mbox, gzip'd mbox) or reads it as one document (message, degraded page).
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import type { SourceFormat } from '../domain/message.js';
import type { SourceItem } from '../domain/source.js';
import { PeekableChunks, fileChunks } from './chunks.js';
import { type ReadContext, errorItem, messageItem, describeError } from './context.js';
import { DETECT_BYTES, detectFormat } from './detect.js';
import { MboxSplitter, type SplitMessage } from './mbox.js';
import { singleMessage } from './eml.js';
import { rebuildDegraded } from './degraded.js';

/** Largest input read whole as one document (a message or a scraped page). */
const SINGLE_DOCUMENT_LIMIT = 256 * 1024 * 1024;

export interface InputOptions {
  /** A forced format (--format, or 'maildir' for files in cur/ and new/): no detection. */
  format?: SourceFormat;
  /**
   * Found by walking a folder rather than named by the user: files that are not mail (README,
   * notes, empty files) are passed over silently instead of being reported.
   */
  walked?: boolean;
}

export function readFileInput(file: string, ctx: ReadContext, opts: InputOptions & { size?: number } = {}): AsyncGenerator<SourceItem> {
  return readInput(fileChunks(file, opts.size), file, ctx, opts);
}

/**
 * Never throws for bad input: a read error, a corrupt gzip or a truncated mbox ends this input with
 * one error item carrying the byte offset reached.
 */
export async function* readInput(
  source: AsyncIterable<Buffer | string>,
  origin: string,
  ctx: ReadContext,
  opts: InputOptions = {},
): AsyncGenerator<SourceItem> {
  const forced = opts.format;
  const input = new PeekableChunks(source, (n) => (ctx.bytesRead += n));
  try {
    const head = await input.peek(DETECT_BYTES);
    const gzipped = head[0] === 0x1f && head[1] === 0x8b;
    if (gzipped && (forced === undefined || forced === 'mbox.gz' || forced === 'mbox')) {
      yield* readGzip(input, origin, ctx);
      return;
    }
    yield* readDocument(input, head, origin, ctx, forced ?? detectFormat(head), { forced: forced !== undefined, walked: !!opts.walked });
  } catch (err) {
    yield errorItem(origin, input.consumed, err);
  } finally {
    await input.close();
  }
}

/** Message origins inside a .gz use offsets in the decompressed stream. */
async function* readGzip(compressed: PeekableChunks, origin: string, ctx: ReadContext): AsyncGenerator<SourceItem> {
  const gunzip = zlib.createGunzip();
  pipeline(Readable.from(compressed), gunzip, () => {}); // errors reach us through the gunzip iterator
  const plain = new PeekableChunks(gunzip);
  try {
    const head = await plain.peek(DETECT_BYTES);
    const detected = detectFormat(head);
    const format = detected === 'mbox' ? 'mbox.gz' : detected;
    yield* readDocument(plain, head, origin, ctx, format, { forced: false, walked: false });
  } catch (err) {
    const message = `gzip: ${describeError(err)} (after ${plain.consumed} decompressed bytes)`;
    yield errorItem(origin, compressed.consumed, message);
  } finally {
    gunzip.destroy();
  }
}

async function* readDocument(
  input: PeekableChunks,
  head: Buffer,
  origin: string,
  ctx: ReadContext,
  format: SourceFormat,
  how: { forced: boolean; walked: boolean },
): AsyncGenerator<SourceItem> {
  switch (format) {
    case 'mbox':
    case 'mbox.gz':
      yield* splitMbox(input, origin, ctx, format);
      return;
    case 'public-inbox':
      yield errorItem(origin, 0, 'public-inbox needs a git repository or an inbox folder, not a file');
      return;
    case 'flattened':
    case 'hypermail':
    case 'commit-page':
      for (const message of rebuildDegraded(format, await input.readAll(SINGLE_DOCUMENT_LIMIT), origin)) {
        yield messageItem(ctx, message);
      }
      return;
    case 'eml':
    case 'maildir': {
      const message = singleMessage(head.length ? await input.readAll(SINGLE_DOCUMENT_LIMIT) : head, origin, format, how.forced);
      if (typeof message !== 'string') yield messageItem(ctx, message);
      else if (!how.walked) yield errorItem(origin, 0, message);
      return;
    }
  }
}

async function* splitMbox(chunks: AsyncIterable<Buffer>, origin: string, ctx: ReadContext, format: SourceFormat): AsyncGenerator<SourceItem> {
  const splitter = new MboxSplitter();
  const toItem = (m: SplitMessage): SourceItem =>
    messageItem(ctx, { raw: m.bytes, origin: `${origin}:${m.offset}`, format, ...(m.flags && { flags: m.flags }) });
  for await (const chunk of chunks) {
    for (const m of splitter.push(chunk)) yield toItem(m);
    if (splitter.error) break;
  }
  const { messages, error } = splitter.end();
  for (const m of messages) yield toItem(m);
  if (error) {
    const where = format === 'mbox.gz' ? ' (offset in the decompressed stream)' : '';
    yield errorItem(origin, error.offset, error.message + where);
  }
}
