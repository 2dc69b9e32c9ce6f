// Mail that could not be stored as a message: kept with its reason and bytes, never dropped.
import type { ReadableDB, WritableDB } from './db.js';

export interface Quarantined {
  hash: Buffer;
  origin: string;
  reason: string;
  /** Already compressed with codec.compressOne. */
  rawZ: Buffer;
  size: number;
}

export function quarantine(db: WritableDB, q: Quarantined): boolean {
  const info = db
    .prepare('INSERT OR IGNORE INTO quarantine (hash, origin, reason, raw, size, at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(q.hash, q.origin, q.reason, q.rawZ, q.size, Date.now());
  return info.changes > 0;
}

export interface QuarantineRow {
  id: number;
  origin: string;
  reason: string;
  size: number;
  at: number;
}

export function listQuarantine(db: ReadableDB, limit = 100): QuarantineRow[] {
  return db.prepare('SELECT id, origin, reason, size, at FROM quarantine ORDER BY id LIMIT ?').all(limit) as QuarantineRow[];
}
