// What a message contributes to the full-text index, field by field (the columns of
// messages_fts). Pure: built from the parsed record at ingest, or from the stored parts
// by `lkb reindex`, so both give the same document.
import type { Address, Trailer } from '../domain/message.js';

export interface SearchDocument {
  subject: string;
  from_: string;
  to_: string;
  cc: string;
  body_new: string;
  body_quoted: string;
  diff_files: string;
  diff_added: string;
  diff_removed: string;
  diff_hunks: string;
  diff_context: string;
  trailers: string;
}

/** The FTS5 column order; migrations/0005_fts.sql declares the same. */
export const FTS_COLUMNS: readonly (keyof SearchDocument)[] = [
  'subject',
  'from_',
  'to_',
  'cc',
  'body_new',
  'body_quoted',
  'diff_files',
  'diff_added',
  'diff_removed',
  'diff_hunks',
  'diff_context',
  'trailers',
];

/** Indexed text per field is capped: a 50 MB log pasted into a mail must not bloat the index. */
export const MAX_FIELD_CHARS = 256 * 1024;

const people = (list: Address[]) => list.map((a) => `${a.name} ${a.address}`.trim()).join('\n');
const cap = (s: string) => (s.length > MAX_FIELD_CHARS ? s.slice(0, MAX_FIELD_CHARS) : s);

interface DiffParts {
  files: string[];
  added: string[];
  removed: string[];
  hunks: string[];
  context: string[];
}

/** Splits a unified diff into the parts lore's dfn:/dfa:/dfb:/dfhh:/dfctx: search. */
export function splitDiff(diff: string): DiffParts {
  const out: DiffParts = { files: [], added: [], removed: [], hunks: [], context: [] };
  const files = new Set<string>();
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      const m = /^diff --git a\/(.+?) b\/(.+)$/.exec(line);
      if (m) {
        files.add(m[1]);
        files.add(m[2]);
      }
    } else if (line.startsWith('+++ ') || line.startsWith('--- ')) {
      const p = line.slice(4).replace(/^[ab]\//, '').split('\t')[0];
      if (p !== '/dev/null') files.add(p);
    } else if (line.startsWith('@@')) {
      const m = /^@@[^@]*@@ ?(.*)$/.exec(line);
      if (m && m[1]) out.hunks.push(m[1]);
    } else if (line.startsWith('+')) out.added.push(line.slice(1));
    else if (line.startsWith('-')) out.removed.push(line.slice(1));
    else if (line.startsWith(' ')) out.context.push(line.slice(1));
    else if (line.startsWith('rename from ') || line.startsWith('rename to ')) files.add(line.replace(/^rename (from|to) /, ''));
  }
  out.files = [...files];
  return out;
}

export function searchDocument(m: {
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  bodyNew: string;
  bodyQuoted: string;
  diff: string | null;
  trailers: Trailer[];
}): SearchDocument {
  const d = splitDiff(m.diff ?? '');
  return {
    subject: cap(m.subject),
    from_: m.from ? `${m.from.name} ${m.from.address}`.trim() : '',
    to_: cap(people(m.to)),
    cc: cap(people(m.cc)),
    body_new: cap(m.bodyNew),
    body_quoted: cap(m.bodyQuoted),
    diff_files: cap(d.files.join('\n')),
    diff_added: cap(d.added.join('\n')),
    diff_removed: cap(d.removed.join('\n')),
    diff_hunks: cap(d.hunks.join('\n')),
    diff_context: cap(d.context.join('\n')),
    trailers: cap(m.trailers.map((t) => `${t.name}: ${t.value}`).join('\n')),
  };
}
