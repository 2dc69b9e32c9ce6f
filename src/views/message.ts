// The message read model shared by the CLI and the API: a stored row plus its parts,
// shaped as the JSON the API returns (server/schemas/message.ts is its contract).
import type { ReadableDB } from '../store/db.js';
import {
  addressOf,
  getBody,
  getMessagesByMsgid,
  getPatchFiles,
  getRecipients,
  refsOf,
  getTrailers,
  type MessageRow,
} from '../store/messages.js';
import { splitQuoted } from '../parse/quotes.js';
import { postingOf } from '../store/series.js';

function seriesOfMessage(db: ReadableDB, messageId: number) {
  const p = postingOf(db, messageId);
  return p ? { id: p.seriesId, version: p.version, index: p.index } : null;
}

export interface AddressDTO {
  name: string;
  address: string;
}

export interface MessageDTO {
  id: number;
  msgid: string;
  msgidSynthetic: boolean;
  threadId: number;
  subject: string;
  subjectNormalized: string;
  from: AddressDTO | null;
  to: AddressDTO[];
  cc: AddressDTO[];
  date: string | null;
  dateOffsetMinutes: number | null;
  dateFlag: string | null;
  inReplyTo: string | null;
  references: string[];
  listId: string | null;
  body: string;
  bodyNew: string;
  bodyQuoted: string;
  patch: {
    added: number;
    removed: number;
    files: { path: string; oldPath: string | null; added: number; removed: number; status: string | null; binary: boolean }[];
  } | null;
  trailers: { name: string; value: string; person: AddressDTO | null }[];
  flags: string[];
  format: string;
  origin: string;
  size: number;
  copies: number;
  /** For a patch or cover letter: its series, version and slot (0 = cover letter). */
  series: { id: number; version: number; index: number } | null;
}

export const isoDate = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function messageDTO(db: ReadableDB, row: MessageRow, copies: number): MessageDTO {
  const addrs = getRecipients(db, row);
  const body = getBody(db, row);
  const { newText, quotedText } = splitQuoted(body);
  const files = row.lines_added === null ? [] : getPatchFiles(db, row.id);
  return {
    id: row.id,
    msgid: row.msgid,
    msgidSynthetic: row.msgid_synth === 1,
    threadId: row.thread_id,
    subject: row.subject,
    subjectNormalized: row.subject_norm,
    from: addressOf(row.from_name, row.from_addr),
    to: addrs.to,
    cc: addrs.cc,
    date: isoDate(row.date),
    dateOffsetMinutes: row.date_offset,
    dateFlag: row.date_flag,
    inReplyTo: row.in_reply_to,
    references: refsOf(row),
    listId: row.list_id,
    body,
    bodyNew: newText,
    bodyQuoted: quotedText,
    patch:
      row.lines_added === null
        ? null
        : {
            added: row.lines_added,
            removed: row.lines_removed ?? 0,
            files: files.map((f) => ({
              path: f.path,
              oldPath: f.old_path,
              added: f.added,
              removed: f.removed,
              status: f.status,
              binary: f.binary === 1,
            })),
          },
    trailers: getTrailers(db, row.id).map((t) => ({
      name: t.name,
      value: t.value,
      person: addressOf(t.person_name, t.person_addr),
    })),
    flags: row.flags ? (JSON.parse(row.flags) as string[]) : [],
    format: row.format,
    origin: row.origin,
    size: row.size,
    copies,
    series: seriesOfMessage(db, row.id),
  };
}

/** A message by Message-ID; `copy` picks among copies with different content (1-based). */
export function findMessage(db: ReadableDB, msgid: string, copy = 1): { row: MessageRow; copies: number } | null {
  const rows = getMessagesByMsgid(db, msgid);
  if (!rows.length || copy < 1 || copy > rows.length) return null;
  return { row: rows[copy - 1], copies: rows.length };
}
