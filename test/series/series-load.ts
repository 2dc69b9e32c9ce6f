// Reads mail files into SeriesMessages for the series tests and bench (no store involved).
import { openSources } from '../../src/sources/index.js';
import { parseMessage } from '../../src/parse/mime.js';
import { fieldValue, splitHeaderBlock } from '../../src/parse/headers.js';
import type { RawMessage } from '../../src/domain/message.js';
import type { SeriesMessage } from '../../src/series/series-types.js';
import { seriesMessage } from '../../src/series/series-input.js';
import { parseSubjectTags } from '../../src/series/subject-tags.js';

const CHUNK = 512;

/** Every message of `paths`, in source order; a repeated Message-ID gets the key "msgid#2", "#3"... */
export async function loadSeriesMessages(paths: string[]): Promise<SeriesMessage[]> {
  const raws: RawMessage[] = [];
  for await (const item of openSources(paths, {})) if (item.kind === 'message') raws.push(item.message);
  const out: SeriesMessage[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < raws.length; i += CHUNK) {
    const chunk = raws.slice(i, i + CHUNK);
    const parsed = await Promise.all(chunk.map((r) => parseMessage(r).catch(() => null)));
    parsed.forEach((p, j) => {
      if (!p) return;
      const n = (seen.get(p.msgid) ?? 0) + 1;
      seen.set(p.msgid, n);
      const key = n === 1 ? p.msgid : `${p.msgid}#${n}`;
      out.push(seriesMessage(p, { key, supersedes: supersedesOf(chunk[j]) }));
    });
  }
  return out;
}

/** Msgids of a Supersedes: header. */
function supersedesOf(raw: RawMessage): string[] {
  const block = splitHeaderBlock(raw.rebuilt ?? raw.raw);
  const ids: string[] = [];
  for (const f of block.fields) {
    if (f.key !== 'supersedes') continue;
    for (const m of fieldValue(f).matchAll(/<([^<>\s]+)>/g)) ids.push(m[1]);
  }
  return ids;
}

/** A hand-built message for inline cases; `date` in minutes after 2024-01-01T00:00Z. */
export interface FakeSpec {
  id: string;
  subject: string;
  /** An address (name derived from it); null for no From. */
  from?: string | null;
  date?: number | null;
  parent?: string | null;
  refs?: string[];
  diff?: boolean;
  files?: string[];
  patchId?: string | null;
  changeId?: string | null;
  links?: string[];
  supersedes?: string[];
  list?: string | null;
  key?: string;
  thread?: string;
}

const EPOCH = Date.UTC(2024, 0, 1);

export function fake(s: FakeSpec): SeriesMessage {
  const from = s.from === undefined ? 'dev@example.org' : s.from;
  const refs = s.refs ?? (s.parent ? [s.parent] : []);
  const tags = parseSubjectTags(s.subject);
  return {
    key: s.key ?? s.id,
    msgid: s.id,
    threadId: s.thread ?? refs[0] ?? s.id,
    from: from === null ? null : { name: from.split('@')[0], address: from },
    date: s.date === null ? null : EPOCH + (s.date ?? 0) * 60_000,
    subject: s.subject,
    tags,
    parentMsgid: s.parent ?? refs[refs.length - 1] ?? null,
    references: refs,
    hasDiff: s.diff ?? tags.kind === 'patch',
    patchId: s.patchId ?? null,
    files: s.files ?? [],
    listId: s.list ?? null,
    changeId: s.changeId ?? null,
    versionLinks: s.links ?? [],
    supersedes: s.supersedes ?? [],
  };
}
