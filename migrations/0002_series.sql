-- Patch series across versions (src/series computes them; src/store/series.ts writes them).
-- Postings and series are derived data, rebuilt from messages after each ingest; only the
-- user's corrections are primary data. Keys are Message-IDs (of a posting's cover letter or
-- first patch), so corrections survive a rebuild and a re-ingest into a fresh store.

ALTER TABLE messages ADD COLUMN patch_id TEXT;       -- `git patch-id --stable` of the diff
ALTER TABLE messages ADD COLUMN change_id TEXT;      -- b4's "change-id:" line
ALTER TABLE messages ADD COLUMN version_links TEXT;  -- msgids the body links to naming a version ("Link to v1: ..."), space separated
ALTER TABLE messages ADD COLUMN cited_msgids TEXT;
ALTER TABLE messages ADD COLUMN supersedes TEXT;     -- msgids of a Supersedes: header, space separated   -- other lore links in the body (no version named), space separated
CREATE INDEX messages_patch_id ON messages(patch_id) WHERE patch_id IS NOT NULL;

CREATE TABLE series (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,   -- key of its first version
  latest_key  TEXT NOT NULL,          -- the newest version (highest number, then latest posting)
  title       TEXT NOT NULL,          -- the latest version's title
  author_name TEXT,
  author_addr TEXT,
  versions    INTEGER NOT NULL,
  first_date  INTEGER,
  last_date   INTEGER
);
CREATE INDEX series_last ON series(last_date DESC, id DESC);
CREATE INDEX series_author ON series(author_addr);

-- One posting of a series: v1, v2, a RESEND, a partial reroll...
CREATE TABLE series_versions (
  id            INTEGER PRIMARY KEY,
  key           TEXT NOT NULL UNIQUE,  -- msgid of the cover letter, else of the lowest-numbered patch
  series_id     INTEGER NOT NULL REFERENCES series(id),
  origin        TEXT NOT NULL,         -- posted | referenced (known only from replies naming it)
  title         TEXT NOT NULL,
  author_name   TEXT,
  author_addr   TEXT,
  version       INTEGER NOT NULL,
  version_label TEXT,                  -- as written when not a plain number ("5.1")
  rfc           INTEGER NOT NULL,
  resend        INTEGER NOT NULL,
  labels        TEXT NOT NULL,         -- JSON array: net-next, bpf, 5.10 ...
  total         INTEGER NOT NULL,
  cover_id      INTEGER,               -- messages.id of the cover letter
  complete      INTEGER NOT NULL,
  detail        TEXT NOT NULL,         -- JSON: joinedBy, reroll, extras, duplicates, referencedBy, coverNaked
  thread_id     INTEGER,
  first_date    INTEGER,
  last_date     INTEGER
);
CREATE INDEX series_versions_series ON series_versions(series_id, version);

-- Slot n of a posting (1-based); message_id NULL = missing. backfilled: taken from the posting
-- a partial reroll amends.
CREATE TABLE series_patches (
  version_id INTEGER NOT NULL REFERENCES series_versions(id),
  slot       INTEGER NOT NULL,
  message_id INTEGER,
  backfilled INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (version_id, slot)
) WITHOUT ROWID;
CREATE INDEX series_patches_message ON series_patches(message_id);

-- Evidence that one posting is a later version of another, asserted or only possible.
CREATE TABLE series_links (
  from_key TEXT NOT NULL,  -- older posting
  to_key   TEXT NOT NULL,  -- newer posting
  score    REAL NOT NULL,
  reasons  TEXT NOT NULL,  -- JSON array of reasons (change-id, patch-id, title-similar, ...)
  status   TEXT NOT NULL,  -- linked | possible
  PRIMARY KEY (from_key, to_key)
) WITHOUT ROWID;

-- `lkb series link/unlink A B`: kept across rebuilds and re-ingests.
CREATE TABLE series_corrections (
  from_key TEXT NOT NULL,
  to_key   TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('link', 'unlink')),
  at       INTEGER NOT NULL,
  PRIMARY KEY (from_key, to_key)
) WITHOUT ROWID;
