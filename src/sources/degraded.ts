// Degraded inputs (scraped pages): each is rebuilt into an RFC 5322 message the MIME parser can read,
// while `raw` keeps the bytes as they came. Detection lives with each format's reader.
import type { RawMessage, SourceFormat } from '../domain/message.js';
import { type RebuiltParts, rebuildFlattened } from './flattened.js';
import { rebuildHypermail } from './hypermail.js';
import { isCommitLine, rebuildCommitMessage } from './commit-page.js';

export { reflowBody } from './flattened.js';
export { hypermailDateToRfc2822 } from './hypermail.js';

type DegradedFormat = Extract<SourceFormat, 'flattened' | 'hypermail' | 'commit-page'>;

/** Throws on text that is not in the given format (the caller turns that into an error item). */
export function rebuildDegraded(format: DegradedFormat, bytes: Buffer, origin: string): RawMessage[] {
  const text = bytes.toString('utf8');
  switch (format) {
    case 'flattened':
      return [{ raw: bytes, rebuilt: serialize(rebuildFlattened(text)), origin, format, flags: ['degraded:flattened'] }];
    case 'hypermail':
      return [
        { raw: bytes, rebuilt: serialize(rebuildHypermail(text)), origin, format, flags: ['degraded:hypermail', 'addresses-obfuscated'] },
      ];
    case 'commit-page':
      return commitPageMessages(bytes, origin);
  }
}

/**
 * One record per commit line; raw is that line's bytes and origin its byte offset. Two byte-identical
 * lines (the page shows the same commit at two points of its life) still give two records with
 * different origins: their identical bytes make them duplicates of each other downstream, which is
 * what they are.
 */
function commitPageMessages(page: Buffer, origin: string): RawMessage[] {
  const out: RawMessage[] = [];
  let start = 0;
  while (start < page.length) {
    let end = page.indexOf(0x0a, start);
    if (end < 0) end = page.length;
    const raw = page.subarray(start, end > start && page[end - 1] === 0x0d ? end - 1 : end);
    const line = raw.toString('utf8');
    if (isCommitLine(line)) {
      out.push({
        raw: Buffer.from(raw),
        rebuilt: serialize(rebuildCommitMessage(line)),
        origin: `${origin}:${start}`,
        format: 'commit-page',
        flags: ['degraded:commit-page'],
      });
    }
    start = end + 1;
  }
  if (out.length === 0) throw new Error('no commit message found on the page');
  return out;
}

/**
 * Headers one per line, a blank line, the body. Declared as UTF-8 text: the scraped text is already
 * decoded, so the original Content-Type/Transfer-Encoding (charset, quoted-printable, multipart
 * boundaries) would mislead the parser and are replaced.
 */
function serialize({ headers, body }: RebuiltParts): Buffer {
  const lines = headers
    .filter(([name]) => !/^(?:content-type|content-transfer-encoding|mime-version)$/i.test(name))
    .map(([name, value]) => fold(value === '' ? `${name}:` : `${name}: ${value}`));
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8');
  return Buffer.from(`${lines.join('\n')}\n\n${body.replace(/\n*$/, '\n')}`, 'utf8');
}

/** Keeps header lines under RFC 5322's 998-character limit by folding at spaces. */
function fold(line: string, max = 900): string {
  const parts: string[] = [];
  while (line.length > max) {
    const at = line.lastIndexOf(' ', max);
    if (at <= 0) break;
    parts.push(line.slice(0, at));
    line = ' ' + line.slice(at + 1);
  }
  parts.push(line);
  return parts.join('\n');
}
