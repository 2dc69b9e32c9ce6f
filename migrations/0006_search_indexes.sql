-- Lookups the search filters make per candidate message (is:cover, v:N, topic:).
CREATE INDEX series_versions_cover ON series_versions(cover_id) WHERE cover_id IS NOT NULL;
