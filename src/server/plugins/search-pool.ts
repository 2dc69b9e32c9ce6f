// The search worker pool as a decorator (started when the server is ready, closed with it).
import fp from 'fastify-plugin';
import { SearchPool } from '../search/pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    searchPool: SearchPool;
  }
}

export interface SearchPoolPluginOptions {
  dbPath: string;
  deadlineMs?: number;
  workers?: number;
}

export default fp<SearchPoolPluginOptions>(
  async (app, opts) => {
    const pool = new SearchPool({ dbPath: opts.dbPath, deadlineMs: opts.deadlineMs, size: opts.workers });
    app.decorate('searchPool', pool);
    app.addHook('onReady', async () => pool.warm());
    app.addHook('onClose', async () => pool.close());
  },
  { name: 'search-pool' },
);
