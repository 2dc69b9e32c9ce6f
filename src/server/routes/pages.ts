// The HTML pages: /thread/:id, /m/:msgid, /series/:id, /search, /help/search. Handlers call
// view functions and pure renderers; bad input answers an HTML 400/404 page, never a 500.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { normalizeMsgidArg } from '../../store/messages.js';
import { resolveThreadId, threadDTO, threadPage } from '../../views/threads.js';
import { threadPageDTO } from '../../views/thread-page.js';
import { findMessage, messageDTO } from '../../views/message.js';
import { resolveSeriesId, seriesDetail, seriesDiff } from '../../views/series.js';
import { renderThreadPage } from '../../render/thread.js';
import { renderMessagePage, type MessageContext } from '../../render/message.js';
import { renderSeriesPage } from '../../render/series.js';
import { renderSearchPage, type SearchForm } from '../../render/search.js';
import { renderHelpPage } from '../../render/help.js';
import { renderErrorPage } from '../../render/error.js';
import type { DateRange } from '../../render/home.js';
import type { TopicFilter } from '../../views/topic-types.js';
import { parseDateBound } from '../../views/topics.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const Str = Type.Optional(Type.String({ maxLength: 10_000 }));
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1000 }) });
const SEARCH_PAGE = 50;

const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
const fail = (reply: FastifyReply, status: number, message: string) => page(reply, status, renderErrorPage(status, message));

/** The search form's filters folded into the query text (topic:, v:, d:). */
export function foldSearchQuery(f: Pick<SearchForm, 'q' | 'topic' | 'version' | 'since' | 'until'>): string {
  const parts = [f.q.trim()];
  const quote = (s: string) => (/[\s"()]/.test(s) ? `"${s.replace(/"/g, '')}"` : s);
  if (f.topic.trim()) parts.push(`topic:${quote(f.topic.trim())}`);
  if (f.version.trim()) parts.push(`v:${quote(f.version.trim())}`);
  if (f.since || f.until) parts.push(`d:${f.since}..${f.until}`);
  return parts.filter(Boolean).join(' ');
}

const DATE = /^(\d{4}-\d\d-\d\d)?$/;

/**
 * The home and topic pages' date-range form (?since=YYYY-MM-DD&until=YYYY-MM-DD) as a
 * TopicFilter's inclusive UTC bounds (until covers its whole day); null when a date is bad.
 */
export function dateRangeFilter(since = '', until = ''): { range: DateRange; filter: Pick<TopicFilter, 'since' | 'until'> } | null {
  if (!DATE.test(since) || !DATE.test(until)) return null;
  const a = since ? parseDateBound(since, 'since') : undefined;
  const b = until ? parseDateBound(until, 'until') : undefined;
  if (a === null || b === null || (a !== undefined && b !== undefined && b < a)) return null;
  return { range: { since, until }, filter: { since: a, until: b } };
}

const pages: FastifyPluginAsyncTypebox = async (app) => {
  let help: string | null = null;

  app.get(
    '/thread/:id',
    { schema: { params: IdParams, querystring: Type.Object({ view: Str }) } },
    async (req, reply) => {
      const id = resolveThreadId(app.db, normalizeMsgidArg(req.params.id));
      const dto = id === undefined ? null : threadPageDTO(app.db, id);
      if (!dto) return fail(reply, 404, `thread ${JSON.stringify(req.params.id)} not found`);
      const last = dto.thread.lastDate ? Date.parse(dto.thread.lastDate) : null;
      const next = threadPage(app.db, 1, { lastDate: last, id: dto.thread.id }).threads[0]?.id ?? null;
      return page(reply, 200, renderThreadPage(dto, { flat: req.query.view === 'flat', nextThread: next }));
    },
  );

  app.get(
    '/m/:msgid',
    { schema: { params: Type.Object({ msgid: Type.String({ minLength: 1, maxLength: 1000 }) }), querystring: Type.Object({ copy: Str }) } },
    async (req, reply) => {
      const copy = req.query.copy === undefined ? 1 : Number(req.query.copy);
      if (!Number.isInteger(copy) || copy < 1) return fail(reply, 400, 'copy must be a positive whole number');
      const found = findMessage(app.db, normalizeMsgidArg(req.params.msgid), copy);
      if (!found) return fail(reply, 404, `message <${normalizeMsgidArg(req.params.msgid)}> not found`);
      const m = messageDTO(app.db, found.row, found.copies);
      const t = threadDTO(app.db, m.threadId);
      const nodes = t?.nodes ?? [];
      const at = nodes.findIndex((n) => n.msgid === m.msgid);
      const me = nodes[at];
      const ctx: MessageContext = {
        parent: me?.parentMsgid ? (nodes.find((n) => n.msgid === me.parentMsgid) ?? null) : null,
        replies: nodes.filter((n) => n.parentMsgid === m.msgid && n.depth === (me?.depth ?? 0) + 1),
        prev: at > 0 ? nodes.slice(0, at).reverse().find((n) => !n.ghost) ?? null : null,
        next: at >= 0 ? nodes.slice(at + 1).find((n) => !n.ghost) ?? null : null,
      };
      return page(reply, 200, renderMessagePage(m, ctx));
    },
  );

  app.get(
    '/series/:id',
    { schema: { params: IdParams, querystring: Type.Object({ from: Str, to: Str }) } },
    async (req, reply) => {
      const id = resolveSeriesId(app.db, normalizeMsgidArg(req.params.id));
      const s = id === undefined ? null : seriesDetail(app.db, id);
      if (!s || id === undefined) return fail(reply, 404, `series ${JSON.stringify(req.params.id)} not found`);
      const nums = [...new Set(s.versions.map((v) => v.version))].sort((a, b) => a - b);
      const num = (v: string | undefined, dflt: number | undefined) => (v === undefined || v === '' ? dflt : /^v?\d{1,6}$/i.test(v) ? Number(v.replace(/^v/i, '')) : NaN);
      // the interdiff is computed when asked for (?from=&to=): it costs more than the rest of the page
      const from = num(req.query.from, undefined);
      const to = num(req.query.to, from === undefined ? undefined : nums[nums.length - 1]);
      if (Number.isNaN(from) || Number.isNaN(to)) return fail(reply, 400, 'from and to are version numbers, like ?from=2&to=3');
      const diff = from !== undefined && to !== undefined ? seriesDiff(app.db, id, from, to) : null;
      if (diff && 'error' in diff && (req.query.from || req.query.to)) return page(reply, 400, renderSeriesPage(s, diff));
      return page(reply, 200, renderSeriesPage(s, diff));
    },
  );

  app.get(
    '/search',
    {
      schema: {
        querystring: Type.Object({ q: Str, group: Str, sort: Str, topic: Str, v: Str, since: Str, until: Str, cursor: Str }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const f: SearchForm = {
        q: q.q ?? '',
        group: q.group === 'message' ? 'message' : 'thread',
        sort: q.sort === 'date' ? 'date' : 'relevance',
        topic: q.topic ?? '',
        version: q.v ?? '',
        since: q.since ?? '',
        until: q.until ?? '',
        full: '',
      };
      if (!DATE.test(f.since) || !DATE.test(f.until)) return page(reply, 400, renderSearchPage(f, null, { message: 'dates are YYYY-MM-DD' }, null));
      f.full = foldSearchQuery(f);
      if (!f.full) return page(reply, 200, renderSearchPage(f, null, null, null));
      // through the search pool: a slow query is answered at the deadline, never holding the server
      const out = await app.searchPool.run(f.full, { group: f.group, sort: f.sort, limit: SEARCH_PAGE, cursor: q.cursor || undefined, now: Date.now() });
      if ('syntax' in out) return page(reply, 400, renderSearchPage(f, null, out.syntax, null));
      if ('badCursor' in out) return page(reply, 400, renderSearchPage(f, null, { message: out.badCursor }, null));
      if ('timedOut' in out || 'busy' in out) {
        const message = 'timedOut' in out ? 'the search ran too long and was stopped' : 'too many searches are running';
        return page(reply, 503, renderSearchPage(f, null, { message, hint: 'narrow the query: longer prefixes, a date range (d:), a list (l:) or a topic' }, null));
      }
      const result = out.ok;
      let next: string | null = null;
      if (result.nextCursor) {
        const u = new URLSearchParams();
        for (const [k, v] of Object.entries(q)) if (v && k !== 'cursor') u.set(k, v);
        u.set('cursor', result.nextCursor);
        next = `/search?${u}`;
      }
      return page(reply, 200, renderSearchPage(f, result, null, next));
    },
  );

  app.get('/help/search', async (_req, reply) => {
    help ??= renderHelpPage(fs.readFileSync(path.join(repoRoot, 'docs/search.md'), 'utf8'));
    return page(reply, 200, help);
  });
};

export default pages;
