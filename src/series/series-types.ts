// Shapes of the series stage: what groupSeries/linkVersions take and give. Types only.
import type { SubjectTags } from './subject-tags.js';

/** The caller's handle for one stored message (a row id as text, or a msgid in tests). */
export type MsgKey = string;

export interface Person {
  name: string;
  address: string;
}

/** One message as the series code sees it; built by seriesMessage() in series-input.ts. */
export interface SeriesMessage {
  key: MsgKey;
  msgid: string;
  threadId: number | string;
  from: Person | null;
  /** Milliseconds since the epoch (UTC), null when unknown. */
  date: number | null;
  subject: string;
  tags: SubjectTags;
  /** The immediate parent as threading decided it (In-Reply-To or the last reference). */
  parentMsgid: string | null;
  /** References, oldest first. */
  references: string[];
  hasDiff: boolean;
  patchId: string | null;
  /** Paths the diff touches. */
  files: string[];
  listId: string | null;
  /** b4's `change-id:` line, when present. */
  changeId: string | null;
  /** Msgids of earlier versions cited in the body ("Link to v1:", "v2: https://lore.kernel.org/..."). */
  versionLinks: string[];
  /** Other msgids the body links to (lore links naming no version: a dependency, a discussion, an earlier posting). */
  citedMsgids?: string[];
  /** Msgids from a Supersedes: header; may be empty. */
  supersedes: string[];
}

/** How the members of one posting were found to belong together. */
export type JoinReason =
  | 'cover' // threaded under the cover letter
  | 'naked-cover' // under a cover letter without [PATCH 0/N] (b4's "naked cover")
  | 'chain' // n/N replying to an earlier m/N of the same posting
  | 'shared-parent' // all reply to the same absent message (a lost cover letter)
  | 'time-window'; // unthreaded, same author, version and count, minutes apart

/**
 * One posting of a series: a cover letter and patches 1..total sent together.
 * `origin: 'referenced'` is a posting known only from replies whose subject names it
 * ("Re: [PATCH v2 2/2] x" with the patch itself not in the store); its slots are all null.
 */
export interface SeriesVersion {
  /** The cover's key, else the lowest-numbered patch's; 'ref:...' for referenced postings. */
  key: string;
  origin: 'posted' | 'referenced';
  author: Person | null;
  /** The cover's title, else the first patch's (tags and Re: removed). */
  title: string;
  version: number;
  versionLabel: string | null;
  /** No member named a version (so `version` is 1 by default). */
  versionInferred: boolean;
  rfc: boolean;
  resend: boolean;
  labels: string[];
  stableReview: boolean;
  /** What the subjects claim (N of n/N; 1 for a bare [PATCH]). Slots are capped at MAX_SLOTS. */
  total: number;
  cover: MsgKey | null;
  /** The cover letter has no [PATCH 0/N] tag: the patch replies to a plain mail by its author. */
  coverNaked: boolean;
  /** Slots 1..total (index 0 = patch 1); null = missing. May hold back-filled keys, see `reroll`. */
  patches: (MsgKey | null)[];
  /** Members numbered beyond the total ("3/2") or beyond MAX_SLOTS. */
  extras: MsgKey[];
  /** Further copies of a member's Message-ID: ignored, listed so nothing disappears silently. */
  duplicates: MsgKey[];
  /** Every slot filled (back-filled ones count); a cover letter is not required. */
  complete: boolean;
  joinedBy: JoinReason[];
  /**
   * A partial reroll ("[PATCH v3 2/2]" alone in the v2 thread, "[PATCH v5.1 10/12]"):
   * `of` is the earlier posting it amends, `backfilled` the slots (1-based) taken from it.
   */
  reroll: { of: string; backfilled: number[] } | null;
  /** Replies naming a slot whose patch is missing here: slot 0 is the cover letter. */
  referencedBy: { slot: number; key: MsgKey }[];
  threadId: number | string;
  firstDate: number | null;
  lastDate: number | null;
}

/** Why two postings are versions of one series; see REASON_WEIGHTS in versions-evidence.ts. */
export type LinkReason =
  | 'manual'
  | 'change-id'
  | 'version-link'
  | 'supersedes'
  | 'partial-reroll'
  | 'in-reply-to'
  | 'cited'
  | 'patch-id'
  | 'title-equal'
  | 'title-similar'
  | 'patch-titles'
  | 'files'
  | 'next-version'
  | 'resend'
  | 'same-author'
  | 'version-gap'
  | 'long-gap'
  | 'time-reversed'
  | 'same-version';

/** `from` is the older posting, `to` the newer one. */
export interface VersionLink {
  from: string;
  to: string;
  score: number;
  reasons: LinkReason[];
  /** 'possible': shown, not asserted; series are built from 'linked' links only. */
  status: 'linked' | 'possible';
}

/** One series across its versions. */
export interface Series {
  /** The key of its first version. */
  key: string;
  /** Version keys, oldest version first. */
  versions: string[];
  /** The newest version: highest version number, then latest posting (b4's default pick). */
  latest: string;
}

/** A user's correction (`lkb series link/unlink A B`), by version key. */
export interface VersionPair {
  from: string;
  to: string;
}

export interface LinkOptions {
  /** Always linked (reason 'manual'). */
  forced?: VersionPair[];
  /** Never linked, in either direction; wins over `forced` for the same pair. */
  forbidden?: VersionPair[];
}

export interface LinkResult {
  series: Series[];
  links: VersionLink[];
}
