// The common case without mailparser: a message whose (reduced) header block says the body is
// one text/plain part (UTF-8/ASCII or a single-byte charset: ISO-8859-x, windows-125x, KOI8;
// flowed or not), not an attachment. Subject, From/To/Cc and the body are decoded with the same
// libraries, called the same way, as mailparser 3.9 (lib/mail-parser.js processHeaders and
// decodeAddresses, over @zone-eu/mailsplit's header split and decoders), so the result is the
// one mailparser would give; test/parse/mime.test.ts compares both over every corpus message.
// Anything else (multipart, HTML, other charsets, odd base64, repeated MIME fields, punycode
// domains) returns null and goes through mailparser.
import addressparser from 'nodemailer/lib/addressparser';
import libmime from 'libmime';
import libcharset from 'libmime/lib/charset.js';
import libqp from 'libqp';
import type { HeaderField } from './headers.js';

/** One address as mailparser's processHeaders leaves it: trimmed, words decoded, groups nested. */
export interface DirectAddress {
  name: string;
  address?: string;
  group?: DirectAddress[];
}

export interface DirectMail {
  subject: string | undefined;
  /** The last From field's addresses (mailparser keeps only the last), undefined without one. */
  from: readonly DirectAddress[] | undefined;
  /** One list per To/Cc field, in header order. Shared between messages: read only. */
  to: (readonly DirectAddress[])[];
  cc: (readonly DirectAddress[])[];
  /** undefined for an empty body, as mailparser. */
  text: string | undefined;
}

class Unsupported extends Error {}

const UTF8_CHARSETS = new Set(['ascii', 'usascii', 'utf8']);
const SINGLE_BYTE_CHARSETS = /^(?:ISO-8859-\d{1,2}|windows-125\d|KOI8-[RU])$/;

/**
 * `fields` are exactly the lines of the reduced header block mailparser would be given;
 * `body` the bytes after the header block. null: not the common case, use mailparser.
 */
export function decodeDirect(fields: readonly HeaderField[], body: Buffer): DirectMail | null {
  try {
    return decode(fields, body);
  } catch {
    // an Unsupported case, or anything mailparser itself would have failed or caught on:
    // mailparser decides
    return null;
  }
}

function decode(fields: readonly HeaderField[], body: Buffer): DirectMail | null {
  let contentType: HeaderField | undefined;
  let encoding: HeaderField | undefined;
  let disposition: HeaderField | undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const c = f.line.charCodeAt(0);
    // mailsplit would fold a line starting with whitespace into the previous field, and take a
    // first line "From ..." for an mbox separator: our split and its split would disagree
    if (c === 0x20 || c === 0x09 || (i === 0 && /^From /i.test(f.line))) return null;
    if (f.key === 'content-type') {
      if (contentType) return null; // mailsplit reads the first, mailparser's headers the last
      contentType = f;
    } else if (f.key === 'content-transfer-encoding') {
      if (encoding) return null;
      encoding = f;
    } else if (f.key === 'content-disposition') {
      if (disposition) return null;
      disposition = f;
    }
  }

  // the root node's MIME facts, as mailsplit's MimeNode.parseHeaders reads them
  if (disposition) {
    // without a Content-Type mailsplit guesses one from a filename: leave that to it
    if (!contentType) return null;
    const d = libmime.parseHeaderValue(firstValue(disposition));
    if ((d.value || '').toLowerCase().trim() !== 'inline') return null;
  }
  const ct = libmime.parseHeaderValue(contentType ? firstValue(contentType) : 'text/plain');
  if (((ct.value || '').toLowerCase().trim() || 'text/plain') !== 'text/plain') return null;
  const flowed = !!ct.params.format && ct.params.format.toLowerCase().trim() === 'flowed';
  const delSp = flowed && !!ct.params.delsp && ct.params.delsp.toLowerCase().trim() === 'yes';
  const cte = encoding ? firstValue(encoding).replace(/\(.*\)/g, '').toLowerCase().trim() : '';

  // the body, as mailparser's decoder chain gives it
  let bytes = cte === 'quoted-printable' ? (body.length > 0 ? libqp.decode(body.toString()) : body) : cte === 'base64' ? base64Body(body) : body;
  if (bytes === null) return null;
  // mailsplit's FlowedDecoder: the whole decoded body at once, as 'binary'
  if (flowed && bytes.length > 0) bytes = Buffer.from(libmime.decodeFlowed(bytes.toString('latin1'), delSp), 'latin1');
  const charset = ct.params.charset || 'utf-8';
  let text: string;
  if (UTF8_CHARSETS.has(charset.toLowerCase().replace(/[^a-z0-9]+/g, ''))) {
    text = bytes.toString();
  } else {
    // mailparser: iconv-lite's decoder for libmime's name of the charset (which maps
    // latin1/iso-8859-1 to windows-1252); for a single-byte table decoding the whole equals
    // decoding its stream of chunks. An unknown name fails in both and leaves UTF-8.
    const normalized = libmime.normalizeCharset(charset);
    if (!SINGLE_BYTE_CHARSETS.test(normalized)) return null;
    text = libcharset.decode(bytes, normalized);
  }
  if (text.includes('\r')) text = text.replace(/\r?\n/g, '\n');

  const mail: DirectMail = { subject: undefined, from: undefined, to: [], cc: [], text: text === '' ? undefined : text };
  for (const f of fields) {
    if (f.key !== 'subject' && f.key !== 'from' && f.key !== 'to' && f.key !== 'cc') continue;
    // processHeaders: unfold, split at the colon, trim; the raw 8-bit bytes read as UTF-8
    let value = Buffer.from((libmime.decodeHeader(f.line).value || '').toString().trim(), 'latin1').toString();
    if (f.key === 'subject') {
      try {
        value = libmime.decodeWords(value);
      } catch {
        // as mailparser: keep as is
      }
      if (value) mail.subject = value; // the last Subject wins
      continue;
    }
    const list = addressesOf(value);
    if (f.key === 'from') mail.from = list;
    else mail[f.key].push(list);
  }
  return mail;
}

/**
 * libbase64's Decoder: each chunk read as 'ascii', everything but the base64 alphabet and '='
 * dropped, decoded in groups of 4 carried across chunks. Without '=' before the end, decoding
 * the whole at once gives the same bytes for any chunking; with one inside, null (mailparser).
 */
function base64Body(body: Buffer): Buffer | null {
  const b64 = body.toString('ascii').replace(/[^a-zA-Z0-9+/=]/g, '');
  const pad = b64.indexOf('=');
  if (pad >= 0 && !/^=+$/.test(b64.slice(pad))) return null;
  return Buffer.from(b64, 'base64');
}

/** mailsplit's Headers.getFirst: UTF-8 when the bytes are valid UTF-8, unfolded, trimmed. */
function firstValue(f: HeaderField): string {
  const utf8 = Buffer.from(f.line, 'latin1').toString('utf8');
  return (libmime.decodeHeader(utf8.includes('\uFFFD') ? f.line : utf8).value || '').toString().trim();
}

/**
 * Decoded address fields by value, most recently used last. List mail repeats them (the list,
 * regular posters, a thread's Cc list): about 70% of linux-pm's From/To/Cc fields were seen
 * among the previous few thousand. A pure function of the value, so its result is shared;
 * entries are frozen, and the cache is bounded by the characters of the values it keeps.
 */
const addressCache = new Map<string, readonly DirectAddress[]>();
let addressCacheChars = 0;
const ADDRESS_CACHE_CHARS = 2_000_000;

function addressesOf(value: string): readonly DirectAddress[] {
  const hit = addressCache.get(value);
  if (hit) {
    addressCache.delete(value);
    addressCache.set(value, hit);
    return hit;
  }
  const list = addressparser(value) as DirectAddress[];
  decodeAddresses(list);
  if (value.length <= ADDRESS_CACHE_CHARS / 64) {
    addressCache.set(value, deepFreeze(list));
    addressCacheChars += value.length;
    for (const [k] of addressCache) {
      if (addressCacheChars <= ADDRESS_CACHE_CHARS) break;
      addressCache.delete(k);
      addressCacheChars -= k.length;
    }
  }
  return list;
}

function deepFreeze(list: DirectAddress[]): readonly DirectAddress[] {
  for (const a of list) {
    if (a.group) deepFreeze(a.group);
    Object.freeze(a);
  }
  return Object.freeze(list);
}

const B_WORDS_ONLY = /^(=\?([^?]+)\?[Bb]\?[^?]*\?=)(\s*=\?([^?]+)\?[Bb]\?[^?]*\?=)*$/;
const ENCODED_WORD = /[=]\?[^?]+\?[BbQq]\?[^?]*\?[=]/;

/** mailparser's decodeAddresses, step for step (punycode domains are left to mailparser). */
function decodeAddresses(addresses: DirectAddress[]): void {
  const processed = new WeakSet<DirectAddress>();
  for (let i = 0; i < addresses.length; i++) {
    const address = addresses[i];
    address.name = (address.name || '').toString().trim();

    if (!address.address && B_WORDS_ONLY.test(address.name) && !processed.has(address)) {
      const decoded = libmime.decodeWords(address.name);
      // an encoded "Name <user@domain>" is parsed again; bare decoded text stays a name
      if (/<[^<>]+@[^<>]+>/.test(decoded)) {
        for (const entry of addressparser(decoded) as DirectAddress[]) {
          processed.add(entry);
          addresses.push(entry);
        }
        addresses.splice(i, 1);
        i--;
        continue;
      }
      address.name = decoded;
      continue;
    }

    if (address.name) {
      try {
        address.name = libmime.decodeWords(address.name);
      } catch {
        // keep as is
      }
    }
    // encoded words in an addr-spec: kept only when they decode to a plain local@domain
    if (address.address && ENCODED_WORD.test(address.address)) {
      try {
        const decoded = libmime.decodeWords(address.address);
        address.address = /^[^\s@]+@[^\s@]+$/.test(decoded) && !/[=]\?/.test(decoded) ? decoded : '';
      } catch {
        address.address = '';
      }
    }
    if (/@xn--/.test(String(address.address))) throw new Unsupported('punycode domain');
    if (address.group) decodeAddresses(address.group);
  }
}
