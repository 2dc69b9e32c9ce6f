// GET /api/threads (newest first, keyset-paged) and /api/threads/:id (the tree).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.js';
import { ThreadListQuery, ThreadListSchema, ThreadParams, ThreadSchema } from '../schemas/thread.js';
import { badRequest, notFound } from '../errors.js';
import { decodeCursor, resolveThreadId, threadDTO, threadPage } from '../../views/threads.js';
import { normalizeMsgidArg } from '../../store/messages.js';

const threads: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/threads',
    { schema: { querystring: ThreadListQuery, response: { 200: ThreadListSchema, ...errorResponses } } },
    async (req) => {
      const cursor = req.query.cursor ? decodeCursor(req.query.cursor) : undefined;
      if (cursor === null) throw badRequest('invalid cursor: pass back the nextCursor of a previous page');
      return threadPage(app.db, req.query.limit, cursor);
    },
  );

  app.get(
    '/api/threads/:id',
    { schema: { params: ThreadParams, response: { 200: ThreadSchema, ...errorResponses } } },
    async (req) => {
      const arg = normalizeMsgidArg(req.params.id);
      const id = resolveThreadId(app.db, arg);
      const t = id === undefined ? null : threadDTO(app.db, id);
      if (!t) throw notFound(`thread ${JSON.stringify(arg)}`);
      return t;
    },
  );
};

export default threads;
