// Maildir: one message per file in cur/ and new/ (tmp/ holds deliveries in progress and is skipped).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Input } from './tree.js';

export const MAILDIR_SUBDIRS = ['cur', 'new'] as const;

/** Message files of one maildir: cur/ then new/, each sorted by name (delivery order, and deterministic). */
export async function listMaildir(dir: string): Promise<Input[]> {
  const files: Input[] = [];
  for (const sub of MAILDIR_SUBDIRS) {
    const subdir = path.join(dir, sub);
    let names: string[];
    try {
      names = (await fs.readdir(subdir)).filter((n) => !n.startsWith('.')).sort(byName);
    } catch {
      continue; // a maildir may have only one of cur/ and new/
    }
    for (const name of names) {
      const file = path.join(subdir, name);
      try {
        const st = await fs.stat(file);
        if (st.isFile()) files.push({ kind: 'file', path: file, size: st.size, format: 'maildir' });
      } catch (error) {
        files.push({ kind: 'unreadable', path: file, error });
      }
    }
  }
  return files;
}

/** Code-unit order, not locale order: the same tree gives the same sequence everywhere. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
