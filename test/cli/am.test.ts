// `lkb am` as a user runs it: the mbox on stdout or in a (gzip'd) file, the report on stderr,
// clear errors with exit status 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { corpusDir, corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { tmpDir } from '../helpers/tmp.js';

const dir = tmpDir();
const db = path.join(dir, 'kb.sqlite');
const lkb = (...args: string[]) =>
  spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), ...args], { encoding: 'buffer', env: { ...process.env, LKB_DB: db } });
if (corpusDir) lkb('ingest', '-q', corpusPath('b4/samples/trailers-followup-with-cover.mbox'));

test('lkb am SERIES writes the mbox to stdout and what it added to stderr', needsCorpus, () => {
  const r = lkb('am', 'patch-2-message@example.com');
  assert.equal(r.status, 0, r.stderr.toString());
  const out = r.stdout.toString();
  assert.equal(out.split('From git@z Thu Jan  1 00:00:00 1970\n').length - 1, 2);
  assert.match(out, /Subject: \[PATCH v2 1\/2\] Simple test 1\n/);
  assert.match(out, /Reviewed-by: Coverletter Reviewer1 <followup-reviewer1@example.com>\nLink: https:\/\/lore.kernel.org\/r\/patch-1-message@example.com\n---\n/);
  assert.doesNotMatch(out, /Simple cover/, 'the cover letter is left out');
  assert.match(r.stderr.toString(), /\+ Reviewed-by: Followup Reviewer1/);
});

test('lkb am -o PATH.gz writes gzip; --no-link and --no-trailers leave the messages as sent', needsCorpus, () => {
  const file = path.join(dir, 'v2.mbx.gz');
  const r = lkb('am', '1', '--version', '2', '--no-link', '--no-trailers', '-o', file);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.equal(r.stdout.length, 0);
  const out = gunzipSync(fs.readFileSync(file)).toString();
  assert.doesNotMatch(out, /Link: https:\/\/lore|Coverletter Reviewer1/);
  assert.match(out, /Signed-off-by: Original Submitter <original-submitter@example.com>\n---\n/);
});

test('lkb am: unknown series or version is a one-line error with exit status 2, and no file', needsCorpus, () => {
  const file = path.join(dir, 'never.mbx');
  const v = lkb('am', '1', '--version', '9', '-o', file);
  assert.equal(v.status, 2);
  assert.equal(v.stderr.toString(), 'lkb: series 1 has no v9 (versions: v2)\n');
  assert.ok(!fs.existsSync(file));
  const s = lkb('am', 'nobody@example.org');
  assert.equal(s.status, 2);
  assert.match(s.stderr.toString(), /no series contains <nobody@example.org>/);
});
