// The export formats by name. Each writes one target (thread, series, topic, search) to a
// stream; topic and search exports summarise and write one thread at a time, waiting for the
// stream to drain, so memory stays flat however many threads match. Adding a format (mbox,
// site) is one entry in FORMATS.
import { once } from 'node:events';
import type { ReadableDB } from '../store/db.js';
import { normalizeMsgidArg } from '../store/messages.js';
import { resolveThreadId } from '../views/threads.js';
import { resolveSeriesId } from '../views/series.js';
import { seriesMaterial, threadMaterial } from '../summary/load.js';
import { summarizeThread } from '../summary/thread.js';
import { summarizeSeries } from '../summary/series.js';
import { collectionHead, summarizeThreads } from '../summary/topic.js';
import type { CollectionHead, SeriesSummary, SummaryOptions, ThreadSummary } from '../summary/types.js';
import { collectionHeadMarkdown, seriesMarkdown, threadMarkdown } from './markdown.js';
import { collectionHeadJson, collectionItemJson, COLLECTION_TAIL_JSON, summaryJson } from './json.js';
import { collectionHeadHtml, HTML_TAIL, htmlHead, seriesHtml, threadHtml } from './html.js';
import { selectSearchThreads, selectTopicThreads } from './select.js';
import { parseQuery, QuerySyntaxError } from '../search/query.js';
import { search } from '../views/search.js';
import type { Writable } from 'node:stream';
import { writeMessagesMbox, writeThreadMbox } from './mbox.js';
import { AmError, planSeriesAm, writeAmPlan } from './am.js';
import { tarGzSink, writeSite } from './site.js';
import { BoundedPackCache, getThreadMessageIds } from '../store/messages.js';
import { seriesThreadIds } from '../views/series.js';
import { maintainerAddresses } from '../store/topics.js';

export type ExportTarget =
  | { kind: 'thread'; id: number }
  | { kind: 'series'; id: number }
  | { kind: 'topic'; name: string }
  | { kind: 'search'; query: string; threadIds?: number[] };
// threadIds: the search's threads, chosen already (the server runs the query in its search
// pool, under its deadline, before any output is written).

export interface ExportContext {
  db: ReadableDB;
  summary?: SummaryOptions;
  /** "now" for relative dates in search queries (d:2.weeks.ago..). */
  now: number;
}

/**
 * The context the CLI and the API export with: "maintainer" is a role when a MAINTAINERS file
 * was imported (lkb import-maintainers), for anyone listed there as M:.
 */
export function exportContext(db: ReadableDB, now: number): ExportContext {
  const maintainers = maintainerAddresses(db);
  return { db, now, summary: maintainers.size ? { maintainerOf: (a) => maintainers.has(a.toLowerCase()) } : {} };
}

export type Exporter = (ctx: ExportContext, target: ExportTarget, out: NodeJS.WritableStream) => Promise<void>;

export interface ExportFormat {
  contentType: string;
  extension: string;
  write: Exporter;
  /** Throws ExportRefused before any output when the target cannot be written in this format. */
  precheck?: (ctx: ExportContext, target: ExportTarget) => void;
}

/** The target exists but this format cannot write it (a series with missing patches for git am). */
export class ExportRefused extends Error {}

export type TargetKind = ExportTarget['kind'];
export const TARGET_KINDS: readonly TargetKind[] = ['thread', 'series', 'topic', 'search'];

/** Why a search export's query cannot run (checked before any output is written); null when it can. */
export function searchQueryProblem(query: string, now: number): string | null {
  try {
    parseQuery(query, now);
    return null;
  } catch (e) {
    if (e instanceof QuerySyntaxError) return `bad query: ${e.message}`;
    throw e;
  }
}

/** The target an argument names; null when the thread or series does not exist. */
export function resolveTarget(db: ReadableDB, kind: TargetKind, arg: string): ExportTarget | null {
  switch (kind) {
    case 'thread': {
      const id = resolveThreadId(db, normalizeMsgidArg(arg));
      return id === undefined ? null : { kind, id };
    }
    case 'series': {
      const id = resolveSeriesId(db, normalizeMsgidArg(arg));
      return id === undefined ? null : { kind, id };
    }
    case 'topic':
      return arg.trim() ? { kind, name: arg.trim().toLowerCase().replace(/\/+$/, '') } : null;
    case 'search':
      return arg.trim() ? { kind, query: arg.trim() } : null;
  }
}

/** A file name for the target: thread-12.md, series-3.html, topic-mm-asi.json. */
export function exportFileName(target: ExportTarget, format: ExportFormat): string {
  const base =
    target.kind === 'thread' || target.kind === 'series'
      ? `${target.kind}-${target.id}`
      : `${target.kind}-${(target.kind === 'topic' ? target.name : target.query).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'all'}`;
  return `${base}.${format.extension}`;
}

async function put(out: NodeJS.WritableStream, s: string): Promise<void> {
  if (!out.write(s)) await once(out, 'drain');
}

/** What a text format provides; `streamText` does the rest. */
interface TextFormat {
  thread(s: ThreadSummary): string;
  series(s: SeriesSummary): string;
  head(h: CollectionHead): string;
  item(s: ThreadSummary, first: boolean): string;
  tail(h: CollectionHead): string;
}

export class ExportNotFound extends Error {}

async function threadIdsOf(ctx: ExportContext, t: ExportTarget & { kind: 'topic' | 'search' }): Promise<number[]> {
  if (t.kind === 'topic') return selectTopicThreads(ctx.db, t.name);
  return t.threadIds ?? selectSearchThreads((o) => search(ctx.db, t.query, o), ctx.now);
}

function streamText(f: TextFormat): Exporter {
  return async (ctx, target, out) => {
    if (target.kind === 'thread') {
      const m = threadMaterial(ctx.db, target.id);
      if (!m) throw new ExportNotFound(`thread ${target.id} not found`);
      return put(out, f.thread(summarizeThread(m, ctx.summary)));
    }
    if (target.kind === 'series') {
      const m = seriesMaterial(ctx.db, target.id);
      if (!m) throw new ExportNotFound(`series ${target.id} not found`);
      return put(out, f.series(summarizeSeries(m, ctx.summary)));
    }
    const head = collectionHead(target.kind, target.kind === 'topic' ? target.name : target.query);
    await put(out, f.head(head));
    let first = true;
    // threads ingested together share packs: a topic export inflates each about once
    const packs = new BoundedPackCache(16);
    for (const s of summarizeThreads(await threadIdsOf(ctx, target), (id) => threadMaterial(ctx.db, id, packs), ctx.summary)) {
      await put(out, f.item(s, first));
      first = false;
    }
    await put(out, f.tail(head));
  };
}

/** The threads a target covers, for the formats that work thread by thread (mbox, site). */
export async function targetThreadIds(ctx: ExportContext, t: ExportTarget): Promise<Iterable<number>> {
  switch (t.kind) {
    case 'thread': return [t.id];
    case 'series': return seriesThreadIds(ctx.db, t.id);
    case 'topic':
    case 'search': return threadIdsOf(ctx, t);
  }
}

function* messageIdsOf(db: ReadableDB, threads: Iterable<number>): Generator<number> {
  for (const t of threads) yield* getThreadMessageIds(db, t);
}

function amPlan(ctx: ExportContext, seriesId: number) {
  try {
    return planSeriesAm(ctx.db, seriesId);
  } catch (e) {
    if (e instanceof AmError) throw new ExportRefused(`${e.message} (lkb am --partial writes the patches there are)`);
    throw e;
  }
}

/** A thread or topic as it is (mboxrd); a series the way git am wants it (b4 am: latest version, trailers added). */
const mbox: Exporter = async (ctx, target, out) => {
  const w = out as Writable;
  if (target.kind === 'series') {
    await writeAmPlan(amPlan(ctx, target.id), w, { end: false });
    return;
  }
  if (target.kind === 'thread') {
    await writeThreadMbox(ctx.db, target.id, w, { end: false });
    return;
  }
  await writeMessagesMbox(ctx.db, messageIdsOf(ctx.db, await targetThreadIds(ctx, target)), w, { end: false });
};

function siteTitle(t: ExportTarget): string {
  switch (t.kind) {
    case 'thread': return `thread ${t.id}`;
    case 'series': return `series ${t.id}`;
    case 'topic': return `topic ${t.name}`;
    case 'search': return `search: ${t.query}`;
  }
}

/** The static archive as a .tar.gz stream (the CLI writes it as a directory instead: see exportSiteDir). */
const siteTarGz: Exporter = async (ctx, target, out) => {
  await writeSite(ctx.db, { title: siteTitle(target), threadIds: await targetThreadIds(ctx, target) }, tarGzSink(out as Writable, 'lkb-archive'));
};

export { siteTitle };

const titleOfHead = (h: CollectionHead) => `${h.kind === 'topic' ? 'Topic' : 'Search'}: ${h.name}`;

export const FORMATS: Record<string, ExportFormat> = {
  md: {
    contentType: 'text/markdown; charset=utf-8',
    extension: 'md',
    write: streamText({
      thread: (s) => threadMarkdown(s),
      series: seriesMarkdown,
      head: collectionHeadMarkdown,
      item: (s) => `${threadMarkdown(s, 2)}---\n\n`,
      tail: () => '',
    }),
  },
  json: {
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    write: streamText({
      thread: summaryJson,
      series: summaryJson,
      head: collectionHeadJson,
      item: collectionItemJson,
      tail: () => COLLECTION_TAIL_JSON,
    }),
  },
  html: {
    contentType: 'text/html; charset=utf-8',
    extension: 'html',
    write: streamText({
      thread: (s) => `${htmlHead(s.title)}${threadHtml(s)}${HTML_TAIL}`,
      series: (s) => `${htmlHead(s.title)}${seriesHtml(s)}${HTML_TAIL}`,
      head: (h) => `${htmlHead(titleOfHead(h))}${collectionHeadHtml(h)}`,
      item: (s) => threadHtml(s, 2),
      tail: () => HTML_TAIL,
    }),
  },
};

FORMATS.mbox = {
  contentType: 'application/mbox',
  extension: 'mbox',
  write: mbox,
  precheck: (ctx, target) => {
    if (target.kind === 'series') amPlan(ctx, target.id);
  },
};
FORMATS.site = { contentType: 'application/gzip', extension: 'tar.gz', write: siteTarGz };

export const formatNames = (): string[] => Object.keys(FORMATS);
