import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openReadable, openWritable } from '../../src/store/db.js';
import { availableMigrations } from '../../src/store/migrate.js';
import { tmpDir } from '../helpers/tmp.js';

test('migrations apply once on open, in order, and are recorded', () => {
  const file = path.join(tmpDir(), 'kb.sqlite');
  openWritable(file).close();
  const db = openWritable(file); // second open applies nothing
  const applied = db.prepare('SELECT name FROM schema_migrations ORDER BY id').pluck().all();
  assert.deepEqual(applied, availableMigrations().map((m) => m.name));
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});

test('a database whose applied migrations differ from migrations/ is refused', () => {
  const file = path.join(tmpDir(), 'kb.sqlite');
  openWritable(file).close();
  const raw = new Database(file);
  raw.prepare("UPDATE schema_migrations SET name = '0001_something_else.sql' WHERE id = 1").run();
  raw.close();
  assert.throws(() => openWritable(file), /out of sync/);
});

test('the read-only connection rejects writes, and FTS5 is available', () => {
  const file = path.join(tmpDir(), 'kb.sqlite');
  openWritable(file).close();
  const ro = openReadable(file);
  assert.throws(() => ro.prepare("INSERT INTO source_state (key, value) VALUES ('a', 'b')").run(), /readonly/);
  ro.close();
  const rw = openWritable(file);
  rw.exec('CREATE VIRTUAL TABLE temp.f USING fts5(x)');
  rw.close();
});

test('opening a missing database for reading is a clear error', () => {
  assert.throws(() => openReadable(path.join(tmpDir(), 'nope.sqlite')), /no database at .*run `lkb ingest/);
});

test('two processes opening a new store at once apply each migration once', async () => {
  const { spawn } = await import('node:child_process');
  const { repoPath } = await import('../helpers/corpus.js');
  const file = path.join(tmpDir(), 'kb.sqlite');
  const open = () =>
    new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', `import { openWritable } from ${JSON.stringify(repoPath('dist/src/store/db.js'))}; openWritable(${JSON.stringify(file)}).close();`]);
      c.on('exit', (code) => resolve(code ?? 1));
    });
  const codes = await Promise.all([open(), open(), open()]);
  assert.deepEqual(codes, [0, 0, 0]);
  const db = openWritable(file);
  assert.equal(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), availableMigrations().length);
  db.close();
});
