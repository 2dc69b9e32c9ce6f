// Series, postings (versions), slots, version links and the user's corrections.
// Postings and series are rebuilt wholesale from messages (see ingest/series-stage.ts);
// corrections are kept.
import type { ReadableDB, WritableDB } from './db.js';
import { activeWithin, OTHER_TOPIC, topicSubtree } from './topics.js';

/** What the series stage needs of a message; no bodies. */
export interface SeriesInputRow {
  id: number;
  msgid: string;
  thread_id: number;
  from_name: string | null;
  from_addr: string | null;
  date: number | null;
  subject: string;
  parent_hint: string | null;
  refs: string | null;
  lines_added: number | null;
  patch_id: string | null;
  list_id: string | null;
  change_id: string | null;
  version_links: string | null;
  cited_msgids: string | null;
  supersedes: string | null;
  format: string;
  origin: string;
}

/**
 * Candidates for series membership: tagged subjects ([PATCH ...], Re: [PATCH ...]), mail
 * with a diff, and the messages those reply to (a "naked" cover letter has no tags).
 */
export function loadSeriesInput(db: ReadableDB): { rows: SeriesInputRow[]; files: Map<number, string[]> } {
  // Read as arrays and built here, one at a time: most messages are candidates (90% of the
  // generated benchmark), and better-sqlite3's row objects cost about twice as much to read.
  const rows: SeriesInputRow[] = [];
  const candidates = db
    .prepare(
      `SELECT id, msgid, thread_id, from_name, from_addr, date, subject, parent_hint, refs, lines_added, patch_id,
              list_id, change_id, version_links, cited_msgids, supersedes, format, origin
       FROM messages
       WHERE instr(subject, '[') > 0 OR lines_added IS NOT NULL OR format = 'commit-page'
          OR msgid IN (SELECT parent_hint FROM messages WHERE instr(subject, '[') > 0 AND parent_hint IS NOT NULL)
       ORDER BY id`,
    )
    .raw();
  for (const r of candidates.iterate() as Iterable<unknown[]>) {
    rows.push({
      id: r[0] as number,
      msgid: r[1] as string,
      thread_id: r[2] as number,
      from_name: r[3] as string | null,
      from_addr: r[4] as string | null,
      date: r[5] as number | null,
      subject: r[6] as string,
      parent_hint: r[7] as string | null,
      refs: r[8] as string | null,
      lines_added: r[9] as number | null,
      patch_id: r[10] as string | null,
      list_id: r[11] as string | null,
      change_id: r[12] as string | null,
      version_links: r[13] as string | null,
      cited_msgids: r[14] as string | null,
      supersedes: r[15] as string | null,
      format: r[16] as string,
      origin: r[17] as string,
    });
  }
  const files = new Map<number, string[]>();
  for (const f of db.prepare('SELECT message_id, path FROM patch_files ORDER BY message_id, pos').iterate() as Iterable<{
    message_id: number;
    path: string;
  }>) {
    const list = files.get(f.message_id);
    if (list) list.push(f.path);
    else files.set(f.message_id, [f.path]);
  }
  return { rows, files };
}

export interface SeriesWrite {
  series: {
    key: string;
    latestKey: string;
    title: string;
    topic: string | null;
    author: { name: string; address: string } | null;
    versionKeys: string[];
    firstDate: number | null;
    lastDate: number | null;
  }[];
  versions: {
    key: string;
    origin: string;
    title: string;
    author: { name: string; address: string } | null;
    version: number;
    versionLabel: string | null;
    rfc: boolean;
    resend: boolean;
    labels: string[];
    total: number;
    coverId: number | null;
    complete: boolean;
    detail: unknown;
    threadId: number | null;
    firstDate: number | null;
    lastDate: number | null;
    /** message ids by slot (1-based position = index + 1); null = missing. */
    slots: { messageId: number | null; backfilled: boolean }[];
  }[];
  links: { from: string; to: string; score: number; reasons: string[]; status: string }[];
}

/** Replaces every derived series row. One transaction: readers see the old or the new set. */
export function replaceSeries(db: WritableDB, w: SeriesWrite): void {
  db.transaction(() => {
    db.exec('DELETE FROM series_patches; DELETE FROM series_versions; DELETE FROM series; DELETE FROM series_links;');
    const insSeries = db.prepare(`INSERT INTO series (key, latest_key, title, topic, author_name, author_addr, versions, first_date, last_date)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insVersion = db.prepare(`INSERT INTO series_versions (key, series_id, origin, title, author_name, author_addr, version,
      version_label, rfc, resend, labels, total, cover_id, complete, detail, thread_id, first_date, last_date)
      VALUES (@key, @series_id, @origin, @title, @author_name, @author_addr, @version, @version_label, @rfc, @resend, @labels,
      @total, @cover_id, @complete, @detail, @thread_id, @first_date, @last_date)`);
    const insSlot = db.prepare('INSERT INTO series_patches (version_id, slot, message_id, backfilled) VALUES (?, ?, ?, ?)');
    const insLink = db.prepare('INSERT OR REPLACE INTO series_links (from_key, to_key, score, reasons, status) VALUES (?, ?, ?, ?, ?)');
    const seriesOf = new Map<string, number>();
    for (const s of w.series) {
      const id = Number(
        insSeries.run(s.key, s.latestKey, s.title, s.topic, s.author?.name ?? null, s.author?.address ?? null, s.versionKeys.length, s.firstDate, s.lastDate)
          .lastInsertRowid,
      );
      for (const k of s.versionKeys) seriesOf.set(k, id);
    }
    for (const v of w.versions) {
      const seriesId = seriesOf.get(v.key);
      if (seriesId === undefined) continue;
      const vid = Number(
        insVersion.run({
          key: v.key,
          series_id: seriesId,
          origin: v.origin,
          title: v.title,
          author_name: v.author?.name ?? null,
          author_addr: v.author?.address ?? null,
          version: v.version,
          version_label: v.versionLabel,
          rfc: v.rfc ? 1 : 0,
          resend: v.resend ? 1 : 0,
          labels: JSON.stringify(v.labels),
          total: v.total,
          cover_id: v.coverId,
          complete: v.complete ? 1 : 0,
          detail: JSON.stringify(v.detail),
          thread_id: v.threadId,
          first_date: v.firstDate,
          last_date: v.lastDate,
        }).lastInsertRowid,
      );
      v.slots.forEach((s, i) => insSlot.run(vid, i + 1, s.messageId, s.backfilled ? 1 : 0));
    }
    for (const l of w.links) insLink.run(l.from, l.to, l.score, JSON.stringify(l.reasons), l.status);
  })();
}

// ---- corrections ------------------------------------------------------------------------

export interface Correction {
  from_key: string;
  to_key: string;
  kind: 'link' | 'unlink';
}

export function listCorrections(db: ReadableDB): Correction[] {
  return db.prepare('SELECT from_key, to_key, kind FROM series_corrections ORDER BY at').all() as Correction[];
}

export function saveCorrection(db: WritableDB, fromKey: string, toKey: string, kind: 'link' | 'unlink'): void {
  db.prepare(
    `INSERT INTO series_corrections (from_key, to_key, kind, at) VALUES (?, ?, ?, ?)
     ON CONFLICT(from_key, to_key) DO UPDATE SET kind = excluded.kind, at = excluded.at`,
  ).run(fromKey, toKey, kind, Date.now());
}

// ---- reads ----------------------------------------------------------------------------

export interface SeriesRow {
  id: number;
  key: string;
  latest_key: string;
  title: string;
  author_name: string | null;
  author_addr: string | null;
  versions: number;
  first_date: number | null;
  last_date: number | null;
  state: string;
  topic: string | null;
}

export interface VersionRow {
  id: number;
  key: string;
  series_id: number;
  origin: string;
  title: string;
  author_name: string | null;
  author_addr: string | null;
  version: number;
  version_label: string | null;
  rfc: number;
  resend: number;
  labels: string;
  total: number;
  cover_id: number | null;
  complete: number;
  detail: string;
  thread_id: number | null;
  first_date: number | null;
  last_date: number | null;
  state: string;
}

export interface SlotRow {
  version_id: number;
  slot: number;
  message_id: number | null;
  backfilled: number;
  msgid: string | null;
  subject: string | null;
  patch_id: string | null;
  applied: string | null;
}

export interface SeriesFilter {
  author?: string;
  state?: string;
  topic?: string;
  list?: string;
  since?: number;
  /** Series whose first posting is on or before this (UTC ms). */
  until?: number;
  limit: number;
  before?: { lastDate: number | null; id: number };
}

/** Newest activity first; keyset pagination on (last_date, id). */
export function listSeries(db: ReadableDB, f: SeriesFilter): SeriesRow[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.author) {
    where.push('(s.author_addr = ? OR s.author_name LIKE ? ESCAPE \'\\\')');
    params.push(f.author.toLowerCase(), `%${f.author.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.topic) {
    const [cond, args] = topicSubtree('s.topic', f.topic === OTHER_TOPIC ? f.topic : f.topic.toLowerCase().replace(/\/+$/, ''));
    where.push(cond);
    params.push(...args);
  }
  if (f.state) {
    where.push('s.state = ?');
    params.push(f.state);
  }
  activeWithin('s.', f, where, params);
  if (f.list) {
    where.push(`EXISTS (SELECT 1 FROM series_versions v JOIN series_patches p ON p.version_id = v.id
      JOIN messages m ON m.id = p.message_id WHERE v.series_id = s.id AND m.list_id = ?)`);
    params.push(f.list);
  }
  if (f.before) {
    if (f.before.lastDate === null) {
      where.push('(s.last_date IS NULL AND s.id < ?)');
      params.push(f.before.id);
    } else {
      where.push('(s.last_date < ? OR (s.last_date = ? AND s.id < ?) OR s.last_date IS NULL)');
      params.push(f.before.lastDate, f.before.lastDate, f.before.id);
    }
  }
  const sql = `SELECT s.* FROM series s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.last_date IS NULL, s.last_date DESC, s.id DESC LIMIT ?`;
  return db.prepare(sql).all(...params, f.limit) as SeriesRow[];
}

export function getSeriesRow(db: ReadableDB, id: number): SeriesRow | undefined {
  return db.prepare('SELECT * FROM series WHERE id = ?').get(id) as SeriesRow | undefined;
}

export function getVersions(db: ReadableDB, seriesId: number): VersionRow[] {
  return db.prepare('SELECT * FROM series_versions WHERE series_id = ? ORDER BY version, first_date, id').all(seriesId) as VersionRow[];
}

export function getSlots(db: ReadableDB, versionIds: number[]): SlotRow[] {
  if (!versionIds.length) return [];
  return db
    .prepare(
      `SELECT p.version_id, p.slot, p.message_id, p.backfilled, m.msgid, m.subject, m.patch_id, p.applied
       FROM series_patches p LEFT JOIN messages m ON m.id = p.message_id
       WHERE p.version_id IN (SELECT value FROM json_each(?)) ORDER BY p.version_id, p.slot`,
    )
    .all(JSON.stringify(versionIds)) as SlotRow[];
}

export function getLinks(db: ReadableDB, keys: string[]): { from_key: string; to_key: string; score: number; reasons: string; status: string }[] {
  const list = JSON.stringify(keys);
  return db
    .prepare(
      `SELECT from_key, to_key, score, reasons, status FROM series_links
       WHERE from_key IN (SELECT value FROM json_each(?)) OR to_key IN (SELECT value FROM json_each(?))`,
    )
    .all(list, list) as { from_key: string; to_key: string; score: number; reasons: string; status: string }[];
}

/** The posting and slot of a message that is a patch or cover letter (slot 0). */
export function postingOf(db: ReadableDB, messageId: number): { seriesId: number; version: number; index: number } | undefined {
  const asCover = db
    .prepare('SELECT series_id AS seriesId, version FROM series_versions WHERE cover_id = ? LIMIT 1')
    .get(messageId) as { seriesId: number; version: number } | undefined;
  if (asCover) return { ...asCover, index: 0 };
  return db
    .prepare(
      `SELECT v.series_id AS seriesId, v.version, p.slot AS "index" FROM series_patches p
       JOIN series_versions v ON v.id = p.version_id WHERE p.message_id = ? AND p.backfilled = 0
       ORDER BY v.version DESC LIMIT 1`,
    )
    .get(messageId) as { seriesId: number; version: number; index: number } | undefined;
}

/** Series by the key of any of its postings. */
export function seriesIdOfVersionKey(db: ReadableDB, key: string): number | undefined {
  return db.prepare('SELECT series_id FROM series_versions WHERE key = ?').pluck().get(key) as number | undefined;
}

// ---- applied state ----------------------------------------------------------------------

/** Marks applied slots and computes every posting's and series' state. Call after replaceSeries. */
export function updateSeriesStates(
  db: WritableDB,
  decide: {
    marksFromNote: typeof import('../series/state.js').marksFromNote;
    postingState: typeof import('../series/state.js').postingState;
  },
): void {
  db.transaction(() => {
    const versions = db.prepare('SELECT id, key, series_id, version, cover_id, author_addr, first_date FROM series_versions').all() as {
      id: number;
      key: string;
      series_id: number;
      version: number;
      cover_id: number | null;
      author_addr: string | null;
      first_date: number | null;
    }[];
    const slots = db
      .prepare(
        `SELECT p.version_id, p.slot, p.message_id, m.msgid, m.patch_id, m.thread_id FROM series_patches p
         JOIN messages m ON m.id = p.message_id WHERE p.backfilled = 0`,
      )
      .all() as { version_id: number; slot: number; message_id: number; msgid: string; patch_id: string | null; thread_id: number }[];
    const coverMsgid = new Map<number, string>();
    for (const r of db.prepare('SELECT v.id, m.msgid FROM series_versions v JOIN messages m ON m.id = v.cover_id').all() as {
      id: number;
      msgid: string;
    }[])
      coverMsgid.set(r.id, r.msgid);

    const byVersion = new Map<number, typeof slots>();
    const slotByMsgid = new Map<string, { version: number; slot: number }>();
    for (const s of slots) {
      (byVersion.get(s.version_id) ?? byVersion.set(s.version_id, []).get(s.version_id)!).push(s);
      slotByMsgid.set(s.msgid, { version: s.version_id, slot: s.slot });
    }
    const versionOfCover = new Map([...coverMsgid].map(([v, m]) => [m, v]));

    type Mark = import('../series/state.js').AppliedMark;
    const marks = new Map<number, Map<number, Mark>>(); // version id -> slot -> mark
    const mark = (v: number, slot: number, m: Mark) => {
      const per = marks.get(v) ?? marks.set(v, new Map()).get(v)!;
      if (!per.has(slot) || (per.get(slot)!.sha === null && m.sha !== null)) per.set(slot, m);
    };

    // "Applied, thanks" replies
    for (const r of db.prepare('SELECT msgid, parent_hint, applied_note FROM messages WHERE applied_note IS NOT NULL').all() as {
      msgid: string;
      parent_hint: string | null;
      applied_note: string;
    }[]) {
      if (!r.parent_hint) continue;
      const note = JSON.parse(r.applied_note);
      const asPatch = slotByMsgid.get(r.parent_hint);
      const asCover = versionOfCover.get(r.parent_hint);
      const v = asPatch?.version ?? asCover;
      if (v === undefined) continue;
      const all = (byVersion.get(v) ?? []).map((s) => s.slot);
      const target = asPatch ? { kind: 'patch' as const, slot: asPatch.slot } : { kind: 'cover' as const };
      for (const [slot, m] of decide.marksFromNote(note, r.msgid, target, all)) mark(v, slot, m);
    }
    // imported commits, by Message-ID and by patch-id
    const byMsgid = db.prepare('SELECT c.sha, c.repo FROM commit_msgids x JOIN commits c ON c.sha = x.sha WHERE x.msgid = ? LIMIT 1');
    const byPatchId = db.prepare('SELECT sha, repo FROM commits WHERE patch_id = ? LIMIT 1');
    const anyCommits = db.prepare('SELECT EXISTS (SELECT 1 FROM commits)').pluck().get() === 1;
    for (const s of anyCommits ? slots : []) {
      const c = (byMsgid.get(s.msgid) as { sha: string; repo: string } | undefined) ?? undefined;
      if (c) {
        mark(s.version_id, s.slot, { via: 'commit', sha: c.sha, branch: null, evidence: c.repo, match: 'msgid' });
        continue;
      }
      const p = s.patch_id ? (byPatchId.get(s.patch_id) as { sha: string; repo: string } | undefined) : undefined;
      if (p) mark(s.version_id, s.slot, { via: 'commit', sha: p.sha, branch: null, evidence: p.repo, match: 'patch-id' });
    }

    const setApplied = db.prepare('UPDATE series_patches SET applied = ? WHERE version_id = ? AND slot = ?');
    for (const [v, per] of marks) for (const [slot, m] of per) setApplied.run(JSON.stringify(m), v, slot);

    // NAKs and replies from others, per thread
    const naked = new Set(
      (
        db
          .prepare(
            `SELECT m.parent_hint FROM trailers t JOIN messages m ON m.id = t.message_id
             WHERE t.name = 'Nacked-by' AND m.parent_hint IS NOT NULL`,
          )
          .pluck()
          .all() as string[]
      ),
    );
    const others = db.prepare('SELECT count(*) FROM messages WHERE thread_id = ? AND coalesce(from_addr, \'\') <> ?').pluck();
    const newest = new Map<number, number>();
    for (const v of versions) newest.set(v.series_id, Math.max(newest.get(v.series_id) ?? 0, v.version));
    const setState = db.prepare('UPDATE series_versions SET state = ? WHERE id = ?');
    const stateOf = new Map<number, string>();
    for (const v of versions) {
      const mine = byVersion.get(v.id) ?? [];
      const threads = new Set(mine.map((s) => s.thread_id));
      const members = mine.map((s) => s.msgid).concat(coverMsgid.has(v.id) ? [coverMsgid.get(v.id)!] : []);
      let replies = 0;
      for (const t of threads) replies += others.get(t, v.author_addr ?? '') as number;
      const state = decide.postingState({
        patches: mine.length,
        applied: marks.get(v.id)?.size ?? 0,
        newerVersion: v.version < (newest.get(v.series_id) ?? v.version),
        nacked: members.some((m) => naked.has(m)),
        repliesFromOthers: replies,
      });
      setState.run(state, v.id);
      stateOf.set(v.id, state);
    }
    // a series is in the state of its latest posting
    db.prepare(
      `UPDATE series SET state = coalesce((SELECT v.state FROM series_versions v WHERE v.key = series.latest_key), 'new')`,
    ).run();
  })();
}
