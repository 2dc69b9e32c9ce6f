// A search worker's memo (store/memo.ts) keeps prefix expansions until another connection
// commits: a real store, a reader that stays open, and a second ingest into the same file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { openReadable } from '../../src/store/db.js';
import { StoreMemo } from '../../src/store/memo.js';
import { search } from '../../src/views/search.js';

function eml(dir: string, name: string, msgid: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    [`From: Ann Example <ann@example.org>`, `To: linux-kernel@vger.kernel.org`, `Subject: [PATCH] mm: ${name}`, `Date: Tue, 3 Mar 2026 10:00:00 +0000`, `Message-ID: <${msgid}>`, '', body, ''].join('\n'),
  );
  return file;
}

test('memo: computed once while the store is unchanged, again after another connection commits', async () => {
  const dir = tmpDir();
  const first = await ingestInto([eml(dir, 'one.eml', 'one@example.org', 'The flibber path takes the lock.')]);
  first.db.close();
  const db = openReadable(first.file);
  const memo = new StoreMemo(db);
  let computed = 0;
  const value = () => memo.get('k', () => ++computed);
  assert.equal(value(), 1);
  assert.equal(value(), 1, 'no commit in between: the memo answers');

  const now = Date.UTC(2026, 3, 1);
  const hits = () => search(db, 'flibber*', { group: 'message', sort: 'relevance', limit: 10, now }, { memo }).hits.map((h) => h.msgid);
  assert.deepEqual(hits(), ['one@example.org']);

  // a new index term under the same prefix, committed by another connection
  const second = await ingestInto([eml(dir, 'two.eml', 'two@example.org', 'A flibbertigibbet of a race.')], first.file);
  second.db.close();
  assert.deepEqual(hits().sort(), ['one@example.org', 'two@example.org'], 'the expansion of flibber* was recomputed');
  assert.equal(value(), 2, 'the commit cleared the memo');
  db.close();
});

test('memo: least recently used values go first past its bound', () => {
  const dir = tmpDir();
  return ingestInto([eml(dir, 'one.eml', 'one@example.org', 'text')]).then(({ db: w, file }) => {
    w.close();
    const db = openReadable(file);
    const memo = new StoreMemo(db, 2);
    const calls: string[] = [];
    const get = (k: string) => memo.get(k, () => (calls.push(k), k));
    get('a');
    get('b');
    get('a'); // a is now the most recent
    get('c'); // evicts b
    get('a');
    get('b');
    assert.deepEqual(calls, ['a', 'b', 'c', 'b']);
    db.close();
  });
});
