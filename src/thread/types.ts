// Shapes of the read-time thread tree. Types only.

/** One copy of one message of a thread, as the store hands it to the tree builder. */
export interface ThreadInput {
  /** Unique per message copy (e.g. the row id as a string); two copies of one msgid differ here. */
  key: string;
  msgid: string;
  inReplyTo: string | null;
  /** Cleaned, oldest first, In-Reply-To already appended last when it was not the last. */
  references: string[];
  subjectNormalized: string;
  isReplySubject: boolean;
  /** Milliseconds since the epoch, UTC; null when unknown. */
  date: number | null;
  /**
   * The parent the parser chose by notmuch's precedence (a clean single In-Reply-To beats the
   * References order). Used only when it is among `references`.
   */
  parentHint?: string | null;
}

/** A node of the reply tree. `key === null` marks a ghost: referenced but absent. */
export interface ThreadNode {
  msgid: string;
  key: string | null;
  children: ThreadNode[];
  /** 0 for roots; always set by buildThreadTree. */
  depth?: number;
}

/** One line of a depth-first walk. */
export interface FlatThreadNode {
  msgid: string;
  key: string | null;
  depth: number;
}

export interface ThreadTreeOptions {
  /** Attach reference-less reply-subject roots under a root with the same subject. Default true. */
  subjectGrouping?: boolean;
  /** JWZ step 4: drop childless ghosts and splice out ghosts that add nothing. Default true. */
  pruneGhosts?: boolean;
}
