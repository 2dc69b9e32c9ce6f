// Topics: each thread's topic, the topic table with rolled-up counts, significant terms, and
// an imported MAINTAINERS file. A topic's subtree ("mm" and "mm/...") is one range of the
// threads_topic index: topic = 'mm' OR topic >= 'mm/' AND topic < 'mm0' ('0' follows '/').
import type { ReadableDB, WritableDB } from './db.js';
import { preparedOnce } from './prepared.js';
import { PACK_SIZE } from './codec.js';
import { THREAD_COLUMNS, THREAD_ORDER, threadsAfter, type ThreadRow } from './threads.js';
import type { MaintainersSection } from '../topics/maintainers.js';

/** The name views use for threads without a topic. */
export const OTHER_TOPIC = '(other)';

/** SQL condition (on column `col`) and its parameters for a topic's subtree; "(other)" = no topic. */
export function topicSubtree(col: string, name: string): [string, string[]] {
  if (name === OTHER_TOPIC) return [`${col} IS NULL`, []];
  return [`(${col} = ? OR (${col} >= ? AND ${col} < ?))`, [name, `${name}/`, `${name}0`]];
}

/**
 * Rows (threads, series) active within [since, until]: last date on or after `since`, first
 * date on or before `until`. Appends to `where` and `params`; `col` prefixes the columns ("t.").
 */
export function activeWithin(col: string, range: { since?: number; until?: number }, where: string[], params: (string | number)[]): void {
  if (range.since !== undefined) {
    where.push(`${col}last_date >= ?`);
    params.push(range.since);
  }
  if (range.until !== undefined) {
    where.push(`${col}first_date <= ?`);
    params.push(range.until);
  }
}

export function ancestorsOf(name: string): string[] {
  const parts = name.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

// ---- the ingest side ----------------------------------------------------------------------

/** Marks threads whose topic must be (re)assigned; in the ingest transaction. */
export function markTopicsDirty(db: WritableDB, threadIds: Iterable<number>): void {
  const mark = stmts(db).markDirty;
  for (const id of threadIds) mark.run(id);
}

const stmts = preparedOnce((db: WritableDB) => ({
  markDirty: db.prepare('INSERT OR IGNORE INTO topics_dirty (thread_id) VALUES (?)'),
}));

/** Dirty threads that still exist (merged-away ones are gone), oldest id first. */
export function dirtyTopicThreads(db: ReadableDB): number[] {
  return db.prepare('SELECT d.thread_id FROM topics_dirty d JOIN threads t ON t.id = d.thread_id ORDER BY d.thread_id').pluck().all() as number[];
}

export function countDirtyTopicThreads(db: ReadableDB): number {
  return db.prepare('SELECT count(*) FROM topics_dirty').pluck().get() as number;
}

export function clearTopicsDirty(db: WritableDB, threadIds?: number[]): void {
  if (!threadIds) {
    db.prepare('DELETE FROM topics_dirty').run();
    return;
  }
  const del = db.prepare('DELETE FROM topics_dirty WHERE thread_id = ?');
  for (const id of threadIds) del.run(id);
}

export function allThreadIds(db: ReadableDB): number[] {
  return db.prepare('SELECT id FROM threads ORDER BY id').pluck().all() as number[];
}

export interface ThreadEvidenceRow {
  threadId: number;
  oldTopic: string | null;
  subjects: string[];
  paths: string[];
  lists: string[];
}

/** Per-thread evidence caps: a 500-message thread votes with its first messages. */
const EVIDENCE_SUBJECTS = 8;
const EVIDENCE_PATHS = 64;
const EVIDENCE_LISTS = 32;

export function loadThreadEvidence(db: ReadableDB, threadIds: readonly number[]): ThreadEvidenceRow[] {
  const thread = db.prepare('SELECT subject, topic FROM threads WHERE id = ?');
  const series = db.prepare('SELECT DISTINCT title FROM series_versions WHERE thread_id = ? LIMIT 4').pluck();
  // One walk over the thread's messages in (date, id) order, each patch followed by its files
  // in order: the first patches' subjects, the first paths and the first lists, as three
  // queries (one each) would read them, for a third of the statements.
  const messages = db
    .prepare(
      `SELECT m.id, m.subject, m.lines_added IS NOT NULL, m.list_id, f.path FROM messages m
       LEFT JOIN patch_files f ON f.message_id = m.id AND m.lines_added IS NOT NULL
       WHERE m.thread_id = ? ORDER BY m.date, m.id, f.pos`,
    )
    .raw();
  const out: ThreadEvidenceRow[] = [];
  for (const id of threadIds) {
    const t = thread.get(id) as { subject: string; topic: string | null } | undefined;
    if (!t) continue;
    const subjects = [t.subject, ...(series.all(id) as string[])];
    let patchSubjects = 0;
    const paths: string[] = [];
    const lists: string[] = [];
    let last: number | null = null;
    for (const [mid, subject, isPatch, list, path] of messages.iterate(id) as Iterable<[number, string, number, string | null, string | null]>) {
      if (mid !== last) {
        last = mid;
        if (isPatch && patchSubjects < EVIDENCE_SUBJECTS) {
          subjects.push(subject);
          patchSubjects++;
        }
        if (list !== null && lists.length < EVIDENCE_LISTS) lists.push(list);
      }
      if (path !== null && paths.length < EVIDENCE_PATHS) paths.push(path);
    }
    out.push({ threadId: id, oldTopic: t.topic, subjects, paths, lists });
  }
  return out;
}

export function setThreadTopics(db: WritableDB, rows: readonly { threadId: number; topic: string | null; via: string | null }[]): void {
  const set = db.prepare('UPDATE threads SET topic = ?, topic_via = ? WHERE id = ?');
  for (const r of rows) set.run(r.topic, r.via, r.threadId);
}

/**
 * A series' topic follows the thread of its newest posting (which the stage assigned from
 * subject, paths and lists); a series whose thread has none keeps its title's prefix.
 * Returns the topics whose series changed.
 */
export function syncSeriesTopics(db: WritableDB): Set<string> {
  const rows = db
    .prepare(
      `SELECT s.id, s.topic, t.topic AS thread_topic FROM series s
       JOIN series_versions v ON v.key = s.latest_key JOIN threads t ON t.id = v.thread_id
       WHERE t.topic IS NOT NULL AND (s.topic IS NULL OR s.topic <> t.topic)`,
    )
    .all() as { id: number; topic: string | null; thread_topic: string }[];
  const set = db.prepare('UPDATE series SET topic = ? WHERE id = ?');
  const changed = new Set<string>();
  for (const r of rows) {
    set.run(r.thread_topic, r.id);
    changed.add(r.thread_topic);
    if (r.topic) changed.add(r.topic);
  }
  return changed;
}

interface TopicCounts {
  threads: number;
  messages: number;
  series: number;
  last: number | null;
}

/** Per exact topic counts, optionally only threads active in [since, until]. */
export function exactTopicCounts(db: ReadableDB, range: { since?: number; until?: number } = {}): Map<string | null, TopicCounts> {
  const where: string[] = [];
  const params: number[] = [];
  activeWithin('', range, where, params);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const out = new Map<string | null, TopicCounts>();
  for (const r of db
    .prepare(`SELECT topic, count(*) AS threads, sum(message_count) AS messages, max(last_date) AS last FROM threads ${w} GROUP BY topic`)
    .all(...params) as { topic: string | null; threads: number; messages: number; last: number | null }[]) {
    out.set(r.topic, { threads: r.threads, messages: r.messages, series: 0, last: r.last });
  }
  for (const r of db
    .prepare(`SELECT topic, count(*) AS n, max(last_date) AS last FROM series ${w} GROUP BY topic`)
    .all(...params) as { topic: string | null; n: number; last: number | null }[]) {
    const c = out.get(r.topic) ?? { threads: 0, messages: 0, series: 0, last: null };
    c.series = r.n;
    c.last = c.last === null ? r.last : r.last === null ? c.last : Math.max(c.last, r.last);
    out.set(r.topic, c);
  }
  return out;
}

/** Adds each exact topic's counts to itself and every ancestor. */
export function rollUp(exact: Map<string | null, TopicCounts>): Map<string, TopicCounts> {
  const out = new Map<string, TopicCounts>();
  for (const [topic, c] of exact) {
    if (topic === null) continue;
    for (const name of [...ancestorsOf(topic), topic]) {
      const t = out.get(name) ?? { threads: 0, messages: 0, series: 0, last: null };
      t.threads += c.threads;
      t.messages += c.messages;
      t.series += c.series;
      if (c.last !== null && (t.last === null || c.last > t.last)) t.last = c.last;
      out.set(name, t);
    }
  }
  return out;
}

/**
 * A touched topic's terms are recomputed once its message count moved by 1/TERMS_MARGIN
 * since they were computed (or it has none yet).
 */
export const TERMS_MARGIN = 10;

/**
 * Rewrites the topics table from the threads and series (one GROUP BY over the topic index:
 * merged-away threads and moved series are counted right without tracking them). Topics whose
 * set of threads changed (`touched`, with their ancestors) get their terms marked stale.
 */
export function refreshTopics(db: WritableDB, touched: Iterable<string>): { topics: number } {
  const rolled = rollUp(exactTopicCounts(db));
  const titles = new Map<string, string>();
  for (const r of db.prepare('SELECT topic, name FROM maint_sections WHERE topic IS NOT NULL ORDER BY id').all() as { topic: string; name: string }[]) {
    if (!titles.has(r.topic)) titles.set(r.topic, r.name);
  }
  const stale = new Set<string>();
  for (const t of touched) for (const n of [...ancestorsOf(t), t]) stale.add(n);
  db.transaction(() => {
    const existing = new Set(db.prepare('SELECT name FROM topics').pluck().all() as string[]);
    const upsert = db.prepare(`INSERT INTO topics (name, parent, title, thread_count, message_count, series_count, last_date, terms_dirty)
      VALUES (@name, @parent, @title, @threads, @messages, @series, @last, 1)
      ON CONFLICT(name) DO UPDATE SET parent = excluded.parent, title = excluded.title, thread_count = excluded.thread_count,
        message_count = excluded.message_count, series_count = excluded.series_count, last_date = excluded.last_date,
        terms_dirty = CASE WHEN @stale AND (topics.terms_messages = 0
          OR abs(excluded.message_count - topics.terms_messages) * ${TERMS_MARGIN} >= topics.terms_messages) THEN 1 ELSE terms_dirty END`);
    for (const [name, c] of rolled) {
      const parent = ancestorsOf(name).pop() ?? null;
      upsert.run({ name, parent, title: titles.get(name) ?? null, ...c, stale: stale.has(name) ? 1 : 0 });
      existing.delete(name);
    }
    const drop = db.prepare('DELETE FROM topics WHERE name = ?');
    const dropTerms = db.prepare('DELETE FROM topic_terms WHERE topic = ?');
    for (const gone of existing) {
      drop.run(gone);
      dropTerms.run(gone);
    }
  })();
  return { topics: rolled.size };
}

/** Topics whose terms are stale, biggest first. */
export function staleTermTopics(db: ReadableDB, limit: number): string[] {
  return db.prepare('SELECT name FROM topics WHERE terms_dirty = 1 ORDER BY thread_count DESC, name LIMIT ?').pluck().all(limit) as string[];
}

export interface TextRow {
  id: number;
  subject: string;
  from_name: string | null;
  body_pack: number;
  body_off: number;
  body_len: number;
}

/** Senders whose mail is generated (build robots, CI): their reports are not a topic's words. */
const ROBOTS = `(m.from_addr IS NULL OR (m.from_addr NOT LIKE 'lkp@%' AND m.from_addr NOT LIKE '%noreply%' AND m.from_addr NOT LIKE '%bot@%'))`;

/**
 * The newest messages of a topic's subtree: at most `perThread` per thread, from its threads
 * with the newest activity, robots' reports left out.
 */
export function topicSampleMessages(db: ReadableDB, name: string, limit: number, perThread = 5): TextRow[] {
  const [cond, params] = topicSubtree('t.topic', name);
  return db
    .prepare(
      `SELECT id, subject, from_name, body_pack, body_off, body_len FROM (
         SELECT m.subject, m.from_name, m.body_pack, m.body_off, m.body_len, m.date, m.id,
                row_number() OVER (PARTITION BY m.thread_id ORDER BY m.date, m.id) AS k
         FROM (SELECT t.id FROM threads t WHERE ${cond} ORDER BY t.last_date DESC, t.id DESC LIMIT ?) t
         JOIN messages m ON m.thread_id = t.id WHERE ${ROBOTS})
       WHERE k <= ? ORDER BY date DESC, id DESC LIMIT ?`,
    )
    .all(...params, limit, perThread, limit) as TextRow[];
}

/**
 * About `limit` messages spread evenly over the archive: runs of PACK_SIZE consecutive messages
 * (one ingest task: whole raw packs), every k-th run. Whole runs, because reading one message's
 * body inflates its pack: single messages every k-th id cost a pack each (3,000 at 100,000
 * messages, most of the topic stage's time).
 */
export function archiveSampleMessages(db: ReadableDB, limit: number): TextRow[] {
  const max = (db.prepare('SELECT max(id) FROM messages').pluck().get() as number | null) ?? 0;
  const stride = Math.max(1, Math.ceil(max / limit));
  return db
    .prepare(`SELECT id, subject, from_name, body_pack, body_off, body_len FROM messages WHERE ((id - 1) / ${PACK_SIZE}) % ? = 0 ORDER BY id LIMIT ?`)
    .all(stride, limit) as TextRow[];
}

export function replaceTopicTerms(db: WritableDB, topic: string, terms: readonly { term: string; score: number; count: number }[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM topic_terms WHERE topic = ?').run(topic);
    const ins = db.prepare('INSERT INTO topic_terms (topic, rank, term, score, count) VALUES (?, ?, ?, ?, ?)');
    terms.forEach((t, i) => ins.run(topic, i, t.term, t.score, t.count));
    db.prepare('UPDATE topics SET terms_dirty = 0, terms_messages = message_count WHERE name = ?').run(topic);
  })();
}

/** The stored background: document frequencies and what they were computed over. */
export interface StoredBackground {
  docs: number;
  maxId: number;
  df: Map<string, number>;
  /** Words of senders' names (stored with df -1). */
  names: Set<string>;
}

export function loadTermBackground(db: ReadableDB): StoredBackground | null {
  const meta = db.prepare("SELECT value FROM source_state WHERE key = 'topics:background'").pluck().get() as string | undefined;
  if (!meta) return null;
  const { docs, maxId } = JSON.parse(meta) as { docs: number; maxId: number };
  const df = new Map<string, number>();
  const names = new Set<string>();
  for (const r of db.prepare('SELECT term, df FROM topic_background').raw().iterate() as Iterable<[string, number]>) {
    if (r[1] < 0) names.add(r[0]);
    else df.set(r[0], r[1]);
  }
  return { docs, maxId, df, names };
}

export function saveTermBackground(db: WritableDB, bg: StoredBackground): void {
  db.transaction(() => {
    db.prepare('DELETE FROM topic_background').run();
    const ins = db.prepare('INSERT INTO topic_background (term, df) VALUES (?, ?)');
    for (const [t, n] of bg.df) ins.run(t, n);
    const name = db.prepare('INSERT INTO topic_background (term, df) VALUES (?, -1) ON CONFLICT(term) DO NOTHING');
    for (const w of bg.names) name.run(w);
    db.prepare("INSERT INTO source_state (key, value) VALUES ('topics:background', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
      JSON.stringify({ docs: bg.docs, maxId: bg.maxId }),
    );
  })();
}

export function maxMessageId(db: ReadableDB): number {
  return (db.prepare('SELECT max(id) FROM messages').pluck().get() as number | null) ?? 0;
}

/** Topics whose terms are stale with fewer than `minThreads` threads: too little text; cleared without reading. */
export function clearSmallTopicTerms(db: WritableDB, minThreads: number): number {
  return db.transaction(() => {
    db.prepare('DELETE FROM topic_terms WHERE topic IN (SELECT name FROM topics WHERE terms_dirty = 1 AND thread_count < ?)').run(minThreads);
    return db.prepare('UPDATE topics SET terms_dirty = 0 WHERE terms_dirty = 1 AND thread_count < ?').run(minThreads).changes;
  })();
}

export function markAllTermsStale(db: WritableDB): void {
  db.prepare('UPDATE topics SET terms_dirty = 1').run();
}

// ---- MAINTAINERS ------------------------------------------------------------------------------

/** Replaces the imported MAINTAINERS sections. */
export function replaceMaintainers(db: WritableDB, sections: readonly MaintainersSection[]): { sections: number; patterns: number; lists: number; people: number } {
  const n = { sections: 0, patterns: 0, lists: 0, people: 0 };
  db.transaction(() => {
    for (const t of ['maint_patterns', 'maint_lists', 'maint_people', 'maint_sections']) db.prepare(`DELETE FROM ${t}`).run();
    const sec = db.prepare('INSERT INTO maint_sections (id, name, topic, status) VALUES (?, ?, ?, ?)');
    const pat = db.prepare('INSERT INTO maint_patterns (section_id, kind, pattern) VALUES (?, ?, ?)');
    const lst = db.prepare('INSERT INTO maint_lists (section_id, list) VALUES (?, ?)');
    const ppl = db.prepare('INSERT INTO maint_people (section_id, role, name, address) VALUES (?, ?, ?, ?)');
    sections.forEach((s, i) => {
      const id = i + 1;
      sec.run(id, s.name, s.topic, s.status);
      n.sections++;
      const pats: [string, string[]][] = [['F', s.files], ['X', s.excludes], ['N', s.regexes], ['K', s.keywords]];
      for (const [kind, list] of pats) {
        for (const p of list) {
          pat.run(id, kind, p);
          n.patterns++;
        }
      }
      for (const l of s.lists) {
        lst.run(id, l);
        n.lists++;
      }
      for (const p of s.people) {
        ppl.run(id, p.role, p.name, p.address);
        n.people++;
      }
    });
  })();
  return n;
}

/** The imported sections, in file order (empty when none was imported). */
export function loadMaintainers(db: ReadableDB): MaintainersSection[] {
  const secs = db.prepare('SELECT id, name, topic, status FROM maint_sections ORDER BY id').all() as {
    id: number;
    name: string;
    topic: string | null;
    status: string | null;
  }[];
  if (!secs.length) return [];
  const byId = new Map<number, MaintainersSection>();
  const out = secs.map((s) => {
    const m: MaintainersSection = { name: s.name, status: s.status, topic: s.topic, people: [], lists: [], files: [], excludes: [], regexes: [], keywords: [] };
    byId.set(s.id, m);
    return m;
  });
  const key = { F: 'files', X: 'excludes', N: 'regexes', K: 'keywords' } as const;
  for (const p of db.prepare('SELECT section_id, kind, pattern FROM maint_patterns ORDER BY rowid').all() as { section_id: number; kind: 'F' | 'X' | 'N' | 'K'; pattern: string }[]) {
    byId.get(p.section_id)?.[key[p.kind]].push(p.pattern);
  }
  for (const l of db.prepare('SELECT section_id, list FROM maint_lists ORDER BY rowid').all() as { section_id: number; list: string }[]) {
    byId.get(l.section_id)?.lists.push(l.list);
  }
  for (const p of db.prepare('SELECT section_id, role, name, address FROM maint_people ORDER BY rowid').all() as {
    section_id: number;
    role: 'M' | 'R';
    name: string | null;
    address: string;
  }[]) {
    byId.get(p.section_id)?.people.push({ role: p.role, name: p.name, address: p.address });
  }
  return out;
}

// ---- reads --------------------------------------------------------------------------------------

export interface TopicRow {
  name: string;
  parent: string | null;
  title: string | null;
  thread_count: number;
  message_count: number;
  series_count: number;
  last_date: number | null;
}

export function listTopicRows(db: ReadableDB): TopicRow[] {
  return db
    .prepare('SELECT name, parent, title, thread_count, message_count, series_count, last_date FROM topics ORDER BY name')
    .all() as TopicRow[];
}

export function getTopicRow(db: ReadableDB, name: string): TopicRow | undefined {
  return db
    .prepare('SELECT name, parent, title, thread_count, message_count, series_count, last_date FROM topics WHERE name = ?')
    .get(name) as TopicRow | undefined;
}

export function topicTerms(db: ReadableDB, name: string): { term: string; score: number; count: number }[] {
  return db.prepare('SELECT term, score, count FROM topic_terms WHERE topic = ? ORDER BY rank').all(name) as {
    term: string;
    score: number;
    count: number;
  }[];
}

/** Lists and maintainers (M:, R:) of the MAINTAINERS sections mapped to exactly this topic. */
export function topicSections(db: ReadableDB, name: string): { lists: string[]; people: { role: 'M' | 'R'; name: string | null; address: string }[] } {
  const lists = db
    .prepare('SELECT DISTINCT l.list FROM maint_sections s JOIN maint_lists l ON l.section_id = s.id WHERE s.topic = ? ORDER BY s.id, l.rowid')
    .pluck()
    .all(name) as string[];
  const people = db
    .prepare(
      `SELECT p.role, p.name, p.address FROM maint_sections s JOIN maint_people p ON p.section_id = s.id
       WHERE s.topic = ? ORDER BY s.id, p.rowid`,
    )
    .all(name) as { role: 'M' | 'R'; name: string | null; address: string }[];
  const seen = new Set<string>();
  return { lists, people: people.filter((p) => !seen.has(`${p.role}:${p.address}`) && !!seen.add(`${p.role}:${p.address}`)) };
}

/** The most common List-Ids among a topic's newest threads (when no MAINTAINERS section names its lists). */
export function observedLists(db: ReadableDB, name: string, threads = 200): string[] {
  const [cond, params] = topicSubtree('t.topic', name);
  return db
    .prepare(
      `SELECT m.list_id FROM (SELECT t.id FROM threads t WHERE ${cond} ORDER BY t.last_date DESC, t.id DESC LIMIT ?) t
       JOIN messages m ON m.thread_id = t.id WHERE m.list_id IS NOT NULL GROUP BY m.list_id ORDER BY count(*) DESC LIMIT 5`,
    )
    .pluck()
    .all(...params, threads) as string[];
}

/** Thread ids of a topic's subtree, streamed (for the exporter). */
export function iterateTopicThreadIds(db: ReadableDB, name: string): IterableIterator<number> {
  const [cond, params] = topicSubtree('topic', name);
  return db.prepare(`SELECT id FROM threads WHERE ${cond} ORDER BY id`).pluck().iterate(...params) as IterableIterator<number>;
}

export interface TopicThreadFilter {
  since?: number;
  until?: number;
  limit: number;
  before?: { lastDate: number | null; id: number };
  /** Leave out threads that hold a series posting. */
  discussionsOnly?: boolean;
}

/** A topic subtree's threads, newest activity first; keyset on (last_date, id). */
export function listTopicThreads(db: ReadableDB, name: string, f: TopicThreadFilter) {
  const [cond, params] = topicSubtree('t.topic', name);
  const where = [cond];
  const args: (string | number)[] = [...params];
  activeWithin('t.', f, where, args);
  if (f.discussionsOnly) where.push('NOT EXISTS (SELECT 1 FROM series_versions v WHERE v.thread_id = t.id)');
  if (f.before) where.push(threadsAfter(f.before, args));
  return db
    .prepare(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE ${where.join(' AND ')} ${THREAD_ORDER} LIMIT ?`)
    .all(...args, f.limit) as ThreadRow[];
}

/** Every M: address of the imported MAINTAINERS file, lower case (empty when none was imported). */
export function maintainerAddresses(db: ReadableDB): Set<string> {
  const rows = db.prepare("SELECT DISTINCT lower(address) FROM maint_people WHERE role = 'M'").pluck().all() as string[];
  return new Set(rows);
}
