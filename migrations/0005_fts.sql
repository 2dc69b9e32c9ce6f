-- Full-text index (FTS5), one row per message with rowid = messages.id. Contentless: the
-- text already lives compressed in packs, so the index stores only postings; snippets are
-- cut from the stored body at query time. Columns: src/index/document.ts FTS_COLUMNS.
-- BM25 weights (subject and new text above quotes and diffs) are given at query time.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  subject, from_, to_, cc, body_new, body_quoted,
  diff_files, diff_added, diff_removed, diff_hunks, diff_context, trailers,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2 tokenchars ''_'''
);
