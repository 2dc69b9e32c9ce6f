// Downloads and lore.kernel.org-compatible URLs:
//   /m/:msgid/raw                 the message's bytes as ingested (text/plain)
//   /thread/:id/mbox.gz           the whole thread as gzip'd mboxrd (attachment), streamed
//   /r/:msgid[/]                  lore's short link (our Link: trailers use it) -> /m/<msgid>
//   /:list/:msgid[/]              -> 302 /m/<msgid>
//   /:list/:msgid/T/ and /t/      -> 302 /thread/<id>#<msgid>
//   /:list/:msgid/raw             the copy that came through that list
//   /:list/:msgid/t.mbox.gz       the thread's messages on that list ("all": every list)
//   /search/atom.xml?q=           the 25 newest matches as Atom
//   /topic/<name>/atom.xml        a topic's newest threads as Atom (name may hold up to 4 '/'-parts)
// LIST is a lore list name (linux-pm, lkml) or "all". Errors here are short text/plain (these
// URLs are fetched by curl, b4 and browsers), never a stack trace. The app's static first path
// segments are reserved: /api/x/ or /series/3/ answer the app's usual JSON 404, not a lore lookup.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AnyNotFound,
  Bytes,
  Redirect,
  LoreParams,
  MsgidParams,
  RawQuery,
  SearchFeedQuery,
  TextBody,
  ThreadMboxParams,
  TopicFeedParams1,
  TopicFeedParams2,
  TopicFeedParams3,
  TopicFeedParams4,
  XmlBody,
} from '../schemas/lore.js';
import { ErrorSchema } from '../schemas/common.js';
import { getMessagesByMsgid, getRaw, getThreadMessageIds, getMessageById, normalizeMsgidArg } from '../../store/messages.js';
import { resolveThreadId } from '../../views/threads.js';
import { findOnList, isOnList } from '../../views/lore.js';
import { FEED_ENTRIES, searchFeed, topicFeed, topicThreads } from '../../views/feed.js';
import { ATOM_TYPE, renderAtom } from '../../render/atom.js';
import { mboxrdChunks, threadMboxStream } from '../../export/mbox.js';
import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';

/** First path segments the app itself owns: never a lore list name. */
export const RESERVED_SEGMENTS: ReadonlySet<string> = new Set([
  'api',
  'static',
  'thread',
  'threads',
  'm',
  'r',
  'series',
  'search',
  'topic',
  'topics',
  'help',
  'healthz',
  'export',
]);

/** A Message-ID as a path segment; '@' stays readable (lore's URLs keep it). */
const path = (msgid: string) => encodeURIComponent(msgid).replace(/%40/g, '@');

function text(reply: FastifyReply, code: number, body: string) {
  return reply.code(code).type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(`${body}\n`);
}

function raw(reply: FastifyReply, bytes: Buffer) {
  // text/plain so browsers show it and never interpret it as HTML
  return reply
    .type('text/plain; charset=utf-8')
    .header('content-disposition', 'inline')
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}

function gzipDownload(reply: FastifyReply, filename: string) {
  return reply
    .type('application/gzip')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff');
}

/** The reply the app's not-found handler gives, for reserved prefixes that reach a lore route. */
function appNotFound(req: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send({ statusCode: 404, error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
}

const lore: FastifyPluginAsyncTypebox = async (app) => {
  const notFoundSchema = { 404: TextBody };

  /** A message on a list, or the reply already sent (404 text / app 404). */
  const lookup = (req: FastifyRequest, reply: FastifyReply, list: string, msgidArg: string) => {
    if (RESERVED_SEGMENTS.has(list.toLowerCase())) return { reply: appNotFound(req, reply) };
    const msgid = normalizeMsgidArg(msgidArg);
    const r = findOnList(app.db, msgid, list);
    if ('unknown' in r) return { reply: text(reply, 404, `<${msgid}> not found`) };
    if ('elsewhere' in r) {
      const where = r.elsewhere.length ? ` (it is on: ${r.elsewhere.join(', ')})` : '';
      return { reply: text(reply, 404, `<${msgid}> is not on ${list}${where}; /all/ has every list`) };
    }
    return { row: r.found };
  };

  app.get(
    '/m/:msgid/raw',
    { schema: { params: MsgidParams, querystring: RawQuery, response: { 200: Bytes, ...notFoundSchema } } },
    async (req, reply) => {
      const msgid = normalizeMsgidArg(req.params.msgid);
      const rows = getMessagesByMsgid(app.db, msgid);
      const row = rows[(req.query.copy ?? 1) - 1];
      if (!row) return text(reply, 404, rows.length ? `<${msgid}> has ${rows.length} stored copies` : `<${msgid}> not found`);
      return raw(reply, getRaw(app.db, row));
    },
  );

  app.get(
    '/thread/:id/mbox.gz',
    { schema: { params: ThreadMboxParams, response: { 200: Bytes, ...notFoundSchema } } },
    async (req, reply) => {
      const arg = normalizeMsgidArg(req.params.id);
      const id = resolveThreadId(app.db, arg);
      if (id === undefined) return text(reply, 404, `thread ${JSON.stringify(arg)} not found`);
      return gzipDownload(reply, `thread-${id}.mbox.gz`).send(threadMboxStream(app.db, id, { gzip: true }));
    },
  );

  for (const url of ['/r/:msgid', '/r/:msgid/']) {
    app.get(url, { schema: { params: MsgidParams, response: { 302: Redirect, ...notFoundSchema } } }, async (req, reply) => {
      const msgid = normalizeMsgidArg(req.params.msgid);
      if (!getMessagesByMsgid(app.db, msgid).length) return text(reply, 404, `<${msgid}> not found`);
      return reply.redirect(`/m/${path(msgid)}`, 302);
    });
  }

  for (const url of ['/:list/:msgid', '/:list/:msgid/']) {
    app.get(url, { schema: { params: LoreParams, response: { 302: Redirect, 404: AnyNotFound } } }, async (req, reply) => {
      const r = lookup(req, reply, req.params.list, req.params.msgid);
      if ('reply' in r) return r.reply;
      return reply.redirect(`/m/${path(r.row.msgid)}`, 302);
    });
  }

  for (const url of ['/:list/:msgid/T/', '/:list/:msgid/t/', '/:list/:msgid/T', '/:list/:msgid/t']) {
    app.get(url, { schema: { params: LoreParams, response: { 302: Redirect, 404: AnyNotFound } } }, async (req, reply) => {
      const r = lookup(req, reply, req.params.list, req.params.msgid);
      if ('reply' in r) return r.reply;
      return reply.redirect(`/thread/${r.row.thread_id}#${path(r.row.msgid)}`, 302);
    });
  }

  app.get(
    '/:list/:msgid/raw',
    { schema: { params: LoreParams, response: { 200: Bytes, 404: AnyNotFound } } },
    async (req, reply) => {
      const r = lookup(req, reply, req.params.list, req.params.msgid);
      if ('reply' in r) return r.reply;
      return raw(reply, getRaw(app.db, r.row));
    },
  );

  app.get(
    '/:list/:msgid/t.mbox.gz',
    { schema: { params: LoreParams, response: { 200: Bytes, 404: AnyNotFound } } },
    async (req, reply) => {
      const r = lookup(req, reply, req.params.list, req.params.msgid);
      if ('reply' in r) return r.reply;
      const list = req.params.list;
      const db = app.db;
      const ids = getThreadMessageIds(db, r.row.thread_id);
      function* onList() {
        for (const id of ids) {
          const m = getMessageById(db, id);
          if (m && isOnList(db, m, list)) yield id;
        }
      }
      const body = pipeline(Readable.from(mboxrdChunks(db, onList())), createGzip(), () => {});
      return gzipDownload(reply, 't.mbox.gz').send(body);
    },
  );

  // ---- Atom ----

  const base = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

  app.get(
    '/search/atom.xml',
    { schema: { querystring: SearchFeedQuery, response: { 200: XmlBody, 400: TextBody, 503: TextBody } } },
    async (req, reply) => {
      const q = (req.query.q ?? '').trim();
      if (!q) return text(reply, 400, 'give a query: /search/atom.xml?q=...');
      const out = await app.searchPool.run(q, { group: 'message', sort: 'date', limit: FEED_ENTRIES, now: Date.now() });
      if ('syntax' in out) return text(reply, 400, `bad query: ${out.syntax.message}`);
      if ('badCursor' in out) return text(reply, 400, out.badCursor);
      if ('timedOut' in out || 'busy' in out) {
        reply.header('retry-after', '5');
        return text(reply, 503, 'the search took too long or the server is busy: narrow the query or try again');
      }
      return reply.type(ATOM_TYPE).send(renderAtom(searchFeed(app.db, q, out.ok.hits), base(req)));
    },
  );

  const topicRoute = async (req: FastifyRequest, reply: FastifyReply, parts: string[]) => {
    const topic = parts.join('/').toLowerCase();
    const threads = topicThreads(app.db, topic, FEED_ENTRIES);
    return reply.type(ATOM_TYPE).send(renderAtom(topicFeed(app.db, topic, threads), base(req)));
  };
  const feedSchema = { 200: XmlBody, 400: ErrorSchema };
  app.get('/topic/:t1/atom.xml', { schema: { params: TopicFeedParams1, response: feedSchema } }, async (req, reply) =>
    topicRoute(req, reply, [req.params.t1]),
  );
  app.get('/topic/:t1/:t2/atom.xml', { schema: { params: TopicFeedParams2, response: feedSchema } }, async (req, reply) =>
    topicRoute(req, reply, [req.params.t1, req.params.t2]),
  );
  app.get('/topic/:t1/:t2/:t3/atom.xml', { schema: { params: TopicFeedParams3, response: feedSchema } }, async (req, reply) =>
    topicRoute(req, reply, [req.params.t1, req.params.t2, req.params.t3]),
  );
  app.get('/topic/:t1/:t2/:t3/:t4/atom.xml', { schema: { params: TopicFeedParams4, response: feedSchema } }, async (req, reply) =>
    topicRoute(req, reply, [req.params.t1, req.params.t2, req.params.t3, req.params.t4]),
  );
};

export default lore;
