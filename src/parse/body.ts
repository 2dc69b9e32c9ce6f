// What a message body yields: new text vs quotes, the patch, the trailers. Pure; mime.ts
// feeds it the decoded text part and the attachments mailparser found.
import type { PatchInfo, Trailer } from '../domain/message.js';
import { scanDiff } from './diff.js';
import { MAX_ATTACHMENT_PATCH_BYTES, MAX_BODY_CHARS, MAX_PATCH_FILES, MAX_TRAILERS } from './limits.js';
import { splitQuotedLines } from './quotes.js';
import { parseTrailerLines } from './trailers.js';

export interface BodyParts {
  bodyNew: string;
  bodyQuoted: string;
  patch: PatchInfo | null;
  trailers: Trailer[];
  /** True when only the first MAX_BODY_CHARS were looked at. */
  truncated: boolean;
}

/** One split of the body feeds the diff scan, the quote split and the trailer scan. */
export function deriveFromBody(body: string): BodyParts {
  const truncated = body.length > MAX_BODY_CHARS;
  const lines = (truncated ? body.slice(0, MAX_BODY_CHARS) : body).split('\n');
  const scan = scanDiff(lines);
  const { newLines, quotedLines } = splitQuotedLines(lines, scan?.ranges ?? []);
  return {
    bodyNew: newLines.join('\n'),
    bodyQuoted: quotedLines.join('\n'),
    patch: scan?.info ?? null,
    // trailers come from what the author wrote, above the diff
    trailers: parseTrailerLines(scan ? aboveCutLine(newLines) : newLines),
    truncated,
  };
}

// In a patch mail the commit's trailers sit above git's "---" line; below it are notes and the diffstat.
function aboveCutLine(lines: string[]): string[] {
  const cut = lines.findIndex((l) => l === '---' || l === '--- ');
  return cut >= 0 ? lines.slice(0, cut) : lines;
}

/** An attachment as mailparser hands it over, reduced to what patch finding needs. */
export interface AttachmentPart {
  contentType: string;
  filename?: string;
  charset?: string;
  content: Buffer;
}

export interface AttachedPatch {
  patch: PatchInfo;
  trailers: Trailer[];
}

const PATCH_TYPES = /^(?:text\/(?:x-)?(?:patch|diff)|application\/(?:x-)?(?:patch|diff|mbox)|text\/plain)$/i;
const PATCH_NAMES = /\.(?:patch|diff|mbox)$/i;

/** Diffs in text/x-patch, text/x-diff, *.patch, attached mboxes and attached text/plain parts. */
export function patchesFromAttachments(attachments: readonly AttachmentPart[]): AttachedPatch[] {
  const found: AttachedPatch[] = [];
  for (const a of attachments) {
    if (!PATCH_TYPES.test(a.contentType) && !PATCH_NAMES.test(a.filename ?? '')) continue;
    if (a.content.length > MAX_ATTACHMENT_PATCH_BYTES) continue;
    const text = decode(a.content, a.charset);
    const lines = (text.includes('\r') ? text.replace(/\r\n/g, '\n') : text).split('\n');
    const scan = scanDiff(lines);
    if (!scan) continue;
    // an attached format-patch file carries its own commit message and trailers above the diff
    const before = lines.slice(0, scan.ranges[0][0]).filter((l) => !l.startsWith('>'));
    found.push({ patch: scan.info, trailers: parseTrailerLines(aboveCutLine(before)) });
  }
  return found;
}

function decode(content: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset?.trim() || 'utf-8').decode(content);
  } catch {
    return new TextDecoder('utf-8').decode(content); // an unknown charset label
  }
}

/** Patches of the body and the attachments as one: files listed in order, counts summed. */
export function mergePatches(patches: ReadonlyArray<PatchInfo | null>): PatchInfo | null {
  const real = patches.filter((p): p is PatchInfo => p !== null);
  if (real.length <= 1) return real[0] ?? null;
  return {
    files: real.flatMap((p) => p.files).slice(0, MAX_PATCH_FILES),
    added: real.reduce((n, p) => n + p.added, 0),
    removed: real.reduce((n, p) => n + p.removed, 0),
    diff: real.map((p) => p.diff).join(''),
  };
}

/** Trailer lists concatenated, exact duplicates (same name and value) dropped. */
export function mergeTrailers(lists: ReadonlyArray<readonly Trailer[]>): Trailer[] {
  if (lists.length === 1) return [...lists[0]];
  const seen = new Set<string>();
  const out: Trailer[] = [];
  for (const t of lists.flat()) {
    const key = `${t.name}\n${t.value}`;
    if (seen.has(key) || out.length >= MAX_TRAILERS) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}
