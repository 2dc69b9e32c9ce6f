-- f:user@host.domain searches compare the stored From address (search/query-compile.ts
-- exactAddresses), newest first: this index answers both the match and the order.
CREATE INDEX messages_from_addr ON messages(from_addr COLLATE NOCASE, date);
