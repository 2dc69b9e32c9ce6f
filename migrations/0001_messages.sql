-- Messages, their references, trailers and patch files; quarantine; reader checkpoints.
-- Message-IDs are stored without <>. A referenced-but-absent message (a "ghost") has no
-- row here: it exists only as a `refs.ref` value, which is enough to join threads through it.

CREATE TABLE messages (
  id            INTEGER PRIMARY KEY,          -- ingest order; stable
  msgid         TEXT    NOT NULL,             -- not unique: a second copy with other content is kept
  msgid_synth   INTEGER NOT NULL DEFAULT 0,   -- 1 = no usable Message-ID; derived from the bytes
  hash          BLOB    NOT NULL UNIQUE,      -- sha1 of the raw bytes: re-ingest adds nothing
  thread_id     INTEGER NOT NULL,             -- connected component of the reference graph
  in_reply_to   TEXT,
  parent_hint   TEXT,                         -- parent chosen by the parser's precedence rules
  subject       TEXT    NOT NULL DEFAULT '',
  subject_norm  TEXT    NOT NULL DEFAULT '',  -- Re:/Fwd:/[tags] removed, lower-cased: subject key
  reply_subject INTEGER NOT NULL DEFAULT 0,   -- subject starts with Re:/Fwd:/...
  has_refs      INTEGER NOT NULL DEFAULT 0,   -- 1 = carries References/In-Reply-To ids
  refs          TEXT,                         -- those ids, oldest first, space separated (ids hold no spaces)
  from_name     TEXT,
  from_addr     TEXT,
  date          INTEGER,                      -- ms since epoch, UTC; NULL when unknown (never invented)
  date_offset   INTEGER,                      -- sender's offset from UTC in minutes
  date_flag     TEXT,                         -- missing | unparsable | absurd
  list_id       TEXT,
  lines_added   INTEGER,                      -- NULL = no patch
  lines_removed INTEGER,
  flags         TEXT,                         -- JSON array, e.g. ["degraded:hypermail"]
  format        TEXT    NOT NULL,             -- how the source framed it (mbox, maildir, hypermail...)
  origin        TEXT    NOT NULL,             -- file:offset or epoch:commit it came from
  size          INTEGER NOT NULL,             -- raw size in bytes
  raw_pack      INTEGER NOT NULL,             -- packs.id holding the raw bytes
  raw_off       INTEGER NOT NULL,             -- offset and length inside the inflated pack
  raw_len       INTEGER NOT NULL,
  body_pack     INTEGER NOT NULL,             -- packs.id holding the best text part (UTF-8); when the
  body_off      INTEGER NOT NULL,             --   text is the raw body byte for byte (plain mail), this
  body_len      INTEGER NOT NULL,             --   points into the raw pack and costs nothing
  meta_pack     INTEGER NOT NULL,             -- packs.id holding JSON {to, cc} (long Cc lists compress well)
  meta_off      INTEGER NOT NULL,
  meta_len      INTEGER NOT NULL,
  ingested_at   INTEGER NOT NULL
);
CREATE INDEX messages_msgid  ON messages(msgid);
CREATE INDEX messages_thread ON messages(thread_id, date);
CREATE INDEX messages_date   ON messages(date);
CREATE INDEX messages_subject ON messages(subject_norm, date);

-- Raw bytes and bodies are stored in small compressed packs of consecutive messages:
-- mail from one list shares most of its header text, so a pack of 16 compresses to about
-- a third of the raw size, and one deflate call per pack is cheap at ingest speed.
CREATE TABLE packs (
  id    INTEGER PRIMARY KEY,
  codec TEXT NOT NULL,     -- 'brotli' (see store/codec.ts)
  data  BLOB NOT NULL
);

-- Every Message-ID the store knows, stored or only referenced (a "ghost"), with the thread
-- it belongs to. One row per id, however many messages reference it: finding the thread of
-- an id is one primary-key lookup, and joining two threads is one UPDATE here and one in
-- messages.
CREATE TABLE nodes (
  msgid     TEXT    PRIMARY KEY,
  thread_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX nodes_thread ON nodes(thread_id);

CREATE TABLE trailers (
  message_id INTEGER NOT NULL REFERENCES messages(id),
  pos        INTEGER NOT NULL,
  name       TEXT    NOT NULL,   -- canonical spelling: Reviewed-by, Fixes, ...
  value      TEXT    NOT NULL,
  person_name TEXT,
  person_addr TEXT,
  PRIMARY KEY (message_id, pos)
) WITHOUT ROWID;
CREATE INDEX trailers_addr ON trailers(person_addr);

CREATE TABLE patch_files (
  message_id INTEGER NOT NULL REFERENCES messages(id),
  pos        INTEGER NOT NULL,
  path       TEXT    NOT NULL,
  old_path   TEXT,
  added      INTEGER NOT NULL,
  removed    INTEGER NOT NULL,
  status     TEXT,
  binary     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (message_id, pos)
) WITHOUT ROWID;
CREATE INDEX patch_files_path ON patch_files(path);

-- Per-thread facts kept in step with ingest (recomputed for the threads a batch touched).
CREATE TABLE threads (
  id            INTEGER PRIMARY KEY,
  root_id       INTEGER,            -- messages.id of the root message (earliest message without a present parent)
  subject       TEXT NOT NULL DEFAULT '',
  message_count INTEGER NOT NULL,   -- distinct Message-IDs
  copy_count    INTEGER NOT NULL,   -- stored rows, counting second copies
  participants  INTEGER NOT NULL,   -- distinct From addresses
  first_date    INTEGER,
  last_date     INTEGER
);
CREATE INDEX threads_last ON threads(last_date DESC, id DESC);

-- Threads whose `threads` row is stale. Ingest marks them in the same transaction as the
-- messages (cheap), and refreshes them in bulk (each thread once, not once per batch); a
-- killed ingest leaves the marks, and the next ingest refreshes them first.
CREATE TABLE threads_dirty (
  thread_id INTEGER PRIMARY KEY
) WITHOUT ROWID;

-- Mail that could not be stored as a message, with the reason and the bytes.
CREATE TABLE quarantine (
  id      INTEGER PRIMARY KEY,
  hash    BLOB NOT NULL UNIQUE,
  origin  TEXT NOT NULL,
  reason  TEXT NOT NULL,
  raw     BLOB NOT NULL,             -- compressed like messages.raw
  size    INTEGER NOT NULL,
  at      INTEGER NOT NULL
);

-- Reader checkpoints, e.g. the last public-inbox commit ingested per epoch.
CREATE TABLE source_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Reference-less replies, the only messages that join threads by subject: a small partial
-- index keeps that lookup from scanning every same-subject message of a long thread.
CREATE INDEX messages_refless ON messages(subject_norm, date) WHERE reply_subject = 1 AND has_refs = 0;
