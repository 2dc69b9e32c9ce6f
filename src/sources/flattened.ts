// 'flattened': a raw message scraped from a web page, all line breaks collapsed into single spaces and
// <…> parts that looked like HTML tags (addresses, Message-IDs starting with a letter) stripped.
// Header lines are rebuilt by cutting the text at known header names ("Name: "); the body starts
// where a header whose value has a known shape (X-Mailing-List: one token, Date: a date…) is
// followed by more text than that shape allows.

/** Header names seen on list mail. Matched case-insensitively but only when capitalised, so DKIM
 * "h=…:message-id: to:…" lists (lower case, no space before the name) are not cut. Any "X-…" name
 * also counts. */
const HEADER_NAMES = [
  'Return-Path', 'Received', 'Received-SPF', 'Authentication-Results', 'ARC-Seal', 'ARC-Message-Signature',
  'ARC-Authentication-Results', 'DKIM-Signature', 'DKIM-Filter', 'Domainkey-Signature', 'Delivered-To',
  'Envelope-To', 'Date', 'From', 'Sender', 'Reply-To', 'To', 'Cc', 'Bcc', 'Subject', 'Message-ID',
  'In-Reply-To', 'References', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding',
  'Content-Disposition', 'Content-Language', 'Content-ID', 'Content-Description', 'Content-Length',
  'User-Agent', 'Organization', 'Organisation', 'Precedence', 'List-ID', 'List-Unsubscribe',
  'List-Subscribe', 'List-Archive', 'List-Post', 'List-Help', 'List-Owner', 'List-Unsubscribe-Post',
  'Mailing-List', 'Errors-To', 'Mail-Followup-To', 'Mail-Reply-To', 'Thread-Topic', 'Thread-Index',
  'Importance', 'Priority', 'Lines', 'Status', 'Autocrypt', 'Openpgp', 'Archived-At', 'Approved',
  'Keywords', 'Comments', 'Auto-Submitted', 'Feedback-ID', 'Accept-Language', 'Resent-From',
  'Resent-To', 'Resent-Date', 'Resent-Message-ID', 'Resent-Sender', 'Resent-Cc', 'Original-Recipient',
  'Disposition-Notification-To', 'Return-Receipt-To',
];

const escapeRe = (s: string): string => s.replace(/[-]/g, '\\-');
/** "Name: " at the start or after a space; an empty value may end the text ("List-ID:" at the end). */
const HEADER_TOKEN = new RegExp(`(?<=^| )(${HEADER_NAMES.map(escapeRe).join('|')}|X-[A-Za-z0-9][A-Za-z0-9-]*):(?: |$)`, 'gi');
/** The mbox separator some scrapes start with ("From mboxrd@z Thu Jan 1 00:00:00 1970"). */
const MBOX_FROM_LINE = /^From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \d{4} +/;

const ID = String.raw`(?:<[^<>]*>|[^\s<>@]+@[^\s<>]+)`;
const PARAMS = String.raw`(?:\s*;\s*[\w*.-]+=(?:"[^"]*"|[^\s;"]+))*;?`;
const PRODUCT = String.raw`(?:[^\s()/]+/[^\s()]+|\([^()]*\))`;
/**
 * What a value looks like, for the headers whose value has a shape. The header block ends at the
 * first of these followed by text its shape does not cover. Others are free text up to the next name.
 */
const VALUE_SHAPES: Record<string, RegExp> = {
  'x-mailing-list': /^\S*/,
  precedence: /^\S+/,
  'mime-version': /^\d+\.\d+(?:\s*\([^()]*\))?/,
  'content-transfer-encoding': /^[\w-]+/,
  'content-disposition': new RegExp(`^[\\w-]+${PARAMS}`),
  'content-type': new RegExp(`^[\\w.+-]+/[\\w.+-]+${PARAMS}`),
  'message-id': new RegExp(`^(?:${ID}(?:\\s+${ID})*)?`),
  'in-reply-to': new RegExp(`^(?:${ID}(?:\\s+${ID})*)?`),
  references: new RegExp(`^(?:${ID}(?:\\s+${ID})*)?`),
  'user-agent': new RegExp(`^${PRODUCT}(?:\\s+${PRODUCT})*`),
  'x-mailer': new RegExp(`^(?:git-send-email \\S+|${PRODUCT}(?:\\s+${PRODUCT})*)`),
  date: /^(?:[A-Z][a-z]{2},\s*)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{2,4}\s+\d{1,2}:\d\d(?::\d\d)?(?:\s+(?:[+-]\d{4}|[A-Z]{1,5}))?(?:\s*\([^()]*\))?/,
  lines: /^\d+/,
  'content-length': /^\d+/,
};

/** "On Sat, Oct 17, 2020 at 2:30 AM Jann Horn wrote:" and the like. */
const ATTRIBUTION = /(?<=^| )On (?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), |\d)(?:[^<>]|<[^<>]*>){5,200}? wrote:/g;
/** A run of quote markers starting a quoted line: "> > >" or ">>", followed by a space or the end. */
const QUOTE_RUN = /(?<=^| )>(?: ?>)*(?= |$)/g;

export interface RebuiltParts {
  headers: [string, string][];
  body: string;
}

/** A single long line (no newline in the first 2 KB) starting with header fields. */
export function looksFlattened(text: string): boolean {
  const window = text.slice(0, 2048);
  const nl = window.indexOf('\n');
  if (nl >= 0 && nl < window.length - 2) return false;
  const start = window.replace(MBOX_FROM_LINE, '');
  const tokens = headerTokens(start);
  return tokens.length >= 3 && tokens[0].at === 0;
}

export function rebuildFlattened(text: string): RebuiltParts {
  const line = text.trim().replace(MBOX_FROM_LINE, '');
  const tokens = headerTokens(line);
  if (tokens.length === 0 || tokens[0].at !== 0) throw new Error('flattened message does not start with a header field');
  const headers: [string, string][] = [];
  let bodyStart = line.length;
  for (let i = 0; i < tokens.length; i++) {
    const { name, valueStart } = tokens[i];
    const valueEnd = i + 1 < tokens.length ? tokens[i + 1].at : line.length;
    const gap = line.slice(valueStart, valueEnd);
    const end = valueLength(name, gap);
    headers.push([name, gap.slice(0, end).trim()]);
    if (end < gap.length && gap.slice(end).trim() !== '') {
      bodyStart = valueStart + end;
      break;
    }
  }
  // An empty header still says it was there (List-ID: stripped of its <id>); an empty Message-ID
  // would be taken for an id, so the parser gets none and synthesizes one.
  const kept = headers.filter(([name, value]) => value !== '' || !/^(?:message-id|in-reply-to|references)$/i.test(name));
  return { headers: kept, body: reflowBody(line.slice(bodyStart).trim()) };
}

function headerTokens(text: string): { at: number; name: string; valueStart: number }[] {
  const out: { at: number; name: string; valueStart: number }[] = [];
  for (const m of text.matchAll(HEADER_TOKEN)) {
    const c = m[1].charCodeAt(0);
    if (c >= 65 && c <= 90) out.push({ at: m.index!, name: m[1], valueStart: m.index! + m[0].length });
  }
  return out;
}

/** How much of `gap` (the text up to the next header name) is this header's value. */
function valueLength(name: string, gap: string): number {
  const lead = gap.length - gap.trimStart().length;
  const shape = VALUE_SHAPES[name.toLowerCase()];
  const m = shape?.exec(gap.slice(lead));
  if (m) return lead + m[0].length;
  // Free text. A reply's attribution or quote markers mean the body began inside it; otherwise the
  // value runs to the next name (for the last header: to the end; no body beats a wrong cut).
  const marker = firstBodyMarker(gap);
  return marker >= 0 ? marker : gap.length;
}

function firstBodyMarker(text: string): number {
  const attribution = text.search(ATTRIBUTION);
  const quote = text.search(/(?<=^| )> ?> /);
  const found = [attribution, quote].filter((i) => i >= 0);
  return found.length ? Math.min(...found) : -1;
}

/** Mail is wrapped near 72-80 columns: a quoted "line" longer than this absorbed the reply after it. */
const QUOTED_LINE_MAX = 80;
const SENTENCE_END = /[.?!](?= +["'(\[]?[A-Z])/g;

/**
 * The reply text after a quoted paragraph has no marker of its own, so it runs on in the last quoted
 * line. Such a line is too long to be one wrapped line: cut it after its first sentence end (a
 * quoted paragraph's last line ends one) and give the rest back to the unquoted text.
 */
function splitReplyFromQuote<L extends { prefix: string; depth: number; text: string; attribution: boolean }>(line: L): L[] {
  const text = line.text.trim();
  if (line.depth === 0 || line.attribution || text.length <= QUOTED_LINE_MAX) return [line];
  for (const m of text.matchAll(SENTENCE_END)) {
    if (m.index! >= QUOTED_LINE_MAX) break;
    const cut = m.index! + 1;
    return [{ ...line, text: text.slice(0, cut) }, { ...line, prefix: '', depth: 0, text: text.slice(cut) }];
  }
  return [line];
}

const markers = (run: string): number => run.replace(/ /g, '').length;

/**
 * A run of `depth` markers may be an empty quoted line plus the next line's markers ("> > > >" =
 * ">>" blank + "> > text"). The evidence is the following run: when it is shallower and the rest of
 * this run is an empty line of its depth or of the current depth, this run is read that way. A run
 * of twice the current depth that the next run does not continue is read the same way, except right
 * after an attribution, where quoting legitimately gets deeper.
 * Returns the depth of the text line, or null when the run is one line.
 */
function depthAfterBlankLine(depth: number, current: number, next: number, afterAttribution: boolean): number | null {
  if (next >= 1 && depth > next && (depth - next === next || depth - next === current)) return next;
  if (!afterAttribution && current >= 1 && depth === 2 * current && next !== depth) return current;
  return null;
}

/**
 * Line breaks cannot be recovered exactly. Re-inserts them where a line surely began: before
 * attributions and before quote-marker runs in quoted context, so quoted and new text can be told
 * apart, and split runs that hide an empty quoted line. Everything else is kept as it is.
 */
export function reflowBody(body: string): string {
  type Line = { prefix: string; depth: number; text: string; attribution: boolean };
  const lines: Line[] = [];
  let cur: Line = { prefix: '', depth: 0, text: '', attribution: false };
  const startLine = (prefix: string, depth: number): void => {
    lines.push(cur);
    cur = { prefix, depth, text: '', attribution: false };
  };
  // Text after an attribution line starts a new unquoted line.
  const addText = (text: string): void => {
    if (cur.attribution && text.trim() !== '') startLine('', 0);
    cur.text += text;
  };
  const runs = [...body.matchAll(QUOTE_RUN)].map((m) => ({ at: m.index!, text: m[0], run: true, depth: markers(m[0]) }));
  const events = [...runs, ...[...body.matchAll(ATTRIBUTION)].map((m) => ({ at: m.index!, text: m[0], run: false, depth: 0 }))].sort(
    (a, b) => a.at - b.at,
  );
  let pos = 0;
  let runIndex = 0;
  for (const ev of events) {
    if (ev.at < pos) continue; // inside an attribution already taken
    addText(body.slice(pos, ev.at));
    pos = ev.at + ev.text.length;
    const blank = cur.text.trim() === '';
    if (!ev.run) {
      if (!blank || cur.attribution) startLine('', 0);
      cur.text += ev.text;
      cur.attribution = true;
      continue;
    }
    while (runs[runIndex].at !== ev.at) runIndex++;
    const depth = ev.depth;
    const isLineStart = cur.depth > 0 || depth >= 2 || cur.attribution || (blank && lines.length === 0);
    if (!isLineStart) {
      cur.text += ev.text;
      continue;
    }
    const lineDepth = depthAfterBlankLine(depth, cur.depth, runs[runIndex + 1]?.depth ?? 0, cur.attribution);
    if (lineDepth !== null) {
      startLine('> '.repeat(depth - lineDepth).trimEnd(), depth - lineDepth);
      startLine('> '.repeat(lineDepth).trimEnd(), lineDepth);
    } else {
      startLine(ev.text, depth);
    }
  }
  addText(body.slice(pos));
  lines.push(cur);
  const text = lines.flatMap(splitReplyFromQuote).map((l) => [l.prefix, l.text.trim()].filter((s) => s !== '').join(' '));
  if (text[0] === '') text.shift(); // the body began with a line break we inserted
  return text.join('\n');
}
