// The search query language: every prefix and operator, dates, syntax errors, limits, and
// hostile input. Compiled queries are run against an in-memory SQLite database with the FTS5
// table and the tables compileSql refers to, so "valid and not injectable" is checked by SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { repoPath } from '../helpers/corpus.js';
import {
  MAX_DEPTH, MAX_QUERY_BYTES, MAX_TERMS, QuerySyntaxError, compileFts, compileSql, parseQuery,
  type QueryNode,
} from '../../src/search/query.js';
import { FIELD_COLUMNS, ftsString, type Filter } from '../../src/search/query-compile.js';
import { parseDateValue } from '../../src/search/query-dates.js';

const NOW = Date.UTC(2021, 0, 10, 12, 0, 0); // Sunday 2021-01-10 12:00 UTC
const DAY = 86_400_000;
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);
const PID = 'a'.repeat(40);

function fixture(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`
    -- as migrations/0005_fts.sql creates it (contentless; '_' is part of a word)
    CREATE VIRTUAL TABLE messages_fts USING fts5(subject, from_, to_, cc, body_new, body_quoted,
      diff_files, diff_added, diff_removed, diff_hunks, diff_context, trailers,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2 tokenchars ''_''');
    CREATE TABLE messages (id INTEGER PRIMARY KEY, msgid TEXT NOT NULL, date INTEGER, list_id TEXT,
      patch_id TEXT, lines_added INTEGER, reply_subject INTEGER NOT NULL DEFAULT 0, thread_id INTEGER);
    CREATE TABLE threads (id INTEGER PRIMARY KEY, topic TEXT);
    CREATE TABLE trailers (message_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
      person_name TEXT, person_addr TEXT);
    CREATE TABLE series (id INTEGER PRIMARY KEY, topic TEXT);
    CREATE TABLE series_versions (id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, version INTEGER NOT NULL, cover_id INTEGER);
    CREATE TABLE series_patches (version_id INTEGER NOT NULL, slot INTEGER NOT NULL, message_id INTEGER);
  `);
  const fts = db.prepare('INSERT INTO messages_fts (rowid, subject, from_, to_, cc, body_new, body_quoted, diff_files, diff_added, diff_removed, diff_hunks, diff_context, trailers) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const msg = db.prepare('INSERT INTO messages (id, msgid, date, list_id, patch_id, lines_added, reply_subject) VALUES (?,?,?,?,?,?,?)');
  // 1: a patch (v2 1/2) of series 1 (topic mm/gup)
  fts.run(1, '[PATCH v2 1/2] mm/gup: fix mmap_lock in fork', 'Ann Author <ann@example.org>', 'linux-mm@kvack.org',
    'akpm@linux-foundation.org', 'This fixes the mmap_lock ordering.', '', 'mm/gup.c', 'mmap_read_lock(mm);',
    'down_read(&mm->mmap_sem);', '@@ -10,7 +10,7 @@ static int gup_fast', 'struct page *page;',
    'Signed-off-by: Ann Author <ann@example.org>');
  msg.run(1, 'patch1@example.org', day(2020, 10, 15) + 3_600_000, 'linux-mm.kvack.org', PID, 1, 0);
  // 2: a review of 1, quoting it, with FTS5 syntax in its text
  fts.run(2, 'Re: [PATCH v2 1/2] mm/gup: fix mmap_lock in fork', 'Bob Reviewer <bob@example.com>', 'Ann Author <ann@example.org>',
    'linux-mm@kvack.org', 'Looks good. NEAR/2 ^weird "quoted" text {subject} : col', 'This fixes the mmap_lock ordering.',
    '', '', '', '', '', 'Reviewed-by: Bob Reviewer <bob@example.com>');
  msg.run(2, 'reply2@example.com', day(2020, 10, 16) + 60_000, 'linux-mm.kvack.org', null, null, 1);
  // 3: the cover letter of series 1 v2
  fts.run(3, '[PATCH v2 0/2] mm/gup: series cover', 'Ann Author <ann@example.org>', 'linux-mm@kvack.org', '',
    'This series reworks gup.', '', '', '', '', '', '', '');
  msg.run(3, 'cover3@example.org', day(2020, 10, 14), 'linux-mm.kvack.org', null, null, 0);
  // 4: a patch of another series (topic sched), acked
  fts.run(4, '[PATCH] sched/fair: tweak load balance', 'Carol <carol@example.net>', 'linux-kernel@vger.kernel.org', '',
    'A scheduler change.', '', 'kernel/sched/fair.c', 'return 1;', 'return 0;', '@@ -1,3 +1,3 @@ int balance', '',
    'Acked-by: Peter Zijlstra <peterz@infradead.org>');
  msg.run(4, 'patch4@example.net', day(2021, 1, 9) + 7_200_000, 'linux-kernel.vger.kernel.org', 'b'.repeat(40), 1, 0);
  // 5: a reply with no date
  fts.run(5, 'Re: sched question', 'Dan <dan@example.org>', 'linux-kernel@vger.kernel.org', '',
    'What about mmap_lock?', '', '', '', '', '', '', '');
  msg.run(5, 'q5@example.org', null, 'linux-kernel.vger.kernel.org', null, null, 1);

  const tr = db.prepare('INSERT INTO trailers VALUES (?,?,?,?,?)');
  tr.run(1, 'Signed-off-by', 'Ann Author <ann@example.org>', 'Ann Author', 'ann@example.org');
  tr.run(2, 'Reviewed-by', 'Bob Reviewer <bob@example.com>', 'Bob Reviewer', 'bob@example.com');
  tr.run(4, 'Acked-by', 'Peter Zijlstra <peterz@infradead.org>', 'Peter Zijlstra', 'peterz@infradead.org');
  db.exec(`
    INSERT INTO series VALUES (1, 'mm/gup'), (2, 'sched');
    INSERT INTO series_versions VALUES (10, 1, 2, 3), (20, 2, 1, NULL);
    INSERT INTO series_patches VALUES (10, 1, 1), (10, 2, NULL), (20, 1, 4);
    -- threads: 1-3 (the series and its review), 4, and 5 (a discussion with no series)
    INSERT INTO threads VALUES (1, 'mm/gup'), (2, 'sched'), (3, 'sched');
    UPDATE messages SET thread_id = CASE WHEN id <= 3 THEN 1 WHEN id = 4 THEN 2 ELSE 3 END;
  `);
  return db;
}

const db = fixture();

/** Ids matching the query through compileSql. */
function viaSql(q: string): number[] {
  const { where, params } = compileSql(parseQuery(q, NOW).ast);
  return db.prepare(`SELECT m.id FROM messages m WHERE ${where} ORDER BY m.id`).pluck().all(...params) as number[];
}

/** Ids matching the query through compileFts (MATCH first, then filters), or null if residual. */
function viaFts(q: string): number[] | null {
  const plan = compileFts(parseQuery(q, NOW).ast);
  if (plan.residual.length > 0) return null;
  const conds: string[] = [];
  const params: (string | number)[] = [];
  if (plan.match !== null) {
    conds.push(`m.id ${plan.negatedOnly ? 'NOT IN' : 'IN'} (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)`);
    params.push(plan.match);
  }
  for (const f of plan.filters) {
    const s = compileSql(f);
    conds.push(s.where);
    params.push(...s.params);
  }
  const where = conds.length ? conds.join(' AND ') : '1';
  return db.prepare(`SELECT m.id FROM messages m WHERE ${where} ORDER BY m.id`).pluck().all(...params) as number[];
}

function search(q: string): number[] {
  const ids = viaSql(q);
  const fts = viaFts(q);
  if (fts !== null) assert.deepEqual(fts, ids, `compileFts and compileSql disagree on ${q}`);
  return ids;
}

test('every prefix finds what it names', () => {
  const rows: [string, number[]][] = [
    ['mmap_lock', [1, 2, 5]],
    ['reviewed', [2]], // trailers column, searched without a prefix
    ['s:mmap_lock', [1, 2]],
    ['s:question', [5]],
    ['f:bob', [2]],
    ['f:carol@example.net', [4]],
    ['t:kvack', [1, 3]],
    ['c:kvack', [2]],
    ['tc:kvack', [1, 2, 3]],
    ['a:ann', [1, 2, 3]],
    ['a:akpm', [1]],
    ['b:ordering', [1, 2]],
    ['bs:gup', [1, 2, 3]],
    ['bs:reworks', [3]],
    ['nq:ordering', [1]],
    ['q:ordering', [2]],
    ['dfn:mm/gup.c', [1]],
    ['dfn:fair.c', [4]],
    ['dfa:mmap_sem', [1]],
    ['dfb:mmap_sem', []],
    ['dfb:mmap_read_lock', [1]],
    ['dfhh:gup_fast', [1]],
    ['dfhh:balance', [4]],
    ['dfctx:page', [1]],
    [`patchid:${PID}`, [1]],
    [`patchid:${PID.toUpperCase()}`, [1]],
    ['m:reply2@example.com', [2]],
    ['m:<reply2@example.com>', [2]],
    ['l:linux-mm.kvack.org', [1, 2, 3]],
    ['l:<linux-kernel.vger.kernel.org>', [4, 5]],
    ['l:linux-kernel@vger.kernel.org', [4, 5]],
    ['d:20201015', [1]],
    ['rt:2021', [4]],
    ['dt:20201016000000..20201017000000', [2]],
    ['is:patch', [1, 4]],
    ['is:cover', [3]],
    ['is:reply', [2, 5]],
    ['v:2', [1, 3]],
    ['v:1', [4]],
    ['v:3', []],
    ['has:reviewed-by', [2]],
    ['has:Acked-By', [4]],
    ['has:fixes', []],
    ['has:patch', [1, 4]],
    ['trailer:acked-by', [4]],
    ['trailer:acked-by:peterz', [4]],
    ['trailer:"acked-by:Peter Zijlstra"', [4]],
    ['trailer:acked-by:bob', []],
    ['trailer:reviewed-by:bob@example.com', [2]],
    ['trailer:acked-by:%', []], // LIKE wildcards are escaped
    ['topic:mm', [1, 2, 3]], // the review is in the series' thread
    ['topic:mm/gup', [1, 2, 3]],
    ['topic:mm/g', []],
    ['topic:sched', [4, 5]], // 5: a discussion thread of that topic, in no series
    ['unknown:fork', []], // unknown prefix: the word "unknown:fork", not a column filter
    ['fork:fork', []],
  ];
  for (const [q, want] of rows) assert.deepEqual(search(q), want, q);
});

test('every operator', () => {
  const rows: [string, number[]][] = [
    ['mmap_lock fork', [1, 2]],
    ['mmap_lock AND fork', [1, 2]],
    ['gup OR sched', [1, 2, 3, 4, 5]],
    ['mmap_lock NOT fork', [5]],
    ['mmap_lock AND NOT fork', [5]],
    ['mmap_lock -fork', [5]],
    ['-mmap_lock', [3, 4]],
    ['NOT mmap_lock', [3, 4]],
    ['-is:patch', [2, 3, 5]],
    ['"fix mmap_lock"', [1, 2]],
    ['"mmap_lock fix"', []],
    ['s:"mm/gup: fix"', [1, 2]],
    ['sched*', [4, 5]],
    ['mmap', []], // "_" belongs to words: mmap_lock is one word
    ['mmap*', [1, 2, 5]],
    ['schedul*', [4]],
    ['"load bal"*', [4]],
    ['s:(fork OR fair)', [1, 2, 4]],
    ['s:(mmap_lock -Re)', [1]],
    ['(gup OR sched) is:patch', [1, 4]],
    ['gup OR sched is:patch', [1, 2, 3, 4]], // AND binds tighter than OR
    ['reviewed OR is:cover', [2, 3]], // text and filter under OR
    ['gup OR -ann', [1, 2, 3, 4, 5]],
    ['fork OR -f:ann', [1, 2, 4, 5]],
    ['mmap_lock -(fork OR d:..2020-12-31)', [5]],
    ['-d:2020', [4, 5]], // no date: outside every range, so inside its negation
    ['+fork', [1, 2]],
    ['NOT NOT fork', [1, 2]],
    ['--fork', [1, 2]], // like "git push --force": text, not NOT
    ['gup -(fork -Re)', [2, 3]], // nested NOT keeps its meaning in FTS5
    ['-(fork OR sched) f:ann', [3]],
    ['f:ann AND (is:cover OR has:reviewed-by)', [3]],
    ['fork - mm', [1, 2]], // a lone "-" is punctuation, dropped
  ];
  for (const [q, want] of rows) assert.deepEqual(search(q), want, q);
});

test('AST shapes: prefixes apply to the next term, phrase or group; implicit AND', () => {
  assert.deepEqual(parseQuery('s:(foo "bar baz") f:x*', NOW).ast, {
    kind: 'and',
    children: [
      { kind: 'term', field: 's', text: 'foo', phrase: false, prefix: false },
      { kind: 'term', field: 's', text: 'bar baz', phrase: true, prefix: false },
      { kind: 'term', field: 'f', text: 'x', phrase: false, prefix: true },
    ],
  });
  assert.deepEqual(parseQuery('s:(a f:b)', NOW).ast, {
    kind: 'and',
    children: [
      { kind: 'term', field: 's', text: 'a', phrase: false, prefix: false },
      { kind: 'term', field: 'f', text: 'b', phrase: false, prefix: false },
    ],
  });
  assert.deepEqual(parseQuery('-m:<a@b> OR v:v3', NOW).ast, {
    kind: 'or',
    children: [{ kind: 'not', child: { kind: 'exact', field: 'm', value: 'a@b' } }, { kind: 'exact', field: 'v', value: '3' }],
  });
  assert.deepEqual(parseQuery('and or not', NOW).ast.kind, 'and'); // lowercase: plain words
  for (const f of Object.keys(FIELD_COLUMNS)) {
    if (f === 'any') continue;
    const ast = parseQuery(`${f}:word`, NOW).ast;
    assert.deepEqual(ast, { kind: 'term', field: f, text: 'word', phrase: false, prefix: false }, f);
  }
});

test('FTS5 expression: literals, column filters, NOT needs a positive side', () => {
  const plan = (q: string) => compileFts(parseQuery(q, NOW).ast);
  assert.equal(plan('tc:x*').match, '{to_ cc} : "x" *');
  assert.equal(plan('s:"a b"').match, 'subject : "a b"');
  assert.equal(plan('a -b -c').match, '("a" NOT ("b" OR "c"))');
  assert.equal(plan('a -(b -c)').match, '("a" NOT (("b" NOT ("c"))))');
  assert.deepEqual(plan('-a d:2020'), {
    match: '"a"', negatedOnly: true, filters: [{ kind: 'date', field: 'd', from: day(2020, 1, 1), to: day(2021, 1, 1) }], residual: [],
  });
  const mixed = plan('a OR is:patch');
  assert.equal(mixed.match, null);
  assert.equal(mixed.residual.length, 1);
  const f: Filter[] = plan('is:patch (v:2 OR -d:2020)').filters;
  assert.equal(f.length, 2);
  assert.equal(ftsString('say "NEAR"'), '"say ""NEAR"""');
});

test('dates: absolute, ranges, open ranges, relative to a fixed now', () => {
  const range = (q: string) => {
    const ast = parseQuery(q, NOW).ast;
    assert.equal(ast.kind, 'date', q);
    return ast.kind === 'date' ? [ast.from, ast.to] : null;
  };
  const rows: [string, (number | null)[]][] = [
    ['d:20201001..20201101', [day(2020, 10, 1), day(2020, 11, 2)]],
    ['d:2020-10-01..2020-11-01', [day(2020, 10, 1), day(2020, 11, 2)]],
    ['d:2021-01-07', [day(2021, 1, 7), day(2021, 1, 8)]],
    ['d:20210107', [day(2021, 1, 7), day(2021, 1, 8)]],
    ['d:2021-01', [day(2021, 1, 1), day(2021, 2, 1)]],
    ['d:2020', [day(2020, 1, 1), day(2021, 1, 1)]],
    ['d:2021-01-07T10:30', [day(2021, 1, 7) + 630 * 60_000, day(2021, 1, 7) + 631 * 60_000]],
    ['d:"2021-01-07 10:30:15"', [day(2021, 1, 7) + 37_815_000, day(2021, 1, 7) + 37_816_000]],
    ['d:20210107103015', [day(2021, 1, 7) + 37_815_000, day(2021, 1, 7) + 37_816_000]],
    ['d:@1600000000', [1_600_000_000_000, 1_600_000_001_000]],
    ['d:..2021-01-07', [null, day(2021, 1, 8)]],
    ['d:2020-10-01..', [day(2020, 10, 1), null]],
    ['d:2.weeks.ago..', [NOW - 14 * DAY, null]],
    ['d:..2.days.ago', [null, NOW - 2 * DAY]],
    ['d:3.days.ago..1.day.ago', [NOW - 3 * DAY, NOW - DAY]],
    ['d:yesterday', [day(2021, 1, 9), day(2021, 1, 10)]],
    ['d:today', [day(2021, 1, 10), day(2021, 1, 11)]],
    ['d:yesterday..today', [NOW - DAY, NOW]],
    ['d:last.week', [NOW - 7 * DAY, NOW]],
    ['d:last.week..', [NOW - 7 * DAY, null]],
    ['d:3.days.ago', [day(2021, 1, 7), day(2021, 1, 8)]],
    ['d:5.hours.ago', [NOW - 5 * 3_600_000, NOW - 4 * 3_600_000]],
    ['d:1.month.ago..', [day(2020, 12, 10) + 12 * 3_600_000, null]],
    ['d:2.years.ago..', [day(2019, 1, 10) + 12 * 3_600_000, null]],
    ['d:30.minutes.ago..now', [NOW - 30 * 60_000, NOW]],
    ['d:1.week.2.days.ago..', [NOW - 9 * DAY, null]],
    ['rt:2020-10-01..2020-10-31', [day(2020, 10, 1), day(2020, 11, 1)]],
  ];
  for (const [q, want] of rows) assert.deepEqual(range(q), want, q);
  assert.deepEqual(parseQuery('rt:2020', NOW).ast, { kind: 'date', field: 'rt', from: day(2020, 1, 1), to: day(2021, 1, 1) });
  assert.deepEqual(parseQuery('dt:2020', NOW).ast, { kind: 'date', field: 'd', from: day(2020, 1, 1), to: day(2021, 1, 1) });
  // months move on the calendar and clamp to the month's end
  assert.equal(parseDateValue('1.month.ago', Date.UTC(2021, 2, 31, 6))?.instant, Date.UTC(2021, 1, 28, 6));
  // end-to-end against the fixture (now = 2021-01-10 12:00)
  assert.deepEqual(search('d:2.days.ago..'), [4]);
  assert.deepEqual(search('d:2020-10-14..2020-10-15'), [1, 3]);
  assert.deepEqual(search('d:..2020-10-15'), [1, 3]);
  assert.deepEqual(search('d:2020-10-16..'), [2, 4]);
  assert.deepEqual(search('d:yesterday'), [4]);
  assert.deepEqual(search('mmap_lock d:2020-10'), [1, 2]);
});

test('syntax errors carry a position and a hint', () => {
  const rows: [string, number, RegExp][] = [
    ['', 0, /words/],
    ['   ', 0, /words/],
    ['s:', 0, /s:word/],
    ['foo s: bar', 4, /no space after the colon/],
    ['s:)', 0, /s:word/],
    ['a AND', 2, /a AND b/],
    ['AND a', 0, /a AND b/],
    ['a OR', 2, /a OR b/],
    ['OR a', 0, /a OR b/],
    ['a OR OR b', 2, /a OR b/],
    ['a AND OR b', 2, /a AND b/],
    ['a NOT', 2, /a NOT b/],
    ['(a OR)', 3, /a OR b/],
    ['(a', 0, /close it/],
    ['a (b (c)', 2, /close it/],
    ['a)', 1, /remove this/],
    ['()', 0, /put terms/],
    ['"a b', 0, /close the phrase/],
    ['a "b" "c', 6, /close the phrase/],
    ['""', 0, /put words/],
    ['a\0b', 1, /NUL/],
    ['d:2020-13-01', 2, /not a date/],
    ['d:20200230', 2, /not a date/],
    ['d:2021..2020', 2, /ends before it starts/],
    ['x d:2020..soon', 10, /"soon" is not a date/],
    ['d:..', 2, /at least one end/],
    ['d:1..2..3', 6, /one "\.\."/],
    ['d:fortnight', 2, /not a date/],
    ['is:thread', 0, /patch, cover or reply/],
    ['v:0', 0, /version number/],
    ['v:two', 0, /version number/],
    ['patchid:abc', 0, /40 hex digits/],
    ['has:"two words"', 0, /trailer name/],
    ['trailer:"::"', 0, /trailer:NAME:WHO/],
    ['topic:-', 0, /subsystem path/],
    ['--- ...', 0, /no letters or digits/],
    ['*', 0, /no letters or digits/],
  ];
  for (const [q, pos, hint] of rows) {
    assert.throws(() => parseQuery(q, NOW), (e: unknown) => {
      assert.ok(e instanceof QuerySyntaxError, `${JSON.stringify(q)}: ${String(e)}`);
      assert.equal(e.position, pos, `${JSON.stringify(q)} position (${e.message})`);
      assert.match(e.hint, hint, JSON.stringify(q));
      assert.match(e.message, new RegExp(`position ${pos}`));
      return true;
    }, JSON.stringify(q));
  }
});

function expectError(q: string, hint: RegExp): QuerySyntaxError {
  try {
    parseQuery(q, NOW);
  } catch (e) {
    assert.ok(e instanceof QuerySyntaxError, String(e));
    assert.match(e.hint, hint);
    return e;
  }
  assert.fail(`no error for a ${q.length}-character query`);
}

test('limits: length, terms, nesting', () => {
  // a 10 KB query of one long word is fine and runs
  const long = 'x'.repeat(MAX_QUERY_BYTES - 2);
  assert.deepEqual(search(`s:${long}`), []);
  expectError('x'.repeat(MAX_QUERY_BYTES + 1), /at most 10240 bytes/);
  expectError('é'.repeat(MAX_QUERY_BYTES / 2 + 1), /bytes/); // bytes, not characters
  // OR lists: at the limit it runs, past it an error naming the first term over
  const branches = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' OR ');
  assert.deepEqual(search(branches(MAX_TERMS)), []);
  const e = expectError(branches(1000), /at most 256 terms/);
  assert.equal(e.position, branches(MAX_TERMS).length + 4);
  expectError('a '.repeat(5000), /10240 bytes|256 terms/);
  // nesting
  const nest = (n: number) => `${'('.repeat(n)}fork${')'.repeat(n)}`;
  assert.deepEqual(search(nest(MAX_DEPTH)), [1, 2]);
  expectError(nest(MAX_DEPTH + 1), /levels/);
  expectError(nest(5000), /levels/);
  expectError('NOT '.repeat(2000) + 'a', /levels/);
  assert.deepEqual(search('-'.repeat(5000) + 'fork'), [1, 2]); // "--...fork" is text, not NOT NOT ...
  expectError('-('.repeat(MAX_DEPTH) + 'a' + ')'.repeat(MAX_DEPTH), /levels/);
});

test('hostile text is only ever text', () => {
  // FTS5 syntax inside a phrase is matched literally as words
  assert.deepEqual(search('"NEAR/2 ^weird"'), [2]);
  assert.deepEqual(search('"{subject} : col"'), [2]);
  assert.deepEqual(search('^weird'), [2]);
  // what would be a column filter or an operator in FTS5 is a word here
  assert.deepEqual(search('subject:fork'), []);
  assert.deepEqual(search('body_new:ordering'), []);
  assert.deepEqual(search('{subject}:fork'), []);
  assert.deepEqual(search('NEAR(fork gup)'), [2]); // the word NEAR AND (fork gup): only 2 says NEAR
  assert.deepEqual(search('fork NEAR gup'), [2]);
  assert.deepEqual(search("fork' OR 1=1 --"), [1, 2]); // fork' OR the phrase "1 1"
  const hostile = [
    '"', '""""', "'", 'a"b', '"a" "', '*', '**', 'a**', '^', '^a', 'a^b', ':', '::', 'a:', ':a', 's::', 'NEAR/3',
    'NEAR(a b, 2)', 'a AND', 'AND', 'OR', 'NOT', '(', ')', ')(', '{a b}: c', '- -', '-', '+', '+-a', 'a -', 'a OR -',
    'x\u0000y', '\u0000', '\\', '%', '_', "'; DROP TABLE messages; --", 'm:%', 'l:_', 'topic:a%b', 'trailer:x:%_\\',
    'd:..', 'd:', 'd:1.fortnight.ago..', 'd:9999999999999', 'v:999999', 'ünïcödé* AND 中文', '\u202e\u200b', 'a\tb\nc\rd',
    'col : a', 'subject : fork', 'rowid:1', '"a" NOT "b"', 'fork" OR "x', 'm:"a b"', 's:("x" OR y*) -(t:z)',
  ];
  for (const q of hostile) checkSafe(q);
});

/** A query either fails with QuerySyntaxError or compiles to SQL/FTS that SQLite accepts. */
function checkSafe(q: string): void {
  let ast: QueryNode;
  try {
    ast = parseQuery(q, NOW).ast;
  } catch (e) {
    assert.ok(e instanceof QuerySyntaxError, `${JSON.stringify(q)} threw ${String(e)}`);
    assert.ok(e.position >= 0 && e.position <= q.length, `${JSON.stringify(q)} position ${e.position}`);
    assert.ok(e.hint.length > 0);
    return;
  }
  const { where, params } = compileSql(ast);
  assert.doesNotMatch(where, /\0/);
  db.prepare(`SELECT count(*) FROM messages m WHERE ${where}`).pluck().get(...params);
  const plan = compileFts(ast);
  if (plan.match !== null) db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(plan.match);
}

test('fuzz: random queries from syntax characters never escape', () => {
  const alphabet = ['"', '(', ')', '*', ':', '^', '-', '+', ' ', ' ', 'a', 'fork', 'AND', 'OR', 'NOT', 'NEAR', '/', '{', '}',
    ',', "'", '\\', '\0', 's:', 'd:', 'm:', '..', '2020', 'is:', 'patch', 'tc:', 'é', '%', '_', '\n'];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    let q = '';
    const len = 1 + rand(14);
    for (let j = 0; j < len; j++) q += alphabet[rand(alphabet.length)];
    checkSafe(q);
  }
});

test('SQL text is static: user values only in params', () => {
  const evil = "x'; DROP TABLE messages; --";
  for (const q of [`m:${evil}`, `l:${evil}`, `trailer:acked-by:${evil}`, `s:"${evil}"`]) {
    const { where, params } = compileSql(parseQuery(q, NOW).ast);
    assert.ok(!where.includes('DROP'), q);
    assert.ok(params.some((p) => String(p).includes('DROP')), q);
  }
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), 5);
});

test('the examples in docs/search.md parse', () => {
  const doc = fs.readFileSync(repoPath('docs', 'search.md'), 'utf8');
  const examples = [
    'mmap_lock fork', 's:"mm/gup" f:torvalds', 'dfn:mm/gup.c d:2020-01-01..', 'has:reviewed-by is:patch -is:reply',
    'b:(folio OR "page cache") NOT s:Re', '"load bal"*', '(folio OR page) -s:Re', 's:(race f:akpm)', 'foo:bar',
    'nq:"Reviewed-by"', 'l:netdev@vger.kernel.org', 'd:"2021-01-07 10:30:15"', 'd:@1610000000', 'd:"2 weeks ago.."',
    '1.week.2.days.ago', 'v:v3', 'trailer:"reviewed-by:Jane Doe"', 'topic:mm/asi', 'dfhh:copy_process',
    'is:patch -has:reviewed-by d:2.weeks.ago.. l:linux-mm.kvack.org', 'd:3.days.ago..1.day.ago', 'd:2021-01-07T10:30',
  ];
  for (const q of examples) {
    assert.ok(doc.includes(q), `docs/search.md no longer shows ${q}`);
    checkSafe(q);
    parseQuery(q, NOW);
  }
  for (const [q, msg] of [
    ['(a OR b', 'unbalanced "(" at position 0'], ['s: fix', 'empty value after s: at position 0'],
    ['fix AND', 'AND needs a term after it at position 4'], ['d:2021..2020', 'bad date at position 2'],
    ['is:thread', 'bad is: value at position 0'],
  ]) {
    assert.ok(doc.includes(`${q} `) && doc.includes(msg), q);
    assert.throws(() => parseQuery(q, NOW), (e: unknown) => e instanceof QuerySyntaxError && e.message.startsWith(msg));
  }
});
