// `lkb export` as a user runs it: files written, missing targets and existing files refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoPath } from '../helpers/corpus.js';
import { ingestInto, tmpDir } from '../helpers/tmp.js';

const { db, file } = await ingestInto([repoPath('data/sample'), repoPath('test/fixtures/export/review.mbox')]);
const seriesId = String(db.prepare("SELECT id FROM series WHERE title LIKE '%ASI domains%'").pluck().get());
db.close();
const dir = tmpDir();
const lkb = (...args: string[]) =>
  spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), '--db', file, ...args], { encoding: 'utf8' });

test('export writes md, json and html files; - writes to stdout', () => {
  const md = path.join(dir, 't.md');
  const r = lkb('export', 'thread', '20200313191324.GG31668@ziepe.ca', '-o', md);
  assert.equal(r.status, 0, r.stderr);
  assert.match(fs.readFileSync(md, 'utf8'), /release callbacks must be simple\/fast/);
  const html = path.join(dir, 's.html');
  assert.equal(lkb('export', 'series', seriesId, '--format', 'html', '-o', html).status, 0);
  assert.match(fs.readFileSync(html, 'utf8'), /asi_is_restricted/);
  const out = lkb('export', 'topic', 'cpufreq', '--format', 'json', '-o', '-');
  assert.equal(out.status, 0, out.stderr);
  assert.equal(JSON.parse(out.stdout).threads.length, 1);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['s.html', 't.md'], 'no partial files left behind');
});

test('a missing thread or series: a clear message and exit status 1, no file', () => {
  for (const kind of ['thread', 'series']) {
    const target = path.join(dir, `missing-${kind}.md`);
    const r = lkb('export', kind, 'no-such-id@example.org', '-o', target);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`^lkb: ${kind} "no-such-id@example.org" not found\\n$`));
    assert.equal(fs.existsSync(target), false);
  }
});

test('an existing output is kept unless --force', () => {
  const target = path.join(dir, 'exists.md');
  fs.writeFileSync(target, 'mine');
  const r = lkb('export', 'thread', '20200313191324.GG31668@ziepe.ca', '-o', target);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /exists \(use --force to overwrite it\)/);
  assert.equal(fs.readFileSync(target, 'utf8'), 'mine');
  const f = lkb('export', 'thread', '20200313191324.GG31668@ziepe.ca', '-o', target, '--force');
  assert.equal(f.status, 0, f.stderr);
  assert.match(fs.readFileSync(target, 'utf8'), /^# mm\/`mmu_notifiers`/);
});

test('an unknown format or kind, a bad query: a clear error, non-zero exit', () => {
  const f = lkb('export', 'thread', '1', '--format', 'pdf', '-o', '-');
  assert.notEqual(f.status, 0);
  assert.match(f.stderr, /argument 'pdf' is invalid\. Allowed choices are md, json, html/);
  const k = lkb('export', 'list', '1', '-o', '-');
  assert.notEqual(k.status, 0);
  assert.match(k.stderr, /Allowed choices are thread, series, topic, search/);
  const q = lkb('export', 'search', 's:(', '-o', '-');
  assert.equal(q.status, 1);
  assert.match(q.stderr, /bad query: unbalanced/);
  assert.equal(q.stdout, '');
});
