// Locates ../shared/corpus (or $LKB_CORPUS). The corpus is read in place, never copied.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function locate(): string | null {
  const candidates = [process.env.LKB_CORPUS, path.resolve(repoRoot, '../shared/corpus')];
  for (const c of candidates) {
    if (c && fs.existsSync(path.join(c, 'README.md'))) return c;
  }
  return null;
}

export const corpusDir: string | null = locate();

if (!corpusDir) {
  const msg = `corpus not found (looked in $LKB_CORPUS and ${path.resolve(repoRoot, '../shared/corpus')})`;
  if (process.env.LKB_REQUIRE_CORPUS === '1') throw new Error(`${msg}; LKB_REQUIRE_CORPUS=1 makes this fatal`);
  console.log(`# ${msg}: corpus tests are not run`);
}

/** `{ skip: reason }` for node:test when the corpus is absent, so the reason is printed. */
export const needsCorpus = corpusDir ? {} : { skip: 'corpus absent (set LKB_CORPUS)' };

export function corpusPath(...parts: string[]): string {
  if (!corpusDir) throw new Error('corpus absent');
  return path.join(corpusDir, ...parts);
}

export const repoPath = (...parts: string[]): string => path.join(repoRoot, ...parts);
