// Bad input never stops an ingest and never costs stored mail: quarantine, unreadable
// files, and kill -9 in the middle of a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { corpusDir, corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { openReadable } from '../../src/store/db.js';
import { listQuarantine } from '../../src/store/quarantine.js';

const cli = repoPath('dist/src/cli/main.js');
const good = (i: number) =>
  `From: Tester <t@example.org>\nTo: list@example.org\nSubject: message ${i}\nDate: Mon, 2 Nov 2020 10:00:0${i} +0000\nMessage-ID: <m${i}@example.org>\n\nbody ${i}\n`;

test('a message that is not mail is quarantined with its reason; the rest go in', async () => {
  const dir = tmpDir();
  const junk = Buffer.concat([Buffer.from('\u0000\u0001\u0002 this is not a header block\n\u0000\u00ff\u00fe'), Buffer.alloc(64, 0)]);
  const mbox = Buffer.concat([
    Buffer.from(`From a@b Mon Nov  2 10:00:00 2020\n${good(1)}\n`),
    Buffer.from('From a@b Mon Nov  2 10:00:00 2020\n'),
    junk,
    Buffer.from(`\n\nFrom a@b Mon Nov  2 10:00:00 2020\n${good(2)}\n`),
  ]);
  fs.writeFileSync(path.join(dir, 'mixed.mbox'), mbox);
  const { db, file, report } = await ingestInto([path.join(dir, 'mixed.mbox')]);
  assert.equal(report.added, 2);
  assert.equal(report.quarantined, 1);
  const q = listQuarantine(db);
  assert.equal(q.length, 1);
  assert.match(q[0].origin, /mixed\.mbox/);
  assert.ok(q[0].reason.length > 0);
  db.close();
  // a second run quarantines nothing new and loses nothing
  const again = await ingestInto([path.join(dir, 'mixed.mbox')], file);
  assert.equal(again.report.added, 0);
  assert.equal(again.report.duplicates, 3);
  assert.equal(again.db.prepare('SELECT count(*) FROM messages').pluck().get(), 2);
  again.db.close();
});

test('every patchwork fuzz message is stored or quarantined, never a crash', needsCorpus, async () => {
  const { db, report } = await ingestInto([corpusPath('patchwork/fuzz')]);
  assert.equal(report.errors.length, 0);
  assert.equal(report.added + report.quarantined + report.duplicates, report.seen);
  assert.ok(report.seen >= 19);
  db.close();
});

test('a truncated gzip and a missing file are reported with name and offset; other files still go in', () => {
  const dir = tmpDir();
  const gz = zlib.gzipSync(Buffer.from(Array.from({ length: 50 }, (_, i) => `From a@b Mon Nov  2 10:00:00 2020\n${good(i % 10).replace(`<m${i % 10}@`, `<g${i}@`)}\n`).join('')));
  fs.writeFileSync(path.join(dir, 'cut.mbox.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  fs.writeFileSync(path.join(dir, 'ok.mbox'), `From a@b Mon Nov  2 10:00:00 2020\n${good(7)}`);
  const db = path.join(dir, 'kb.sqlite');
  const r = spawnSync(process.execPath, [cli, 'ingest', '--db', db, path.join(dir, 'cut.mbox.gz'), path.join(dir, 'nope.mbox'), path.join(dir, 'ok.mbox')], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cut\.mbox\.gz at byte \d+/);
  assert.match(r.stderr, /nope\.mbox/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const ro = openReadable(db);
  assert.equal(ro.prepare("SELECT count(*) FROM messages WHERE msgid = 'm7@example.org'").pluck().get(), 1);
  ro.close();
});

function ro2Sum(file: string): number {
  const ro = openReadable(file);
  const n = ro.prepare('SELECT sum(copy_count) FROM threads').pluck().get() as number;
  ro.close();
  return n;
}

const mkcorpus = corpusDir ? path.resolve(corpusDir, '../tools/mkcorpus.py') : '';

test('kill -9 during an ingest leaves a consistent store; re-running finishes without duplicates', needsCorpus, async () => {
  const dir = tmpDir();
  const mbox = path.join(dir, 'gen.mbox');
  execFileSync('python3', [mkcorpus, '-n', '20000', '--seed', '7', '-o', mbox, '-q']);
  const db = path.join(dir, 'kb.sqlite');
  const child = spawn(process.execPath, [cli, 'ingest', '--quiet', '--db', db, mbox], { stdio: 'ignore' });
  // wait until some batches are committed, then kill without warning
  const t0 = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (fs.existsSync(db)) {
      try {
        const ro = openReadable(db);
        const n = ro.prepare('SELECT count(*) FROM messages').pluck().get() as number;
        ro.close();
        if (n > 2000) break;
      } catch {
        /* not created yet */
      }
    }
    assert.ok(Date.now() - t0 < 60000, 'ingest made no progress');
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));

  const ro = openReadable(db);
  assert.equal(ro.pragma('integrity_check', { simple: true }), 'ok');
  const partial = ro.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  assert.ok(partial > 0 && partial < 20000, `partial: ${partial}`);
  // every stored message is in a thread whose row is either current or marked stale for the next run
  const unaccounted = ro
    .prepare('SELECT count(*) FROM messages WHERE thread_id NOT IN (SELECT id FROM threads UNION SELECT thread_id FROM threads_dirty)')
    .pluck()
    .get();
  assert.equal(unaccounted, 0, 'thread rows are current or marked stale');
  ro.close();

  const r = spawnSync(process.execPath, [cli, 'ingest', '--json', '--db', db, mbox], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.added + rep.duplicates + rep.quarantined, 20000);
  assert.ok(rep.duplicates >= partial);

  const fresh = await ingestInto([mbox]);
  assert.equal(ro2Sum(db), 20000 - rep.quarantined);
  const ro2 = openReadable(db);
  assert.equal(ro2.prepare('SELECT count(*) FROM messages').pluck().get(), fresh.db.prepare('SELECT count(*) FROM messages').pluck().get());
  assert.equal(ro2.prepare('SELECT count(*) FROM threads').pluck().get(), fresh.db.prepare('SELECT count(*) FROM threads').pluck().get());
  assert.equal(ro2.prepare('SELECT count(DISTINCT msgid) FROM messages').pluck().get(), ro2.prepare('SELECT count(*) FROM messages').pluck().get());
  ro2.close();
  fresh.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
