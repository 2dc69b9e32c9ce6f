-- Applied state: maintainers' "Applied, thanks" replies (found at ingest) and commits
-- imported from a git tree (`lkb import-commits`), matched to patches by Message-ID
-- (Link:/Message-Id: trailers) and by patch-id. Series and postings get a state.

ALTER TABLE messages ADD COLUMN applied_note TEXT;  -- JSON {branch, commits: [{index, title, sha}]} of an "applied" reply

-- Commits read from a git tree: primary data, kept across series rebuilds.
CREATE TABLE commits (
  sha         TEXT PRIMARY KEY,
  repo        TEXT NOT NULL,   -- the repository path it was imported from
  subject     TEXT NOT NULL,
  author_name TEXT,
  author_addr TEXT,
  date        INTEGER,         -- committer date, ms
  patch_id    TEXT             -- git patch-id --stable
) WITHOUT ROWID;
CREATE INDEX commits_patch_id ON commits(patch_id);

-- Message-IDs a commit names in Link: (lore URLs) or Message-Id: trailers.
CREATE TABLE commit_msgids (
  msgid TEXT NOT NULL,
  sha   TEXT NOT NULL REFERENCES commits(sha),
  PRIMARY KEY (msgid, sha)
) WITHOUT ROWID;

ALTER TABLE series_patches ADD COLUMN applied TEXT;  -- JSON {via: reply|commit, sha, branch, evidence} or NULL
ALTER TABLE series_versions ADD COLUMN state TEXT NOT NULL DEFAULT 'new';  -- new | under-review | changes-requested | superseded | applied
ALTER TABLE series ADD COLUMN state TEXT NOT NULL DEFAULT 'new';           -- the latest version's state
CREATE INDEX series_state ON series(state, last_date DESC);
