// `lkb am SERIES [--version N] [-o PATH]`: a series version as an mbox for `git am`, like
// `b4 am` (latest version, patches in order, trailers from replies added, Link: to lore).
// The mbox goes to PATH (gzip'd when PATH ends in .gz) or standard output; what was added,
// and any warning, goes to standard error. `openOutput` is shared with the export commands.
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { openReadable, resolveDbPath } from '../store/db.js';
import { normalizeMsgidArg } from '../store/messages.js';
import type { AmReport } from '../export/am.js';

export interface Output {
  out: Writable;
  gzip: boolean;
  /** False for standard output, which must not be ended. */
  end: boolean;
}

/** PATH (gzip when it ends in .gz) or standard output for '-' or none. */
export function openOutput(path?: string): Output {
  if (!path || path === '-') return { out: process.stdout, gzip: false, end: false };
  return { out: fs.createWriteStream(path), gzip: path.endsWith('.gz'), end: true };
}

export function formatAmReport(r: AmReport): string {
  const lines = [`v${r.version} of series ${r.seriesId}: ${r.title} (${r.patches.length} of ${r.total} patches)`];
  for (const p of r.patches) {
    lines.push(`  ${p.subject}${p.asIs ? '  [as stored]' : ''}`);
    for (const t of p.added) lines.push(`    + ${t.name}: ${t.value}`);
  }
  if (r.missing.length) lines.push(`  missing: ${r.missing.map((i) => `${i}/${r.total}`).join(', ')}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

const version = (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 1000) throw new InvalidArgumentError('expected a version number from 1 to 1000');
  return n;
};

export function registerAm(program: Command): void {
  program
    .command('am')
    .description('write a patch series for `git am`, with the trailers collected from replies (like b4 am)')
    .argument('<series>', 'a series id, or the Message-ID of any patch or cover letter in it')
    .option('--version <n>', 'which version (default: the latest)', version)
    .option('-o, --output <path>', "write here (.gz: gzip'd) instead of standard output")
    .option('--partial', 'write the patches there are when some are missing')
    .option('--no-link', 'no Link: trailer')
    .option('--link-mask <mask>', 'Link: URL, %s = Message-ID', 'https://lore.kernel.org/r/%s')
    .option('--no-trailers', 'do not add the trailers collected from replies')
    .option('--json', 'print the report (what was added) as JSON on standard error')
    .addHelpText(
      'after',
      `
The newest posting of the version is used; its cover letter is left out. Each patch gets the
Reviewed-by/Acked-by/Tested-by/... trailers that replies to it (or to the cover letter) gave,
after its own trailers and without duplicates, then "Link: https://lore.kernel.org/r/<msgid>".
A patch missing from the store stops the export unless --partial is given.

Examples:
  lkb am 20190821222421.30242-1-glaroque@baylibre.com | git am
  lkb am 42 --version 2 -o v2.mbx`,
    )
    .action(
      async (
        arg: string,
        o: { version?: number; output?: string; partial?: boolean; link: boolean; linkMask: string; trailers: boolean; json?: boolean },
        cmd: Command,
      ) => {
        const { resolveSeriesId } = await import('../views/series.js');
        const { AmError, planSeriesAm, writeAmPlan } = await import('../export/am.js');
        const db = openReadable(resolveDbPath(cmd.optsWithGlobals().db as string | undefined));
        const id = resolveSeriesId(db, normalizeMsgidArg(arg));
        if (id === undefined) {
          process.stderr.write(`lkb: no series contains <${normalizeMsgidArg(arg)}>\n`);
          process.exitCode = 2;
          return;
        }
        let plan;
        try {
          // planned first: a missing patch is reported before the output file is created
          plan = planSeriesAm(db, id, { version: o.version, partial: o.partial, link: o.link ? o.linkMask : false, addTrailers: o.trailers });
        } catch (e) {
          if (!(e instanceof AmError)) throw e;
          process.stderr.write(`lkb: ${e.message}\n`);
          process.exitCode = 2;
          return;
        }
        const { out, gzip, end } = openOutput(o.output);
        const report = await writeAmPlan(plan, out, { gzip, end });
        process.stderr.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatAmReport(report));
      },
    );
}
