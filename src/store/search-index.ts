// Writes to the full-text index (messages_fts, rowid = messages.id).
import type { WritableDB } from './db.js';
import { FTS_COLUMNS, type SearchDocument } from '../index/document.js';
import { preparedOnce } from './prepared.js';
import type { MessageRow } from './messages.js';

const stmts = preparedOnce((db: WritableDB) => ({
  insert: db.prepare(`INSERT INTO messages_fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?, ${FTS_COLUMNS.map(() => '?').join(', ')})`),
}));

export function indexDocument(db: WritableDB, id: number, doc: SearchDocument): void {
  stmts(db).insert.run(id, ...FTS_COLUMNS.map((c) => doc[c]));
}

export function clearSearchIndex(db: WritableDB): void {
  db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')").run();
}

/** Messages in id order after `after`, for rebuilding the index in batches. */
export function messagesForReindex(db: WritableDB, after: number, limit: number): MessageRow[] {
  return db
    .prepare(
      `SELECT id, msgid, msgid_synth, thread_id, in_reply_to, parent_hint, subject, subject_norm, reply_subject, refs,
        from_name, from_addr, date, date_offset, date_flag, list_id, lines_added, lines_removed, flags, format, origin, size,
        raw_pack, raw_off, raw_len, body_pack, body_off, body_len, meta_pack, meta_off, meta_len, patch_id
       FROM messages WHERE id > ? ORDER BY id LIMIT ?`,
    )
    .all(after, limit) as MessageRow[];
}
