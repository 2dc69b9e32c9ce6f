// Grouping and version linking on a generated 10,000-message archive, scored against its truth file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { corpusDir, needsCorpus } from '../helpers/corpus.js';
import { tmpDir } from '../helpers/tmp.js';
import { groupSeries } from '../../src/series/group.js';
import { linkVersions } from '../../src/series/versions.js';
import { loadSeriesMessages } from './series-load.js';
import { pairScore, readTruth, scoreSeries } from './series-truth.js';

const mkcorpus = corpusDir ? path.resolve(corpusDir, '../tools/mkcorpus.py') : '';
const hasTool = mkcorpus !== '' && fs.existsSync(mkcorpus);

test('pair scoring: pairs put together by us, by the truth, by both', () => {
  const s = pairScore([
    { pred: 'a', truth: 'x' },
    { pred: 'a', truth: 'x' },
    { pred: 'a', truth: 'y' },
    { pred: 'b', truth: 'y' },
  ]);
  assert.deepEqual([s.predictedPairs, s.truePairs, s.hits], [3, 2, 1]);
  assert.equal(s.precision, 1 / 3);
  assert.equal(s.recall, 1 / 2);
});

test('10,000 generated messages: grouping and version linking precision and recall >= 0.99', hasTool ? needsCorpus : { skip: 'mkcorpus.py absent' }, async () => {
  const dir = tmpDir('lkb-series-scale-');
  try {
    const mbox = path.join(dir, 'x.mbox');
    execFileSync('python3', [mkcorpus, '-n', '10000', '--seed', '3', '-o', mbox, '-q']);
    const messages = await loadSeriesMessages([mbox]);
    assert.equal(messages.length, 10000);
    const versions = groupSeries(messages);
    const linked = linkVersions(versions, messages);
    const score = scoreSeries(messages, versions, linked, readTruth(path.join(dir, 'x.truth.jsonl')));
    const fmt = (n: number): string => n.toFixed(4);
    console.log(
      `# grouping P=${fmt(score.grouping.precision)} R=${fmt(score.grouping.recall)}; ` +
        `linking P=${fmt(score.linking.precision)} R=${fmt(score.linking.recall)}; ` +
        `${score.truthMembers} members, ${score.postings} postings (${score.exactPostings.exact} of ${score.exactPostings.of} exact), ${score.series} series`,
    );
    assert.ok(score.grouping.precision >= 0.99, `grouping precision ${score.grouping.precision}`);
    assert.ok(score.grouping.recall >= 0.99, `grouping recall ${score.grouping.recall}`);
    assert.ok(score.linking.precision >= 0.99, `linking precision ${score.linking.precision}`);
    assert.ok(score.linking.recall >= 0.99, `linking recall ${score.linking.recall}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
