// Temp directories and stores for tests: a real SQLite file each, removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWritable, type WritableDB } from '../../src/store/db.js';
import { ingest, type IngestReport } from '../../src/ingest/pipeline.js';

const made: string[] = [];
// Each test file is its own process: its directories go when it exits, pass or fail
// (a long run of the suite otherwise leaves thousands of stores behind in /tmp).
process.on('exit', () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function tmpDir(prefix = 'lkb-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function ingestInto(paths: string[], dbFile?: string): Promise<{ db: WritableDB; file: string; report: IngestReport }> {
  const file = dbFile ?? path.join(tmpDir(), 'kb.sqlite');
  const db = openWritable(file);
  const report = await ingest(db, paths, { workers: 2 });
  return { db, file, report };
}
