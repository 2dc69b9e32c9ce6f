// Builds the app over the store and listens. Nothing else lives here.
import { openReadable } from '../store/db.js';
import { buildApp } from './app.js';

export async function startServer(o: { dbPath: string; host: string; port: number }): Promise<void> {
  const app = await buildApp({ db: openReadable(o.dbPath), logger: false });
  const address = await app.listen({ host: o.host, port: o.port });
  process.stderr.write(`lkb: serving ${o.dbPath} on ${address} (API: ${address}/api/threads)\n`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      void app.close().then(() => process.exit(0));
    });
  }
}
