// GET / (topics with activity counts and their newest series and threads, a date range),
// GET /topic/<name> (one topic: sub-topics, terms, series with version chips, discussions),
// GET /threads (the newest threads of every topic).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { decodeCursor, threadPage } from '../../views/threads.js';
import { listTopics, topicDetail, TopicCursorError } from '../../views/topics.js';
import { quickCounts } from '../../store/stats.js';
import { renderHomePage, renderThreadListPage } from '../../render/home.js';
import { renderTopicPage } from '../../render/topic.js';
import { renderErrorPage } from '../../render/error.js';
import { dateRangeFilter } from './pages.js';

const Str = Type.Optional(Type.String({ maxLength: 400 }));
const TOPIC_PAGE = 30;

const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);

const home: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { querystring: Type.Object({ since: Str, until: Str }) } }, async (req, reply) => {
    const dates = dateRangeFilter(req.query.since, req.query.until);
    if (!dates) return html(reply, 400, renderErrorPage(400, 'dates are YYYY-MM-DD, since before until'));
    return html(reply, 200, renderHomePage(listTopics(app.db, dates.filter), dates.range));
  });

  app.get(
    '/topic/*',
    { schema: { querystring: Type.Object({ since: Str, until: Str, seriesCursor: Str, threadCursor: Str }) } },
    async (req, reply) => {
      const name = decodeURIComponent((req.params as { '*': string })['*']).replace(/\/+$/, '');
      const q = req.query;
      const dates = dateRangeFilter(q.since, q.until);
      if (!dates) return html(reply, 400, renderErrorPage(400, 'dates are YYYY-MM-DD, since before until'));
      try {
        const t = topicDetail(app.db, name, { ...dates.filter, limit: TOPIC_PAGE, seriesCursor: q.seriesCursor, threadCursor: q.threadCursor });
        if (!t) return html(reply, 404, renderErrorPage(404, `no topic ${JSON.stringify(name)}`));
        const more = (key: 'seriesCursor' | 'threadCursor', cursor: string | null) => {
          if (!cursor) return null;
          const u = new URLSearchParams();
          if (q.since) u.set('since', q.since);
          if (q.until) u.set('until', q.until);
          u.set(key, cursor);
          return `/topic/${name.split('/').map(encodeURIComponent).join('/')}?${u}`;
        };
        return html(reply, 200, renderTopicPage(t, dates.range, { series: more('seriesCursor', t.nextSeriesCursor), threads: more('threadCursor', t.nextThreadCursor) }));
      } catch (e) {
        if (e instanceof TopicCursorError) return html(reply, 400, renderErrorPage(400, 'invalid cursor'));
        throw e;
      }
    },
  );

  app.get('/threads', { schema: { querystring: Type.Object({ cursor: Str }) } }, async (req, reply) => {
    const before = req.query.cursor ? decodeCursor(req.query.cursor) : undefined;
    if (before === null) return html(reply, 400, renderErrorPage(400, 'invalid cursor'));
    const page = threadPage(app.db, 100, before);
    const next = page.nextCursor ? `/threads?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    return html(reply, 200, renderThreadListPage(page.threads, quickCounts(app.db), next));
  });
};

export default home;
