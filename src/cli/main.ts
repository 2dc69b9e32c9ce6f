#!/usr/bin/env node
// `lkb`: the command table. Each command opens the store the way it needs (read-only
// unless it writes) and prints text, or JSON with --json.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { SourceFormat } from '../domain/message.js';
import { openReadable, openWritable, resolveDbPath, StoreError } from '../store/db.js';
import { normalizeMsgidArg } from '../store/messages.js';
import { storeStats } from '../store/stats.js';
import { listQuarantine } from '../store/quarantine.js';
import { findMessage, messageDTO } from '../views/message.js';
import { decodeCursor, resolveThreadId, threadDTO, threadPage } from '../views/threads.js';
import { registerExport } from './export.js';
import { formatMessage, formatReport, formatStats, formatThread, formatThreadList } from './format.js';
import { registerAm } from './am.js';

/** An error the user can fix: printed as one line, no stack trace, exit status 2. */
class UsageError extends Error {}

const FORMATS: SourceFormat[] = ['mbox', 'mbox.gz', 'maildir', 'eml', 'public-inbox', 'flattened', 'hypermail', 'commit-page'];

const positiveInt = (max: number) => (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
  return n;
};

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const printJson = (v: unknown) => print(JSON.stringify(v, null, 2));

function dbOption(cmd: Command): string {
  return resolveDbPath(cmd.optsWithGlobals().db as string | undefined);
}

const program = new Command();
program
  .name('lkb')
  .description('lkml-kb: a knowledge base for Linux kernel mailing lists (ingest, thread, search, serve)')
  .option('--db <path>', 'database file (default: $LKB_DB or data/kb.sqlite)')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    `
Examples:
  lkb ingest ~/mail/linux-mm.mbox.gz     ingest an archive (mbox, maildir, .eml, public-inbox git, ...)
  lkb threads --limit 20                 the newest threads
  lkb thread 20201030144621.GA123@x.org  one thread as a tree
  lkb serve --port 8080                  web UI and JSON API on http://127.0.0.1:8080`,
  );

program
  .command('ingest')
  .description('read mail archives into the store (re-running adds nothing already stored)')
  .argument('<path...>', "files or directories; '-' reads standard input")
  .addOption(new Option('--format <format>', 'force an input format instead of detecting it per file').choices(FORMATS))
  .option('--workers <n>', 'parse workers (default: one per core)', positiveInt(64))
  .option('--json', 'print the summary as JSON')
  .option('-q, --quiet', 'no progress output')
  .addHelpText(
    'after',
    `
Formats are detected per file: mbox (mboxo, mboxrd, mboxcl, mboxcl2), gzip'd mbox, maildir,
.eml files and directory trees, public-inbox v1/v2 git archives (only new commits are read
on the next run), and scraped pages (flattened raw messages, hypermail pages, commit pages).
Malformed messages are quarantined with their reason; an unreadable file is reported with
its byte offset and the other inputs still go in.

Examples:
  lkb ingest t.mbox.gz
  lkb ingest ~/Maildir/lkml /srv/lore/linux-mm/git
  curl -s https://lore.kernel.org/all/MSGID/t.mbox.gz | gunzip | lkb ingest -`,
  )
  .action(async (paths: string[], o: { format?: SourceFormat; workers?: number; json?: boolean; quiet?: boolean }, cmd: Command) => {
    const { ingest } = await import('../ingest/pipeline.js');
    const { progressReporter } = await import('./progress.js');
    const db = openWritable(dbOption(cmd));
    const progress = o.quiet || o.json ? null : progressReporter();
    try {
      const report = await ingest(db, paths, {
        format: o.format,
        workers: o.workers,
        onProgress: progress ? (p) => progress.update(p) : undefined,
        onSourceError: (e) => {
          if (!o.json) process.stderr.write(`\nlkb: cannot read ${e.origin}${e.offset !== null ? ` at byte ${e.offset}` : ''}: ${e.message}\n`);
        },
      });
      progress?.done();
      if (o.json) printJson(report);
      else print(formatReport(report));
      if (report.errors.length) process.exitCode = 1;
    } finally {
      db.close();
    }
  });

program
  .command('threads')
  .description('list threads, newest activity first')
  .option('--limit <n>', 'how many', positiveInt(10000), 20)
  .option('--cursor <cursor>', 'continue after a previous page (the nextCursor it printed)')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExample:\n  lkb threads --limit 50 --json')
  .action((o: { limit: number; cursor?: string; json?: boolean }, cmd: Command) => {
    const db = openReadable(dbOption(cmd));
    const cursor = o.cursor ? decodeCursor(o.cursor) : undefined;
    if (cursor === null) throw new UsageError(`invalid --cursor ${JSON.stringify(o.cursor)}`);
    const page = threadPage(db, o.limit, cursor);
    if (o.json) printJson(page);
    else {
      print(page.threads.length ? formatThreadList(page.threads) : '(no threads: run `lkb ingest PATH` first)');
      if (page.nextCursor) print(`\nmore: lkb threads --cursor ${page.nextCursor}`);
    }
  });

program
  .command('thread')
  .description('print one thread as a reply tree')
  .argument('<msgid>', 'any Message-ID in the thread (with or without <>), or a thread id')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExample:\n  lkb thread 20210107200402.31095-3-aarcange@redhat.com')
  .action((arg: string, o: { json?: boolean }, cmd: Command) => {
    const db = openReadable(dbOption(cmd));
    const id = resolveThreadId(db, normalizeMsgidArg(arg));
    const t = id === undefined ? null : threadDTO(db, id);
    if (!t) throw new UsageError(`no thread contains <${normalizeMsgidArg(arg)}>`);
    if (o.json) printJson(t);
    else print(formatThread(t));
  });

program
  .command('show')
  .description('print one message (parsed), or its exact raw bytes')
  .argument('<msgid>', 'Message-ID, with or without <>')
  .option('--raw', 'print the bytes exactly as they came in')
  .option('--copy <n>', 'which copy when several messages share the Message-ID', positiveInt(1e6), 1)
  .option('--json', 'print the parsed record as JSON')
  .addHelpText('after', '\nExamples:\n  lkb show 20200313191324.GG31668@ziepe.ca\n  lkb show --raw 20200313191324.GG31668@ziepe.ca > msg.eml')
  .action(async (arg: string, o: { raw?: boolean; copy: number; json?: boolean }, cmd: Command) => {
    const db = openReadable(dbOption(cmd));
    const msgid = normalizeMsgidArg(arg);
    const found = findMessage(db, msgid, o.copy);
    if (!found) throw new UsageError(`no message <${msgid}>${o.copy > 1 ? ` copy ${o.copy}` : ''} in the store`);
    if (o.raw) {
      const { getRaw } = await import('../store/messages.js');
      process.stdout.write(getRaw(db, found.row));
      return;
    }
    const dto = messageDTO(db, found.row, found.copies);
    if (o.json) printJson(dto);
    else print(formatMessage(dto));
  });

program
  .command('stats')
  .description('counts: messages, threads, ghosts, patches, quarantine, lists, sizes')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExample:\n  lkb stats --json')
  .action((o: { json?: boolean }, cmd: Command) => {
    const file = dbOption(cmd);
    const s = storeStats(openReadable(file), file);
    if (o.json) printJson(s);
    else print(formatStats(s));
  });

program
  .command('quarantine')
  .description('list messages that could not be stored, with the reason')
  .option('--limit <n>', 'how many', positiveInt(100000), 100)
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExample:\n  lkb quarantine --limit 10')
  .action((o: { limit: number; json?: boolean }, cmd: Command) => {
    const rows = listQuarantine(openReadable(dbOption(cmd)), o.limit);
    if (o.json) printJson(rows);
    else print(rows.length ? rows.map((r) => `${r.origin}: ${r.reason} (${r.size} bytes)`).join('\n') : '(quarantine is empty)');
  });

const series = program
  .command('series')
  .description('patch series across versions: list them, or show one (by any patch or cover Message-ID)')
  .argument('[msgid]', 'a patch or cover letter Message-ID, a posting key, or a series id')
  .option('--limit <n>', 'how many (list)', positiveInt(10000), 20)
  .option('--author <who>', 'only series by this address or name (list)')
  .option('--topic <subsystem>', 'only series whose title prefix falls under this subsystem, e.g. mm or drm/i915 (list)')
  .addOption(new Option('--state <state>', 'only series in this state (list)').choices(['new', 'under-review', 'changes-requested', 'superseded', 'applied']))
  .option('--json', 'print JSON')
  .addHelpText(
    'after',
    `
Examples:
  lkb series --author jgg@ziepe.ca          series by an author, newest first
  lkb series 20200313191324.GG31668@ziepe.ca  one series: versions, patch slots, links with reasons, trailers
  lkb series diff <msgid> --from 2 --to 3   what changed between v2 and v3 (range-diff + interdiffs)
  lkb series link <older-key> <newer-key>   correct a chain (kept across re-ingest); unlink undoes a link`,
  )
  .action(async (arg: string | undefined, o: { limit: number; author?: string; state?: string; topic?: string; json?: boolean }, cmd: Command) => {
    const v = await import('../views/series.js');
    const { formatSeries, formatSeriesList } = await import('./format-series.js');
    const db = openReadable(dbOption(cmd));
    if (!arg) {
      const page = v.seriesPage(db, { limit: o.limit, author: o.author, state: o.state, topic: o.topic });
      if (o.json) printJson(page);
      else print(page.series.length ? formatSeriesList(page.series) : '(no series)');
      return;
    }
    const id = v.resolveSeriesId(db, normalizeMsgidArg(arg));
    if (id === undefined) throw new UsageError(`no series contains <${normalizeMsgidArg(arg)}>`);
    const d = v.seriesDetail(db, id)!;
    if (o.json) printJson(d);
    else print(formatSeries(d));
  });

series
  .command('diff')
  .description('match the patches of two versions (like git range-diff) and show interdiffs')
  .argument('<msgid>', 'any patch or cover letter of the series, or a series id')
  .requiredOption('--from <n>', 'older version number', positiveInt(1000))
  .requiredOption('--to <n>', 'newer version number', positiveInt(1000))
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExample:\n  lkb series diff 20201030144621.GA123@ziepe.ca --from 1 --to 2')
  .action(async (arg: string, o: { from: number; to: number; json?: boolean }, cmd: Command) => {
    o.json ||= Boolean(cmd.optsWithGlobals().json);
    const v = await import('../views/series.js');
    const { formatSeriesDiff } = await import('./format-series.js');
    const db = openReadable(dbOption(cmd));
    const id = v.resolveSeriesId(db, normalizeMsgidArg(arg));
    if (id === undefined) throw new UsageError(`no series contains <${normalizeMsgidArg(arg)}>`);
    const d = v.seriesDiff(db, id, o.from, o.to)!;
    if ('error' in d) throw new UsageError(d.error);
    if (o.json) printJson(d);
    else print(formatSeriesDiff(d));
  });

for (const kind of ['link', 'unlink'] as const) {
  series
    .command(kind)
    .description(kind === 'link' ? 'assert that NEWER is the next version of OLDER' : 'deny that NEWER is a version of OLDER')
    .argument('<older>', 'Message-ID of the older posting (its cover letter or first patch)')
    .argument('<newer>', 'Message-ID of the newer posting')
    .addHelpText('after', `\nExample:\n  lkb series ${kind} 20201016230915.1972840-1-jannh@google.com 20201103021102.1234-1-jannh@google.com`)
    .action(async (older: string, newer: string, _o: unknown, cmd: Command) => {
      const { saveCorrection } = await import('../store/series.js');
      const { rebuildSeries } = await import('../ingest/series-stage.js');
      const db = openWritable(dbOption(cmd));
      try {
        const a = normalizeMsgidArg(older);
        const b = normalizeMsgidArg(newer);
        if (a === b) throw new UsageError('OLDER and NEWER are the same posting');
        saveCorrection(db, a, b, kind);
        const r = rebuildSeries(db);
        print(`${kind}ed <${a}> -> <${b}>; ${r.series} series from ${r.postings} postings`);
      } finally {
        db.close();
      }
    });
}

registerAm(program);

program
  .command('import-commits')
  .description('read a git tree; patches that reached it are marked applied (by Link:/Message-Id: trailers and patch-id)')
  .argument('<repo>', 'path of a git repository (a kernel tree, a maintainer branch)')
  .argument('[range]', 'a git revision range', 'HEAD')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExamples:\n  lkb import-commits ~/linux v6.6..v6.7\n  lkb import-commits ~/linux-pm linux-next')
  .action(async (repo: string, range: string, o: { json?: boolean }, cmd: Command) => {
    const { importCommits } = await import('../ingest/commits.js');
    const db = openWritable(dbOption(cmd));
    try {
      const r = await importCommits(db, repo, range).catch((e: Error) => {
        throw new UsageError(e.message);
      });
      if (o.json) printJson(r);
      else print(`imported ${r.commits} commits (${r.withMsgid} name a Message-ID); ${r.series.series} series rebuilt`);
    } finally {
      db.close();
    }
  });

program
  .command('import-maintainers')
  .description("read a kernel MAINTAINERS file: paths and lists map to subsystems; every thread's topic is re-assigned")
  .argument('<path>', 'a MAINTAINERS file (from a kernel tree)')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExample:\n  lkb import-maintainers ~/linux/MAINTAINERS')
  .action(async (file: string, o: { json?: boolean }, cmd: Command) => {
    const fs = await import('node:fs');
    const { importMaintainers } = await import('../ingest/topic-stage.js');
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const db = openWritable(dbOption(cmd));
    try {
      const r = importMaintainers(db, text);
      if (o.json) printJson(r);
      else {
        print(`imported ${r.sections} sections (${r.mapped} mapped to topics), ${r.patterns} patterns, ${r.lists} lists, ${r.people} maintainers/reviewers`);
        print(`re-assigned ${r.topics.threads} threads (${r.topics.changed} changed); ${r.topics.topics} topics`);
      }
    } finally {
      db.close();
    }
  });

program
  .command('topics')
  .description('the topic tree with counts, or one topic: its terms, sub-topics, series and threads')
  .argument('[name]', 'a topic such as mm or drm/i915 ("(other)": threads without one)')
  .option('--since <date>', 'only activity on or after this date (YYYY-MM-DD)')
  .option('--until <date>', 'only activity on or before this date (YYYY-MM-DD, inclusive)')
  .option('--limit <n>', 'series and threads shown for one topic', positiveInt(200), 25)
  .option('--json', 'print JSON')
  .addHelpText('after', `
Examples:
  lkb topics                          every topic, children under parents, with counts
  lkb topics --since 2019-09-01       counts of activity since then
  lkb topics mm/gup                   one topic: terms, lists, maintainers, series, threads`)
  .action(async (name: string | undefined, o: { since?: string; until?: string; limit: number; json?: boolean }, cmd: Command) => {
    const v = await import('../views/topics.js');
    const { formatTopicDetail, formatTopicTree } = await import('./format-topics.js');
    const f: { since?: number; until?: number; limit?: number } = {};
    for (const side of ['since', 'until'] as const) {
      const val = o[side];
      if (val === undefined) continue;
      const ms = v.parseDateBound(val, side);
      if (ms === null) throw new UsageError(`invalid --${side} ${JSON.stringify(val)}: use YYYY-MM-DD`);
      f[side] = ms;
    }
    const db = openReadable(dbOption(cmd));
    if (name === undefined) {
      const l = v.listTopics(db, f);
      if (o.json) printJson(l);
      else print(formatTopicTree(l));
      return;
    }
    const d = v.topicDetail(db, name, { ...f, limit: o.limit });
    if (!d) throw new UsageError(`no topic ${JSON.stringify(name)} (see \`lkb topics\`)`);
    if (o.json) printJson(d);
    else print(formatTopicDetail(d));
  });

program
  .command('reindex')
  .description('rebuild the full-text index from the stored messages (after an index schema change)')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExample:\n  lkb reindex')
  .action(async (o: { json?: boolean }, cmd: Command) => {
    const { reindex } = await import('../ingest/reindex.js');
    const db = openWritable(dbOption(cmd));
    try {
      const r = await reindex(db, (n) => {
        if (!o.json && process.stderr.isTTY) process.stderr.write(`\rreindexed ${n} messages`);
      });
      if (o.json) printJson(r);
      else print(`\nreindexed ${r.messages} messages in ${r.seconds.toFixed(1)} s`);
    } finally {
      db.close();
    }
  });

program
  .command('search')
  .description("search messages with lore's query language (see --syntax)")
  .argument('[query...]', 'e.g. s:mmap_lock f:torvalds d:2.weeks.ago.. dfn:mm/gup.c')
  .option('--thread', 'one result per thread (its best hit and hit count)')
  .addOption(new Option('--sort <order>', 'result order').choices(['relevance', 'date']).default('relevance'))
  .option('--limit <n>', 'how many', positiveInt(1000), 20)
  .option('--cursor <cursor>', 'continue after a previous page')
  .option('--syntax', 'print the query language help')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExamples:\n  lkb search s:mmap_lock AND f:torvalds\n  lkb search --thread \'dfn:mm/gup.c d:2020-01-01..\'\n  lkb search --syntax')
  .action(async (words: string[], o: { thread?: boolean; sort: 'relevance' | 'date'; limit: number; cursor?: string; syntax?: boolean; json?: boolean }, cmd: Command) => {
    if (o.syntax) {
      const { searchHelp } = await import('./search-help.js');
      print(searchHelp());
      return;
    }
    if (!words.length) throw new UsageError('give a query (see lkb search --syntax)');
    const v = await import('../views/search.js');
    const db = openReadable(dbOption(cmd));
    let r;
    try {
      r = v.search(db, words.join(' '), { group: o.thread ? 'thread' : 'message', sort: o.sort, limit: o.limit, cursor: o.cursor, now: Date.now() });
    } catch (e) {
      if (e instanceof v.QuerySyntaxError || e instanceof v.BadCursorError) throw new UsageError(e.message);
      throw e;
    }
    if (o.json) printJson(r);
    else {
      const { formatSearch } = await import('./format-search.js');
      print(formatSearch(r, Boolean(process.stdout.isTTY)));
    }
  });

program
  .command('serve')
  .description('serve the web UI and JSON API')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port', (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
    return n;
  }, 8080)
  .addHelpText('after', '\nExample:\n  lkb serve --host 127.0.0.1 --port 8080')
  .action(async (o: { host: string; port: number }, cmd: Command) => {
    const { startServer } = await import('../server/server.js');
    await startServer({ dbPath: dbOption(cmd), host: o.host, port: o.port });
  });

registerExport(program, dbOption);

program.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // commander already printed the message (or help); keep its exit code
    process.exitCode = e.exitCode;
  } else if (e instanceof UsageError || e instanceof StoreError) {
    process.stderr.write(`lkb: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`lkb: ${(e as Error).message ?? e}\n`);
    if (process.env.LKB_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
}
