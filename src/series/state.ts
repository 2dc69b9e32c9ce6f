// The state of a posting and of a series, from the evidence the store gathered. Pure.

export type PostingState = 'new' | 'under-review' | 'changes-requested' | 'superseded' | 'applied';

export interface PostingEvidence {
  /** Patches present (slots that hold a message). */
  patches: number;
  /** Of those, how many were applied (by reply or commit). */
  applied: number;
  /** A later version of the same series exists. */
  newerVersion: boolean;
  /** Someone answered with Nacked-by. */
  nacked: boolean;
  /** Replies from people other than the author. */
  repliesFromOthers: number;
}

export function postingState(e: PostingEvidence): PostingState {
  if (e.patches > 0 && e.applied === e.patches) return 'applied';
  if (e.newerVersion) return 'superseded';
  if (e.nacked) return 'changes-requested';
  if (e.repliesFromOthers > 0) return 'under-review';
  return 'new';
}

export interface AppliedMark {
  via: 'reply' | 'commit';
  sha: string | null;
  branch: string | null;
  /** The reply's Message-ID, or the commit sha; and how the commit was matched. */
  evidence: string;
  match?: 'msgid' | 'patch-id';
}

export interface AppliedNote {
  branch: string | null;
  commits: { index: number | null; title: string | null; sha: string }[];
}

/**
 * Which slots an "Applied" reply covers: the patch it answers, or every patch when it answers
 * the cover letter; a b4-ty commit list names each slot's commit.
 */
export function marksFromNote(
  note: AppliedNote,
  replyMsgid: string,
  target: { kind: 'cover' } | { kind: 'patch'; slot: number },
  slots: number[],
): Map<number, AppliedMark> {
  const out = new Map<number, AppliedMark>();
  const covered = target.kind === 'cover' ? slots : slots.filter((s) => s === target.slot);
  for (const slot of covered) {
    const c =
      note.commits.find((x) => x.index === slot) ??
      (note.commits.length === 1 && (target.kind === 'patch' || covered.length === 1) ? note.commits[0] : undefined);
    out.set(slot, { via: 'reply', sha: c?.sha ?? null, branch: note.branch, evidence: replyMsgid });
  }
  return out;
}
