// Values a long-lived reader derives from the store and can reuse until the store changes.
// A search worker expands "lock*" into the 322 index terms it covers by walking their
// doclists (about 20 ms in a million messages), and again for every page of the same
// results; the expansion only changes when an ingest commits.
import type { ReadableDB } from './db.js';
import { preparedOnce } from './prepared.js';

const dataVersion = preparedOnce((db: ReadableDB) => db.prepare('PRAGMA data_version').pluck());

export class StoreMemo {
  private readonly values = new Map<string, unknown>();
  private version: number | null = null;

  constructor(
    private readonly db: ReadableDB,
    private readonly max = 512,
  ) {}

  /** The value under `key`, computed now if absent or if another connection has committed since it was. */
  get<T>(key: string, compute: () => T): T {
    // data_version moves when another connection commits (SQLite's documented test for "has the file changed")
    const version = dataVersion(this.db).get() as number;
    if (version !== this.version) {
      this.values.clear();
      this.version = version;
    }
    if (this.values.has(key)) {
      const v = this.values.get(key) as T;
      this.values.delete(key); // least recently used first in the map's order
      this.values.set(key, v);
      return v;
    }
    const v = compute();
    this.values.set(key, v);
    if (this.values.size > this.max) this.values.delete(this.values.keys().next().value as string);
    return v;
  }
}
