// A pathological query is answered at the deadline as partial/timed out, and the server keeps
// answering meanwhile; ordinary queries through the same pool are unaffected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestInto } from '../helpers/tmp.js';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';

import { openReadable } from '../../src/store/db.js';
import { buildApp } from '../../src/server/app.js';
import { SearchPool } from '../../src/server/search/pool.js';

const heavy = 'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `${c}*`).join(' OR ');
const opts = { group: 'message' as const, sort: 'relevance' as const, limit: 20, now: Date.now() };

test('search deadline: timed out queries are partial, the server stays responsive', needsCorpus, async () => {
  const { file, db } = await ingestInto([corpusPath('linux-pm-sample'), repoPath('data/sample')]);
  db.close();

  const fast = new SearchPool({ dbPath: file, deadlineMs: 30_000 });
  const ok = await fast.run('cpufreq', opts);
  assert.ok('ok' in ok && ok.ok.total > 0);
  const bad = await fast.run('s:(', opts);
  assert.ok('syntax' in bad && bad.syntax.position >= 0);

  const strict = new SearchPool({ dbPath: file, deadlineMs: 1 });
  const t0 = Date.now();
  const out = await strict.run(heavy, opts);
  assert.ok('timedOut' in out, JSON.stringify(out).slice(0, 200));
  assert.ok(Date.now() - t0 < 1000, 'answered at the deadline');
  // the busy worker was retired; the pool still works for the next query (it also times out here)
  assert.ok('timedOut' in (await strict.run('cpufreq', opts)));
  await Promise.all([fast.close(), strict.close()]);

  const app = await buildApp({ db: openReadable(file), searchDeadlineMs: 1 });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const [s, h] = await Promise.all([
      fetch(`${base}/api/search?q=${encodeURIComponent(heavy)}`),
      fetch(`${base}/healthz`),
    ]);
    assert.equal(h.status, 200);
    assert.equal(s.status, 200);
    const body = (await s.json()) as { partial: boolean; timedOut: boolean; hits: unknown[]; message: string };
    assert.equal(body.partial, true);
    assert.equal(body.timedOut, true);
    assert.deepEqual(body.hits, []);
    assert.match(body.message, /narrow/);
    // a search export selects its threads through the same pool: refused, not run on the HTTP thread
    const [e, h2] = await Promise.all([
      fetch(`${base}/api/export/search?format=md&q=${encodeURIComponent(heavy)}`),
      fetch(`${base}/healthz`),
    ]);
    assert.equal(h2.status, 200);
    assert.equal(e.status, 422);
    const err = (await e.json()) as { error: string; message: string };
    assert.equal(err.error, 'query_too_slow');
    assert.match(err.message, /narrow/);
  } finally {
    await app.close();
  }
});
