// Caps on untrusted mail. Each one bounds the work or storage a single hostile
// or broken message can cost; the comment names the failure it prevents.

/** public-inbox's cap: longer ids (fuzz msgid-len) would bloat keys and URLs; truncated ids still match each other. */
export const MAX_MSGID_LENGTH = 244;

/** Ids kept from References + In-Reply-To: a header with 100k ids would blow up the thread graph. */
export const MAX_REFERENCES = 1000;

/** A header value longer than this is cut before any scanning: megabyte headers would stall regexes. */
export const MAX_HEADER_CHARS = 64 * 1024;

/** Body characters we split, scan for diffs and trailers: bounds CPU and memory on huge mails. */
export const MAX_BODY_CHARS = 8 * 1024 * 1024;

/** Subject characters kept: a 1 MB subject would end up in every thread listing and index row. */
export const MAX_SUBJECT_LENGTH = 2048;

/** Display-name characters kept (fuzz name-len has names thousands of characters long). */
export const MAX_NAME_LENGTH = 256;

/** Address characters kept: RFC 5321 allows 64 + 1 + 255; longer ones are junk (fuzz email-len). */
export const MAX_ADDRESS_LENGTH = 320;

/** Addresses kept per To/Cc header: a list-bomb with 50k recipients would bloat every row. */
export const MAX_ADDRESSES = 1000;

/** Trailers kept per message: a pasted log full of "Cc:" lines must not create thousands of rows. */
export const MAX_TRAILERS = 500;

/** Characters of one trailer value kept: a runaway line is not a name or a commit title. */
export const MAX_TRAILER_VALUE_LENGTH = 1024;

/** Files recorded per patch: a tree-wide rename touching 100k files must not create 100k rows. */
export const MAX_PATCH_FILES = 10000;

/** Bytes of one attachment we look at for a patch: a 50 MB attached tarball is not worth decoding. */
export const MAX_ATTACHMENT_PATCH_BYTES = 8 * 1024 * 1024;

/** HTML characters converted to text for HTML-only mail: bounds the tag scanner's work. */
export const MAX_HTML_CHARS = 2 * 1024 * 1024;

/** A line this long is not an attribution ("On ..., X wrote:"); skipping it keeps regexes cheap. */
export const MAX_ATTRIBUTION_LINE = 400;

/** Header-block bytes looked at; whatever follows is treated as body (a 50 MB header is an attack). */
export const MAX_HEADER_BLOCK_BYTES = 4 * 1024 * 1024;

/** Bytes of header fields handed to mailparser: past 1 MB its splitter silently yields an empty message. */
export const MAX_MAILPARSER_HEADER_BYTES = 512 * 1024;
