// Messages: the write path used by ingest and the read path used by the CLI and server.
import type { Address, MessageDate, PatchFile, Trailer } from '../domain/message.js';
import type { SearchDocument } from '../index/document.js';
import { indexDocument } from './search-index.js';
import type { ReadableDB, WritableDB } from './db.js';
import { preparedOnce } from './prepared.js';
import { PACK_CODEC, unpack, unpackPrefix, type PackedPart } from './codec.js';
import { applyThreadPlan, planThread } from './threads.js';

/** What ingest hands the store for one message (the parsed record minus its text, which is packed). */
export interface NewMessage {
  hash: Buffer;
  msgid: string;
  msgidSynthetic: boolean;
  inReplyTo: string | null;
  parentHint: string | null;
  references: string[];
  subject: string;
  subjectNormalized: string;
  replySubject: boolean;
  from: Address | null;
  date: MessageDate;
  listId: string | null;
  patch: { added: number; removed: number; files: PatchFile[] } | null;
  /** `git patch-id --stable` of the diff. */
  patchId: string | null;
  /** b4's change-id line, and msgids of earlier versions the body links to. */
  changeId: string | null;
  versionLinks: string[];
  citedMsgids: string[];
  supersedes: string[];
  /** The message's full-text index document (messages_fts row). */
  doc: SearchDocument;
  /** A maintainer's "Applied, thanks" reply: branch and commits when given. */
  appliedNote: { branch: string | null; commits: { index: number | null; title: string | null; sha: string }[] } | null;
  trailers: Trailer[];
  flags: string[];
  format: string;
  origin: string;
  size: number;
  /** `pack` indexes the chunk's rawPacks. */
  raw: PackedPart & { pack: number };
  /** The body is either the tail of the raw bytes (plain mail) or a part of the text pack. */
  body: PackedPart & { pack: 'raw' | 'text' };
  /** JSON {to, cc} in the text pack. */
  meta: PackedPart;
}

/** One chunk from a parse worker: the packs its messages point into. */
export interface NewChunk {
  rawPacks: Buffer[];
  textPack: Buffer;
  messages: NewMessage[];
}

const stmts = preparedOnce((db: WritableDB) => ({
  insertPack: db.prepare('INSERT INTO packs (codec, data) VALUES (?, ?)'),
  // Positional parameters (one array per row, in the column order below): binding 40 named
  // parameters from an object was a measurable part of the main thread's time per message.
  insertMessage: db.prepare(`INSERT INTO messages (
    id, thread_id, msgid, msgid_synth, hash, in_reply_to, parent_hint, subject, subject_norm, reply_subject, has_refs, refs,
    from_name, from_addr, date, date_offset, date_flag, list_id, lines_added, lines_removed, flags,
    format, origin, size, raw_pack, raw_off, raw_len, body_pack, body_off, body_len, meta_pack, meta_off, meta_len, ingested_at,
    patch_id, change_id, version_links, cited_msgids, supersedes, applied_note)
    VALUES (${Array(40).fill('?').join(', ')})`),
  insertTrailer: db.prepare(
    'INSERT INTO trailers (message_id, pos, name, value, person_name, person_addr) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  insertFile: db.prepare(
    'INSERT INTO patch_files (message_id, pos, path, old_path, added, removed, status, binary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  maxId: db.prepare('SELECT max(id) FROM messages').pluck(),
  hashExists: db.prepare(
    'SELECT 1 FROM messages WHERE hash = ? UNION ALL SELECT 1 FROM quarantine WHERE hash = ? LIMIT 1',
  ),
}));

/** True when these exact bytes are already stored (as a message or in quarantine). */
export function isKnownHash(db: WritableDB, hash: Buffer): boolean {
  return stmts(db).hashExists.get(hash, hash) !== undefined;
}

/**
 * Stores one chunk and threads its messages. Call inside a transaction (ingest batches
 * several chunks per transaction). Returns the thread ids the chunk touched.
 */
export function insertChunk(db: WritableDB, chunk: NewChunk, touched: Set<number>): number {
  const s = stmts(db);
  const rawPacks = chunk.rawPacks.map((p) => Number(s.insertPack.run(PACK_CODEC, p).lastInsertRowid));
  const textPack = Number(s.insertPack.run(PACK_CODEC, chunk.textPack).lastInsertRowid);
  const now = Date.now();
  let added = 0;
  // Ids are given, as SQLite would pick them (max + 1), so that a message's thread is found
  // before its row is written and the row is written once.
  let nextId = ((s.maxId.get() as number | null) ?? 0) + 1;
  for (const m of chunk.messages) {
    // ids hold no whitespace once cleaned; the filter keeps the space-joined column unambiguous
    const refs = m.references.filter((r) => r !== m.msgid && !/\s/.test(r));
    const id = nextId++;
    const plan = planThread(db, {
      id,
      msgid: m.msgid,
      refs,
      subjectNorm: m.subjectNormalized,
      refless: refs.length === 0 && m.replySubject,
      date: m.date.utc,
    });
    s.insertMessage.run(
      id, // id
      plan.thread, // thread_id
      m.msgid, // msgid
      m.msgidSynthetic ? 1 : 0, // msgid_synth
      m.hash, // hash
      m.inReplyTo, // in_reply_to
      m.parentHint, // parent_hint
      m.subject, // subject
      m.subjectNormalized, // subject_norm
      m.replySubject ? 1 : 0, // reply_subject
      refs.length > 0 ? 1 : 0, // has_refs
      refs.length ? refs.join(' ') : null, // refs
      m.from?.name || null, // from_name
      m.from?.address || null, // from_addr
      m.date.utc, // date
      m.date.offsetMinutes, // date_offset
      m.date.flag, // date_flag
      m.listId, // list_id
      m.patch ? m.patch.added : null, // lines_added
      m.patch ? m.patch.removed : null, // lines_removed
      m.flags.length ? JSON.stringify(m.flags) : null, // flags
      m.format, // format
      m.origin, // origin
      m.size, // size
      rawPacks[m.raw.pack], // raw_pack
      m.raw.off, // raw_off
      m.raw.len, // raw_len
      m.body.pack === 'raw' ? rawPacks[m.raw.pack] : textPack, // body_pack
      m.body.off, // body_off
      m.body.len, // body_len
      textPack, // meta_pack
      m.meta.off, // meta_off
      m.meta.len, // meta_len
      now, // ingested_at
      m.patchId, // patch_id
      m.changeId, // change_id
      m.versionLinks.length ? m.versionLinks.join(' ') : null, // version_links
      m.citedMsgids.length ? m.citedMsgids.join(' ') : null, // cited_msgids
      m.supersedes.length ? m.supersedes.join(' ') : null, // supersedes
      m.appliedNote ? JSON.stringify(m.appliedNote) : null, // applied_note
    );
    indexDocument(db, id, m.doc);
    m.trailers.forEach((t, i) =>
      s.insertTrailer.run(id, i, t.name, t.value, t.person?.name || null, t.person?.address || null),
    );
    m.patch?.files.forEach((f, i) =>
      s.insertFile.run(id, i, f.path, f.oldPath ?? null, f.added, f.removed, f.status ?? null, f.binary ? 1 : 0),
    );
    applyThreadPlan(db, plan);
    touched.add(plan.thread);
    added++;
  }
  return added;
}

// ---- reads ----------------------------------------------------------------------------

export interface MessageRow {
  id: number;
  msgid: string;
  msgid_synth: number;
  thread_id: number;
  in_reply_to: string | null;
  parent_hint: string | null;
  subject: string;
  subject_norm: string;
  reply_subject: number;
  refs: string | null;
  from_name: string | null;
  from_addr: string | null;
  date: number | null;
  date_offset: number | null;
  date_flag: string | null;
  list_id: string | null;
  lines_added: number | null;
  lines_removed: number | null;
  flags: string | null;
  format: string;
  origin: string;
  size: number;
  raw_pack: number;
  raw_off: number;
  raw_len: number;
  body_pack: number;
  body_off: number;
  body_len: number;
  meta_pack: number;
  meta_off: number;
  meta_len: number;
  patch_id: string | null;
}

const SUMMARY_COLUMNS = `id, msgid, msgid_synth, thread_id, in_reply_to, parent_hint, subject, subject_norm, reply_subject, refs,
  from_name, from_addr, date, date_offset, date_flag, list_id, lines_added, lines_removed, flags, format, origin, size,
  raw_pack, raw_off, raw_len, body_pack, body_off, body_len, meta_pack, meta_off, meta_len, patch_id`;

// The read lookups, prepared once per connection (a series page runs hundreds of them).
const reads = preparedOnce((db: ReadableDB) => ({
  byMsgid: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE msgid = ? ORDER BY id`),
  byId: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE id = ?`),
  ofThread: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE thread_id = ? ORDER BY date IS NULL, date, id`),
  trailers: db.prepare('SELECT name, value, person_name, person_addr FROM trailers WHERE message_id = ? ORDER BY pos'),
  threadTrailers: db.prepare(
    `SELECT t.message_id, t.name, t.value, t.person_name, t.person_addr FROM messages m
     JOIN trailers t ON t.message_id = m.id WHERE m.thread_id = ? ORDER BY t.message_id, t.pos`,
  ),
  files: db.prepare('SELECT path, old_path, added, removed, status, binary FROM patch_files WHERE message_id = ? ORDER BY pos'),
  pack: db.prepare('SELECT codec, data FROM packs WHERE id = ?'),
}));

/** All stored copies of a Message-ID, first ingested first. */
export function getMessagesByMsgid(db: ReadableDB, msgid: string): MessageRow[] {
  return reads(db).byMsgid.all(msgid) as MessageRow[];
}

export function getMessageById(db: ReadableDB, id: number): MessageRow | undefined {
  return reads(db).byId.get(id) as MessageRow | undefined;
}

export function getThreadMessages(db: ReadableDB, threadId: number): MessageRow[] {
  return reads(db).ofThread.all(threadId) as MessageRow[];
}

/** The ids of a thread's messages in date order (ids only: a 100,000-message thread stays small). */
export function getThreadMessageIds(db: ReadableDB, threadId: number): number[] {
  return db
    .prepare('SELECT id FROM messages WHERE thread_id = ? ORDER BY date IS NULL, date, id')
    .pluck()
    .all(threadId) as number[];
}

/** A message's references, oldest first. */
export function refsOf(m: Pick<MessageRow, 'refs'>): string[] {
  return m.refs ? m.refs.split(' ') : [];
}

export interface TrailerRow {
  name: string;
  value: string;
  person_name: string | null;
  person_addr: string | null;
}
export function getTrailers(db: ReadableDB, messageId: number): TrailerRow[] {
  return reads(db).trailers.all(messageId) as TrailerRow[];
}

/** The trailers of every message of a thread in one query, by message id (the thread web page). */
export function getThreadTrailers(db: ReadableDB, threadId: number): Map<number, TrailerRow[]> {
  const rows = reads(db).threadTrailers.all(threadId) as (TrailerRow & { message_id: number })[];
  const out = new Map<number, TrailerRow[]>();
  for (const { message_id, ...t } of rows) {
    const list = out.get(message_id);
    if (list) list.push(t);
    else out.set(message_id, [t]);
  }
  return out;
}

export interface PatchFileRow {
  path: string;
  old_path: string | null;
  added: number;
  removed: number;
  status: string | null;
  binary: number;
}
export function getPatchFiles(db: ReadableDB, messageId: number): PatchFileRow[] {
  return reads(db).files.all(messageId) as PatchFileRow[];
}

/** Inflated packs by id, for a caller reading many messages at once (search snippets). */
export type PackCache = Map<number, Buffer>;

/**
 * A PackCache holding at most `max` inflated packs, least recently used dropped first: for
 * long exports (consecutive messages share packs) and for the search workers (hits of recent
 * mail share packs across queries).
 */
export class BoundedPackCache extends Map<number, Buffer> {
  constructor(private readonly max = 16) {
    super();
  }
  override get(key: number): Buffer | undefined {
    const v = super.get(key);
    if (v !== undefined) {
      super.delete(key);
      super.set(key, v);
    }
    return v;
  }
  override set(key: number, value: Buffer): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as number);
    return this;
  }
}

/**
 * Bytes [off, off+len) of a pack. `partial`: inflate only up to them (codec.ts unpackPrefix), for
 * readers that want one message of a pack (snippets); a cached prefix too short is inflated again.
 */
function readPacked(db: ReadableDB, pack: number, off: number, len: number, cache?: PackCache, partial = false): Buffer {
  const hit = cache?.get(pack);
  if (hit && hit.length >= off + len) return hit.subarray(off, off + len);
  const row = reads(db).pack.get(pack) as
    | { codec: string; data: Buffer }
    | undefined;
  if (!row) throw new Error(`pack ${pack} missing`);
  const data = partial ? unpackPrefix(row.codec, row.data, off + len) : unpack(row.codec, row.data);
  cache?.set(pack, data);
  return data.subarray(off, off + len);
}

/**
 * The exact bytes that came in. When the body is the raw body (it lives in the raw pack), the
 * raw message is its head at raw_off (raw_len - body_len bytes) followed by the body: packs
 * written since tails went first hold the two apart, older packs hold them adjacent.
 */
export function getRaw(
  db: ReadableDB,
  m: Pick<MessageRow, 'raw_pack' | 'raw_off' | 'raw_len' | 'body_pack' | 'body_off' | 'body_len'>,
  cache?: PackCache,
): Buffer {
  const tail = m.body_pack === m.raw_pack ? m.body_len : 0;
  const headLen = m.raw_len - tail;
  if (tail === 0 || m.body_off === m.raw_off + headLen) return readPacked(db, m.raw_pack, m.raw_off, m.raw_len, cache);
  const pack = readPacked(db, m.raw_pack, 0, Math.max(m.raw_off + headLen, m.body_off + m.body_len), cache);
  return Buffer.concat([pack.subarray(m.raw_off, m.raw_off + headLen), pack.subarray(m.body_off, m.body_off + m.body_len)]);
}

/** The best text part as parsed at ingest. `partial`: see readPacked (for one message of a pack). */
export function getBody(db: ReadableDB, m: Pick<MessageRow, 'body_pack' | 'body_off' | 'body_len'>, cache?: PackCache, partial = false): string {
  return readPacked(db, m.body_pack, m.body_off, m.body_len, cache, partial).toString('utf8');
}

/** To and Cc, kept packed because long Cc lists are most of a message row otherwise. */
export function getRecipients(
  db: ReadableDB,
  m: Pick<MessageRow, 'meta_pack' | 'meta_off' | 'meta_len'>,
): { to: Address[]; cc: Address[] } {
  return JSON.parse(readPacked(db, m.meta_pack, m.meta_off, m.meta_len).toString('utf8'));
}

/** A name/address column pair as an Address; null when both are empty. */
export function addressOf(name: string | null, address: string | null): Address | null {
  return name || address ? { name: name ?? '', address: address ?? '' } : null;
}

/** Finds a message by Message-ID, tolerating <brackets> and a "msgid:" / "id:" prefix. */
export function normalizeMsgidArg(arg: string): string {
  let s = arg.trim();
  s = s.replace(/^(?:id|msgid|m):/i, '');
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1);
  return s;
}
