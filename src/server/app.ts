// The HTTP app as a plugin-composed fastify instance: shared decorators, then one plugin
// per route group. Tests build it with buildApp() and call app.inject().
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ReadableDB } from '../store/db.js';
import dbPlugin from './plugins/db.js';
import searchPoolPlugin from './plugins/search-pool.js';
import health from './routes/health.js';
import threads from './routes/threads.js';
import messages from './routes/messages.js';
import home from './routes/home.js';
import series from './routes/series.js';
import searchRoutes from './routes/search.js';
import lore from './routes/lore.js';
import exportRoutes from './routes/export.js';
import topics from './routes/topics.js';
import { ApiError } from './errors.js';

export interface AppOptions {
  db: ReadableDB;
  logger?: boolean;
  /** Searches answer as timed out (partial) after this many ms (default 2,000). */
  searchDeadlineMs?: number;
  searchWorkers?: number;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    // Message-IDs go in paths; some are long.
    routerOptions: { maxParamLength: 1000 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) {
      return reply.code(err.statusCode).send({ statusCode: err.statusCode, error: err.code, message: err.message });
    }
    if (err.validation || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      const code = err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
      return reply.code(code).send({ statusCode: code, error: 'bad_request', message: err.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ statusCode: 500, error: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ statusCode: 404, error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  await app.register(dbPlugin, { db: opts.db });
  await app.register(searchPoolPlugin, { dbPath: opts.db.name, deadlineMs: opts.searchDeadlineMs, workers: opts.searchWorkers });
  await app.register(health);
  await app.register(threads);
  await app.register(messages);
  await app.register(series);
  await app.register(searchRoutes);
  await app.register(exportRoutes);
  await app.register(topics);
  await app.register(home);
  // last: its /:list/:msgid patterns only take what no static route claims
  await app.register(lore);
  return app;
}
