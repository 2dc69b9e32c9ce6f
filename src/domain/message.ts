// Shapes shared by every stage. Types only: this module imports nothing.

/** How a source's bytes were framed; `--format` forces one. */
export type SourceFormat =
  | 'mbox' // mboxo / mboxrd / mboxcl / mboxcl2, told apart per file
  | 'mbox.gz'
  | 'maildir'
  | 'eml'
  | 'public-inbox'
  | 'flattened' // a raw message whose line breaks were collapsed (seeds 000, 002, 003)
  | 'hypermail' // a hypermail text page (seed 001)
  | 'commit-page'; // a page of git commit messages of one patch (seed 004)

/** One message as a reader hands it over: bytes plus where they came from. */
export interface RawMessage {
  /** Exactly the bytes that came in: a raw download gives these back. */
  raw: Buffer;
  /**
   * For degraded inputs (flattened, hypermail, commit pages) the reader rebuilds an
   * RFC 5322 message that the MIME parser can read; `raw` stays the original text.
   */
  rebuilt?: Buffer;
  /** File path plus byte offset, maildir file name, or `git:epoch:commit`: for errors and quarantine. */
  origin: string;
  format: SourceFormat;
  /** Facts the reader knows that the bytes no longer carry (e.g. addresses were obfuscated). */
  flags?: string[];
}

export interface Address {
  name: string;
  address: string;
}

/** Why a date is not trusted. Never invented: `utc` stays null when unknown. */
export type DateFlag = 'missing' | 'unparsable' | 'absurd';

export interface MessageDate {
  /** Milliseconds since the epoch, UTC; null when missing or unparsable. */
  utc: number | null;
  /** The sender's offset from UTC in minutes (e.g. -300 for -0500); null when unknown. */
  offsetMinutes: number | null;
  /** The header as written. */
  header: string | null;
  flag: DateFlag | null;
}

export type TrailerName =
  | 'Signed-off-by'
  | 'Reviewed-by'
  | 'Acked-by'
  | 'Tested-by'
  | 'Reported-by'
  | 'Suggested-by'
  | 'Co-developed-by'
  | 'Fixes'
  | 'Link'
  | 'Cc'
  | 'Closes'
  | 'Nacked-by';

export interface Trailer {
  name: TrailerName;
  value: string;
  /** Person trailers carry a name and address; Fixes/Link do not. */
  person?: Address;
  /** True for `Cc: stable@vger.kernel.org` style trailers. */
  stable?: boolean;
}

export interface PatchFile {
  path: string;
  /** Set for renames and copies. */
  oldPath?: string;
  added: number;
  removed: number;
  binary?: boolean;
  status?: 'added' | 'deleted' | 'modified' | 'renamed' | 'copied' | 'mode';
}

export interface PatchInfo {
  files: PatchFile[];
  added: number;
  removed: number;
  /** The unified diff text exactly as it appears in the (unquoted) body. */
  diff: string;
}

/**
 * The "meat": everything parsed out of one message. Produced by parse/, stored by store/.
 * Lists and thread pages use the smaller MessageSummary.
 */
export interface ParsedMessage {
  msgid: string;
  /** True when the message had no usable Message-ID and `msgid` was derived from its bytes. */
  msgidSynthetic: boolean;
  /** Extra ids when the Message-ID header carried several (public-inbox keeps them all). */
  altMsgids: string[];
  inReplyTo: string | null;
  /** Cleaned References, oldest first, with In-Reply-To appended when it was not the last. */
  references: string[];
  /**
   * The immediate parent when the headers disagree and precedence rules pick one
   * (notmuch T510: a clean In-Reply-To beats a References list in the wrong order).
   */
  parentHint?: string | null;
  from: Address | null;
  to: Address[];
  cc: Address[];
  date: MessageDate;
  subject: string;
  /** Subject with Re:/Fwd:/[tags] removed, whitespace collapsed, lower-cased: the threading key. */
  subjectNormalized: string;
  listId: string | null;
  /** Message-IDs a `Supersedes:` header names (an earlier version this mail replaces). */
  supersedes?: string[];
  /** Best text part (HTML converted to text when there is no text part). */
  body: string;
  /** Body lines the author wrote (not quoted, diff excluded). */
  bodyNew: string;
  /** Quoted lines ("> ..."), markers removed one level. */
  bodyQuoted: string;
  patch: PatchInfo | null;
  trailers: Trailer[];
  /** e.g. 'html-only', 'degraded:flattened', 'addresses-obfuscated', 'msgid-truncated'. */
  flags: string[];
}

/** The "skeleton": what lists and thread trees need; never carries a body. */
export interface MessageSummary {
  id: number;
  msgid: string;
  threadId: number;
  subject: string;
  from: Address | null;
  date: number | null;
  inReplyTo: string | null;
  references: string[];
  hasPatch: boolean;
}
