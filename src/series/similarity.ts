// Small helpers shared by range-diff.ts and interdiff.ts: a line walker over a unified diff
// (hunks read by their @@ counts, so a removed "-- foo" line is not taken for a header) and
// the similarity measures used to pair patches of two versions.

/** What one line of a unified diff is. */
export type DiffLineKind = 'file' | 'old-file' | 'new-file' | 'index' | 'meta' | 'hunk' | 'context' | 'add' | 'del';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** The file the line belongs to ('' before the first file header). */
  file: string;
  /** For 'file': the old path when it differs (renames, copies). */
  oldFile?: string;
  /** For 'hunk': the text after the closing @@ (usually the enclosing function). */
  section?: string;
}

const HUNK_HEADER = /^@@+ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@+ ?(.*)$/;
const GIT_HEADER = /^diff --git (?:"?a\/)?(\S+?)"? (?:"?b\/)?(\S+?)"?$/;

/** Classifies every line of `diff`, in order. Stops at a "-- " signature line outside a hunk. */
export function walkDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let file = '';
  let gitHeader = false; // the current file was named by "diff --git", so "+++" adds nothing
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      const c = text.charAt(0);
      if (c === ' ' || text === '') {
        oldLeft--;
        newLeft--;
        out.push({ kind: 'context', text, file });
        continue;
      }
      if (c === '-' && oldLeft > 0) {
        oldLeft--;
        out.push({ kind: 'del', text, file });
        continue;
      }
      if (c === '+' && newLeft > 0) {
        newLeft--;
        out.push({ kind: 'add', text, file });
        continue;
      }
      if (c === '\\') {
        out.push({ kind: 'meta', text, file });
        continue;
      }
      oldLeft = newLeft = 0; // miscounted hunk: read the line as a header
    }
    if (text === '-- ') break; // format-patch signature
    const git = GIT_HEADER.exec(text);
    if (git) {
      file = git[2];
      gitHeader = true;
      out.push(git[1] !== git[2] ? { kind: 'file', text, file, oldFile: git[1] } : { kind: 'file', text, file });
      continue;
    }
    if (text.startsWith('--- ')) {
      out.push({ kind: 'old-file', text, file });
      continue;
    }
    if (text.startsWith('+++ ')) {
      if (!gitHeader) {
        const path = headerPath(text);
        if (path !== '/dev/null') file = path;
        out.push({ kind: 'file', text, file });
      } else {
        out.push({ kind: 'new-file', text, file });
      }
      continue;
    }
    const hunk = HUNK_HEADER.exec(text);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      out.push({ kind: 'hunk', text, file, section: hunk[3].trim() });
      continue;
    }
    if (text.startsWith('index ')) {
      out.push({ kind: 'index', text, file });
      continue;
    }
    // Lenient about hunks whose counts were wrong (hand-edited patches): +/- lines still count.
    if (text.startsWith('+')) out.push({ kind: 'add', text, file });
    else if (text.startsWith('-')) out.push({ kind: 'del', text, file });
    else {
      if (text.startsWith('diff ') || text.startsWith('Index: ')) gitHeader = false;
      out.push({ kind: 'meta', text, file });
    }
  }
  return out;
}

// "+++ b/path\tdate" -> "path"
function headerPath(line: string): string {
  let p = line.slice(4).split('\t')[0].trim();
  if (p.startsWith('"') && p.endsWith('"')) p = p.slice(1, -1);
  return p.startsWith('a/') || p.startsWith('b/') ? p.slice(2) : p;
}

// "}", "{", "*/", "});": shared by every patch, they say nothing about which patch is which.
const PUNCTUATION_ONLY = /^[\s{}()[\];,.*/\\-]*$/;

/** Changed lines ("+x" / "-x", whitespace collapsed) with their counts; blank and brace-only lines left out. */
export function changedLineCounts(diff: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of walkDiff(diff)) {
    if (line.kind !== 'add' && line.kind !== 'del') continue;
    const body = line.text.slice(1).replace(/\s+/g, ' ').trim();
    if (PUNCTUATION_ONLY.test(body)) continue;
    const key = line.text.charAt(0) + body;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * What git patch-id hashes, as plain text: every diff line except "index" lines, with hunk line
 * numbers and all whitespace removed. Used when a caller has no patch id.
 */
export function contentFingerprint(diff: string): string {
  const parts: string[] = [];
  for (const line of walkDiff(diff)) {
    if (line.kind === 'index') continue;
    parts.push(line.kind === 'hunk' ? '@@' : line.text.replace(/\s+/g, ''));
  }
  return parts.join('\n');
}

/** Sum of the counts of a multiset. */
export function multisetSize(counts: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/** Jaccard index of two sets; 0 when both are empty. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

/** Lower-cased, whitespace collapsed: titles compared this way. */
export function normalizeTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}
