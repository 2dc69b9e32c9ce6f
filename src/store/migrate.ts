// Applies migrations/NNNN_name.sql in order, one transaction each, recorded in
// schema_migrations. A database whose applied list is not a prefix of the files on disk
// (an edited or reordered migration) is refused rather than guessed at.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

const here = path.dirname(fileURLToPath(import.meta.url));
// src/store -> repo root (also right from dist/src/store, one level deeper)
export const migrationsDir = [path.resolve(here, '../../migrations'), path.resolve(here, '../../../migrations')].find(
  (d) => fs.existsSync(d),
) as string;

interface Migration {
  id: number;
  name: string;
  sql: string;
}

export function availableMigrations(): Migration[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: Number(f.slice(0, 4)), name: f, sql: fs.readFileSync(path.join(migrationsDir, f), 'utf8') }));
}

export function migrate(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const available = availableMigrations();
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const readApplied = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id');
  // One migration per IMMEDIATE transaction, deciding what is pending only once the write
  // lock is held: two processes opening a new store at once (an ingest and a server) must
  // not both apply 0001.
  const step = db.transaction((): boolean => {
    const applied = readApplied.all() as { id: number; name: string }[];
    applied.forEach((a, i) => {
      if (available[i]?.name !== a.name) {
        throw new Error(`database is out of sync with migrations/: applied ${a.name}, found ${available[i]?.name ?? 'nothing'}`);
      }
    });
    const next = available[applied.length];
    if (!next) return false;
    db.exec(next.sql);
    record.run(next.id, next.name, Date.now());
    return true;
  });
  let n = 0;
  while (step.immediate()) n++;
  return n;
}

export function pendingMigrations(db: Database.Database): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  if (!exists) return availableMigrations().length;
  const n = (db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n;
  return availableMigrations().length - n;
}
