// GET /api/search?q=&group=&sort=&limit=&cursor= — lore's query language over FTS5.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QueryErrorSchema, SearchQuery, SearchResultSchema } from '../schemas/search.js';
import { BadCursorError, QuerySyntaxError, search } from '../../views/search.js';

const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/search',
    { schema: { querystring: SearchQuery, response: { 200: SearchResultSchema, 400: QueryErrorSchema } } },
    async (req, reply) => {
      const q = req.query;
      try {
        return search(app.db, q.q, { group: q.group, sort: q.sort, limit: q.limit, cursor: q.cursor, now: Date.now() });
      } catch (e) {
        if (e instanceof QuerySyntaxError) {
          return reply.code(400).send({ statusCode: 400, error: 'bad_query', message: e.message, position: e.position, hint: e.hint });
        }
        if (e instanceof BadCursorError) return reply.code(400).send({ statusCode: 400, error: 'bad_request', message: e.message });
        throw e;
      }
    },
  );
};

export default searchRoutes;
