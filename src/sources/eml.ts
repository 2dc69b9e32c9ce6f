// One message per input: .eml files, maildir files, a single message on stdin.
import type { RawMessage, SourceFormat } from '../domain/message.js';
import { looksLikeMessage } from './detect.js';

/**
 * Wraps a whole input as one message. Unless the format was forced, bytes that do not start like a
 * message (a README in a walked tree) are refused with a reason instead of being stored as mail.
 */
export function singleMessage(bytes: Buffer, origin: string, format: SourceFormat, forced: boolean): RawMessage | string {
  if (bytes.length === 0) return 'empty file';
  if (!forced && !looksLikeMessage(bytes)) return 'not a mail message (no header block, no "From " line)';
  return { raw: bytes, origin, format };
}
