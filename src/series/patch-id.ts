// `git patch-id --stable` reimplemented from its documented behaviour and checked against the
// git binary (test/series/patch-id.test.ts): the same diff sent again (a RESEND, a new version
// of an unchanged patch, a rebase to other line numbers) gets the same id.
import { createHash } from 'node:crypto';

const HASH_BYTES = 20; // sha1

/**
 * The id `git patch-id --stable` prints first for `text` (a diff, a patch mail or a format-patch
 * mbox), or null when git would print none: no line starting with "diff " (so plain
 * "--- / +++" diffs without a "diff" line, and CVS "Index:" diffs, have no id, as in git).
 *
 * What counts, as in git: lines from the first "diff " line on, with all whitespace removed;
 * not "index " lines, hunk headers (so line numbers do not matter), nor "\ No newline" markers.
 * Each file's lines are hashed on their own and the hashes summed, so file order does not matter
 * (git's quirk kept: a file with header lines only, a mode change or a pure rename, is hashed
 * together with the file after it). A binary file counts by its header and blob names.
 * The patch ends at the first line that is neither a hunk line nor a new file header (the "-- "
 * signature, a second diff after a break) or at a line naming another commit.
 */
export function patchId(text: string): string | null {
  const sum = new Uint8Array(HASH_BYTES);
  // The current file's text: squeezed parts, and the lines read since the last part (squeezed
  // together when the file ends: one regex over a file instead of one per line).
  let parts: string[] = [];
  let lineRun: string[] = [];
  let hashed = false; // a line with something besides whitespace was hashed
  // Lines still expected in the current hunk, old and new side; -1 while reading a file header.
  let before = -1;
  let after = -1;
  // From the last "index old..new" line, for binary files. (git hashes uninitialised buffers for
  // a binary file before any index line; empty names are our choice there.)
  let blobs = { old: '', new: '' };
  let inBinary = false;
  const endRun = (): void => {
    if (lineRun.length > 0) parts.push(withoutWhitespace(lineRun.join('')));
    lineRun = [];
  };
  const addFileHash = (): void => {
    endRun();
    addInto(sum, createHash('sha1').update(parts.join(''), 'utf8').digest());
    parts = [];
  };

  // The lines of `text` with their "\n", as git reads them; a NUL ends what git sees of a line.
  const hasNul = text.includes('\0');
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    let line = text.slice(at, end);
    at = end;
    if (hasNul) {
      const nul = line.indexOf('\0');
      if (nul >= 0) line = line.slice(0, nul);
    }

    if (startsCommit(line)) {
      if (hashed) break;
      continue;
    }
    if (line.startsWith('\\ ') && utf8Length(line) > 12) continue; // "\ No newline at end of file"
    if (!hashed && !line.startsWith('diff ')) continue; // the commit message before the diff

    if (inBinary) {
      // Skip to the next file. As in git, that file's own "diff" line is not hashed, and when
      // the binary file is the last one, the empty hash of the final flush joins the sum.
      if (line.startsWith('diff ')) {
        inBinary = false;
        before = after = -1;
      }
      continue;
    }
    if (before === -1) {
      // A file header: "diff --git", mode, rename lines count, "index" does not.
      if (line.startsWith('index ')) {
        blobs = indexBlobs(line) ?? blobs;
        continue;
      }
      if (line.startsWith('GIT binary patch') || line.startsWith('Binary files')) {
        // A binary file counts by its header and blob names, not its (base85) content.
        endRun();
        parts.push(blobs.old + blobs.new);
        addFileHash();
        inBinary = true;
        continue;
      }
      if (line.startsWith('--- ')) before = after = 1;
      else if (!isAsciiLetter(line.charCodeAt(0))) break;
    }
    if (before === 0 && after === 0) {
      // Between hunks: another hunk, another file, or the end of the patch.
      if (line.startsWith('@@ -')) {
        [before, after] = hunkLengths(line, after);
        continue;
      }
      if (!line.startsWith('diff ')) break;
      addFileHash();
      before = after = -1;
    }
    const c = line.charCodeAt(0);
    if (c === 0x2d /* - */ || c === 0x20) before--;
    if (c === 0x2b /* + */ || c === 0x20) after--;

    lineRun.push(line);
    if (!hashed && hasNonWhitespace(line)) hashed = true;
  }
  if (!hashed) return null;
  addFileHash();
  return Buffer.from(sum).toString('hex');
}

/** The old and new blob names of an "index 1234abc..5678def 100644" line, cut as git cuts them. */
function indexBlobs(line: string): { old: string; new: string } | null {
  const dots = line.indexOf('..');
  if (dots < 0) return null;
  const space = line.indexOf(' ', dots);
  // No mode after the names: git drops the line's last character (its "\n").
  const end = space >= 0 ? space : line.length - 1;
  const cut = (s: string): string => s.slice(0, 64); // git keeps at most 64 characters of each
  return { old: cut(line.slice('index '.length, dots)), new: cut(line.slice(dots + 2, Math.max(end, dots + 2))) };
}

const HEX40 = /^[0-9a-fA-F]{40}/;

/** "From <sha1> ...", "commit <sha1>", "diff-tree <sha1>" or a bare sha1 starts another commit. */
function startsCommit(line: string): boolean {
  // every form starts with a hex digit ('d', 'c', 'F' included): most diff lines do not
  if (!isHexDigit(line.charCodeAt(0))) return false;
  for (const prefix of ['diff-tree ', 'commit ', 'From ']) {
    if (line.startsWith(prefix)) return HEX40.test(line.slice(prefix.length));
  }
  return HEX40.test(line);
}

/**
 * The old and new line counts of "@@ -a,b +c,d @@" (a missing count is 1). Like git, a header
 * that stops making sense keeps the old count and leaves the new one as it was unless " +" follows.
 */
function hunkLengths(line: string, after: number): [number, number] {
  const m = /^@@ -(\d*)(,\d*)?( \+(\d*)(,\d*)?)?/.exec(line)!;
  const before = m[2] !== undefined ? atoi(m[2].slice(1)) : 1;
  const oldDigits = m[2] !== undefined ? m[2].slice(1) : m[1];
  if (oldDigits === '' || m[3] === undefined) return [before, after];
  return [before, m[5] !== undefined ? atoi(m[5].slice(1)) : 1];
}

/** C atoi on digits: 0 for none; absurd counts are clamped rather than overflowing. */
function atoi(digits: string): number {
  return digits === '' ? 0 : Math.min(Number(digits), 2 ** 31 - 1);
}

function hasNonWhitespace(line: string): boolean {
  if (line === '') return false;
  const c = line.charCodeAt(0);
  return !(c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) || /[^ \t\n\r]/.test(line);
}

/** git's isspace: space, tab, LF, CR (not VT or FF). */
function withoutWhitespace(line: string): string {
  return line.replace(/[ \t\n\r]+/g, '');
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** sum += hash as little-endian 160-bit numbers (byte 0 lowest), the carry out of the top dropped. */
function addInto(sum: Uint8Array, hash: Uint8Array): void {
  let carry = 0;
  for (let i = 0; i < HASH_BYTES; i++) {
    carry += sum[i] + hash[i];
    sum[i] = carry & 0xff;
    carry >>= 8;
  }
}
