// Message-ID, In-Reply-To and References parsing. Ids are returned without the
// angle brackets (public-inbox style): `<a@b>` -> `a@b`.
import { MAX_HEADER_CHARS, MAX_MSGID_LENGTH, MAX_REFERENCES } from './limits.js';

/** What one scan of an id-carrying header found. */
export interface MsgidScan {
  /** Ids inside `<...>`, cleaned, in header order (duplicates kept). */
  bracketed: string[];
  /** Bare tokens outside brackets and comments (stray `<`/`>` stripped). */
  bare: string[];
  /** True when the header is exactly one `<id>` with nothing else (no comment, no text). */
  clean: boolean;
  /** True when an id had to be cut to MAX_MSGID_LENGTH. */
  truncated: boolean;
}

// Whitespace (folding, TABs inside brackets) and control characters (NULs in fuzz mail) never belong in an id.
const JUNK_CHARS = /[\s\x00-\x1f\x7f]+/g;

/** Strips brackets, whitespace and control characters and caps the length; '' when nothing is left. */
export function cleanMsgid(raw: string): string {
  return stripId(raw).slice(0, MAX_MSGID_LENGTH);
}

/** The id before the length cap, so callers can tell that it was truncated. */
function stripId(raw: string): string {
  let s = raw.length > MAX_HEADER_CHARS ? raw.slice(0, MAX_HEADER_CHARS) : raw;
  s = s.replace(JUNK_CHARS, '');
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 0x3c /* < */) start++;
  while (end > start && s.charCodeAt(end - 1) === 0x3e /* > */) end--;
  return s.slice(start, end);
}

/**
 * One linear pass over the header: `(comments)` outside brackets are dropped, `<...>` groups
 * become ids, the rest is split into bare tokens. No regex backtracking on hostile input.
 */
export function scanMsgidHeader(header: string | null | undefined): MsgidScan {
  const scan: MsgidScan = { bracketed: [], bare: [], clean: false, truncated: false };
  if (!header) return scan;
  const h = header.length > MAX_HEADER_CHARS ? header.slice(0, MAX_HEADER_CHARS) : header;
  let depth = 0; // comment nesting
  let sawComment = false;
  let inAngle = false;
  let angleStart = 0;
  let outside = '';
  let outsideStart = 0;
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (depth > 0) {
      if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
      else if (c === 0x5c) i++; // quoted-pair inside a comment
      if (depth === 0) outsideStart = i + 1;
      continue;
    }
    if (inAngle) {
      if (c === 0x3e /* > */) {
        addId(scan.bracketed, scan, h.slice(angleStart, i));
        inAngle = false;
        outsideStart = i + 1;
      } else if (c === 0x3c /* < */) {
        outside += h.slice(angleStart - 1, i); // "<junk <id>": the first '<' opened nothing
        angleStart = i + 1;
      }
      continue;
    }
    if (c === 0x3c) {
      outside += h.slice(outsideStart, i) + ' ';
      inAngle = true;
      angleStart = i + 1;
    } else if (c === 0x28 /* ( */) {
      outside += h.slice(outsideStart, i) + ' ';
      depth = 1;
      sawComment = true;
    }
  }
  if (inAngle) outside += ' ' + h.slice(angleStart); // unterminated "<id": keep as a bare token
  else if (depth === 0) outside += h.slice(outsideStart);
  for (const token of outside.split(/[\s,;]+/)) {
    if (token) addId(scan.bare, scan, token);
  }
  scan.clean = scan.bracketed.length === 1 && scan.bare.length === 0 && !sawComment && !inAngle;
  return scan;
}

function addId(into: string[], scan: MsgidScan, raw: string): void {
  const id = stripId(raw);
  if (!id) return;
  if (id.length > MAX_MSGID_LENGTH) scan.truncated = true;
  into.push(id.slice(0, MAX_MSGID_LENGTH));
}

/**
 * Ids of a Message-ID header: several `<a@b>, <c@d>` allowed, duplicates dropped,
 * comments ignored; a bare id without brackets is accepted when no bracketed one exists.
 */
export function parseMsgids(header: string | null | undefined): string[] {
  return messageIds(scanMsgidHeader(header));
}

/** parseMsgids over a scan already made (mime.ts also wants the scan's `truncated`). */
export function messageIds(scan: MsgidScan): string[] {
  return uniq(scan.bracketed.length > 0 ? scan.bracketed : scan.bare.slice(0, 1));
}

/**
 * The id an In-Reply-To header names: `<id>`, `<id> (comment)`, `<id>; from joe on ...`,
 * `Your message of ... <id>`, or a bare `id@host>`. Words without '@' are prose, not ids.
 * With several ids the last one that is not one of `ownAddresses` wins (mailers append the parent).
 */
export function parseInReplyTo(header: string | null | undefined, ownAddresses: Iterable<string> = []): string | null {
  const ids = inReplyToIds(scanMsgidHeader(header), addressSet(ownAddresses));
  return ids.length > 0 ? ids[ids.length - 1] : null;
}

function inReplyToIds(scan: MsgidScan, own: Set<string>): string[] {
  const ids = scan.bracketed.length > 0 ? scan.bracketed : scan.bare.filter((t) => t.includes('@'));
  return ids.filter((id) => !isJunkReference(id, own));
}

/**
 * References as public-inbox builds them (t/mid.t): References order kept, then the
 * In-Reply-To id(s) appended; duplicates dropped (first occurrence kept), ids that are
 * really addresses of this message's From/To/Cc and `<y>`/`<n>` junk dropped.
 * Capped at MAX_REFERENCES (the oldest one and the nearest ancestors are kept).
 */
export function parseReferences(
  referencesHeader: string | null | undefined,
  inReplyToHeader: string | null | undefined,
  ownAddresses: Iterable<string> = [],
): string[] {
  return parseThreadHeaders(inReplyToHeader, referencesHeader, ownAddresses).references;
}

/**
 * The parent a reply hangs under when In-Reply-To and References disagree
 * (notmuch T510 precedence, plus its "trusting reply-to" parent-priority case):
 * 1. In-Reply-To that is exactly one clean `<id>` wins, even when References ends elsewhere
 *    (References written in the wrong order);
 * 2. otherwise the last usable References id (a dodgy In-Reply-To with prose, a comment
 *    or garbage is less trustworthy than References);
 * 3. otherwise whatever id a dodgy In-Reply-To yields; null when there is none.
 */
export function pickParent(
  inReplyToHeader: string | null | undefined,
  referencesHeader: string | null | undefined,
  ownAddresses: Iterable<string> = [],
): string | null {
  return parseThreadHeaders(inReplyToHeader, referencesHeader, ownAddresses).parent;
}

export interface ThreadHeaders {
  /** The id In-Reply-To names (see parseInReplyTo). */
  inReplyTo: string | null;
  /** See parseReferences. */
  references: string[];
  /** See pickParent. */
  parent: string | null;
}

/** parseInReplyTo + parseReferences + pickParent with each header scanned once. */
export function parseThreadHeaders(
  inReplyToHeader: string | null | undefined,
  referencesHeader: string | null | undefined,
  ownAddresses: Iterable<string> = [],
): ThreadHeaders {
  const own = addressSet(ownAddresses);
  const irtScan = scanMsgidHeader(inReplyToHeader);
  const irt = inReplyToIds(irtScan, own);
  const refs = referenceIds(scanMsgidHeader(referencesHeader), own);
  let parent: string | null;
  if (irtScan.clean && irt.length === 1) parent = irt[0];
  else if (refs.length > 0) parent = refs[refs.length - 1];
  else parent = irt.length > 0 ? irt[irt.length - 1] : null;
  let references = uniq(refs.concat(irt));
  if (references.length > MAX_REFERENCES) {
    references = [references[0], ...references.slice(references.length - (MAX_REFERENCES - 1))];
  }
  return { inReplyTo: irt.length > 0 ? irt[irt.length - 1] : null, references, parent };
}

function referenceIds(scan: MsgidScan, own: Set<string>): string[] {
  // References carry only bracketed ids; bare words are trailing garbage unless nothing else is there.
  const ids = scan.bracketed.length > 0 ? scan.bracketed : scan.bare.filter((t) => t.includes('@'));
  return ids.filter((id) => !isJunkReference(id, own));
}

// Broken mailers answer a y/n prompt into In-Reply-To, or put an address there (public-inbox drops both).
function isJunkReference(id: string, own: Set<string>): boolean {
  if (id === 'y' || id === 'n' || id === 'Y' || id === 'N') return true;
  return own.size > 0 && own.has(id.toLowerCase());
}

function addressSet(addresses: Iterable<string>): Set<string> {
  const set = new Set<string>();
  if (Array.isArray(addresses) && addresses.length === 0) return set;
  for (const a of addresses) if (a) set.add(a.trim().toLowerCase());
  return set;
}

function uniq(ids: string[]): string[] {
  return [...new Set(ids)];
}
