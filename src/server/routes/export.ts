// GET /api/export/thread/:id, /api/export/series/:id, /api/export/topic/<name>,
// /api/export/search?q= with ?format=md|json|html: the summary as a download. The target is
// resolved first (404 JSON when missing); the body then streams one thread at a time.
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { errorResponses } from '../schemas/common.js';
import { ExportFormatQuery, ExportIdParams, ExportSearchQuery, ExportTopicParams } from '../schemas/export.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { ExportRefused, exportContext, exportFileName, FORMATS, formatNames, resolveTarget, searchQueryProblem, type TargetKind } from '../../export/formats.js';
import { selectSearchThreads, type SearchPager } from '../../export/select.js';
import type { SearchPool } from '../search/pool.js';

/**
 * A search export's threads, chosen through the search pool (its deadline applies to every
 * page) so that a pathological query is refused instead of holding the HTTP thread.
 */
function poolPager(pool: SearchPool, query: string): SearchPager {
  return async (o) => {
    const out = await pool.run(query, o);
    if ('busy' in out) throw new ApiError(503, 'busy', 'too many searches are running: try again in a moment');
    if ('timedOut' in out) {
      throw new ApiError(422, 'query_too_slow', `the query did not finish within ${pool.deadlineMs / 1000} s: narrow it (a date range, a prefix, fewer wildcards)`);
    }
    if (!('ok' in out)) throw badRequest('syntax' in out ? out.syntax.message : out.badCursor);
    return out.ok;
  };
}

const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const send = async (reply: FastifyReply, kind: TargetKind, arg: string, formatName: string) => {
    const format = Object.hasOwn(FORMATS, formatName) ? FORMATS[formatName] : undefined;
    if (!format) throw badRequest(`unknown format ${JSON.stringify(formatName)}: one of ${formatNames().join(', ')}`);
    const target = resolveTarget(app.db, kind, arg);
    if (!target) throw kind === 'thread' || kind === 'series' ? notFound(`${kind} ${JSON.stringify(arg)}`) : badRequest(`empty ${kind}`);
    const problem = target.kind === 'search' ? searchQueryProblem(target.query, Date.now()) : null;
    if (problem) throw badRequest(problem);
    const ctx = exportContext(app.db, Date.now());
    if (target.kind === 'search') target.threadIds = await selectSearchThreads(poolPager(app.searchPool, target.query), ctx.now);
    try {
      format.precheck?.(ctx, target);
    } catch (e) {
      if (e instanceof ExportRefused) throw new ApiError(422, 'cannot_export', e.message);
      throw e;
    }
    const body = new PassThrough();
    format.write(ctx, target, body).then(
      () => body.end(),
      (err: Error) => {
        app.log.error({ err }, 'export failed');
        body.destroy(err);
      },
    );
    return reply
      .type(format.contentType)
      .header('content-disposition', `attachment; filename="${exportFileName(target, format)}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(body);
  };

  const schema = (params: typeof ExportIdParams | typeof ExportTopicParams) => ({
    params,
    querystring: ExportFormatQuery,
    response: errorResponses,
  });

  app.get('/api/export/thread/:id', { schema: schema(ExportIdParams) }, async (req, reply) =>
    send(reply, 'thread', (req.params as { id: string }).id, req.query.format),
  );
  app.get('/api/export/series/:id', { schema: schema(ExportIdParams) }, async (req, reply) =>
    send(reply, 'series', (req.params as { id: string }).id, req.query.format),
  );
  app.get('/api/export/topic/*', { schema: schema(ExportTopicParams) }, async (req, reply) =>
    send(reply, 'topic', (req.params as { '*': string })['*'], req.query.format),
  );
  app.get(
    '/api/export/search',
    { schema: { querystring: ExportSearchQuery, response: errorResponses } },
    async (req, reply) => send(reply, 'search', req.query.q, req.query.format),
  );
};

export default exportRoutes;
