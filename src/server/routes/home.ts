// GET /: the newest threads as a plain HTML page (no script, strict CSP).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { threadPage } from '../../views/threads.js';
import { quickCounts } from '../../store/stats.js';
import { renderHome } from '../../render/home.js';

const home: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', async (_req, reply) => {
    const page = threadPage(app.db, 100);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'")
      .header('x-content-type-options', 'nosniff')
      .send(renderHome(page.threads, quickCounts(app.db)));
  });
};

export default home;
