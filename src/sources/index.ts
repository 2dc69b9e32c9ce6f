// Entry point of the sources stage: paths (files, directories, '-' for stdin) in, SourceItems out.
import fs from 'node:fs/promises';
import type { SourceFormat } from '../domain/message.js';
import type { OpenSourceOptions, SourceItem } from '../domain/source.js';
import { type ReadContext, errorItem, newContext } from './context.js';
import { classifyDirectory } from './detect.js';
import { type PublicInboxLayout, publicInboxBytes, readPublicInbox } from './public-inbox.js';
import { readFileInput, readInput } from './stream.js';
import { type Input, listInputs } from './tree.js';

export { detectFormat } from './detect.js';

/**
 * Every message of every path, in order. Paths are detected one by one (opts.format forces one):
 * a file (mbox, .gz, message, degraded page), a maildir, a public-inbox v1/v2 archive, or a folder
 * walked recursively. '-' is stdin. Never throws for bad input: problems come out as error items.
 */
export async function* openSources(paths: string[], opts: OpenSourceOptions = {}): AsyncGenerator<SourceItem> {
  const ctx = newContext(opts);
  for (const p of paths) {
    if (p === '-') {
      yield* readInput(process.stdin, 'stdin', ctx, { format: opts.format });
      continue;
    }
    let st;
    try {
      st = await fs.stat(p);
    } catch (err) {
      yield errorItem(p, null, err);
      continue;
    }
    if (st.isDirectory()) yield* readDirectory(p, ctx);
    else yield* readFileInput(p, ctx, { format: opts.format, size: st.size });
  }
}

/** Bytes the inputs will consume (sizes on disk; git object stores for public-inbox); stdin counts 0. */
export async function totalBytes(paths: string[]): Promise<number> {
  let total = 0;
  for (const p of paths) {
    if (p === '-') continue;
    const st = await fs.stat(p).catch(() => null);
    if (!st) continue;
    if (!st.isDirectory()) {
      total += st.size;
      continue;
    }
    for await (const input of directoryInputs(p, null)) {
      if (input.kind === 'file') total += input.size;
      else if (input.kind === 'public-inbox') total += await publicInboxBytes(input.path, input.layout);
    }
  }
  return total;
}

async function* readDirectory(dir: string, ctx: ReadContext): AsyncGenerator<SourceItem> {
  for await (const input of directoryInputs(dir, ctx.opts.format ?? null)) {
    switch (input.kind) {
      case 'public-inbox':
        yield* readPublicInbox(input.path, input.layout, ctx);
        break;
      case 'file':
        yield* readFileInput(input.path, ctx, { format: ctx.opts.format ?? input.format, size: input.size, walked: true });
        break;
      case 'unreadable':
        yield errorItem(input.path, null, input.error);
        break;
    }
  }
}

/** --format public-inbox reads the folder as an archive even when its layout is not recognised. */
async function* directoryInputs(dir: string, format: SourceFormat | null): AsyncGenerator<Input> {
  if (format === 'public-inbox') {
    const kind = await classifyDirectory(dir);
    const layout: PublicInboxLayout = kind === 'maildir' || kind === 'tree' ? 'git' : kind;
    yield { kind: 'public-inbox', path: dir, layout };
    return;
  }
  yield* listInputs(dir);
}
