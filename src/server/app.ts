// The HTTP app as a plugin-composed fastify instance: shared decorators, then one plugin
// per route group. Tests build it with buildApp() and call app.inject().
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ReadableDB } from '../store/db.js';
import dbPlugin from './plugins/db.js';
import searchPoolPlugin from './plugins/search-pool.js';
import health from './routes/health.js';
import threads from './routes/threads.js';
import messages from './routes/messages.js';
import home from './routes/home.js';
import pages from './routes/pages.js';
import staticRoutes from './routes/static.js';
import security from './plugins/security.js';
import { renderErrorPage } from '../render/error.js';
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

/** A browser asking for a page (not the JSON API) gets HTML error pages. */
const wantsHtml = (req: FastifyRequest): boolean =>
  !req.url.startsWith('/api/') && req.url !== '/healthz' && (req.headers.accept ?? '').includes('text/html');

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    // Message-IDs go in paths; some are long.
    routerOptions: { maxParamLength: 1000 },
    // closing the server (SIGINT, tests) ends keep-alive connections instead of waiting on clients
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) {
      return reply.code(err.statusCode).send({ statusCode: err.statusCode, error: err.code, message: err.message });
    }
    if (err.validation || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      const code = err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
      if (wantsHtml(req)) return reply.code(code).type('text/html; charset=utf-8').send(renderErrorPage(code, err.message));
      return reply.code(code).send({ statusCode: code, error: 'bad_request', message: err.message });
    }
    req.log.error({ err }, 'request failed');
    if (wantsHtml(req)) return reply.code(500).type('text/html; charset=utf-8').send(renderErrorPage(500, 'internal error'));
    return reply.code(500).send({ statusCode: 500, error: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((req, reply) =>
    wantsHtml(req)
      ? reply.code(404).type('text/html; charset=utf-8').send(renderErrorPage(404, `no page ${req.url.split('?')[0]}`))
      : reply.code(404).send({ statusCode: 404, error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  await app.register(dbPlugin, { db: opts.db });
  await app.register(searchPoolPlugin, { dbPath: opts.db.name, deadlineMs: opts.searchDeadlineMs, workers: opts.searchWorkers });
  await app.register(security);
  await app.register(health);
  await app.register(threads);
  await app.register(messages);
  await app.register(series);
  await app.register(searchRoutes);
  await app.register(exportRoutes);
  await app.register(topics);
  await app.register(home);
  await app.register(pages);
  await app.register(staticRoutes);
  // last: its /:list/:msgid patterns only take what no static route claims
  await app.register(lore);
  return app;
}
