// `lkb export thread|series|topic|search ARG --format md|json|html -o PATH|-`: a summary with
// links to every source message, written to a file (never over an existing one without
// --force; written beside it and renamed, so a failed export leaves nothing half-written).
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { Argument, Command, Option } from 'commander';
import { openReadable } from '../store/db.js';
import {
  ExportNotFound,
  ExportRefused,
  exportContext,
  FORMATS,
  formatNames,
  resolveTarget,
  searchQueryProblem,
  siteTitle,
  TARGET_KINDS,
  targetThreadIds,
  type TargetKind,
} from '../export/formats.js';
import { dirSink, SiteExistsError, writeSite } from '../export/site.js';

/** An export that cannot run: printed as one line on stderr, exit status 1. */
class ExportError extends Error {}

interface ExportOptions {
  format: string;
  output: string;
  force?: boolean;
}

export function registerExport(program: Command, dbPath: (cmd: Command) => string): void {
  program
    .command('export')
    .description('export a summary of a thread, series, topic or search (what was said, what changed, links to every message)')
    .addArgument(new Argument('<kind>', 'what to export').choices(TARGET_KINDS as string[]))
    .argument('<arg>', 'thread: a Message-ID or thread id; series: a series id or patch Message-ID; topic: e.g. mm/asi; search: a query')
    .addOption(new Option('--format <format>', 'output format').choices(formatNames()).default('md'))
    .requiredOption('-o, --output <path>', "file to write, or '-' for standard output (site: a directory; '-' writes a .tar.gz)")
    .option('--force', 'overwrite the output file if it exists')
    .addHelpText(
      'after',
      `
Examples:
  lkb export thread 20200313191324.GG31668@ziepe.ca -o thread.md
  lkb export series 5 --format html -o series.html
  lkb export topic mm/asi --format json -o mm-asi.json
  lkb export search 's:mmap_lock f:torvalds' -o - | less
  lkb export series 5 --format mbox -o v3.mbox && git am v3.mbox
  lkb export topic mm --format site -o mm-archive/   (open mm-archive/index.html: searchable offline)`,
    )
    .action(async (kind: TargetKind, arg: string, o: ExportOptions, cmd: Command) => {
      try {
        await runExport(dbPath(cmd), kind, arg, o);
      } catch (e) {
        if (!(e instanceof ExportError || e instanceof ExportNotFound || e instanceof ExportRefused || e instanceof SiteExistsError)) throw e;
        process.stderr.write(`lkb: ${e.message}\n`);
        process.exitCode = 1;
      }
    });
}

async function runExport(db: string, kind: TargetKind, arg: string, o: ExportOptions): Promise<void> {
  const format = FORMATS[o.format];
  if (!format) throw new ExportError(`unknown format ${JSON.stringify(o.format)} (one of ${formatNames().join(', ')})`);
  const store = openReadable(db);
  try {
    const target = resolveTarget(store, kind, arg);
    if (!target) throw new ExportError(`${kind} ${JSON.stringify(arg)} not found`);
    const ctx = exportContext(store, Date.now());
    const problem = target.kind === 'search' ? searchQueryProblem(target.query, ctx.now) : null;
    if (problem) throw new ExportError(problem);
    format.precheck?.(ctx, target);
    if (o.format === 'site' && o.output !== '-') {
      const r = await writeSite(store, { title: siteTitle(target), threadIds: await targetThreadIds(ctx, target) }, dirSink(o.output, o));
      process.stderr.write(`lkb: wrote ${r.threads} threads (${r.messages} messages) to ${o.output}/index.html\n`);
      return;
    }
    if (o.output === '-') {
      await format.write(ctx, target, process.stdout);
      return;
    }
    if (!o.force && fs.existsSync(o.output)) throw new ExportError(`${o.output} exists (use --force to overwrite it)`);
    const tmp = `${o.output}.partial-${process.pid}`;
    const out = fs.createWriteStream(tmp);
    try {
      await format.write(ctx, target, out);
      out.end();
      await finished(out);
      fs.renameSync(tmp, o.output);
    } catch (e) {
      out.destroy();
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  } finally {
    store.close();
  }
}
