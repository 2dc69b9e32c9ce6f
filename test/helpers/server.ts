// A real HTTP server over a real store for API tests: ingest, serve on 127.0.0.1, close after.
import { after } from 'node:test';
import { ingestInto } from './tmp.js';
import { openReadable } from '../../src/store/db.js';
import { buildApp } from '../../src/server/app.js';

export interface Served {
  base: string;
  /** GET a path; JSON bodies parsed, others as bytes. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  get: (path: string) => Promise<{ status: number; type: string; body: any }>;
}

export async function serveIngested(paths: string[]): Promise<Served> {
  const { file, db } = await ingestInto(paths);
  db.close();
  return serveStore(file);
}

/** A real HTTP server over a store already ingested (read-only). */
export async function serveStore(file: string): Promise<Served> {
  const app = await buildApp({ db: openReadable(file) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  after(() => app.close());
  return {
    base,
    get: async (p) => {
      const r = await fetch(base + p);
      const type = r.headers.get('content-type') ?? '';
      return { status: r.status, type, body: type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer()) };
    },
  };
}
