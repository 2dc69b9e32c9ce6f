// The topic stage: after the series stage, (re)assign the topic of each thread this ingest
// touched (marked in topics_dirty in the same transaction as its mail), let series follow
// their thread, recount the topic table, and recompute the significant terms of topics whose
// threads changed, from a bounded sample of their newest messages.
import type { WritableDB } from '../store/db.js';
import { BoundedPackCache, getBody, type PackCache } from '../store/messages.js';
import {
  allThreadIds,
  archiveSampleMessages,
  clearSmallTopicTerms,
  loadTermBackground,
  maxMessageId,
  saveTermBackground,
  clearTopicsDirty,
  dirtyTopicThreads,
  loadMaintainers,
  loadThreadEvidence,
  refreshTopics,
  replaceMaintainers,
  replaceTopicTerms,
  setThreadTopics,
  staleTermTopics,
  syncSeriesTopics,
  topicSampleMessages,
  type TextRow,
} from '../store/topics.js';
import { assignTopic, maintainersMaps } from '../topics/assign.js';
import { parseMaintainers } from '../topics/maintainers.js';
import { messageTerms, nameWords, significantTerms, termBackground } from '../topics/terms.js';

/** Threads assigned per transaction. */
const ASSIGN_BATCH = 2000;
/** Newest messages of a topic read for its terms. */
export const TERMS_SAMPLE = 150;
/** Messages spread over the archive that stand for "the whole archive" in term scoring. */
export const BACKGROUND_SAMPLE = 3000;
/** Topics whose terms are recomputed per run (biggest first); the rest stay marked for the next. */
export const TERMS_TOPICS_PER_RUN = 200;
/** Time a run may spend on terms before leaving the rest for the next run. */
export const TERMS_BUDGET_MS = 3000;
/** Topics with fewer threads get no terms (too little text to tell words apart). */
export const MIN_TERM_THREADS = 3;

export interface TopicStageReport {
  threads: number;
  changed: number;
  topics: number;
  termTopics: number;
  seconds: number;
  termSeconds: number;
}

export function runTopicStage(db: WritableDB, opts: { all?: boolean } = {}): TopicStageReport {
  const started = performance.now();
  const ids = opts.all ? allThreadIds(db) : dirtyTopicThreads(db);
  const maps = maintainersMaps(loadMaintainers(db));
  const touched = new Set<string>();
  let changed = 0;
  for (let i = 0; i < ids.length; i += ASSIGN_BATCH) {
    const batch = ids.slice(i, i + ASSIGN_BATCH);
    const evidence = loadThreadEvidence(db, batch);
    const rows = evidence.map((e) => {
      const a = assignTopic(e, maps);
      if (a.topic !== e.oldTopic) {
        changed++;
        if (a.topic) touched.add(a.topic);
        if (e.oldTopic) touched.add(e.oldTopic);
      } else if (a.topic) {
        touched.add(a.topic); // new messages in the thread: the topic's text changed
      }
      return { threadId: e.threadId, topic: a.topic, via: a.via };
    });
    db.transaction(() => {
      setThreadTopics(db, rows);
      clearTopicsDirty(db, batch);
    })();
  }
  db.transaction(() => {
    // dirty marks of threads merged away since
    clearTopicsDirty(db);
    for (const t of syncSeriesTopics(db)) touched.add(t);
  })();
  const { topics } = refreshTopics(db, touched);
  const termStarted = performance.now();
  const termTopics = refreshTerms(db);
  const now = performance.now();
  return { threads: ids.length, changed, topics, termTopics, seconds: (now - started) / 1000, termSeconds: (now - termStarted) / 1000 };
}

/**
 * Recomputes the terms of stale topics, biggest first: at most `limit` topics and about
 * TERMS_BUDGET_MS per run (each costs ~TERMS_SAMPLE pack reads); the rest stay marked for the
 * next run. Topics under MIN_TERM_THREADS threads get none. Returns how many were computed.
 */
export function refreshTerms(db: WritableDB, limit = TERMS_TOPICS_PER_RUN, budgetMs = TERMS_BUDGET_MS): number {
  clearSmallTopicTerms(db, MIN_TERM_THREADS);
  const stale = staleTermTopics(db, limit);
  if (!stale.length) return 0;
  const terms = new MessageTerms(db);
  const maxId = maxMessageId(db);
  let bg = loadTermBackground(db);
  if (!bg || maxId > bg.maxId * 1.1) {
    const sample = archiveSampleMessages(db, BACKGROUND_SAMPLE);
    terms.prepare(sample);
    bg = { ...termBackground(sample.map(terms.of)), maxId, names: nameWords(sample.map((r) => r.from_name)) };
    saveTermBackground(db, bg);
  }
  const background = bg;
  const senders = background.names;
  // the budget counts topics only: the background is a fixed cost paid once per tenth of growth
  const started = performance.now();
  let done = 0;
  // Topics go in groups: the samples of a group are read first, so that each pack is
  // inflated once for all its sampled messages, and a message shared by a topic and its
  // ancestors (or by the background) is tokenized once.
  for (let i = 0; i < stale.length; i += TERMS_GROUP) {
    if (done > 0 && performance.now() - started > budgetMs) break;
    const group = stale.slice(i, i + TERMS_GROUP).map((topic) => ({ topic, rows: topicSampleMessages(db, topic, TERMS_SAMPLE) }));
    terms.prepare(group.flatMap((g) => g.rows));
    for (const { topic, rows } of group) {
      if (done > 0 && performance.now() - started > budgetMs) break;
      const exclude = new Set([...senders, ...nameWords(rows.map((r) => r.from_name))]);
      const scored = significantTerms(rows.map(terms.of), background, { exclude }).map(({ term, score, count }) => ({ term, score, count }));
      replaceTopicTerms(db, topic, scored);
      done++;
    }
  }
  return done;
}

/** Stale topics whose samples are read together (see refreshTerms). */
const TERMS_GROUP = 32;

/** The terms of stored messages, each tokenized once per run. */
class MessageTerms {
  private readonly memo = new Map<number, Set<string>>();
  /** The newest mail (most samples) sits in the last packs: they stay inflated across groups. */
  private readonly packs: PackCache = new BoundedPackCache(64);
  constructor(private readonly db: WritableDB) {}

  /** Tokenizes the rows not seen yet, pack by pack, each pack inflated once. */
  prepare(rows: readonly TextRow[]): void {
    const todo = rows.filter((r) => !this.memo.has(r.id));
    todo.sort((a, b) => a.body_pack - b.body_pack || a.id - b.id);
    for (const r of todo) this.of(r);
  }

  readonly of = (r: TextRow): Set<string> => {
    let t = this.memo.get(r.id);
    if (!t) {
      t = messageTerms(r.subject, getBody(this.db, r, this.packs));
      this.memo.set(r.id, t);
    }
    return t;
  };
}

export interface MaintainersImport {
  sections: number;
  patterns: number;
  lists: number;
  people: number;
  /** Sections mapped to a topic. */
  mapped: number;
  topics: TopicStageReport;
}

/** Stores a MAINTAINERS file's sections (replacing any earlier import) and re-assigns every thread. */
export function importMaintainers(db: WritableDB, text: string): MaintainersImport {
  const sections = parseMaintainers(text);
  const counts = replaceMaintainers(db, sections);
  return { ...counts, mapped: sections.filter((s) => s.topic).length, topics: runTopicStage(db, { all: true }) };
}
