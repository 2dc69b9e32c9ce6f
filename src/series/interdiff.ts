// What changed between two versions of one patch, shown the way git range-diff shows it: a
// diff whose lines are the patches' own lines, so "-+x" is an added line the new version no
// longer adds and "++x" one it newly adds. Both patches are first normalized (no "index"
// lines, no hunk line numbers, "## path ##" file headers) so a pure rebase shows nothing.
import { diffWords, structuredPatch, type StructuredPatchHunk } from 'diff';
import { walkDiff } from './similarity.js';

export interface Interdiff {
  /** Unified diff of the normalized patches; '' when they do not differ. */
  text: string;
  /** Outer "+" lines (lines only the new patch has). */
  added: number;
  /** Outer "-" lines (lines only the old patch has). */
  removed: number;
  /** Files of the patches where the two versions differ, in order of first difference. */
  files: string[];
}

const CONTEXT_LINES = 3;
// Past this many edits jsdiff gives up; the whole patch is then shown as replaced.
const MAX_EDIT_LENGTH = 5000;

export interface NormalizedPatch {
  lines: string[];
  /** Per line: the file and hunk section it sits in, for hunk headers and `files`. */
  file: string[];
  section: string[];
}

export function interdiff(oldDiff: string, newDiff: string): Interdiff {
  const a = normalizePatch(oldDiff);
  const b = normalizePatch(newDiff);
  const hunks = diffHunks(a.lines, b.lines);
  const text: string[] = [];
  const files: string[] = [];
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    let oldLine = hunk.oldStart - 1;
    let newLine = hunk.newStart - 1;
    let header: string | null = null;
    const body: string[] = [];
    for (const line of hunk.lines) {
      const sign = line.charAt(0);
      if (sign === '\\') continue; // both texts end with a newline; never expected
      const side = sign === '-' ? a : b;
      const at = sign === '-' ? oldLine : newLine;
      if (sign !== ' ') {
        if (sign === '+') added++;
        else removed++;
        const file = side.file[at] ?? '';
        if (file !== '' && !files.includes(file)) files.push(file);
        header ??= locationHeader(file, side.section[at] ?? '');
      }
      if (sign !== '+') oldLine++;
      if (sign !== '-') newLine++;
      body.push(line);
    }
    text.push(header ?? '@@', ...body);
  }
  return { text: text.length > 0 ? text.join('\n') + '\n' : '', added, removed, files };
}

/** The patch as the lines an interdiff compares. */
export function normalizePatch(diff: string): NormalizedPatch {
  const out: NormalizedPatch = { lines: [], file: [], section: [] };
  let section = '';
  const push = (text: string, file: string): void => {
    out.lines.push(text);
    out.file.push(file);
    out.section.push(section);
  };
  for (const line of walkDiff(diff)) {
    switch (line.kind) {
      case 'old-file':
      case 'new-file':
      case 'index':
        break; // blob ids and a/ b/ paths change on every rebase
      case 'file':
        section = '';
        push(`## ${line.oldFile ? `${line.oldFile} -> ` : ''}${line.file} ##`, line.file);
        break;
      case 'hunk':
        section = line.section ?? '';
        push(section ? `@@ ${section}` : '@@', line.file);
        break;
      default:
        push(line.text, line.file);
    }
  }
  while (out.lines.length > 0 && out.lines[out.lines.length - 1] === '') {
    out.lines.pop();
    out.file.pop();
    out.section.pop();
  }
  return out;
}

function diffHunks(oldLines: string[], newLines: string[]): StructuredPatchHunk[] {
  const oldText = oldLines.length > 0 ? oldLines.join('\n') + '\n' : '';
  const newText = newLines.length > 0 ? newLines.join('\n') + '\n' : '';
  if (oldText === newText) return [];
  const patch = structuredPatch('old', 'new', oldText, newText, undefined, undefined, {
    context: CONTEXT_LINES,
    maxEditLength: MAX_EDIT_LENGTH,
  });
  if (patch) return patch.hunks;
  // Too different to align: everything old removed, everything new added.
  return [
    {
      oldStart: 1,
      oldLines: oldLines.length,
      newStart: 1,
      newLines: newLines.length,
      lines: [...oldLines.map((l) => '-' + l), ...newLines.map((l) => '+' + l)],
    },
  ];
}

// "@@ drivers/foo.c: static int bar(void)" as git range-diff labels its hunks.
function locationHeader(file: string, section: string): string {
  if (file === '') return '@@';
  return section ? `@@ ${file}: ${section}` : `@@ ${file}`;
}

export interface MessageDiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface MessageChange {
  /** Words the old message had here ('' for a pure insertion). */
  removed: string;
  /** Words the new message has instead ('' for a pure deletion). */
  added: string;
}

export interface MessageDiff {
  identical: boolean;
  /** Each place where the messages differ, in order. */
  changes: MessageChange[];
  /** The whole new message split into kept, removed and added runs. */
  parts: MessageDiffPart[];
  /** git --word-diff=plain style: "[-old-]{+new+}" inline; '' when identical. */
  text: string;
}

/**
 * Word-level diff of two commit messages. Whitespace-only differences (rewrapped lines) are
 * not changes.
 */
export function commitMessageDiff(oldText: string, newText: string): MessageDiff {
  const parts: MessageDiffPart[] = diffWords(oldText, newText).map((c) => ({
    kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: c.value,
  }));
  const changes: MessageChange[] = [];
  let open: MessageChange | null = null;
  for (const part of parts) {
    if (part.kind === 'same') {
      open = null;
      continue;
    }
    if (!open) changes.push((open = { removed: '', added: '' }));
    open[part.kind] += part.text;
  }
  const identical = changes.length === 0;
  const text = identical
    ? ''
    : parts.map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');
  return { identical, changes, parts, text };
}
