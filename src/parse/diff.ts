// Finds the unified diff in an unquoted mail body: git (`diff --git`, renames, modes,
// binary), plain `--- / +++ / @@` and CVS/SVN `Index:` styles. One pass over the lines;
// hunks are read by their @@ counts so "--" lines inside a hunk are not mistaken for
// headers or signatures.
import type { PatchFile, PatchInfo } from '../domain/message.js';
import { MAX_BODY_CHARS, MAX_PATCH_FILES } from './limits.js';

/** Where the diff sits in the body: half-open line ranges, so quotes.ts can leave it out. */
export interface DiffScan {
  info: PatchInfo;
  ranges: Array<[start: number, end: number]>;
}

/** The patch in `bodyText`, or null when there is no diff outside quotes. */
export function extractPatch(bodyText: string): PatchInfo | null {
  const text = bodyText.length > MAX_BODY_CHARS ? bodyText.slice(0, MAX_BODY_CHARS) : bodyText;
  return scanDiff(text.split('\n'))?.info ?? null;
}

type Status = NonNullable<PatchFile['status']>;

interface FileAcc {
  file: PatchFile;
  oldPath: string | null; // from "--- " / "rename from"; null for /dev/null
  newPath: string | null;
  status: Status | null;
  modeChange: boolean;
  hunks: number;
}

const HUNK_HEADER = /^@@ +-(\d+)(?:, *(\d+))? +\+(\d+)(?:, *(\d+))? +@@/;
const PLAIN_TIMESTAMP = /\s+\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?: ?[+-]\d{4})?$/;
const SVN_SUFFIX = /\s+\((?:revision \d+|working copy|nonexistent)\)$/;

/** Scans already split lines (mime.ts shares one split between diff, quotes and trailers). */
export function scanDiff(lines: readonly string[]): DiffScan | null {
  const files: PatchFile[] = [];
  const ranges: Array<[number, number]> = [];
  let added = 0;
  let removed = 0;
  let preamble = -1; // first line of an "Index:" / "=====" / "diff -u" run right before a file
  const n = lines.length;
  let i = 0;

  const finish = (acc: FileAcc, start: number, end: number): void => {
    const f = acc.file;
    if (acc.status === 'renamed' || acc.status === 'copied') {
      f.path = acc.newPath ?? f.path;
      if (acc.oldPath) f.oldPath = acc.oldPath;
    } else if (acc.status === 'deleted') {
      f.path = acc.oldPath ?? f.path;
    } else {
      f.path = acc.newPath ?? acc.oldPath ?? f.path;
    }
    f.status = acc.status ?? (acc.modeChange && acc.hunks === 0 && !f.binary ? 'mode' : 'modified');
    added += f.added;
    removed += f.removed;
    if (f.path !== '' && files.length < MAX_PATCH_FILES) files.push(f); // fuzz: "+++ " with no name
    const last = ranges[ranges.length - 1];
    if (last && last[1] >= start) last[1] = end; // adjacent files form one segment
    else ranges.push([start, end]);
  };

  while (i < n) {
    const line = lines[i];
    if (line === '-- ') break; // signature: nothing after it is the patch
    if (line.startsWith('diff --git ')) {
      const start = i;
      const res = readGitFile(lines, i);
      i = res.next;
      finish(res.acc, start, i);
      preamble = -1;
      if (res.signature) break;
      continue;
    }
    if (line.startsWith('--- ') && i + 2 < n && lines[i + 1].startsWith('+++ ') && lines[i + 2].startsWith('@@')) {
      const start = preamble >= 0 ? preamble : i;
      const res = readPlainFile(lines, i);
      i = res.next;
      finish(res.acc, start, i);
      preamble = -1;
      if (res.signature) break;
      continue;
    }
    if (isPreamble(line)) {
      if (preamble < 0) preamble = i;
    } else {
      preamble = -1;
    }
    i++;
  }
  if (ranges.length === 0) return null;
  const diff = ranges.map(([s, e]) => lines.slice(s, e).join('\n') + (e < n ? '\n' : '')).join('');
  return { info: { files, added, removed, diff }, ranges };
}

// Lines that introduce a non-git file diff: CVS/SVN "Index:", its "=====" rule, "RCS file:",
// "retrieving revision", and the "diff -u ..." command line.
function isPreamble(line: string): boolean {
  return (
    line.startsWith('Index: ') ||
    (line.startsWith('=====') && /^=+$/.test(line)) ||
    line.startsWith('RCS file: ') ||
    line.startsWith('retrieving revision ') ||
    (line.startsWith('diff ') && !line.startsWith('diff --git '))
  );
}

interface FileResult {
  acc: FileAcc;
  next: number;
  signature: boolean;
}

function newAcc(path: string): FileAcc {
  return { file: { path, added: 0, removed: 0 }, oldPath: null, newPath: null, status: null, modeChange: false, hunks: 0 };
}

function readGitFile(lines: readonly string[], at: number): FileResult {
  const n = lines.length;
  const header = gitHeaderPaths(lines[at].slice('diff --git '.length));
  const acc = newAcc(header.b ?? header.a ?? '');
  acc.oldPath = header.a;
  acc.newPath = header.b;
  let j = at + 1;
  while (j < n) {
    const l = lines[j];
    if (l.startsWith('index ') || l.startsWith('similarity index ') || l.startsWith('dissimilarity index ')) {
      j++;
    } else if (l.startsWith('old mode ') || l.startsWith('new mode ')) {
      acc.modeChange = true;
      j++;
    } else if (l.startsWith('new file mode ')) {
      acc.status = 'added';
      j++;
    } else if (l.startsWith('deleted file mode ')) {
      acc.status = 'deleted';
      j++;
    } else if (l.startsWith('rename from ') || l.startsWith('copy from ')) {
      acc.status = l.startsWith('rename') ? 'renamed' : 'copied';
      acc.oldPath = unquote(l.slice(l.indexOf(' from ') + 6));
      j++;
    } else if (l.startsWith('rename to ') || l.startsWith('copy to ')) {
      acc.newPath = unquote(l.slice(l.indexOf(' to ') + 4));
      j++;
    } else if (l.startsWith('Binary files ') || l === 'GIT binary patch') {
      acc.file.binary = true;
      j = l === 'GIT binary patch' ? skipBinary(lines, j + 1) : j + 1;
      return { acc, next: j, signature: false };
    } else if (l.startsWith('--- ') && j + 1 < n && lines[j + 1].startsWith('+++ ')) {
      const oldP = diffPath(l.slice(4), header.prefixA);
      const newP = diffPath(lines[j + 1].slice(4), header.prefixB);
      if (oldP === null && acc.status === null) acc.status = 'added';
      if (newP === null && acc.status === null) acc.status = 'deleted';
      if (acc.status !== 'renamed' && acc.status !== 'copied') {
        acc.oldPath = oldP ?? acc.oldPath;
        acc.newPath = newP ?? acc.newPath;
      }
      j += 2;
      break;
    } else {
      break;
    }
  }
  return readHunks(lines, j, acc);
}

function readPlainFile(lines: readonly string[], at: number): FileResult {
  let oldP = plainPath(lines[at].slice(4));
  let newP = plainPath(lines[at + 1].slice(4));
  // -p1 patches ("a/x" vs "b/x", "linux.orig/x" vs "linux/x") carry a first component to drop;
  // -p0 patches (CVS "bfd/x" on both sides) do not.
  if (oldP !== null && newP !== null) {
    const so = oldP.indexOf('/');
    const sn = newP.indexOf('/');
    if (so > 0 && sn > 0 && oldP.slice(0, so) !== newP.slice(0, sn)) {
      oldP = oldP.slice(so + 1);
      newP = newP.slice(sn + 1);
    }
  } else {
    if (oldP?.startsWith('a/')) oldP = oldP.slice(2);
    if (newP?.startsWith('b/')) newP = newP.slice(2);
  }
  const acc = newAcc(newP ?? oldP ?? '');
  acc.oldPath = oldP;
  acc.newPath = newP;
  if (oldP === null) acc.status = 'added';
  else if (newP === null) acc.status = 'deleted';
  return readHunks(lines, at + 2, acc);
}

function readHunks(lines: readonly string[], from: number, acc: FileAcc): FileResult {
  let j = from;
  while (j < lines.length && lines[j].startsWith('@@')) {
    const res = readHunk(lines, j, acc.file);
    acc.hunks++;
    j = res.next;
    if (res.signature) return { acc, next: j, signature: true };
  }
  return { acc, next: j, signature: false };
}

/** One hunk: counted by its header when it parses, else line by line until a non-diff line. */
function readHunk(lines: readonly string[], at: number, file: PatchFile): { next: number; signature: boolean } {
  const n = lines.length;
  const m = HUNK_HEADER.exec(lines[at]);
  let k = at + 1;
  if (!m) return readLooseHunk(lines, k, file);
  let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
  let newLeft = m[4] === undefined ? 1 : Number(m[4]);
  while ((oldLeft > 0 || newLeft > 0) && k < n) {
    const l = lines[k];
    const c = l.charCodeAt(0);
    if (l === '' || c === 0x20 /* space */) {
      // "" is a context line whose single space a mail client stripped
      if (l === '' && (oldLeft === 0 || newLeft === 0)) break;
      oldLeft = Math.max(0, oldLeft - 1);
      newLeft = Math.max(0, newLeft - 1);
    } else if (c === 0x2d /* - */) {
      if (oldLeft === 0) break;
      if (l === '-- ' && !continuesHunk(lines[k + 1])) return { next: k, signature: true };
      file.removed++;
      oldLeft--;
    } else if (c === 0x2b /* + */) {
      if (newLeft === 0) break;
      file.added++;
      newLeft--;
    } else if (c !== 0x5c /* \ No newline at end of file */) {
      break; // malformed: the hunk ends early
    }
    k++;
  }
  while (k < n && lines[k].startsWith('\\')) k++;
  return { next: k, signature: false };
}

// "-- " is a removed line "- " only when hunk lines follow; otherwise it is the signature.
function continuesHunk(next: string | undefined): boolean {
  if (next === undefined || next === '') return false;
  const c = next.charCodeAt(0);
  return c === 0x20 || c === 0x2b || c === 0x2d || c === 0x5c || c === 0x40 || next.startsWith('diff ');
}

// Hunks with an unreadable header ("@@@ -1,1 +1,1 @@", "@@ -49 +49 @@ garbage"): take diff-looking lines.
function readLooseHunk(lines: readonly string[], from: number, file: PatchFile): { next: number; signature: boolean } {
  let k = from;
  for (; k < lines.length; k++) {
    const l = lines[k];
    const c = l.charCodeAt(0);
    if (l === '-- ') return { next: k, signature: true };
    if (c === 0x2d) {
      if (l.startsWith('--- ') && lines[k + 1]?.startsWith('+++ ')) break;
      file.removed++;
    } else if (c === 0x2b) {
      file.added++;
    } else if (c !== 0x20 && c !== 0x5c) {
      break;
    }
  }
  return { next: k, signature: false };
}

// "literal N" / "delta N" blocks of base85 lines; git writes two (forward and reverse), blank-separated.
function skipBinary(lines: readonly string[], from: number): number {
  let k = from;
  let end = from;
  while (k < lines.length && /^(?:literal|delta) \d+$/.test(lines[k])) {
    k++;
    while (k < lines.length && lines[k] !== '' && lines[k] !== '-- ') k++;
    end = k;
    if (lines[k] === '' && /^(?:literal|delta) \d+$/.test(lines[k + 1] ?? '')) k++;
    else break;
  }
  return end;
}

interface GitHeader {
  a: string | null;
  b: string | null;
  prefixA: string;
  prefixB: string;
}

/** `a/x b/x`, `"a/with space" "b/with space"`, `x x` (--no-prefix), `i/x w/x` (mnemonic prefixes). */
function gitHeaderPaths(rest: string): GitHeader {
  let a: string;
  let b: string;
  if (rest.startsWith('"')) {
    const end = closingQuote(rest, 0);
    a = unquote(rest.slice(0, end + 1));
    b = unquote(rest.slice(end + 1).trim());
  } else {
    const mid = (rest.length - 1) / 2;
    if (Number.isInteger(mid) && rest[mid] === ' ' && sameAfterPrefix(rest.slice(0, mid), rest.slice(mid + 1))) {
      a = rest.slice(0, mid);
      b = rest.slice(mid + 1);
    } else {
      const sp = rest.indexOf(' b/') >= 0 ? rest.indexOf(' b/') : rest.indexOf(' ');
      a = sp >= 0 ? rest.slice(0, sp) : rest;
      b = sp >= 0 ? unquote(rest.slice(sp + 1)) : rest;
    }
  }
  // Single-letter prefixes that differ (a/ b/, i/ w/, c/ o/) are git's; identical ones are directories.
  const pa = /^[a-z]\//.test(a) ? a.slice(0, 2) : '';
  const pb = /^[a-z]\//.test(b) ? b.slice(0, 2) : '';
  const prefixed = pa !== '' && pb !== '' && pa !== pb;
  return {
    a: prefixed ? a.slice(2) : a,
    b: prefixed ? b.slice(2) : b,
    prefixA: prefixed ? pa : '',
    prefixB: prefixed ? pb : '',
  };
}

function sameAfterPrefix(a: string, b: string): boolean {
  return a === b || (a.length > 2 && a[1] === '/' && b[1] === '/' && a.slice(2) === b.slice(2));
}

/** A "--- "/"+++ " path in a git diff: null for /dev/null, prefix stripped, tab suffix dropped. */
function diffPath(raw: string, prefix: string): string | null {
  let p = raw;
  const tab = p.indexOf('\t');
  if (tab >= 0) p = p.slice(0, tab);
  p = unquote(p.trimEnd());
  if (p === '/dev/null') return null;
  return prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

/** A "--- "/"+++ " path in a non-git diff: timestamps and SVN "(revision N)" dropped. */
function plainPath(raw: string): string | null {
  let p = raw;
  const tab = p.indexOf('\t');
  if (tab >= 0) p = p.slice(0, tab);
  p = p.trimEnd();
  if (p.length < 400) p = p.replace(PLAIN_TIMESTAMP, '').replace(SVN_SUFFIX, '');
  return p === '/dev/null' ? null : p;
}

function closingQuote(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length - 1;
}

/** Git's C-style quoted path ("a/t\303\251st") -> UTF-8 text; unquoted input is returned trimmed. */
function unquote(s: string): string {
  const t = s.trim();
  if (t.length < 2 || !t.startsWith('"') || !t.endsWith('"')) return t;
  const bytes: number[] = [];
  const body = t.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      for (const byte of Buffer.from(ch, 'utf8')) bytes.push(byte);
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next) && /^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
