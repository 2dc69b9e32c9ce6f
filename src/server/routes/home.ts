// GET /: the newest threads (until the lead wires the topic home page, render/home.ts renderHomePage).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeCursor, threadPage } from '../../views/threads.js';
import { quickCounts } from '../../store/stats.js';
import { renderThreadListPage } from '../../render/home.js';
import { renderErrorPage } from '../../render/error.js';

const home: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { querystring: Type.Object({ cursor: Type.Optional(Type.String()) }) } }, async (req, reply) => {
    reply.type('text/html; charset=utf-8');
    const before = req.query.cursor ? decodeCursor(req.query.cursor) : undefined;
    if (before === null) return reply.code(400).send(renderErrorPage(400, 'invalid cursor'));
    const page = threadPage(app.db, 100, before);
    const next = page.nextCursor ? `/?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    return reply.send(renderThreadListPage(page.threads, quickCounts(app.db), next));
  });
};

export default home;
