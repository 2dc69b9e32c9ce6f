// Tells input formats apart from their first bytes (files, stdin) or their layout (directories).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SourceFormat } from '../domain/message.js';
import { looksFlattened } from './flattened.js';
import { looksHypermail } from './hypermail.js';
import { looksCommitPage } from './commit-page.js';

/** How many leading bytes detectFormat wants to see (less is fine for short inputs). */
export const DETECT_BYTES = 64 * 1024;

/** A field name and colon: the first line of an RFC 5322 header block. */
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;

/** Detects a file's format from its first bytes (up to DETECT_BYTES). Anything unknown is 'eml'. */
export function detectFormat(head: Buffer): SourceFormat {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'mbox.gz';
  const text = head.toString('utf8', 0, Math.min(head.length, DETECT_BYTES));
  if (looksFlattened(text)) return 'flattened';
  if (looksHypermail(text)) return 'hypermail';
  if (looksCommitPage(text)) return 'commit-page';
  if (/^(?:\r?\n)*From /.test(text)) return 'mbox';
  return 'eml';
}

/** True when the bytes start like a message (a header field), so a stray README is not taken for mail. */
export function looksLikeMessage(head: Buffer): boolean {
  const firstLine = head.toString('latin1', 0, Math.min(head.length, 1000)).replace(/^\uFEFF?(?:\r?\n)*/, '');
  return HEADER_LINE.test(firstLine) || firstLine.startsWith('From ');
}

export type DirectoryKind = 'public-inbox-v2' | 'public-inbox-epochs' | 'git' | 'maildir' | 'tree';

/**
 * public-inbox v2 inbox: has git/0.git (epochs); a folder of N.git epochs alone also counts.
 * A bare git repository is public-inbox v1 (or one v2 epoch). A folder with cur/ or new/ is a maildir
 * (its other entries are still walked: notmuch and Maildir++ nest folders inside maildirs).
 */
export async function classifyDirectory(dir: string): Promise<DirectoryKind> {
  if (await isDirectory(path.join(dir, 'git', '0.git'))) return 'public-inbox-v2';
  if (await isBareGitRepo(dir)) return 'git';
  if (await isDirectory(path.join(dir, '0.git'))) return 'public-inbox-epochs';
  if ((await isDirectory(path.join(dir, 'cur'))) || (await isDirectory(path.join(dir, 'new')))) return 'maildir';
  return 'tree';
}

export async function isBareGitRepo(dir: string): Promise<boolean> {
  return (
    (await isDirectory(path.join(dir, 'objects'))) &&
    (await isDirectory(path.join(dir, 'refs'))) &&
    (await isFile(path.join(dir, 'HEAD')))
  );
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}
