// With a MAINTAINERS file imported, summaries name the people it lists as M: maintainers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { ingestInto } from '../helpers/tmp.js';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { importMaintainers } from '../../src/ingest/topic-stage.js';
import { exportContext, resolveTarget, FORMATS } from '../../src/export/formats.js';

type Summary = { participants: { name: string; address: string; roles: string[] }[] };

async function summary(db: Parameters<typeof exportContext>[0], threadId: number): Promise<Summary> {
  let out = '';
  const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) });
  await FORMATS.json.write(exportContext(db, Date.now()), resolveTarget(db, 'thread', String(threadId))!, sink);
  return JSON.parse(out) as Summary;
}

test('summaries: MAINTAINERS M: people get the maintainer role once the file is imported', needsCorpus, async () => {
  const { db } = await ingestInto([corpusPath('linux-pm-sample/2019-08.mbox')]);
  const viresh = 'viresh.kumar@linaro.org'; // M: of CPU FREQUENCY SCALING FRAMEWORK in the excerpt
  const threadId = db.prepare('SELECT thread_id FROM messages WHERE lower(from_addr) = ? ORDER BY id LIMIT 1').pluck().get(viresh) as number;
  assert.ok(threadId, 'Viresh Kumar writes in linux-pm 2019-08');
  const roles = (s: Summary) => s.participants.find((p) => p.address.toLowerCase() === viresh)?.roles ?? [];
  assert.ok(!roles(await summary(db, threadId)).includes('maintainer'), 'no MAINTAINERS yet');
  importMaintainers(db, fs.readFileSync(repoPath('test/fixtures/maintainers/MAINTAINERS'), 'utf8'));
  assert.ok(roles(await summary(db, threadId)).includes('maintainer'));
  db.close();
});
