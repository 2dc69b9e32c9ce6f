// A chunk stream that can be peeked at (for format detection) and then read from the start.
import fs from 'node:fs';

const READ_CHUNK = 1024 * 1024;
/** Files up to this size are read with one readFile call: cheaper than a stream per maildir file. */
const WHOLE_FILE_LIMIT = 4 * 1024 * 1024;

export class PeekableChunks implements AsyncIterable<Buffer> {
  private readonly it: AsyncIterator<Buffer>;
  private readonly buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private done = false;
  /** Bytes pulled from the source so far (the offset where a read error happened). */
  consumed = 0;

  constructor(source: AsyncIterable<Buffer | string>, private readonly onBytes: (n: number) => void = () => {}) {
    this.it = toBuffers(source)[Symbol.asyncIterator]();
  }

  /** The first `n` bytes (fewer at end of input); they are still returned by iteration. */
  async peek(n: number): Promise<Buffer> {
    while (this.bufferedBytes < n && (await this.pull())) {}
    return Buffer.concat(this.buffered, this.bufferedBytes).subarray(0, Math.min(n, this.bufferedBytes));
  }

  /** All bytes; throws past `limit` so a mislabelled archive cannot fill memory. */
  async readAll(limit: number): Promise<Buffer> {
    while (await this.pull()) {
      if (this.bufferedBytes > limit) throw new Error(`more than ${limit} bytes: too large for a single message`);
    }
    return Buffer.concat(this.buffered, this.bufferedBytes);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    while (this.buffered.length > 0 || (await this.pull())) {
      const chunk = this.buffered.shift()!;
      this.bufferedBytes -= chunk.length;
      yield chunk;
    }
  }

  /** Stops the source early (closes a file stream that was not read to the end). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }

  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    this.buffered.push(r.value);
    this.bufferedBytes += r.value.length;
    this.consumed += r.value.length;
    this.onBytes(r.value.length);
    return true;
  }
}

async function* toBuffers(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** A file's bytes as chunks; small files in one read. Errors (ENOENT, EACCES…) surface on the first read. */
export async function* fileChunks(file: string, size?: number): AsyncGenerator<Buffer> {
  if (size === undefined) size = (await fs.promises.stat(file)).size;
  if (size <= WHOLE_FILE_LIMIT) {
    const whole = await fs.promises.readFile(file);
    if (whole.length > 0) yield whole;
    return;
  }
  yield* fs.createReadStream(file, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>;
}
