// Walks a directory tree into the inputs it holds: files (each detected on its own), maildir
// messages, public-inbox repositories. Hidden entries are skipped (a working tree's .git is not mail),
// except hidden folders that are maildirs (Maildir++ subfolders such as .Sent).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SourceFormat } from '../domain/message.js';
import { classifyDirectory, type DirectoryKind } from './detect.js';
import { MAILDIR_SUBDIRS, byName, listMaildir } from './maildir.js';

export type InputFile = { kind: 'file'; path: string; size: number; format?: SourceFormat };
export type Input =
  | InputFile
  | { kind: 'public-inbox'; path: string; layout: Exclude<DirectoryKind, 'maildir' | 'tree'> }
  | { kind: 'unreadable'; path: string; error: unknown };

export async function* listInputs(dir: string, seen = new Set<string>()): AsyncGenerator<Input> {
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch (error) {
    yield { kind: 'unreadable', path: dir, error };
    return;
  }
  if (seen.has(real)) return; // a symlink loop
  seen.add(real);

  const kind = await classifyDirectory(dir);
  if (kind !== 'maildir' && kind !== 'tree') {
    yield { kind: 'public-inbox', path: dir, layout: kind };
    return;
  }
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort(byName);
  } catch (error) {
    yield { kind: 'unreadable', path: dir, error };
    return;
  }
  const skip = new Set<string>(kind === 'maildir' ? [...MAILDIR_SUBDIRS, 'tmp'] : []);
  if (kind === 'maildir') yield* await listMaildir(dir);
  for (const name of names) {
    if (skip.has(name)) continue;
    const full = path.join(dir, name);
    let st;
    try {
      st = await fs.stat(full);
    } catch (error) {
      yield { kind: 'unreadable', path: full, error };
      continue;
    }
    if (st.isDirectory()) {
      if (name.startsWith('.') && (await classifyDirectory(full)) !== 'maildir') continue;
      yield* listInputs(full, seen);
    } else if (st.isFile() && !name.startsWith('.')) {
      yield { kind: 'file', path: full, size: st.size };
    }
  }
}
