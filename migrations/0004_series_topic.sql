-- The subsystem a series is about, from its title prefix ("mm: asi:" -> mm/asi).
ALTER TABLE series ADD COLUMN topic TEXT;
CREATE INDEX series_topic ON series(topic);
