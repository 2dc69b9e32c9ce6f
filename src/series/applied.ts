// "Applied, thanks" notices in maintainers' replies (by hand, or as `b4 ty` writes them):
// which branch, and which commit each patch became. Pure; reads only the reply's own text
// (quoted lines are removed before this is called).

export interface AppliedNotice {
  /** "to the pinctrl tree", "to linux-pm.git linux-next", "[1/2] ... commit: abc1234" */
  branch: string | null;
  /** b4 ty's per-patch lines: "[1/2] title\n      commit: <sha>" (index null when unnumbered). */
  commits: { index: number | null; title: string | null; sha: string }[];
}

// A line that says the patch or series went into a tree. Deliberately needs "applied" (or
// "queued"/"picked up") near the start of a line so that "system defaults are applied to the
// root group" in prose does not count.
const APPLIED_LINE =
  /^\s*(?:(?:patch(?:es)?|series|both|all|the whole series|this|it|now|i've|i have|i)\s+)*(?:applied|queued(?:\s+up)?|picked\s+up)\b(?<rest>.*)$/i;
const PROSE_AFTER = /^\s+(?:the|a|an|on|when|if|by|as|in|at)\b(?!.*\b(?:tree|branch|git|next|thanks)\b)/i;
const BRANCH = /\b(?:to|into|in)\s+(?:the\s+)?(?<branch>[\w./:+-]+(?:\s+(?:tree|branch|git))?(?:\s+\(?[\w./-]+\)?)?)/i;
const B4_COMMIT = /^\s*commit:\s*(?:https?:\/\/\S+\/)?(?:c\/)?(?<sha>[0-9a-f]{7,40})\b/i;
const B4_PATCH = /^\s*\[(?<i>\d+)\/(?<n>\d+)\]\s+(?<title>.+)$/;
const B4_SINGLE = /^\s*\[(?<title>[^\]]*\S[^\]]*)\]\s*$/;

export function detectAppliedNotice(text: string): AppliedNotice | null {
  const lines = text.split('\n');
  let branch: string | null = null;
  let found = false;
  const commits: AppliedNotice['commits'] = [];
  let pending: { index: number | null; title: string | null } | null = null;
  for (const line of lines) {
    const a = APPLIED_LINE.exec(line);
    if (a && !PROSE_AFTER.test(a.groups!.rest)) {
      found = true;
      const b = BRANCH.exec(a.groups!.rest);
      if (b && !branch) branch = b.groups!.branch.replace(/[.,:;!]+$/, '').trim();
      continue;
    }
    const p = B4_PATCH.exec(line);
    if (p) {
      pending = { index: Number(p.groups!.i), title: p.groups!.title.trim() };
      continue;
    }
    const c = B4_COMMIT.exec(line);
    if (c) {
      commits.push({ index: pending?.index ?? null, title: pending?.title ?? null, sha: c.groups!.sha.toLowerCase() });
      pending = null;
      continue;
    }
    const single = B4_SINGLE.exec(line);
    if (single && found) pending = { index: null, title: single.groups!.title.trim() };
  }
  return found ? { branch, commits } : null;
}
