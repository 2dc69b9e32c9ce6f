// The mbox and site formats through `lkb export` and /api/export (the summary formats have
// their own tests): a thread as it is, a series as git am wants it, a topic as a static archive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { repoPath } from '../helpers/corpus.js';
import { openReadable } from '../../src/store/db.js';
import { buildApp } from '../../src/server/app.js';

const { file, db } = await ingestInto([repoPath('data/sample')]);
const asiSeries = db.prepare("SELECT id FROM series WHERE title LIKE '%ASI domains%'").pluck().get() as number;
const mmuThread = db.prepare("SELECT id FROM threads WHERE subject LIKE '%mmu_notifiers%'").pluck().get() as number;
const coverOnly = db.prepare("SELECT id FROM series WHERE title LIKE '%mmu_notifiers%'").pluck().get() as number;
db.close();

const lkb = (...args: string[]) => spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), '--db', file, ...args], { encoding: 'utf8' });

test('lkb export --format mbox: thread as stored, series for git am, refusal is one line and exit 1', () => {
  const dir = tmpDir();
  const t = lkb('export', 'thread', String(mmuThread), '--format', 'mbox', '-o', path.join(dir, 't.mbox'));
  assert.equal(t.status, 0, t.stderr);
  const mbox = fs.readFileSync(path.join(dir, 't.mbox'), 'utf8');
  assert.match(mbox, /^From mboxrd@z /);
  assert.match(mbox, /release callbacks must be simple\/fast/);

  const s = lkb('export', 'series', String(asiSeries), '--format', 'mbox', '-o', path.join(dir, 's.mbox'));
  assert.equal(s.status, 0, s.stderr);
  const am = fs.readFileSync(path.join(dir, 's.mbox'), 'utf8');
  assert.match(am, /^From git@z /);
  assert.match(am, /asi_invpcid_restricted_one/, 'the latest version (v3) is exported');

  const refused = lkb('export', 'series', String(coverOnly), '--format', 'mbox', '-o', path.join(dir, 'x.mbox'));
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^lkb: .*--partial/);
  assert.equal(refused.stderr.trim().split('\n').length, 1, 'no stack trace');
  assert.ok(!fs.existsSync(path.join(dir, 'x.mbox')));
});

test('lkb export --format site: a directory with index.html, refused when it exists, -o - is a .tar.gz', () => {
  const dir = path.join(tmpDir(), 'archive');
  const r = lkb('export', 'topic', 'mm', '--format', 'site', '-o', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'index.html')));
  assert.ok(fs.readdirSync(path.join(dir, 'threads')).length >= 4);
  const again = lkb('export', 'topic', 'mm', '--format', 'site', '-o', dir);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists.*--force/);
  const tgz = path.join(tmpDir(), 's.tar.gz');
  const t = spawnSync('sh', ['-c', `node ${repoPath('dist/src/cli/main.js')} --db ${file} export series ${asiSeries} --format site -o - > ${tgz}`]);
  assert.equal(t.status, 0, String(t.stderr));
  const list = spawnSync('tar', ['tzf', tgz], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /lkb-archive\/index\.html/);
  assert.match(list.stdout, /lkb-archive\/assets\/search-index-0\.js/);
});

test('/api/export with format=mbox and format=site', async () => {
  const app = await buildApp({ db: openReadable(file) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const s = await fetch(`${base}/api/export/series/${asiSeries}?format=mbox`);
    assert.equal(s.status, 200);
    assert.match(s.headers.get('content-type') ?? '', /application\/mbox/);
    assert.match(await s.text(), /^From git@z /);
    const refused = await fetch(`${base}/api/export/series/${coverOnly}?format=mbox`);
    assert.equal(refused.status, 422);
    assert.match(((await refused.json()) as { message: string }).message, /partial/);
    const site = await fetch(`${base}/api/export/topic/mm?format=site`);
    assert.equal(site.status, 200);
    assert.match(site.headers.get('content-disposition') ?? '', /topic-mm\.tar\.gz/);
    const tgz = path.join(tmpDir(), 'topic.tar.gz');
    fs.writeFileSync(tgz, Buffer.from(await site.arrayBuffer()));
    const list = spawnSync('tar', ['tzf', tgz], { encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /lkb-archive\/threads\/\d+\.html/);
  } finally {
    await app.close();
  }
});
