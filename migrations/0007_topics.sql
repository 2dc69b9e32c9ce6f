-- The topic taxonomy (src/topics computes it; src/store/topics.ts writes it; the topic stage
-- keeps it in step with ingest). A topic is a '/'-separated path, lower case: "mm/asi".

-- Each thread's topic; NULL = no evidence (views show "(other)").
ALTER TABLE threads ADD COLUMN topic TEXT;
-- What decided it: subject | paths | list.
ALTER TABLE threads ADD COLUMN topic_via TEXT;
CREATE INDEX threads_topic ON threads(topic, last_date DESC, id DESC);

-- Threads whose topic must be (re)assigned: marked in the ingest transaction that touched them,
-- cleared by the topic stage, so a killed run leaves the work for the next one.
CREATE TABLE topics_dirty (
  thread_id INTEGER PRIMARY KEY
) WITHOUT ROWID;

-- One row per topic and every ancestor of one; counts include sub-topics (no date filter).
CREATE TABLE topics (
  name          TEXT PRIMARY KEY,
  parent        TEXT,              -- "mm" for "mm/asi"; NULL at the top
  title         TEXT,              -- a MAINTAINERS section title mapped to it
  thread_count  INTEGER NOT NULL DEFAULT 0,
  message_count INTEGER NOT NULL DEFAULT 0,
  series_count  INTEGER NOT NULL DEFAULT 0,
  last_date     INTEGER,
  terms_dirty   INTEGER NOT NULL DEFAULT 1  -- significant terms need recomputing
) WITHOUT ROWID;
CREATE INDEX topics_parent ON topics(parent);

-- Significant terms of a topic, most significant first (rank).
CREATE TABLE topic_terms (
  topic TEXT NOT NULL,
  rank  INTEGER NOT NULL,
  term  TEXT NOT NULL,
  score REAL NOT NULL,      -- how many times more often than in the archive sample
  count INTEGER NOT NULL,   -- messages of the topic sample containing it
  PRIMARY KEY (topic, rank)
) WITHOUT ROWID;

-- Document frequencies over a sample spread over the archive: the "whole archive" terms are
-- scored against. Rebuilt when the archive has grown by a tenth (see topic-stage.ts).
CREATE TABLE topic_background (
  term TEXT PRIMARY KEY,
  df   INTEGER NOT NULL
) WITHOUT ROWID;

-- An imported MAINTAINERS file (`lkb import-maintainers`): replaced as a whole.
CREATE TABLE maint_sections (
  id     INTEGER PRIMARY KEY,  -- order in the file
  name   TEXT NOT NULL,        -- "MEMORY MANAGEMENT - GUP (GET USER PAGES)"
  topic  TEXT,                 -- the topic it maps to
  status TEXT                  -- S: line
);
CREATE INDEX maint_sections_topic ON maint_sections(topic);
CREATE TABLE maint_patterns (
  section_id INTEGER NOT NULL REFERENCES maint_sections(id),
  kind       TEXT NOT NULL CHECK (kind IN ('F', 'X', 'N', 'K')),
  pattern    TEXT NOT NULL
);
CREATE INDEX maint_patterns_section ON maint_patterns(section_id);
CREATE TABLE maint_lists (
  section_id INTEGER NOT NULL REFERENCES maint_sections(id),
  list       TEXT NOT NULL     -- "linux-mm@kvack.org"
);
CREATE INDEX maint_lists_list ON maint_lists(list);
CREATE TABLE maint_people (
  section_id INTEGER NOT NULL REFERENCES maint_sections(id),
  role       TEXT NOT NULL CHECK (role IN ('M', 'R')),
  name       TEXT,
  address    TEXT NOT NULL
);
CREATE INDEX maint_people_section ON maint_people(section_id);

-- Discussion threads = threads that hold no posting of a series.
CREATE INDEX series_versions_thread ON series_versions(thread_id);

-- A store made before topics gets every thread assigned by the next ingest's topic stage.
INSERT INTO topics_dirty (thread_id) SELECT id FROM threads;
