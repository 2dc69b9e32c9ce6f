// GET /api/topics?since=&until= (the tree with counts and each top-level topic's newest
// series and threads) and GET /api/topics/<name> (names contain '/': "mm/asi").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.js';
import { TopicDetailQuery, TopicDetailSchema, TopicListQuery, TopicListSchema, TopicParams } from '../schemas/topic.js';
import { badRequest, notFound } from '../errors.js';
import { TopicCursorError, listTopics, parseDateBound, topicDetail } from '../../views/topics.js';
import type { TopicFilter } from '../../views/topic-types.js';

function dateRange(q: { since?: string; until?: string }): Pick<TopicFilter, 'since' | 'until'> {
  const out: Pick<TopicFilter, 'since' | 'until'> = {};
  for (const side of ['since', 'until'] as const) {
    const v = q[side];
    if (v === undefined) continue;
    const ms = parseDateBound(v, side);
    if (ms === null) throw badRequest(`invalid ${side} date ${JSON.stringify(v)}: use YYYY-MM-DD or an ISO date-time`);
    out[side] = ms;
  }
  if (out.since !== undefined && out.until !== undefined && out.since > out.until) throw badRequest('since is after until');
  return out;
}

const topics: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/topics',
    { schema: { querystring: TopicListQuery, response: { 200: TopicListSchema, ...errorResponses } } },
    async (req) => listTopics(app.db, { ...dateRange(req.query), limit: req.query.limit }),
  );

  app.get(
    '/api/topics/*',
    { schema: { params: TopicParams, querystring: TopicDetailQuery, response: { 200: TopicDetailSchema, ...errorResponses } } },
    async (req) => {
      const name = req.params['*'];
      const q = req.query;
      try {
        const d = topicDetail(app.db, name, { ...dateRange(q), limit: q.limit, seriesCursor: q.seriesCursor, threadCursor: q.threadCursor });
        if (!d) throw notFound(`topic ${JSON.stringify(name)}`);
        return d;
      } catch (e) {
        if (e instanceof TopicCursorError) throw badRequest(e.message);
        throw e;
      }
    },
  );
};

export default topics;
