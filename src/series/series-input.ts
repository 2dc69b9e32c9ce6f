// ParsedMessage -> SeriesMessage: the facts grouping and version linking use, read once per message.
import type { ParsedMessage } from '../domain/message.js';
import type { SeriesMessage } from './series-types.js';
import { parseSubjectTags } from './subject-tags.js';
import { patchId } from './patch-id.js';
import { extractChangeId, extractVersionLinks } from './changelog.js';

export interface SeriesInputOptions {
  /** The caller's handle; the msgid by default. */
  key?: string;
  /** The store's thread; the oldest reference (or the msgid) by default. */
  threadId?: number | string;
  /** Msgids of a Supersedes: header (ParsedMessage does not keep it). */
  supersedes?: string[];
}

export function seriesMessage(p: ParsedMessage, o: SeriesInputOptions = {}): SeriesMessage {
  const diff = p.patch?.diff ?? '';
  const links = extractVersionLinks(p.body).filter((l) => l.msgid !== p.msgid);
  const named = links.filter((l) => l.version !== null).map((l) => l.msgid);
  const cited = links.filter((l) => l.version === null).map((l) => l.msgid);
  return {
    key: o.key ?? p.msgid,
    msgid: p.msgid,
    threadId: o.threadId ?? p.references[0] ?? p.msgid,
    from: p.from ? { name: p.from.name, address: p.from.address } : null,
    date: p.date.utc,
    subject: p.subject,
    tags: parseSubjectTags(p.subject),
    parentMsgid: p.parentHint ?? p.inReplyTo ?? p.references[p.references.length - 1] ?? null,
    references: [...p.references],
    hasDiff: diff !== '',
    patchId: diff ? patchId(diff) : null,
    files: p.patch ? p.patch.files.map((f) => f.path) : [],
    listId: p.listId,
    changeId: extractChangeId(p.body),
    versionLinks: [...new Set(named)],
    citedMsgids: [...new Set(cited)],
    supersedes: o.supersedes ?? [],
  };
}
