-- The message count a topic's terms were computed at: a topic touched by an ingest gets its
-- terms recomputed only once its count moved by a tenth since then (or it never had terms),
-- so a small incremental ingest does not recompute the terms of every topic it touched.
ALTER TABLE topics ADD COLUMN terms_messages INTEGER NOT NULL DEFAULT 0;
