// What every reader shares during one openSources() call: the options and a running byte count.
import type { RawMessage } from '../domain/message.js';
import type { OpenSourceOptions, SourceItem } from '../domain/source.js';

export interface ReadContext {
  opts: OpenSourceOptions;
  /**
   * Bytes consumed from all inputs of this call so far: on-disk bytes (compressed ones for .gz),
   * so that `bytesRead / totalBytes(paths)` is a progress fraction.
   */
  bytesRead: number;
}

export function newContext(opts: OpenSourceOptions = {}): ReadContext {
  return { opts, bytesRead: 0 };
}

export function messageItem(ctx: ReadContext, message: RawMessage): SourceItem {
  return { kind: 'message', message, bytesRead: ctx.bytesRead };
}

export function errorItem(origin: string, offset: number | null, err: unknown): SourceItem {
  return { kind: 'error', error: { origin, offset, message: describeError(err) } };
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
