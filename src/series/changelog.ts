// Version notes that authors write into cover letters and below the "---" of patches
// ("Changes in v3:", "v1 -> v2:", "---\nv2: - foo"), the lore links to earlier versions they
// give, and b4's change-id. Pure and line by line: each line is looked at a bounded number of times.

export interface ChangelogNote {
  /** The version whose changes the note lists: 3 for "Changes in v3:" and "v2 -> v3:"; null for "Changes since v2:". */
  version: number | null;
  /** The version the changes are counted from: 2 for "Changes since v2:" and "v2 -> v3:"; null when not said. */
  since: number | null;
  /** The note as written, common indentation removed. */
  text: string;
}

export interface VersionLink {
  /** The version the text names for the link ("Link to v1:", "v1: ...", "[v1] ..."); null when unnamed. */
  version: number | null;
  /** The Message-ID the link points at, URL-decoded, without angle brackets. */
  msgid: string;
}

/** Lines scanned per text: changelogs sit in the first part of a mail, before any diff. */
const MAX_LINES = 5000;

// "v2", "[v2]", "RFC v2", "RFCv2", "PATCH V1", "v5.1"; not the "v4" of "v4l2" or of "dev4".
const V = String.raw`(?<![a-z0-9])\[?(?:(?:rfc|patch)\s*){0,2}v(\d{1,6})(?:\.\d+)?(?![a-z0-9])\]?`;
const ARROW = String.raw`\s*(?:->|→|=>|\.\.\.?|\bto\b|&|\band\b|\bvs\.?)\s*`;

// Headings that open a note, tried in order; each yields [version, since, inline text].
type Heading = { version: number | null; since: number | null; inline: string };
const BULLET = String.raw`^\s*(?:[-*•]\s+)?`;
/** "v1 -> v2:", "v1..v2", "[v1] -> [v2]:" (a range needs no colon when the line ends there). */
const RANGE_FIRST = new RegExp(`${BULLET}${V}${ARROW}\\[?(?:rfc\\s*)?v?(\\d{1,6})\\]?\\s*(?:changes?|changelog)?\\s*(?::\\s*(.*))?$`, 'i');
/** "v2:", "V3: foo", "[v2]:", "v2 (RFC):", "v3 changes:", "[V2] - foo", "RFC V2 2019-09-04 10:53:43:". */
const VERSION_FIRST = new RegExp(
  `${BULLET}${V}(?:\\s*\\([^)]{0,40}\\))?(?:\\s+\\d{4}-\\d\\d-\\d\\d(?:[ T][\\d:]{5,8})?)?\\s*(?:changes?|changelog)?\\s*(?::|\\s[-–]\\s)\\s*(.*)$`,
  'i',
);
/** "Since v2:" */
const SINCE_FIRST = new RegExp(`${BULLET}since\\s+${V}\\s*:\\s*(.*)$`, 'i');
/** "Changes in v3:", "Changelog v1->v2:", "Changes since [v5]", "Changes from v2 to v3", "Changes:". */
const WORD_FIRST = /^\s*(?:[-*•]\s+)?(?:changes|changelog|change[- ]log|revision history|version history)\b(.*)$/i;
const WORD_RANGE = new RegExp(`(?:from|between)?\\s*${V}${ARROW}\\[?(?:rfc\\s*)?v?(\\d{1,6})\\]?`, 'i');
const WORD_SINCE = new RegExp(`\\b(?:since|from|compared\\s+(?:to|with)|relative\\s+to|vs\\.?|over)\\s+(?:the\\s+)?${V}`, 'i');
const WORD_SINCE_LAST = /\b(?:since|from|compared\s+(?:to|with))\s+(?:the\s+)?(?:last|previous|prior)\s+(?:version|revision|posting|series|submission|iteration|spin)\b/i;
const WORD_IN = new RegExp(`(?:\\b(?:in|for)\\s+)?${V}`, 'i');

export function extractChangelog(text: string): ChangelogNote[] {
  const lines = splitLines(text);
  const notes: ChangelogNote[] = [];
  let current: { version: number | null; since: number | null; lines: string[] } | null = null;
  let afterBlank = false;
  const close = (): void => {
    if (current) {
      const note = finish(current.version, current.since, current.lines);
      if (note) notes.push(note);
    }
    current = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (endsEverything(line, lines[i + 1])) break;
    const heading = readHeading(line);
    if (heading) {
      close();
      current = { version: heading.version, since: heading.since, lines: heading.inline ? [heading.inline] : [] };
      afterBlank = false;
      continue;
    }
    if (!current) continue;
    if (endsNote(line)) {
      close();
      continue;
    }
    if (line.trim() === '') {
      afterBlank = true;
      continue;
    }
    if (afterBlank && current.lines.length > 0) {
      // A new paragraph joins the note only when it reads like more of the list (bullets,
      // indentation), so "This series adds..." after a changelog is not swallowed.
      const end = paragraphEnd(lines, i);
      if (!lines.slice(i, end).some(isListLine)) {
        close();
        i = end - 1;
        continue;
      }
      current.lines.push('');
    }
    afterBlank = false;
    if (current.lines.length === 0 && /^\s*[*=~_]{3,}\s*$/.test(line)) continue; // the heading's underline
    current.lines.push(line);
  }
  close();
  return notes;
}

function readHeading(line: string): Heading | null {
  if (line.length > 300 || line.startsWith('>')) return null;
  let m = RANGE_FIRST.exec(line);
  if (m) return { since: num(m[1]), version: num(m[2]), inline: (m[3] ?? '').trim() };
  m = SINCE_FIRST.exec(line);
  if (m) return { since: num(m[1]), version: null, inline: m[2].trim() };
  m = VERSION_FIRST.exec(line);
  if (m) return { version: num(m[1]), since: null, inline: m[2].trim() };
  m = WORD_FIRST.exec(line);
  if (!m) return null;
  const rest = m[1];
  const colon = rest.indexOf(':');
  const head = colon >= 0 ? rest.slice(0, colon) : rest;
  const inline = colon >= 0 ? rest.slice(colon + 1).trim() : '';
  let version: number | null = null;
  let since: number | null = null;
  let spec: RegExpExecArray | null;
  if ((spec = WORD_RANGE.exec(head))) {
    since = num(spec[1]);
    version = num(spec[2]);
  } else if ((spec = WORD_SINCE.exec(head)) || (spec = WORD_SINCE_LAST.exec(head))) {
    since = spec[1] === undefined ? null : num(spec[1]);
  } else if ((spec = WORD_IN.exec(head))) {
    version = num(spec[1]);
  }
  // Without a colon the line must be nothing but the heading ("Changes since [v5]"), so that
  // prose such as "Changes dmesg logging only." does not open a note; "Changes:" needs the colon.
  const leftover = (spec ? head.replace(spec[0], '') : head).replace(/\([^)]*\)/g, '').trim();
  if (colon < 0 && (!spec || leftover !== '')) return null;
  if (colon >= 0 && !spec && leftover !== '') return null;
  return { version, since, inline };
}

/** The diff or the signature: no changelog after these. */
function endsEverything(line: string, next: string | undefined): boolean {
  return (
    line.startsWith('diff --git ') ||
    line.startsWith('Index: ') ||
    /^--\s?$/.test(line) ||
    (line.startsWith('--- ') && next !== undefined && next.startsWith('+++ '))
  );
}

/** Lines that end a note but may be followed by another one (some write notes after the diffstat). */
function endsNote(line: string): boolean {
  return (
    /^ \S.*\s\|\s+(?:\d+ ?[-+]*|Bin\b.*)$/.test(line) || // diffstat
    /^ \d+ files? changed\b/.test(line) ||
    /^-{3,}\s*$/.test(line) || // "---": notes end here (b4 covers, patches' diffstat separator)
    line.startsWith('>') || // quoted text
    /^(?:[A-Z][a-z]+-)+by:\s/.test(line) || // trailers: Signed-off-by, Reviewed-by, ...
    /^(?:Link|Fixes|Closes|Cc|Change-Id):\s/.test(line) ||
    /^(?:base-commit|change-id|prerequisite-[a-z-]+):\s/.test(line) || // b4's footer
    /^\S.*\(\d+\):\s*$/.test(line) || // shortlog "Author Name (3):"
    /^(?:thanks|thank you|many thanks|regards|best regards|kind regards|cheers|br)[\s,.!]*$/i.test(line)
  );
}

function isListLine(line: string): boolean {
  return /^\s*(?:[-*•+]|\d{1,3}[.)])\s/.test(line) || /^\s+\S/.test(line);
}

function paragraphEnd(lines: readonly string[], from: number): number {
  let end = from;
  while (end < lines.length && lines[end].trim() !== '') end++;
  return end;
}

/** The note's text, or null when nothing is left (an empty heading, a heading that only carries a link). */
function finish(version: number | null, since: number | null, raw: string[]): ChangelogNote | null {
  const lines = raw.map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const text = lines.map((l) => l.slice(commonIndent(lines).length)).join('\n');
  // "v1: https://lore.kernel.org/..." is a link to a version, not a note about one.
  if (text.replace(/(?:https?:\/\/)?\S+\.\S+\/\S*/g, '').trim() === '') return null;
  return { version, since, text };
}

/** The leading whitespace every non-blank line shares, compared as written (a tab is not 8 spaces). */
function commonIndent(lines: readonly string[]): string {
  let common: string | null = null;
  for (const line of lines) {
    if (line === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === null) common = indent;
    let n = 0;
    while (n < common.length && n < indent.length && common[n] === indent[n]) n++;
    common = common.slice(0, n);
    if (common === '') break;
  }
  return common ?? '';
}

/** lore.kernel.org and lkml.kernel.org message links, with or without a scheme. */
const MESSAGE_LINK = /(?:https?:\/\/)?(?:lore|lkml)\.kernel\.org\/([^\s<>"'()[\]]+)/gi;

/**
 * Links to other postings as lore gives them: "Link to v1: https://lore.kernel.org/r/<msgid>",
 * "v1: https://lore.kernel.org/all/<msgid>/", "https://lore.kernel.org/linux-mm/<msgid>/T/".
 * Every lore message link outside quotes and bug-report trailers (Closes:, Reported-by:) is
 * returned once; `version` is what the line names, so the caller decides which are earlier
 * versions of the same series (a link may name a dependency or a discussion).
 */
export function extractVersionLinks(text: string): VersionLink[] {
  const out: VersionLink[] = [];
  if (!text.includes('kernel.org/')) return out; // most mail: no link, no line scan (runs at ingest)
  const seen = new Map<string, VersionLink>();
  for (const line of splitLines(text)) {
    if (line.startsWith('>') || /^\s*(?:Closes|Reported-by|Reported):/i.test(line)) continue;
    for (const m of line.matchAll(MESSAGE_LINK)) {
      const msgid = msgidOfPath(m[1]);
      if (!msgid) continue;
      const version = versionNamedAround(line.slice(0, m.index), line.slice(m.index! + m[0].length));
      const known = seen.get(msgid);
      if (known) {
        if (known.version === null) known.version = version;
        continue;
      }
      const link = { version, msgid };
      seen.set(msgid, link);
      out.push(link);
    }
  }
  return out;
}

/** "r/<id>", "all/<id>/", "<list>/<id>/T/#u", "lkml/<id>" -> "<id>"; null for index pages and searches. */
function msgidOfPath(path: string): string | null {
  const parts = path.split('/');
  const segment = parts[0].includes('@') ? parts[0] : parts[1];
  if (!segment) return null;
  let id = segment.replace(/[.,;:!?]+$/, '');
  try {
    id = decodeURIComponent(id);
  } catch {
    // a stray '%' that is not an escape: keep the id as written
  }
  id = id.replace(/^</, '').replace(/>$/, '');
  return id.includes('@') && !id.startsWith('?') ? id : null;
}

/** The version a link line names: the last "vN" before the link ("- Link to v2:"), else "(v2)" after it. */
function versionNamedAround(before: string, after: string): number | null {
  const named = [...before.matchAll(/(?:^|[^a-z0-9])v(\d{1,6})(?:\.\d+)?(?![a-z0-9])/gi)];
  if (named.length > 0) return num(named[named.length - 1][1]);
  const m = /^\s*[([]v(\d{1,6})[)\]]/i.exec(after);
  return m ? num(m[1]) : null;
}

/**
 * b4's series id from its "change-id: 20251231-test-fix-abc123def456" footer line, or null.
 * "prerequisite-change-id:" names another series, and Gerrit's "Change-Id: I..." trailer
 * (capitalised) names one commit; neither is taken.
 */
export function extractChangeId(text: string): string | null {
  if (!text.includes('change-id:')) return null;
  const m = /^change-id:[ \t]*(\S+)[ \t]*$/m.exec(text);
  return m ? m[1] : null;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n', MAX_LINES);
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

function num(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}
