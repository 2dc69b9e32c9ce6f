// A thread's topic from its evidence, strongest first: the subsystem prefix of its subject
// (root message, series title, then other patch subjects), the paths its patches touch
// (MAINTAINERS sections when imported, else the directory layout), then the lists it went
// to. Pure.
import { subjectTopic } from '../series/topic.js';
import { sectionsForPath, type MaintainersSection } from './maintainers.js';
import { dirTopic, isGeneralList, listKey, listTopic } from './paths.js';

export type TopicVia = 'subject' | 'paths' | 'list';

export interface TopicEvidence {
  /** Root subject first, then series titles, then other subjects with a patch. */
  subjects: string[];
  /** Paths the thread's patches touch (repeats count as votes). */
  paths: string[];
  /** List-Ids of the thread's messages (repeats count as votes). */
  lists: string[];
}

export interface TopicMaps {
  pathTopic(path: string): string | null;
  listTopic(list: string): string | null;
}

/** Deepest topic a thread gets ("net/ethernet/mellanox/mlx5"); deeper prefixes are cut. */
export const MAX_TOPIC_DEPTH = 4;

/** First words of "word: ..." subjects that are not subsystems. */
const NOT_TOPICS = new Set([
  're', 'fwd', 'fw', 'aw', 'sv', 'antw', 'patch', 'rfc', 'resend', 'fyi', 'question', 'q', 'bug', 'regression',
  'announce', 'announcement', 'ping', 'help', 'reminder', 'note', 'warning', 'error', 'issue', 'request', 'proposal',
  'discussion', 'update', 'status', 'report', 'info', 'summary', 'todo', 'invitation', 'cfp', 'hi', 'hello', 'ok',
  'subject', 'pull', 'git', 'urgent', 'important', 'reply', 'ack', 'nack', 'nak', 'fixes', 'link', 'cc', 'to',
  'stable', 'review', 'test', 'testing', 'tested', 'followup', 'follow-up', 'draft', 'wip', 'idea', 'attention',
]);

/** Prefix spellings that name the same subsystem as another ("devfreq" is written "PM / devfreq" too). */
const ALIASES: Record<string, string> = {
  devfreq: 'pm/devfreq',
  opp: 'pm/opp',
  'mm/mmu_notifier': 'mm/mmu_notifiers',
  'mm/mmu-notifier': 'mm/mmu_notifiers',
  mmu_notifier: 'mm/mmu_notifiers',
  mmu_notifiers: 'mm/mmu_notifiers',
  'pm/sleep': 'pm/sleep',
  netdev: 'net',
  'dt/bindings': 'dt-bindings',
  dt: 'dt-bindings',
};

/** Rewrites a topic path's leading components by ALIASES (longest first) and cuts its depth. */
export function normalizeTopic(topic: string): string {
  let parts = topic.toLowerCase().split('/').filter(Boolean);
  for (let n = parts.length; n > 0; n--) {
    const alias = ALIASES[parts.slice(0, n).join('/')];
    if (alias) {
      parts = [...alias.split('/'), ...parts.slice(n)];
      break;
    }
  }
  return parts.slice(0, MAX_TOPIC_DEPTH).join('/');
}

// Re:/Fwd: (in a few languages), [tags], and the markers of squash/fixup commits.
const LEADING = /^\s*(?:(?:re|fwd?|aw|sv|antw|squashme|squash!|fixup!|amend!)\s*(?:\[\d+\])?\s*:?(?<=[:!])|\[[^\]]*\])\s*/i;

/** "Re: [PATCH v3 2/7] mm: asi: foo" -> "mm/asi"; null when no prefix or one that is not a subsystem. */
export function subjectTopicOf(subject: string): string | null {
  let s = subject;
  for (let i = 0; i < 20; i++) {
    const m = LEADING.exec(s);
    if (!m || !m[0]) break;
    s = s.slice(m[0].length);
  }
  const t = subjectTopic(s);
  if (!t) return null;
  const first = t.split('/')[0];
  if (NOT_TOPICS.has(first) || /^(?:v?\d)/.test(first) || first.length > 30 || !/[a-z]/.test(first)) return null;
  return normalizeTopic(t);
}

/** The most voted value; ties go to the one seen first. */
function vote(values: Iterable<string | null>): string | null {
  const n = new Map<string, number>();
  for (const v of values) if (v) n.set(v, (n.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestN = 0;
  for (const [v, c] of n) {
    if (c > bestN) {
      best = v;
      bestN = c;
    }
  }
  return best;
}

export const defaultMaps: TopicMaps = { pathTopic: dirTopic, listTopic };

/** A thread's topic and what decided it; topic null when nothing says. */
export function assignTopic(e: TopicEvidence, maps: TopicMaps = defaultMaps): { topic: string | null; via: TopicVia | null } {
  for (const s of e.subjects) {
    const t = subjectTopicOf(s);
    if (t) return { topic: t, via: 'subject' };
  }
  const byPath = vote(e.paths.map((p) => maps.pathTopic(p)));
  if (byPath) return { topic: normalizeTopic(byPath), via: 'paths' };
  const byList = vote(e.lists.map((l) => maps.listTopic(l)));
  if (byList) return { topic: normalizeTopic(byList), via: 'list' };
  return { topic: null, via: null };
}

/**
 * Maps that use imported MAINTAINERS sections: a path goes to its most specific section's
 * topic (else the directory layout); a list to the built-in table, else to the topic most
 * sections naming it in L: share (their common top level).
 */
export function maintainersMaps(sections: readonly MaintainersSection[]): TopicMaps {
  if (!sections.length) return defaultMaps;
  // Sections indexed by the first path component of their patterns; N: regexes and globbed
  // first components are tried for every path.
  const byTop = new Map<string, MaintainersSection[]>();
  const always: MaintainersSection[] = [];
  for (const s of sections) {
    if (s.regexes.length) always.push(s);
    const tops = new Set(s.files.map((f) => f.replace(/^\/+/, '').split('/')[0]));
    for (const t of tops) {
      if (/[*?]/.test(t)) {
        if (!always.includes(s)) always.push(s);
      } else {
        const l = byTop.get(t) ?? [];
        l.push(s);
        byTop.set(t, l);
      }
    }
  }
  const order = new Map(sections.map((s, i) => [s, i]));
  const pathMemo = new Map<string, string | null>();
  const listSections = new Map<string, MaintainersSection[]>();
  for (const s of sections) {
    for (const l of s.lists) {
      const k = listKey(l);
      const arr = listSections.get(k) ?? [];
      arr.push(s);
      listSections.set(k, arr);
    }
  }
  return {
    pathTopic(path) {
      const hit = pathMemo.get(path);
      if (hit !== undefined) return hit;
      const p = path.replace(/^\/+/, '');
      const cands = [...(byTop.get(p.split('/')[0]) ?? []), ...always].sort((a, b) => order.get(a)! - order.get(b)!);
      const best = sectionsForPath(cands, p).find((s) => s.topic)?.topic;
      // the layout refines a section's topic below it: drivers/gpu/drm/i915/gt/x.c -> drm/i915/gt
      const byDir = dirTopic(p);
      const t = best ? (byDir?.startsWith(`${best}/`) ? byDir : best) : byDir;
      if (pathMemo.size > 100000) pathMemo.clear();
      pathMemo.set(path, t);
      return t;
    },
    listTopic(list) {
      const builtin = listTopic(list);
      if (builtin || isGeneralList(list)) return builtin;
      const secs = listSections.get(listKey(list)) ?? [];
      // A list shared by many unrelated sections (LKML) says nothing.
      if (!secs.length || secs.length > 200) return null;
      return vote(secs.map((s) => s.topic?.split('/')[0] ?? null));
    },
  };
}
