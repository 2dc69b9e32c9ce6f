// The store as a fastify decorator: one read-only connection, closed with the server.
import fp from 'fastify-plugin';
import type { ReadableDB } from '../../store/db.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: ReadableDB;
  }
}

export default fp<{ db: ReadableDB }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    app.addHook('onClose', async () => opts.db.close());
  },
  { name: 'db' },
);
