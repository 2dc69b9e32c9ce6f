// The top-level header block, split by hand: which fields a message has, their raw values,
// and a reduced copy of the block for mailparser. vger mail carries ~4 KB of Received/DKIM/
// ARC headers that mailparser would decode one by one for nothing; giving it only the fields
// it must decode (addresses, subject, MIME structure) makes it about 1.5x faster.
import { MAX_HEADER_BLOCK_BYTES, MAX_HEADER_CHARS, MAX_MAILPARSER_HEADER_BYTES } from './limits.js';

export interface HeaderField {
  /** Lower-case field name, '' for a line that is no field ("garbage" or a leading continuation). */
  key: string;
  /** The field as written, continuation lines included (latin1: one char per byte). */
  line: string;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Byte offset where the body starts (after the blank line); bytes.length when there is no body. */
  bodyStart: number;
  /** False when no blank line ended the block within MAX_HEADER_BLOCK_BYTES (what follows counts as body). */
  complete: boolean;
}

/** Splits the header block off `bytes`; an input starting with a blank line has no fields. */
export function splitHeaderBlock(bytes: Buffer): HeaderBlock {
  const end = headerBlockEnd(bytes);
  const complete = end >= 0 || bytes.length <= MAX_HEADER_BLOCK_BYTES;
  const bodyStart = end >= 0 ? end : Math.min(bytes.length, MAX_HEADER_BLOCK_BYTES);
  const text = bytes.toString('latin1', 0, bodyStart);
  const fields: HeaderField[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const c = line.charCodeAt(0);
    const last = fields[fields.length - 1];
    if ((c === 0x20 || c === 0x09) && last && last.key !== '') {
      if (last.line.length < MAX_HEADER_CHARS) last.line += `\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon > 0 && colon < 200 ? line.slice(0, colon).trim().toLowerCase() : '';
    fields.push({ key: /^[\x21-\x39\x3b-\x7e]+$/.test(key) ? key : '', line: line.slice(0, MAX_HEADER_CHARS) });
  }
  return { fields, bodyStart, complete };
}

/** Index just past the blank line that ends the header block; 0 when the input starts with one; -1 when none is found. */
function headerBlockEnd(bytes: Buffer): number {
  if (bytes[0] === 0x0a) return 1;
  if (bytes[0] === 0x0d && bytes[1] === 0x0a) return 2;
  const limit = Math.min(bytes.length, MAX_HEADER_BLOCK_BYTES);
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < limit; i = bytes.indexOf(0x0a, i + 1)) {
    const next = bytes[i + 1];
    if (next === 0x0a) return i + 2;
    if (next === 0x0d && bytes[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** The value of a field: after the colon, unfolded, raw 8-bit bytes read as UTF-8, capped. */
export function fieldValue(field: HeaderField): string {
  const colon = field.line.indexOf(':');
  let v = field.line.slice(colon + 1, colon + 1 + MAX_HEADER_CHARS).replace(/\r?\n/g, '');
  if (/[\x80-\xff]/.test(v)) v = Buffer.from(v, 'latin1').toString('utf8');
  return v.trim();
}

/**
 * The fields of the header block whose names pass `keep`. Fields are already capped at
 * MAX_HEADER_CHARS; past MAX_MAILPARSER_HEADER_BYTES only the MIME fields are still kept,
 * so a header bomb cannot push mailparser over its limit.
 */
export function reducedFields(fields: readonly HeaderField[], keep: (key: string) => boolean): HeaderField[] {
  const out: HeaderField[] = [];
  let length = 0;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.key === '' || !keep(f.key)) continue;
    // an indented field after a line that is no field: mailparser's splitter folds it into
    // that line, so mailparser over the whole message never sees it as a field either
    const c = f.line.charCodeAt(0);
    if (i > 0 && (c === 0x20 || c === 0x09)) continue;
    if (length + f.line.length > MAX_MAILPARSER_HEADER_BYTES && !f.key.startsWith('content-')) continue;
    out.push(f);
    length += f.line.length + 1;
  }
  return out;
}

/** The reduced fields as a header block for mailparser, ending in a blank line. */
export function reducedHeaderBlock(fields: readonly HeaderField[]): Buffer {
  let out = '';
  for (const f of fields) out += `${f.line}\n`;
  return Buffer.from(`${out}\n`, 'latin1');
}
