// Reading corpus mail for the parse tests: mbox splitting and RawMessage wrapping.
import fs from 'node:fs';
import path from 'node:path';
import type { RawMessage } from '../../src/domain/message.js';

/** Messages of an mboxo file split on "\nFrom " lines (a file with no From line is one message). */
export function splitMbox(file: string): Buffer[] {
  const text = fs.readFileSync(file).toString('latin1');
  return text
    .split(/\n(?=From )/)
    .map((part) => (part.startsWith('From ') ? part.slice(part.indexOf('\n') + 1) : part))
    .filter((part) => part.trim() !== '')
    .map((part) => Buffer.from(part, 'latin1'));
}

/** Messages of an mboxrd file ("From mboxrd@z" separators, ">From " unescaped one level). */
export function splitMboxrd(file: string): Buffer[] {
  const text = fs.readFileSync(file).toString('latin1');
  const parts = text.split(/\nFrom mboxrd@z[^\n]*\n/);
  parts[0] = parts[0].slice(parts[0].indexOf('\n') + 1);
  return parts.filter((p) => p.trim() !== '').map((p) => Buffer.from(p.replace(/^>(>*From )/gm, '$1'), 'latin1'));
}

export function raw(bytes: Buffer | string, origin = 'test'): RawMessage {
  return { raw: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), origin, format: 'eml' };
}

/** Files under `dir` (recursively), sorted, optionally filtered by name. */
export function filesUnder(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(e.name)) out.push(p);
  }
  return out.sort();
}
