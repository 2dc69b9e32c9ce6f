// Splits a reply into what its author wrote and what it quotes.
import { scanDiff } from './diff.js';
import { MAX_ATTRIBUTION_LINE, MAX_BODY_CHARS } from './limits.js';

export interface QuoteSplit {
  /** Lines the author wrote: no quotes, no attribution lines, no signature, no diff. */
  newText: string;
  /** Quoted lines with one level of ">" removed. */
  quotedText: string;
}

export interface Attribution {
  name: string;
  /** Set when the attribution carries "<addr>". */
  address: string | null;
  /** The date as written ("Fri, Oct 30, 2020 at 11:46:21AM -0300"); '' when there is none. */
  date: string;
}

/** The split as line arrays (mime.ts parses trailers from newLines without re-splitting). */
export interface QuoteSplitLines {
  newLines: string[];
  quotedLines: string[];
}

/** Splits `body`; the diff (if any) is found here so it can be left out of newText. */
export function splitQuoted(body: string): QuoteSplit {
  const text = body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body;
  const lines = text.split('\n');
  const { newLines, quotedLines } = splitQuotedLines(lines, scanDiff(lines)?.ranges ?? []);
  return { newText: newLines.join('\n'), quotedText: quotedLines.join('\n') };
}

// "-- " is the signature separator; mail clients that strip trailing spaces turn it into "--".
const isSignature = (line: string): boolean => line === '-- ' || line === '--';
const isQuoted = (line: string): boolean => line.charCodeAt(0) === 0x3e; /* > */
const isBlank = (line: string): boolean => !/\S/.test(line);
// Outlook puts the whole original below this line without ">" markers.
const ORIGINAL_MESSAGE = /^-{3,}\s*Original Message\s*-{3,}\s*$/i;
// Last words of an attribution line in the languages seen on lists ("wrote..." is Gnus).
const ATTRIBUTION_END =
  /(?:wrote|writes|said|schrieb|a écrit|escribió|escreveu|ha scritto|napisał(?:\(a\))?|skrev|kirjoitti|пишет|написал[аи]?)\s?(?::|\.\.\.)\s*$/i;
// Localized or wrapped attributions ("Missatge de X <x> del dia ... a les 9:38:", "01:06:21 +0200:")
// are recognized by ending in ":" and naming an address or a clock time.
const ADDRESS_OR_TIME = /<[^<>\s]+@[^<>\s]+>|\b\d{1,2}:\d{2}\b/;
// mutt: "* Name <addr> [2020-10-30 11:46:21 -0300]:"; Horde / alot: "Quoting Name <addr>:", "Quoting Name (2019-08-01 15:44:40)"
const ATTRIBUTION_OTHER = /^(?:\* .*\]:|Quoting .*[:)])\s*$/;

/**
 * The split over lines already made, with the diff's line ranges (from scanDiff) skipped.
 * One pass: quoted lines go to quotedText, the attribution line(s) right before a quote
 * block go nowhere, everything after the signature separator is dropped unless quoted.
 */
export function splitQuotedLines(lines: readonly string[], diffRanges: ReadonlyArray<readonly [number, number]>): QuoteSplitLines {
  const fresh: string[] = [];
  const quoted: string[] = [];
  let range = 0;
  let inSignature = false;
  let inOriginal = false;
  for (let i = 0; i < lines.length; i++) {
    while (range < diffRanges.length && diffRanges[range][1] <= i) range++;
    if (range < diffRanges.length && diffRanges[range][0] <= i) {
      i = diffRanges[range][1] - 1;
      continue;
    }
    const line = lines[i];
    if (isQuoted(line)) {
      quoted.push(line.charCodeAt(1) === 0x20 ? line.slice(2) : line.slice(1));
      continue;
    }
    if (inOriginal) {
      quoted.push(line);
      continue;
    }
    if (inSignature) continue;
    if (isSignature(line)) {
      inSignature = true;
      continue;
    }
    if (ORIGINAL_MESSAGE.test(line)) {
      inOriginal = true;
      continue;
    }
    if (isAttribution(line) && quoteFollows(lines, i + 1)) {
      // wrapped: "On Fri, ..., Jason" / "Gunthorpe wrote:", "X <x> wrote on Thu, 15 Aug 2019" / "01:06:21 +0200:"
      const prev = fresh[fresh.length - 1];
      if (prev !== undefined && i > 0 && lines[i - 1] === prev && !line.startsWith('On ') && isAttributionStart(prev)) fresh.pop();
      continue;
    }
    if (line.endsWith(':') && i > 0 && fresh[fresh.length - 1] === lines[i - 1] && quoteFollows(lines, i + 1)) {
      // "X <x> wrote on Tue, 17 Sep 2019 10:31:53" / "-0700:": only the pair reads as an attribution
      const prev = lines[i - 1];
      if (!isBlank(prev) && isAttribution(`${prev} ${line}`)) {
        fresh.pop();
        continue;
      }
    }
    if (isBlank(line) && (fresh.length === 0 || isBlank(fresh[fresh.length - 1]))) continue;
    fresh.push(line);
  }
  while (fresh.length > 0 && isBlank(fresh[fresh.length - 1])) fresh.pop();
  return { newLines: fresh, quotedLines: quoted };
}

function isAttribution(line: string): boolean {
  if (line.length > MAX_ATTRIBUTION_LINE || (line.indexOf(':') < 0 && !line.endsWith('...'))) return false;
  if (ATTRIBUTION_END.test(line) || ATTRIBUTION_OTHER.test(line)) return true;
  return line.trimEnd().endsWith(':') && ADDRESS_OR_TIME.test(line);
}

// The first half of an attribution wrapped over two lines.
function isAttributionStart(line: string): boolean {
  return line.length <= MAX_ATTRIBUTION_LINE && (line.startsWith('On ') || ADDRESS_OR_TIME.test(line));
}

// "Directly before a quote block": blank lines in between are allowed, text is not.
function quoteFollows(lines: readonly string[], from: number): boolean {
  for (let k = from; k < lines.length && k < from + 3; k++) {
    if (isQuoted(lines[k])) return true;
    if (!isBlank(lines[k])) return false;
  }
  return false;
}

// A clock time with optional seconds, AM/PM and zone(s): where the date part of an attribution ends.
const TIME = /\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?(?:,?\s(?:[+-]\d{4}|UTC|GMT|[A-Z]{3,4}T|\([A-Z]{2,5}\)))*/;

/**
 * Who and when of the first "On <date>, <name> wrote:" line (also wrapped over two lines,
 * or with "<addr>"), mutt's "* Name <addr> [date]:" or alot's "Quoting Name (date)";
 * null when there is none.
 */
export function quoteAttribution(body: string): Attribution | null {
  let from = 0;
  const limit = Math.min(body.length, MAX_BODY_CHARS);
  while (from < limit) {
    let end = body.indexOf('\n', from);
    if (end < 0) end = body.length;
    const line = body.slice(from, end).trimEnd();
    if (line.length <= MAX_ATTRIBUTION_LINE) {
      if (line.startsWith('On ')) {
        let text = line;
        if (!ATTRIBUTION_END.test(text)) {
          // wrapped: the "wrote:" half is on the next line
          const nextEnd = body.indexOf('\n', end + 1);
          const next = body.slice(end + 1, nextEnd < 0 ? body.length : nextEnd).trimEnd();
          text = next.length <= MAX_ATTRIBUTION_LINE && !next.startsWith('>') ? `${line} ${next.trim()}` : '';
        }
        const found = text ? parseOnLine(text) : null;
        if (found) return found;
      } else if (line.startsWith('* ') && line.endsWith(']:')) {
        const found = parseBracketDate(line.slice(2, -1), '[');
        if (found) return found;
      } else if (line.startsWith('Quoting ') && line.endsWith(')')) {
        const found = parseBracketDate(line.slice(8), '(');
        if (found) return found;
      }
    }
    from = end + 1;
  }
  return null;
}

function parseOnLine(text: string): Attribution | null {
  const m = ATTRIBUTION_END.exec(text);
  if (!m) return null;
  let s = text.slice(3, m.index).trim();
  const { rest, address } = splitAddress(s);
  s = rest;
  let date = '';
  let name = '';
  const t = TIME.exec(s);
  if (t) {
    date = s.slice(0, t.index + t[0].length).trim();
    name = s.slice(t.index + t[0].length);
  } else {
    const comma = s.lastIndexOf(', ');
    if (comma >= 0) {
      date = s.slice(0, comma).trim();
      name = s.slice(comma + 2);
    } else {
      name = s;
    }
  }
  name = stripQuotes(name.replace(/^[\s,]+/, '').trim());
  return name || address ? { name, address, date } : null;
}

// mutt "Name <addr> [date]" and alot "Name (date)": the date sits in the last bracket pair.
function parseBracketDate(text: string, open: '[' | '('): Attribution | null {
  const at = text.lastIndexOf(open);
  if (at < 0) return null;
  const { rest, address } = splitAddress(text.slice(0, at).trim());
  const name = stripQuotes(rest.trim());
  return name || address ? { name, address, date: text.slice(at + 1, -1).trim() } : null;
}

function splitAddress(s: string): { rest: string; address: string | null } {
  const close = s.lastIndexOf('>');
  const open = close >= 0 ? s.lastIndexOf('<', close) : -1;
  if (open >= 0 && s.slice(open + 1, close).includes('@') && s.slice(close + 1).trim() === '') {
    return { rest: s.slice(0, open).trim(), address: s.slice(open + 1, close).trim() };
  }
  return { rest: s, address: null };
}

function stripQuotes(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}
