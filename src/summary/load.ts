// Gathers what the pure summarisers read, from the read models (views/) and the store's
// message bodies. One thread at a time: a topic export calls threadMaterial per thread.
import type { ReadableDB } from '../store/db.js';
import { getBody, getThreadMessages, getTrailers, type MessageRow, type PackCache } from '../store/messages.js';
import { splitQuoted } from '../parse/quotes.js';
import { threadDTO } from '../views/threads.js';
import { seriesDetail, seriesDiff, type SeriesDiffDTO } from '../views/series.js';
import { findMessage, isoDate } from '../views/message.js';
import type { MessageInput } from './input.js';
import type { ThreadMaterial } from './thread.js';
import type { SeriesMaterial } from './series.js';

function messageInput(db: ReadableDB, r: MessageRow, parent: string | null, packs: PackCache): MessageInput {
  const body = getBody(db, r, packs);
  return {
    msgid: r.msgid,
    synthetic: r.msgid_synth === 1,
    parent,
    subject: r.subject,
    fromName: r.from_name ?? '',
    fromAddr: r.from_addr ?? '',
    date: isoDate(r.date),
    listId: r.list_id,
    isPatch: r.lines_added !== null,
    body,
    bodyNew: splitQuoted(body).newText,
    trailers: getTrailers(db, r.id).map((t) => ({
      name: t.name,
      value: t.value,
      person: t.person_addr ? { name: t.person_name ?? '', address: t.person_addr } : null,
    })),
  };
}

/** A thread's messages (first stored copy of each Message-ID) with their tree parents. */
export function threadMaterial(db: ReadableDB, threadId: number, packs: PackCache = new Map()): ThreadMaterial | null {
  const t = threadDTO(db, threadId);
  if (!t) return null;
  const parentOf = new Map(t.nodes.map((n) => [n.msgid, n.parentMsgid]));
  const seen = new Set<string>();
  const messages: MessageInput[] = [];
  for (const r of getThreadMessages(db, threadId)) {
    if (seen.has(r.msgid)) continue;
    seen.add(r.msgid);
    messages.push(messageInput(db, r, parentOf.get(r.msgid) ?? null, packs));
  }
  return { id: t.id, subject: t.subject, rootMsgid: t.rootMsgid, topic: t.topic, messages };
}

/** A series' detail, range-diffs of consecutive versions and the messages of its threads. */
export function seriesMaterial(db: ReadableDB, seriesId: number): SeriesMaterial | null {
  const detail = seriesDetail(db, seriesId);
  if (!detail) return null;
  const numbers = [...new Set(detail.versions.map((v) => v.version))].sort((a, b) => a - b);
  const diffs: SeriesDiffDTO[] = [];
  for (let i = 1; i < numbers.length; i++) {
    const d = seriesDiff(db, seriesId, numbers[i - 1], numbers[i]);
    if (d && !('error' in d)) diffs.push(d);
  }
  const threadIds = new Set<number>();
  const slotMsgids = new Set(detail.versions.flatMap((v) => v.patches.map((p) => p?.msgid ?? '')));
  for (const v of detail.versions) {
    for (const msgid of [v.coverMsgid, ...v.patches.map((p) => p?.msgid ?? null), ...v.referencedBy.map((r) => r.msgid)]) {
      if (!msgid) continue;
      const t = threadOfMsgid(db, msgid);
      if (t !== undefined) threadIds.add(t);
    }
  }
  const messages: MessageInput[] = [];
  const seen = new Set<string>();
  for (const id of [...threadIds].sort((a, b) => a - b)) {
    for (const m of threadMaterial(db, id)?.messages ?? []) {
      if (seen.has(m.msgid)) continue;
      seen.add(m.msgid);
      // a commit record (no diff) in a patch slot is still the patch
      messages.push(slotMsgids.has(m.msgid) ? { ...m, isPatch: true } : m);
    }
  }
  return { detail, diffs, messages };
}

const threadOfMsgid = (db: ReadableDB, msgid: string): number | undefined => findMessage(db, msgid)?.row.thread_id;
