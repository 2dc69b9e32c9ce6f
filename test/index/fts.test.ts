// The full-text index is kept in step with ingest, field by field, and `lkb reindex`
// rebuilds the same index from the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { ingestInto } from '../helpers/tmp.js';
import { splitDiff } from '../../src/index/document.js';
import { reindex } from '../../src/ingest/reindex.js';
import type { WritableDB } from '../../src/store/db.js';

const hits = (db: WritableDB, q: string) =>
  (db.prepare('SELECT m.msgid FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ? ORDER BY m.id').pluck().all(q) as string[]);

test('splitDiff: files (both sides, renames), added, removed, hunk headers, context', () => {
  const d = splitDiff(
    ['diff --git a/mm/gup.c b/mm/gup.c', 'index 1..2 100644', '--- a/mm/gup.c', '+++ b/mm/gup.c', '@@ -10,3 +10,3 @@ static int follow_page(void)', ' ctx', '-old', '+new',
      'diff --git a/x.c b/y.c', 'rename from x.c', 'rename to y.c'].join('\n'),
  );
  assert.deepEqual(d.files, ['mm/gup.c', 'x.c', 'y.c']);
  assert.deepEqual([d.added, d.removed, d.hunks, d.context], [['new'], ['old'], ['static int follow_page(void)'], ['ctx']]);
});

test('the sample is searchable by field as soon as it is ingested', async () => {
  const { db } = await ingestInto([repoPath('data/sample')]);
  assert.equal(hits(db, 'body_new:clear_refs').length, 1);
  assert.equal(hits(db, 'body_quoted:"Slow GUP is safe"').length, 1);
  assert.deepEqual(hits(db, 'subject:alloc_notifier'), ['20200313191324.GG31668@ziepe.ca']);
  assert.equal(hits(db, 'from_:"Jason Gunthorpe"').length, 1);
  assert.equal(hits(db, 'trailers:reijiw').length, 3, 'the three commit records carry Suggested-by');
  assert.equal(hits(db, 'body_new:asi_is_restricted').length, 1, 'only the third version has the rename');
  db.close();
});

test('reindex rebuilds the same index from the store', needsCorpus, async () => {
  const { db } = await ingestInto([corpusPath('linux-pm-sample/2019-08.mbox')]);
  const queries = ['cpufreq', 'subject:thermal', 'body_quoted:regulator', 'diff_files:"drivers cpufreq"', 'diff_added:mutex_lock', 'diff_hunks:static', 'trailers:"Reviewed-by"', 'from_:rafael', 'cc:"linux-pm"', 'devfreq*'];
  const before = queries.map((q) => hits(db, q));
  assert.ok(before.every((h) => h.length > 0), JSON.stringify(before.map((h) => h.length)));
  const r = await reindex(db);
  assert.equal(r.messages, 1426);
  assert.deepEqual(queries.map((q) => hits(db, q)), before);
  db.close();
});
