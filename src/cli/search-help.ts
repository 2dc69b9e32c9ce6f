// `lkb search --syntax` prints docs/search.md, the one help page of the query language.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function searchHelp(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const p of [path.resolve(here, '../../docs/search.md'), path.resolve(here, '../../../docs/search.md')]) {
    if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8');
  }
  return 'docs/search.md is missing from this installation';
}
