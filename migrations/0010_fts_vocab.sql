-- The terms of the full-text index, for expanding a prefix query (lock*) into the OR of the
-- terms it covers (store/search.ts prefixTerms): FTS5 answers a prefix by merging every
-- covered term's doclist before it returns a row, but an OR of terms row by row, newest first.
CREATE VIRTUAL TABLE messages_fts_vocab USING fts5vocab(messages_fts, 'row');
