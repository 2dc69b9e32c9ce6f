// One patch rebuilt the way `git am` wants it, as `b4 am` does (read for its habits, not its
// code): fresh From/Date/Subject/Message-Id headers, a UTF-8 text body holding the commit
// message with the collected trailers appended to its trailer block (no duplicates), an
// optional Link: trailer, then the original "---" and everything below it untouched. Pure.
//
// Where git mailinfo splits message from patch (its "patchbreak"): the first line that starts
// with "diff -" or "Index: ", or is "---" followed only by whitespace, or "--- " followed by a
// file name. The text above is the commit message; git keeps the rest byte for byte.

export interface AmTrailer {
  name: string;
  value: string;
}

export interface AmInput {
  msgid: string;
  fromName: string | null;
  fromAddress: string | null;
  /** The original Date header value (RFC 2822), or null to format `dateMs`/`dateOffset`. */
  dateHeader: string | null;
  dateMs: number | null;
  dateOffset: number | null;
  /** "[PATCH v2 3/5] title" (see amSubject). */
  subject: string;
  /** The decoded body text of the patch mail. */
  body: string;
  /** Trailers to add, in order; those already in the commit message are skipped. */
  trailers: AmTrailer[];
  /** A Link: value to add last (unless a Link: naming this msgid is already there). */
  link: string | null;
}

export interface AmMessage {
  /** The message without its From_ line (the mbox writer adds it). */
  text: string;
  /** Trailers actually added (after de-duplication), Link: included. */
  added: AmTrailer[];
}

export class NoPatchBreakError extends Error {}

/** b4's subject: [PATCH RFC vN k/N] title; the version when above 1, counters when more than one patch. */
export function amSubject(title: string, o: { version: number; index: number; total: number; rfc: boolean }): string {
  const tags = ['PATCH'];
  if (o.rfc) tags.push('RFC');
  if (o.version > 1) tags.push(`v${o.version}`);
  if (o.total > 1) tags.push(`${String(o.index).padStart(String(o.total).length, '0')}/${o.total}`);
  return `[${tags.join(' ')}] ${title}`;
}

/** Offset of the line where git mailinfo starts the patch, or -1. `text` has LF line ends. */
export function patchBreakIndex(text: string): number {
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl + 1);
    if (isPatchBreak(line)) return at;
    if (nl < 0) break;
    at = nl + 1;
  }
  return -1;
}

/** The line includes its "\n" (git's 4-byte minimum counts it). */
function isPatchBreak(line: string): boolean {
  if (line.startsWith('diff -') || line.startsWith('Index: ')) return true;
  if (line.length < 4 || !line.startsWith('---')) return false;
  if (line[3] === ' ' && !/\s/.test(line[4] ?? '\n')) return true;
  for (let i = 3; i < line.length; i++) {
    if (line[i] === '\n') return true;
    if (!/\s/.test(line[i])) return false;
  }
  return false;
}

const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]*(\S.*)$/;

const trailerKey = (name: string, value: string) => `${name.toLowerCase()}\n${value.replace(/\s+/g, ' ').trim().toLowerCase()}`;

/**
 * The commit message with `add` appended to its trailer block: the last paragraph when its
 * last line is a trailer ("Name: value"), else a new paragraph. Trailers already present
 * (same name and value, ignoring case and spacing) are not repeated.
 */
export function appendTrailers(message: string, add: readonly AmTrailer[]): { text: string; added: AmTrailer[] } {
  const lines = message.split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  let start = lines.length;
  while (start > 0 && lines[start - 1].trim() !== '') start--;
  const last = lines.slice(start);
  const isBlock = last.length > 0 && last.some((l) => TRAILER_LINE.test(l)) && (TRAILER_LINE.test(last[last.length - 1]) || /^\s/.test(last[last.length - 1]));
  const present = new Set<string>();
  if (isBlock) {
    for (const l of last) {
      const m = TRAILER_LINE.exec(l);
      if (m) present.add(trailerKey(m[1], m[2]));
    }
  }
  const added: AmTrailer[] = [];
  for (const t of add) {
    const key = trailerKey(t.name, t.value);
    if (present.has(key)) continue;
    present.add(key);
    added.push(t);
  }
  if (!added.length) return { text: lines.length ? `${lines.join('\n')}\n` : '', added };
  const block = added.map((t) => `${t.name}: ${t.value}`);
  const out = isBlock || lines.length === 0 ? [...lines, ...block] : [...lines, '', ...block];
  return { text: `${out.join('\n')}\n`, added };
}

/** The existing Link: trailers of a commit message. */
function linkValues(message: string): string[] {
  return [...message.matchAll(/^Link:[ \t]*(\S.*)$/gim)].map((m) => m[1].trim());
}

export function buildAmMessage(input: AmInput): AmMessage {
  const body = input.body.includes('\r') ? input.body.replace(/\r\n/g, '\n') : input.body;
  const cut = patchBreakIndex(body);
  if (cut < 0) throw new NoPatchBreakError(`<${input.msgid}> has no diff in its text`);
  const message = body.slice(0, cut);
  const patch = body.slice(cut);
  const add = [...input.trailers];
  if (input.link) {
    const msgid = input.msgid.toLowerCase();
    const named = linkValues(message).some((v) => {
      const l = v.toLowerCase();
      return l.endsWith(`/${msgid}`) || l.endsWith(`/${encodeURIComponent(input.msgid).toLowerCase()}`) || l.endsWith(`/${msgid}/`);
    });
    if (!named) add.push({ name: 'Link', value: input.link });
  }
  const fixed = appendTrailers(message, add);
  const ascii = /^[\x00-\x7f]*$/.test(fixed.text + patch + input.subject);
  const headers = [
    `Subject: ${encodeWords(input.subject)}`,
    `From: ${formatAddress(input.fromName, input.fromAddress)}`,
    `Date: ${input.dateHeader && /^[\x20-\x7e\t]+$/.test(input.dateHeader) ? input.dateHeader.trim() : rfc2822Date(input.dateMs, input.dateOffset)}`,
    ...(/^[\x21-\x7e]+$/.test(input.msgid) ? [`Message-Id: <${input.msgid}>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    `Content-Transfer-Encoding: ${ascii ? '7bit' : '8bit'}`,
  ];
  // as git format-patch writes it: the "---" right below the trailers; a bare diff after a blank line
  const gap = fixed.text && !patch.startsWith('---') ? '\n' : '';
  const text = `${headers.join('\n')}\n\n${fixed.text}${gap}${patch}${patch.endsWith('\n') ? '' : '\n'}`;
  return { text, added: fixed.added };
}

// ---- headers --------------------------------------------------------------------------

const PRINTABLE = /^[\x20-\x7e]*$/;
/** RFC 5322 specials that force a display name into quotes. */
const SPECIALS = /[()<>[\]:;@\\,."]/;

/** RFC 2047 B-encoded words (UTF-8), each at most 75 characters, folded; plain ASCII is returned as is. */
export function encodeWords(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  if (PRINTABLE.test(clean)) return clean;
  const words: string[] = [];
  let chunk = '';
  for (const ch of clean) {
    // 45 bytes -> 60 base64 characters + 12 of "=?UTF-8?B??="
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\n ');
}

export function formatAddress(name: string | null, address: string | null): string {
  const addr = (address ?? '').replace(/[\s<>]/g, '');
  const n = (name ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (!n) return addr ? `<${addr}>` : 'unknown <unknown@unknown>';
  let shown: string;
  if (!PRINTABLE.test(n)) shown = encodeWords(n);
  else if (SPECIALS.test(n)) shown = `"${n.replace(/(["\\])/g, '\\$1')}"`;
  else shown = n;
  return addr ? `${shown} <${addr}>` : shown;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue, 30 Aug 2022 11:19:07 -0400" in the sender's offset; the epoch when unknown. */
export function rfc2822Date(ms: number | null, offsetMinutes: number | null): string {
  const off = offsetMinutes ?? 0;
  const d = new Date((ms ?? 0) + off * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** The first value of a header in raw message bytes, unfolded; null when absent. */
export function rawHeaderValue(raw: Buffer, name: string): string | null {
  let end = raw.indexOf('\n\n');
  const crlf = raw.indexOf('\r\n\r\n');
  if (crlf >= 0 && (end < 0 || crlf < end)) end = crlf;
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const lines = head.split(/\r?\n/);
  const want = `${name.toLowerCase()}:`;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].toLowerCase().startsWith(want)) continue;
    let value = lines[i].slice(want.length);
    for (let k = i + 1; k < lines.length && /^[ \t]/.test(lines[k]); k++) value += lines[k];
    return value.trim();
  }
  return null;
}
