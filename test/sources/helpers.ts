// Collecting what the readers yield, and scratch folders for tests that build inputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RawMessage } from '../../src/domain/message.js';
import type { OpenSourceOptions, SourceError, SourceItem } from '../../src/domain/source.js';
import { openSources } from '../../src/sources/index.js';
import { repoPath } from '../helpers/corpus.js';

export async function collect(paths: string[], opts: OpenSourceOptions = {}): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of openSources(paths, opts)) items.push(item);
  return items;
}

export const messages = (items: SourceItem[]): RawMessage[] =>
  items.flatMap((i) => (i.kind === 'message' ? [i.message] : []));

export const errors = (items: SourceItem[]): SourceError[] => items.flatMap((i) => (i.kind === 'error' ? [i.error] : []));

/** The header value of a raw (or rebuilt) message, first occurrence. */
export function header(bytes: Buffer, name: string): string | null {
  const head = bytes.toString('utf8').split(/\n\n/)[0];
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(head);
  return m ? m[1] : null;
}

export const fixture = (name: string): string => repoPath('test/fixtures/sources', name);

/** A scratch folder removed when the test ends. */
export function scratch(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lkb-sources-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
