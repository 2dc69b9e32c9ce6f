// Reader checkpoints (e.g. the last public-inbox commit ingested per epoch).
import type { ReadableDB, WritableDB } from './db.js';
import type { SourceStateStore } from '../domain/source.js';

export function stateStore(db: ReadableDB): SourceStateStore {
  const get = db.prepare('SELECT value FROM source_state WHERE key = ?').pluck();
  return {
    get: (key) => (get.get(key) as string | undefined) ?? null,
    set: () => {
      throw new Error('checkpoints are written by the ingest pipeline (saveCheckpoint)');
    },
  };
}

export function saveCheckpoint(db: WritableDB, key: string, value: string): void {
  db.prepare('INSERT INTO source_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export function clearCheckpoint(db: WritableDB, key: string): void {
  db.prepare('DELETE FROM source_state WHERE key = ?').run(key);
}
