// GET /api/search?q=&group=&sort=&limit=&cursor= — lore's query language over FTS5, run in the
// search worker pool so a slow query is answered at the deadline instead of holding the server.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QueryErrorSchema, SearchQuery, SearchResultSchema } from '../schemas/search.js';
import { ApiError } from '../errors.js';

const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/search',
    { schema: { querystring: SearchQuery, response: { 200: SearchResultSchema, 400: QueryErrorSchema } } },
    async (req, reply) => {
      const q = req.query;
      const out = await app.searchPool.run(q.q, { group: q.group, sort: q.sort, limit: q.limit, cursor: q.cursor, now: Date.now() });
      if ('ok' in out) return out.ok;
      if ('syntax' in out) return reply.code(400).send({ statusCode: 400, error: 'bad_query', ...out.syntax });
      if ('badCursor' in out) return reply.code(400).send({ statusCode: 400, error: 'bad_request', message: out.badCursor });
      if ('timedOut' in out) {
        const secs = app.searchPool.deadlineMs / 1000;
        return {
          total: 0,
          partial: true,
          timedOut: true,
          message: `the query ran longer than ${secs} s and was stopped: narrow it (longer prefixes, a date range d:, a list l:)`,
          hits: [],
          nextCursor: null,
        };
      }
      reply.header('retry-after', '1');
      throw new ApiError(503, 'busy', 'too many searches waiting: try again in a moment');
    },
  );
};

export default searchRoutes;
