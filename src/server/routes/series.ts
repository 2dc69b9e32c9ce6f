// GET /api/series, /api/series/:id, /api/series/:id/diff?from=&to=
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.js';
import { SeriesDetailSchema, SeriesDiffQuery, SeriesDiffSchema, SeriesListQuery, SeriesListSchema, SeriesParams } from '../schemas/series.js';
import { badRequest, notFound } from '../errors.js';
import { resolveSeriesId, seriesDetail, seriesDiff, seriesPage } from '../../views/series.js';
import { decodeCursor } from '../../views/threads.js';
import { normalizeMsgidArg } from '../../store/messages.js';

const series: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/series',
    { schema: { querystring: SeriesListQuery, response: { 200: SeriesListSchema, ...errorResponses } } },
    async (req) => {
      const q = req.query;
      const before = q.cursor ? decodeCursor(q.cursor) : undefined;
      if (before === null) throw badRequest('invalid cursor: pass back the nextCursor of a previous page');
      const since = q.since ? Date.parse(q.since) : undefined;
      if (since !== undefined && Number.isNaN(since)) throw badRequest(`invalid since date ${JSON.stringify(q.since)}`);
      return seriesPage(app.db, { limit: q.limit, before, author: q.author, state: q.state, topic: q.topic, list: q.list, since });
    },
  );

  const resolve = (arg: string) => {
    const id = resolveSeriesId(app.db, normalizeMsgidArg(arg));
    if (id === undefined) throw notFound(`series ${JSON.stringify(arg)}`);
    return id;
  };

  app.get(
    '/api/series/:id',
    { schema: { params: SeriesParams, response: { 200: SeriesDetailSchema, ...errorResponses } } },
    async (req) => seriesDetail(app.db, resolve(req.params.id))!,
  );

  app.get(
    '/api/series/:id/diff',
    { schema: { params: SeriesParams, querystring: SeriesDiffQuery, response: { 200: SeriesDiffSchema, ...errorResponses } } },
    async (req) => {
      const d = seriesDiff(app.db, resolve(req.params.id), req.query.from, req.query.to);
      if (!d) throw notFound(`series ${JSON.stringify(req.params.id)}`);
      if ('error' in d) throw notFound(d.error);
      return d;
    },
  );
};

export default series;
