// Ranking where bm25() would scan the whole archive (search/quick-rank.ts): address-only
// queries newest first; queries over COUNT_CAP matches ranked by subject/From hits, then date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { serveStore } from '../helpers/server.js';
import { parseQuery } from '../../src/search/query.js';
import { isRankable, quickRank, rankTerms, tokenize } from '../../src/search/quick-rank.js';
import { BM25_WEIGHTS, COUNT_CAP, narrowByDate, prefixTerms, QUICK_RANK_SCAN } from '../../src/store/search.js';
import { search } from '../../src/views/search.js';
import { compileFts, compileSql, exactAddresses, expandPrefixes } from '../../src/search/query-compile.js';
import { ingestInto } from '../helpers/tmp.js';
import { openReadable } from '../../src/store/db.js';

const row = (subject: string, fromName: string | null = null, fromAddr: string | null = null) => [subject, `${fromName ?? ''} ${fromAddr ?? ''}`] as const;

const ast = (q: string) => parseQuery(q, Date.UTC(2026, 0, 1)).ast;

/** linux-pm-sample ingested once for the tests of this file that read it. */
let linuxPm: Promise<string> | undefined;
const linuxPmStore = () =>
  (linuxPm ??= ingestInto([corpusPath('linux-pm-sample')]).then(({ db, file }) => {
    db.close();
    return file;
  }));

test('tokenize folds case and diacritics and keeps _ like the FTS5 tokenizer', () => {
  assert.deepEqual(tokenize('[PATCH v2] mm/gup: Fix FOLL_PIN for Zoë'), ['patch', 'v2', 'mm', 'gup', 'fix', 'foll_pin', 'for', 'zoe']);
  assert.deepEqual(tokenize('[PATCH v2] mm/gup: Fix FOLL_PIN for Zoe'), ['patch', 'v2', 'mm', 'gup', 'fix', 'foll_pin', 'for', 'zoe'], 'ASCII takes a shorter path to the same tokens');
  assert.deepEqual(tokenize('x86-64: ~$^`0xFF\t'), ['x86', '64', '0xff']);
});

test('isRankable: only address prefixes means nothing to rank', () => {
  assert.equal(isRankable(ast('f:torvalds')), false);
  assert.equal(isRankable(ast('tc:linux-kernel a:peng')), false);
  assert.equal(isRankable(ast('f:torvalds -s:revert')), false, 'negated text ranks nothing');
  assert.equal(isRankable(ast('f:torvalds s:gup')), true);
  assert.equal(isRankable(ast('deadlock')), true);
});

test('quickRank: subject hits weigh 10, From hits 3, phrases and prefixes as FTS5 matches them', () => {
  const t = rankTerms(ast('deadlock'));
  assert.equal(quickRank(...row('[PATCH] fix a deadlock in foo'), t), -10);
  assert.equal(quickRank(...row('[PATCH] fix deadlocks in foo'), t), 0, 'a longer word is another token');
  assert.equal(quickRank(...row('fix deadlocks'), rankTerms(ast('deadlock*'))), -10);
  assert.equal(quickRank(...row('use after free in bar'), rankTerms(ast('"use after free"'))), -10);
  assert.equal(quickRank(...row('free after use in bar'), rankTerms(ast('"use after free"'))), 0);
  assert.equal(quickRank(...row('x', 'Peng Fan', 'peng.fan@nxp.com'), rankTerms(ast('peng'))), -3);
  assert.equal(quickRank(...row('peng: x', 'Peng Fan', 'peng.fan@nxp.com'), rankTerms(ast('s:peng'))), -10, 's: looks at the subject only');
  assert.equal(quickRank(...row('mm: lock', null, null), rankTerms(ast('s:(mm OR memory) lock'))), -20);
  assert.equal(quickRank(...row('Zoë’s fix'), rankTerms(ast('zoe'))), -10, 'diacritics folded in the row too');
});

test('API on linux-pm: address-only newest first; a query over the count cap ranked by subject hits, pages stable', needsCorpus, async () => {
  const api = await serveStore(await linuxPmStore());
  const get = (q: Record<string, string>) => api.get(`/api/search?${new URLSearchParams(q)}`);

  const rafael = await get({ q: 'f:rafael', limit: '50' });
  assert.equal(rafael.status, 200);
  const dates = rafael.body.hits.map((h: { date: string }) => h.date);
  assert.ok(dates.length >= 20);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'address-only relevance search is newest first');

  // a whole address is compared with the stored From address (indexed), in any case
  const exact = await get({ q: 'f:rjw@rjwysocki.net', limit: '100' });
  const upper = await get({ q: 'f:RJW@RJWysocki.net s:cpufreq', limit: '100' });
  assert.ok(exact.body.total > 20);
  assert.ok(exact.body.hits.every((h: { from: { address: string } }) => h.from.address.toLowerCase() === 'rjw@rjwysocki.net'));
  assert.ok(upper.body.total > 0 && upper.body.total < exact.body.total);
  assert.ok(upper.body.hits.every((h: { subject: string; from: { address: string } }) => /cpufreq/i.test(h.subject) && h.from.address.toLowerCase() === 'rjw@rjwysocki.net'));

  // every message to linux-pm@vger.kernel.org has "vger" in To/Cc: far more than COUNT_CAP match "vger OR cpufreq"
  const all = await get({ q: 'vger OR devfreq', limit: '200' });
  assert.equal(all.status, 200);
  assert.equal(all.body.partial, true);
  assert.equal(all.body.total, COUNT_CAP);
  const inSubject = all.body.hits.map((h: { subject: string }) => /\bdevfreq\b/i.test(h.subject));
  const firstMiss = inSubject.indexOf(false);
  assert.ok(firstMiss > 0, `subject hits come first (${firstMiss})`);
  assert.ok(inSubject.slice(firstMiss).every((x: boolean) => !x), 'no subject hit after the first message without one');
  const tierDates = all.body.hits.slice(0, firstMiss).map((h: { date: string }) => h.date);
  assert.deepEqual(tierDates, [...tierDates].sort().reverse(), 'ties newest first');

  const p1 = await get({ q: 'vger OR devfreq', limit: '80' });
  const p2 = await get({ q: 'vger OR devfreq', limit: '80', cursor: p1.body.nextCursor });
  const p3 = await get({ q: 'vger OR devfreq', limit: '40', cursor: p2.body.nextCursor });
  const paged = [...p1.body.hits, ...p2.body.hits, ...p3.body.hits].map((h: { msgid: string }) => h.msgid);
  assert.deepEqual(paged, all.body.hits.map((h: { msgid: string }) => h.msgid), 'cursor pages add up to one long page');

  const threads = await get({ q: 'vger OR devfreq', group: 'thread', limit: '10' });
  const ids = threads.body.hits.map((h: { threadId: number }) => h.threadId);
  assert.equal(new Set(ids).size, ids.length);
  assert.match(threads.body.hits[0].subject, /devfreq/i);
});

test('a query over the count cap with filters ranks its newest matches that pass them (linux-pm)', needsCorpus, async () => {
  const file = await linuxPmStore();
  const db = openReadable(file);
  try {
    // a filter that about the 1,200 newest messages fail while over COUNT_CAP pass it: not a
    // date range, which narrows the index to its ids, but a negated one
    const cut = db.prepare('SELECT date FROM messages ORDER BY date DESC LIMIT 1 OFFSET 1200').pluck().get() as number;
    const day = new Date(cut).toISOString().slice(0, 10);
    const q = `(vger OR devfreq) -d:${day}..`;
    const passes = (h: { date: string | null }) => h.date === null || h.date < `${day}T`;
    const o = { group: 'message' as const, sort: 'relevance' as const, limit: 50, now: Date.UTC(2026, 0, 1) };
    const r = search(db, q, o);
    assert.equal(r.partial, true);
    assert.equal(r.total, COUNT_CAP);
    assert.equal(r.hits.length, 50, 'a full page: the newest text matches failing the filter do not empty it');
    assert.ok(r.hits.every(passes), 'every hit passes the filter');
    assert.ok(/devfreq/i.test(r.hits[0].subject), 'subject hits first');
    const byDate = search(db, q, { ...o, sort: 'date' });
    assert.equal(byDate.hits.length, 50);
    assert.ok(byDate.hits.every(passes));
    const threads = search(db, q, { ...o, group: 'thread' });
    assert.ok(threads.total > 50, `threads of the filtered matches (${threads.total})`);
  } finally {
    db.close();
  }
});

test('expandPrefixes: a one-word prefix becomes the OR of the terms it covers, in its columns', () => {
  const lookup = (token: string) => (token === 'fix' ? ['fix', 'fixed', 'fixes'] : token === 'none' ? null : [token]);
  const fts = (q: string) => compileFts(expandPrefixes(ast(q), lookup)).match;
  assert.equal(fts('s:fix*'), 'subject : ("fix" OR "fixed" OR "fixes")');
  assert.equal(fts('Fix*'), '("fix" OR "fixed" OR "fixes")', 'the word is folded as the tokenizer folds it');
  assert.equal(fts('none*'), '"none" *', 'no expansion: FTS5 answers the prefix itself');
  assert.equal(fts('"use after fr"*'), '"use after fr" *', 'a phrase keeps its prefix');
  assert.equal(fts('lock -fix*'), '("lock" NOT (("fix" OR "fixed" OR "fixes")))');
});

test('prefix expansion on linux-pm matches exactly the rows of FTS5 prefix queries', needsCorpus, async () => {
  const db = openReadable(await linuxPmStore());
  const ids = (match: string) => db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').pluck().all(match) as number[];
  let expanded = 0;
  for (const q of ['cpu*', 's:fix*', 'dev*', 'f:raf*', 'dfn:drivers*', 'zz*', 'suspend* -s:resum*']) {
    const plain = compileFts(ast(q)).match!;
    const withTerms = compileFts(expandPrefixes(ast(q), (t) => prefixTerms(db, t))).match!;
    if (withTerms !== plain) expanded++;
    assert.deepEqual(ids(withTerms), ids(plain), q);
  }
  assert.ok(expanded >= 5, 'most of those prefixes were expanded');
  assert.equal(prefixTerms(db, 'zzzzqqq'), null);
  db.close();
});

test('quick ranking (from the index, or the rows for a prefix) ranks as quickRank does over the stored subject and From (linux-pm)', needsCorpus, async () => {
  const db = openReadable(await linuxPmStore());
  for (const q of ['vger OR devfreq', 'vger OR cpufreq', 'vger OR rafael', 'vger OR "runtime pm"', 'vger OR s:(suspend OR resume)', 'vger OR f:rafael', 'vger OR devf*', 'vger OR s:suspend*']) {
    const got = search(db, q, { group: 'message', sort: 'relevance', limit: 60, now: Date.UTC(2026, 0, 1) });
    assert.equal(got.partial, true, `${q}: over the count cap, so quick-ranked`);
    // the oracle: the newest matches' stored subject and From, scored by quickRank
    const terms = rankTerms(ast(q));
    const match = compileFts(expandPrefixes(ast(q), (t) => prefixTerms(db, t))).match!;
    const newest = db.prepare(
      `SELECT id, date, subject, coalesce(from_name, '') || ' ' || coalesce(from_addr, '') FROM messages
       WHERE id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`,
    ).raw().all(match, QUICK_RANK_SCAN) as [number, number | null, string, string][];
    assert.equal(newest.length, QUICK_RANK_SCAN);
    const want = newest
      .map(([id, date, subject, from]) => ({ id, date: date ?? -Infinity, rank: quickRank(subject, from, terms) }))
      .sort((a, b) => a.rank - b.rank || b.date - a.date || b.id - a.id)
      .slice(0, 60);
    const msgid = db.prepare('SELECT msgid FROM messages WHERE id = ?').pluck();
    assert.deepEqual(got.hits.map((h) => h.msgid), want.map((w) => msgid.get(w.id)), q);
    assert.ok(want.some((w) => w.rank < 0), `${q}: some matches are ranked up`);
  }
  db.close();
});

test('a filtered query under the count cap is in bm25 order over exactly its matches, across pages (linux-pm)', needsCorpus, async () => {
  const db = openReadable(await linuxPmStore());
  const o = { group: 'message' as const, sort: 'relevance' as const, now: Date.UTC(2026, 0, 1) };
  // every text match's bm25 (a "rowid = ?" lookup would not score the row as the MATCH scan does)
  const bm25 = (match: string) => new Map(db.prepare(`SELECT rowid, bm25(messages_fts, ${BM25_WEIGHTS.join(', ')}) FROM messages_fts WHERE messages_fts MATCH ?`).raw().all(match) as [number, number][]);
  const idOf = db.prepare('SELECT id FROM messages WHERE msgid = ?').pluck();
  for (const q of ['f:rafael@kernel.org cpufreq', 'has:reviewed-by power', 'is:reply suspend', 's:cpufreq d:..2019-08-10', 'f:viresh.kumar@linaro.org s:opp']) {
    const plan = compileFts(exactAddresses(ast(q)));
    assert.ok(plan.match && plan.filters.length > 0, `${q}: text with filters`);
    const all = search(db, q, { ...o, limit: 1000 });
    assert.equal(all.partial, false, `${q}: under the count cap`);
    assert.ok(all.hits.length >= 5, `${q}: ${all.hits.length} hits`);
    // the same hits, in the same order, a page of 7 at a time
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = search(db, q, { ...o, limit: 7, cursor });
      paged.push(...page.hits.map((h) => h.msgid));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(paged, all.hits.map((h) => h.msgid), `${q}: pages add up`);
    // exactly the matches (newest-first order lists them all too)
    const byDate = search(db, q, { ...o, sort: 'date', limit: 1000 });
    assert.deepEqual([...paged].sort(), byDate.hits.map((h) => h.msgid).sort(), `${q}: the same messages as by date`);
    // bm25 from FTS5 row by row: never decreasing in relevance, ties newest first
    const ranks = bm25(plan.match);
    const keyed = all.hits.map((h) => ({ rank: ranks.get(idOf.get(h.msgid) as number)!, date: h.date ?? '' }));
    keyed.slice(1).forEach((k, i) => {
      const prev = keyed[i];
      assert.ok(prev.rank < k.rank || (prev.rank === k.rank && prev.date >= k.date), `${q}: hit ${i + 1} is in bm25 order`);
    });
  }
  db.close();
});

test('narrowByDate: the exact id span of a date range, an empty one where no mail is dated (linux-pm)', needsCorpus, async () => {
  const db = openReadable(await linuxPmStore());
  const span = db.prepare('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM messages WHERE date >= ? AND date < ?');
  const dateWhere = (from: number | null, to: number | null): [string, (string | number)[]] => {
    const { where, params } = compileSql({ kind: 'date', field: 'd', from, to });
    return [where, params];
  };
  const day = Date.UTC(2019, 7, 12);
  for (const [from, to] of [
    [day, day + 86_400_000],
    [day, day + 7 * 86_400_000],
    [Date.UTC(2019, 7, 1), Date.UTC(2019, 8, 1)],
  ]) {
    const want = span.get(from, to) as { n: number; lo: number; hi: number };
    assert.ok(want.n > 0);
    assert.deepEqual(narrowByDate(db, ...dateWhere(from, to)), [want.lo, want.hi], `${new Date(from).toISOString()}: its messages' id span`);
  }
  assert.deepEqual(narrowByDate(db, ...dateWhere(null, Date.UTC(1990, 0, 1))), [1, 0], 'no mail: an empty span');
  assert.deepEqual(narrowByDate(db, ...dateWhere(Date.UTC(2031, 0, 1), null)), [1, 0], 'no mail: an empty span');
  // the whole archive (3,469 messages) is under NARROW_MAX: still counted, and exact
  const all = db.prepare('SELECT min(id), max(id) FROM messages WHERE date IS NOT NULL').raw().get() as [number, number];
  assert.deepEqual(narrowByDate(db, ...dateWhere(null, null)), all);
  db.close();
});

test('f:ADDRESS beside text: exactly that sender\'s text matches, any case, also negated (linux-pm)', needsCorpus, async () => {
  const db = openReadable(await linuxPmStore());
  const o = { group: 'message' as const, sort: 'date' as const, limit: 1000, now: Date.UTC(2026, 0, 1) };
  const oracle = db.prepare(
    `SELECT msgid FROM messages WHERE (from_addr = ? COLLATE NOCASE) = ? AND id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY msgid`,
  ).pluck();
  for (const [q, addr, word, negated] of [
    ['f:rafael@kernel.org cpufreq', 'rafael@kernel.org', 'cpufreq', false],
    ['f:RAFAEL@Kernel.ORG idle', 'rafael@kernel.org', 'idle', false],
    ['f:viresh.kumar@linaro.org s:opp', 'viresh.kumar@linaro.org', 'subject:opp', false],
    ['-f:rafael@kernel.org cpufreq', 'rafael@kernel.org', 'cpufreq', true],
  ] as const) {
    const got = search(db, q, o);
    assert.equal(got.partial, false, q);
    const want = oracle.all(addr, negated ? 0 : 1, word) as string[];
    assert.ok(want.length > 3, `${q}: ${want.length} messages`);
    assert.deepEqual(got.hits.map((h) => h.msgid).sort(), want, q);
    assert.deepEqual(search(db, q, { ...o, sort: 'relevance' }).hits.map((h) => h.msgid).sort(), want, `${q} by relevance`);
  }
  db.close();
});
