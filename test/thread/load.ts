// Test-only header reader for the threading corpora. Deliberately small: the production
// pipeline uses src/parse. Reads mboxo boxes and one-message-per-file maildir messages.

import fs from 'node:fs';
import type { ThreadInput } from '../../src/thread/tree.js';

/** Splits an mbox on "From " lines; bodies are not needed, so ">From " unescaping is cosmetic. */
export function splitMbox(text: string): string[] {
  const messages: string[] = [];
  let current: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('From ')) {
      if (current) messages.push(current.join('\n'));
      current = [];
    } else if (current) {
      current.push(line.replace(/^>(>*From )/, '$1'));
    }
  }
  if (current) messages.push(current.join('\n'));
  return messages;
}

/** Unfolded headers, names lower-cased, the first occurrence of each name kept. */
export function readHeaders(message: string): Map<string, string> {
  const headers = new Map<string, string>();
  const lines = message.split(/\r?\n/);
  const end = lines.findIndex((line) => line === '');
  const unfolded: string[] = [];
  for (const line of lines.slice(0, end === -1 ? lines.length : end)) {
    if (/^[ \t]/.test(line) && unfolded.length > 0) unfolded[unfolded.length - 1] += ' ' + line.trim();
    else unfolded.push(line);
  }
  for (const line of unfolded) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

export function bracketedIds(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<([^<>]+)>/g)].map((m) => m[1].replace(/\s+/g, ''));
}

const REPLY_PREFIX = /^(re|aw|sv|r|fwd?)\s*(\[\d+\]|\(\d+\))?\s*:\s*/i;
const LIST_TAG = /^\[[^\]]*\]\s*/;

/** Strips [tags] and reply prefixes (Re:, RE:, R:, Re(2):, Aw:, Fwd:) from the front. */
export function parseTestSubject(subject: string): { normalized: string; isReply: boolean } {
  let rest = subject.trim();
  let isReply = false;
  for (;;) {
    const tag = LIST_TAG.exec(rest);
    const prefix = REPLY_PREFIX.exec(rest);
    if (prefix) isReply = true;
    const strip = prefix ?? tag;
    if (!strip) break;
    rest = rest.slice(strip[0].length);
  }
  return { normalized: rest.replace(/\s+/g, ' ').trim().toLowerCase(), isReply };
}

/** Date.parse after dropping "(EAT)"-style comments; null when unparsable. */
export function parseTestDate(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/\([^)]*\)/g, ' ').trim());
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Headers -> ThreadInput. References: all ids in order, repeats dropped; the first In-Reply-To
 * id is appended when absent. parentHint follows notmuch: a clean In-Reply-To (exactly one
 * <id>, nothing else) wins, else the last References id, else the first In-Reply-To id.
 */
export function toThreadInput(message: string, key: string): ThreadInput {
  const h = readHeaders(message);
  const msgid = bracketedIds(h.get('message-id'))[0] ?? `no-msgid-${key}`;
  const irtHeader = h.get('in-reply-to');
  const inReplyTo = bracketedIds(irtHeader)[0] ?? null;
  const references = [...new Set(bracketedIds(h.get('references')))];
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  const cleanIrt = irtHeader !== undefined && /^<[^<>]+>$/.test(irtHeader.trim());
  const lastRef = bracketedIds(h.get('references')).pop() ?? null;
  const parentHint = cleanIrt ? inReplyTo : (lastRef ?? inReplyTo);
  const subject = parseTestSubject(h.get('subject') ?? '');
  return {
    key,
    msgid,
    inReplyTo,
    references,
    subjectNormalized: subject.normalized,
    isReplySubject: subject.isReply,
    date: parseTestDate(h.get('date')),
    parentHint,
  };
}

export function loadMbox(file: string): ThreadInput[] {
  return splitMbox(fs.readFileSync(file, 'latin1')).map((m, i) => toThreadInput(m, `${file}#${i}`));
}

export function loadMessageFile(file: string): ThreadInput {
  return toThreadInput(fs.readFileSync(file, 'latin1'), file);
}
