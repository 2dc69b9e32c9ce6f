// RawMessage -> ParsedMessage. The only async step and the only importer of mailparser;
// everything after the MIME decoding is the pure parsers of this folder.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type EmailAddress, type ParsedMail } from 'mailparser';
import type { Address, ParsedMessage, RawMessage } from '../domain/message.js';
import { deriveFromBody, mergePatches, mergeTrailers, patchesFromAttachments, type AttachmentPart } from './body.js';
import { parseDate } from './date.js';
import { fieldValue, reducedFields, reducedHeaderBlock, splitHeaderBlock, type HeaderBlock, type HeaderField } from './headers.js';
import { decodeDirect, type DirectAddress, type DirectMail } from './mime-direct.js';
import { convert as convertHtml } from 'html-to-text';
import { MAX_ADDRESSES, MAX_ADDRESS_LENGTH, MAX_BODY_CHARS, MAX_HTML_CHARS, MAX_NAME_LENGTH, MAX_SUBJECT_LENGTH } from './limits.js';
import { messageIds, parseThreadHeaders, scanMsgidHeader } from './msgid.js';
import { normalizeSubject } from './subject.js';
import { parsePerson } from './trailers.js';

/**
 * mailparser options tuned for ingest speed: no text->HTML rendering, no link detection
 * (linkify is the slowest part of mailparser), no data: URIs for images, and no HTML->text
 * (html-to-text builds a DOM; we convert HTML ourselves, and only when there is no text part).
 */
export const MAILPARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
} as const;

export const SYNTHETIC_MSGID_DOMAIN = 'synthetic.lkml-kb.invalid';

export interface ParseOptions {
  /**
   * Default true. Single-part text/plain mail (most list traffic) is decoded without mailparser
   * by mime-direct.ts, with the libraries mailparser uses; other mail goes to mailparser with
   * only the header fields it must decode (addresses, subject, MIME structure; we read ids,
   * dates and List-Id ourselves). false runs mailparser over the untouched message;
   * test/parse/mime.test.ts checks both give the same.
   */
  fastPath?: boolean;
  /** Counts how messages were decoded: without mailparser (`direct`) or with it. */
  stats?: ParseStats;
}

export interface ParseStats {
  direct: number;
  mailparser: number;
}

/**
 * Parses one message. Never throws for odd-but-readable mail (bad charsets, NUL bytes,
 * overlong headers, broken MIME); throws an Error only when the input has no recognizable
 * header field at all, i.e. is not a message.
 */
export async function parseMessage(input: RawMessage, options: ParseOptions = {}): Promise<ParsedMessage> {
  const bytes = withoutLeadingBlankLines(input.rebuilt ?? input.raw);
  const block = splitHeaderBlock(bytes);
  const headers = collectHeaders(block.fields);
  if (!headers.recognized) {
    throw new Error(`not a message: no recognizable header field (${input.origin})`);
  }
  const flags: string[] = [...(input.flags ?? [])];
  if (!block.complete) flags.push('header-truncated');
  let mail: ParsedMail;
  try {
    mail = options.fastPath === false ? await simpleParser(bytes, MAILPARSER_OPTIONS) : await parseReduced(bytes, block, options.stats);
  } catch {
    mail = fallbackParse(bytes, block);
    flags.push('mime-error');
  }
  return buildMessage(input, mail, headers, flags);
}

// A blank line before the headers (a sloppy mbox split) would otherwise end an empty header block.
function withoutLeadingBlankLines(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i === 0 ? bytes : bytes.subarray(i);
}

// What mailparser needs to see: address and subject fields to decode, and the MIME fields
// that shape the body. Everything else (Received, DKIM, ids, dates) it would decode for nothing.
const forMailparser = (key: string): boolean =>
  key === 'from' || key === 'to' || key === 'cc' || key === 'subject' || key === 'mime-version' || key.startsWith('content-');

/**
 * Decoded without mailparser when the reduced header block says the body is one plain text
 * part (src/parse/mime-direct.ts, the same libraries called the same way); else mailparser
 * over the reduced header block and the body.
 */
async function parseReduced(bytes: Buffer, block: HeaderBlock, stats: ParseStats | undefined): Promise<ParsedMail> {
  const fields = reducedFields(block.fields, forMailparser);
  const body = bytes.subarray(block.bodyStart);
  const direct = decodeDirect(fields, body);
  if (stats) stats[direct ? 'direct' : 'mailparser']++;
  if (direct) return directMail(direct);
  return simpleParser(Buffer.concat([reducedHeaderBlock(fields), body]), MAILPARSER_OPTIONS);
}

/** The direct decoding in the shape of mailparser's result (only what buildMessage reads). */
function directMail(d: DirectMail): ParsedMail {
  const obj = (value: readonly DirectAddress[]): AddressObject => ({ value: value as EmailAddress[], html: '', text: '' });
  return {
    attachments: [],
    headers: new Map(),
    headerLines: [],
    html: false,
    text: d.text,
    subject: d.subject,
    from: d.from && obj(d.from),
    to: d.to.length === 0 ? undefined : d.to.map(obj),
    cc: d.cc.length === 0 ? undefined : d.cc.map(obj),
  };
}

interface RawHeaders {
  /** Raw values (unfolded, UTF-8 decoded) by lower-case name, in header order. */
  values: Map<string, string[]>;
  recognized: boolean;
}

// Fields any mail carries; one of them present means the bytes are a message (fuzz keys like
// "Con@ent-Type" or continuation lines with no name do not count).
const KNOWN_FIELDS = new Set([
  'from', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'received',
  'return-path', 'mime-version', 'content-type', 'content-transfer-encoding', 'sender', 'reply-to',
  'delivered-to', 'user-agent', 'dkim-signature', 'organization', 'newsgroups', 'path', 'precedence',
]);
const WANTED = new Set(['message-id', 'x-alt-message-id', 'in-reply-to', 'references', 'date', 'list-id', 'x-mailing-list', 'supersedes']);

function collectHeaders(fields: readonly HeaderField[]): RawHeaders {
  const values = new Map<string, string[]>();
  let recognized = false;
  for (const f of fields) {
    const key = f.key;
    if (!recognized && (KNOWN_FIELDS.has(key) || key.startsWith('x-') || key.startsWith('list-') || key.startsWith('resent-'))) {
      recognized = true;
    }
    if (!WANTED.has(key)) continue;
    const v = fieldValue(f);
    const list = values.get(key);
    if (list) list.push(v);
    else values.set(key, [v]);
  }
  return { values, recognized };
}

function buildMessage(input: RawMessage, mail: ParsedMail, headers: RawHeaders, flags: string[]): ParsedMessage {
  const h = (name: string): string | null => headers.values.get(name)?.join(' ') ?? null;

  const from = addressList(mail.from)[0] ?? null;
  const to = addressList(mail.to);
  const cc = addressList(mail.cc);
  const own = [from, ...to, ...cc].flatMap((a) => (a && a.address ? [a.address] : []));

  const ids: string[] = []; // every id of every Message-ID field; the first is the message's id
  for (const v of headers.values.get('message-id') ?? []) {
    const scan = scanMsgidHeader(v);
    ids.push(...messageIds(scan));
    if (scan.truncated) flags.push('msgid-truncated');
  }
  const alt = new Set([...ids.slice(1), ...(headers.values.get('x-alt-message-id') ?? []).flatMap((v) => messageIds(scanMsgidHeader(v)))]);
  const msgidSynthetic = ids.length === 0;
  // A commit page's records are distinct commits even when their text is identical: their
  // position on the page is part of their identity (as in the ingest's duplicate check).
  const msgid = msgidSynthetic
    ? syntheticMsgid(input.format === 'commit-page' ? Buffer.concat([input.raw, Buffer.from(`\0${input.origin.slice(input.origin.lastIndexOf(':') + 1)}`)]) : input.raw)
    : ids[0];
  alt.delete(msgid);

  const thread = parseThreadHeaders(h('in-reply-to'), h('references'), own);

  const subject = cleanText(typeof mail.subject === 'string' ? mail.subject : '', MAX_SUBJECT_LENGTH);
  const body = bodyOf(mail, flags);
  const derived = deriveFromBody(body);
  if (derived.truncated) flags.push('body-truncated');
  const attached = patchesFromAttachments((mail.attachments ?? []).flatMap(attachmentPart));
  if (attached.length > 0) flags.push('patch-attached');

  return {
    msgid,
    msgidSynthetic,
    altMsgids: [...alt],
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    parentHint: thread.parent,
    from,
    to,
    cc,
    date: parseDate(headers.values.get('date')?.[0] ?? null),
    subject,
    subjectNormalized: normalizeSubject(subject),
    listId: listIdOf(h('list-id')) ?? listIdFromMailingList(h('x-mailing-list')),
    supersedes: (headers.values.get('supersedes') ?? []).flatMap((v) => messageIds(scanMsgidHeader(v))),
    body,
    bodyNew: derived.bodyNew,
    bodyQuoted: derived.bodyQuoted,
    patch: mergePatches([derived.patch, ...attached.map((a) => a.patch)]),
    trailers: mergeTrailers([derived.trailers, ...attached.map((a) => a.trailers)]),
    flags: [...new Set(flags)],
  };
}

/** `<24 hex of sha1(raw)>@synthetic.lkml-kb.invalid`: the same bytes always get the same id. */
export function syntheticMsgid(raw: Buffer): string {
  return `${createHash('sha1').update(raw).digest('hex').slice(0, 24)}@${SYNTHETIC_MSGID_DOMAIN}`;
}

// html-to-text (the converter mailparser itself uses), told to keep no URLs or images: the
// text of an HTML-only mail is what gets shown and indexed, never the markup.
// The whole document, not only <body>: mail HTML is often malformed and has text after it.
// maxDepth: the converter recurses over the DOM, so hostile nesting is cut off.
const HTML_OPTIONS = {
  wordwrap: false as const,
  baseElements: { selectors: ['html'], returnDomByDefault: true },
  limits: { maxDepth: 64, maxInputLength: MAX_HTML_CHARS },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
  ],
};

function htmlToText(html: string): string {
  return convertHtml(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html, HTML_OPTIONS);
}

/** The text part; HTML converted only when there is no text at all. HTML itself is never kept. */
function bodyOf(mail: ParsedMail, flags: string[]): string {
  let body = typeof mail.text === 'string' ? mail.text : '';
  if (!/\S/.test(body) && typeof mail.html === 'string' && mail.html !== '') {
    body = htmlToText(mail.html);
    flags.push('html-only');
  }
  if (body.includes('\0')) body = body.replace(/\0/g, '');
  return body;
}

function attachmentPart(a: Attachment): AttachmentPart[] {
  if (!Buffer.isBuffer(a.content)) return [];
  const ct = a.headers?.get('content-type') as { params?: Record<string, string> } | undefined;
  return [{ contentType: (a.contentType ?? '').toLowerCase(), filename: a.filename, charset: ct?.params?.charset, content: a.content }];
}

/** mailparser's address objects, groups flattened, names/addresses trimmed and capped. */
function addressList(field: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const visit = (list: EmailAddress[]): void => {
    for (const e of list) {
      if (out.length >= MAX_ADDRESSES) return;
      if (e.group) {
        visit(e.group);
        continue;
      }
      const address = (e.address ?? '').replace(/[\s\x00-\x1f\x7f]+/g, '').slice(0, MAX_ADDRESS_LENGTH);
      const name = cleanText(e.name ?? '', MAX_NAME_LENGTH);
      if (address || name) out.push({ name, address });
    }
  };
  for (const obj of field === undefined ? [] : Array.isArray(field) ? field : [field]) visit(obj.value ?? []);
  return out;
}

// Header text for display: control characters (NULs in fuzz mail) and folding become spaces.
function cleanText(s: string, max: number): string {
  return s.slice(0, max * 2).replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/\s{2,}/g, ' ').trim().slice(0, max);
}

/** "Linux PM <linux-pm.vger.kernel.org>" -> "linux-pm.vger.kernel.org". */
function listIdOf(value: string | null): string | null {
  if (!value) return null;
  const close = value.lastIndexOf('>');
  const open = close >= 0 ? value.lastIndexOf('<', close) : -1;
  const id = (open >= 0 ? value.slice(open + 1, close) : value).replace(/[\s\x00-\x1f\x7f]+/g, '');
  return id ? id.slice(0, 255) : null;
}

/**
 * vger also writes "X-Mailing-List: linux-kernel@vger.kernel.org"; scraped copies often lose
 * the <...> of List-Id but keep this. Mapped to List-Id's form: linux-kernel.vger.kernel.org.
 */
function listIdFromMailingList(value: string | null): string | null {
  const m = value ? /([A-Za-z0-9._+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(value) : null;
  return m ? `${m[1]}.${m[2]}`.toLowerCase() : null;
}

/**
 * When mailparser gives up (it should not, but a broken stream must not lose the message):
 * our own header split, the body taken as UTF-8 text, addresses parsed loosely.
 */
function fallbackParse(bytes: Buffer, block: HeaderBlock): ParsedMail {
  const get = (key: string): string | undefined => {
    const f = block.fields.find((x) => x.key === key);
    return f === undefined ? undefined : fieldValue(f).replace(/\s+/g, ' ');
  };
  const addr = (key: string): AddressObject | undefined => {
    const v = get(key);
    if (!v) return undefined;
    const value = splitOutsideQuotes(v).flatMap((part) => {
      const p = parsePerson(part);
      return p ? [{ name: p.name, address: p.address }] : [];
    });
    return { value, html: '', text: v };
  };
  const body = bytes.subarray(block.bodyStart, block.bodyStart + MAX_BODY_CHARS).toString('utf8');
  return {
    attachments: [],
    headers: new Map(),
    headerLines: block.fields,
    html: false,
    text: body.replace(/\r\n/g, '\n'),
    subject: get('subject'),
    from: addr('from'),
    to: addr('to'),
    cc: addr('cc'),
  };
}

// "a@b, \"Doe, J\" <j@d>" -> two parts: commas inside quotes do not separate addresses.
function splitOutsideQuotes(v: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '"') quoted = !quoted;
    else if (v[i] === ',' && !quoted) {
      parts.push(v.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(v.slice(start));
  return parts;
}
