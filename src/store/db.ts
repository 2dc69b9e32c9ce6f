// Opening the store. Readers and writers are different types (the Signal-Desktop habit):
// server and export code gets a ReadableDB and cannot call a write function.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, pendingMigrations } from './migrate.js';

export type ReadableDB = Database.Database & { readonly __readable: unique symbol };
export type WritableDB = ReadableDB & { readonly __writable: unique symbol };

export const DEFAULT_DB = 'data/kb.sqlite';

export function resolveDbPath(flag?: string): string {
  return flag || process.env.LKB_DB || DEFAULT_DB;
}

export class StoreError extends Error {}

function tune(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a crash can lose the last commits but never corrupts the file;
  // a re-run of the ingest finishes the job (dedup by hash). Bulk ingest relaxes this
  // (see bulkWrites).
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768'); // 32 MB page cache
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
}

export function openWritable(file: string): WritableDB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (e) {
    throw new StoreError(`cannot open database ${file}: ${(e as Error).message}`);
  }
  tune(db);
  migrate(db);
  return db as WritableDB;
}

/**
 * For the length of an ingest: no fsync at each WAL checkpoint (measured: 2,440 -> 3,090
 * messages/s on 20,000 generated messages, the checkpoint fsyncs being the main cost).
 * A killed process loses nothing committed (the OS has the pages); only an OS crash or power
 * loss during the ingest can damage the file. The returned function checkpoints, syncs and
 * restores NORMAL, so the finished store is durable.
 */
export function bulkWrites(db: WritableDB): () => void {
  db.pragma('synchronous = OFF');
  db.pragma('wal_autocheckpoint = 16384');
  return () => {
    db.pragma('synchronous = FULL');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 1000');
  };
}

/**
 * `cacheMiB`: SQLite's page cache for this connection (default 64 MiB; it fills only as pages
 * are read). Long-lived readers of a large store want more: see the search worker.
 */
export function openReadable(file: string, o: { cacheMiB?: number } = {}): ReadableDB {
  if (!fs.existsSync(file)) throw new StoreError(`no database at ${file}: run \`lkb ingest PATH\` first (or pass --db)`);
  {
    // A store written by an older version gets its migrations before readers use it.
    const probe = new Database(file, { fileMustExist: true });
    try {
      if (pendingMigrations(probe) > 0) {
        tune(probe);
        migrate(probe);
      }
    } finally {
      probe.close();
    }
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`cache_size = -${Math.round((o.cacheMiB ?? 64) * 1024)}`);
  db.pragma('busy_timeout = 5000');
  return db as ReadableDB;
}
