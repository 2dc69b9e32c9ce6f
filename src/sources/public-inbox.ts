// public-inbox archives read straight from git: v1 (one bare repository, one blob per message at a
// path made of the sha1 of its Message-ID split 2/38) and v2 (epochs git/0.git, git/1.git…, each
// commit storing its message as the blob `m`; a removal commit deletes `m` and adds `d`).
//
// Per epoch, commits are walked oldest first from the last one ingested (saved state), message blobs
// are streamed through one `git cat-file --batch`, and a checkpoint with the epoch's head follows its
// messages, so the pipeline records progress in the same transaction as the mail.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SourceItem } from '../domain/source.js';
import { type ReadContext, errorItem, messageItem } from './context.js';
import type { DirectoryKind } from './detect.js';
import { CatFileBatch, git, gitLines } from './git.js';

export type PublicInboxLayout = Exclude<DirectoryKind, 'maildir' | 'tree'>;

/** Blobs requested from cat-file but not read yet: bounds memory and keeps both pipes flowing. */
const MAX_IN_FLIGHT = 256;
/** v2 stores each message as `m`; v1 under the Message-ID's sha1 as ab/cdef… (38 hex). */
const MESSAGE_PATH = /^(?:m|[0-9a-f]{2}\/[0-9a-f]{38})$/;
const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/; // sha1 or sha256

export function stateKey(epoch: string): string {
  return 'public-inbox:' + path.resolve(epoch);
}

export async function* readPublicInbox(dir: string, layout: PublicInboxLayout, ctx: ReadContext): AsyncGenerator<SourceItem> {
  let epochs: string[];
  try {
    epochs = await listEpochs(dir, layout);
  } catch (err) {
    yield errorItem(dir, null, err);
    return;
  }
  for (const epoch of epochs) yield* readEpoch(epoch, ctx);
}

/** On-disk size of the repositories (object store), for progress: what readPublicInbox advances bytesRead by. */
export async function publicInboxBytes(dir: string, layout: PublicInboxLayout): Promise<number> {
  let total = 0;
  for (const epoch of await listEpochs(dir, layout).catch(() => [])) total += await objectBytes(epoch);
  return total;
}

async function listEpochs(dir: string, layout: PublicInboxLayout): Promise<string[]> {
  if (layout === 'git') return [path.resolve(dir)];
  const epochsDir = layout === 'public-inbox-v2' ? path.join(dir, 'git') : dir;
  return (await fs.readdir(epochsDir))
    .filter((n) => /^\d+\.git$/.test(n))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((n) => path.resolve(epochsDir, n));
}

async function* readEpoch(epoch: string, ctx: ReadContext): AsyncGenerator<SourceItem> {
  const key = stateKey(epoch);
  const startBytes = ctx.bytesRead;
  const diskBytes = await objectBytes(epoch);
  let cat: CatFileBatch | null = null;
  try {
    const head = await git(epoch, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']).then(
      (out) => out.trim(),
      () => '', // no commits yet
    );
    const last = ctx.opts.state?.get(key) ?? null;
    if (!head || head === last) return;
    if (last && !(await isAncestor(epoch, last, head))) {
      yield errorItem(epoch, null, `saved commit ${last} is not in the history of ${head} (rewritten or purged?); clear ${key} to read the epoch again`);
      return;
    }
    const range = last ? `${last}..${head}` : head;
    const commits = Number(await git(epoch, ['rev-list', '--count', range])) || 1;
    // Options spelled out so user config (diff.renames, log.showSignature…) cannot change the output.
    const log = gitLines(epoch, ['log', '--reverse', '--no-renames', '--no-show-signature', '--raw', '--no-abbrev', '--root', '--format=%H', range]);
    cat = new CatFileBatch(epoch);
    const queue: { commit: string; oid: string }[] = [];
    let commit = '';
    let commitsSeen = 0;
    const next = async (): Promise<SourceItem> => {
      const { commit: from, oid } = queue.shift()!;
      const obj = await cat!.read();
      if ('missing' in obj || obj.oid !== oid) throw new Error(`blob ${oid} of commit ${from} is missing`);
      ctx.bytesRead = startBytes + Math.round((diskBytes * Math.min(commitsSeen, commits)) / commits);
      return messageItem(ctx, { raw: obj.data, origin: `${epoch}:${from}`, format: 'public-inbox' });
    };
    for await (const line of log) {
      if (line.startsWith(':')) {
        const blob = messageBlob(line);
        if (!blob) continue;
        queue.push({ commit, oid: blob });
        cat.request(blob);
        while (queue.length >= MAX_IN_FLIGHT) yield await next();
      } else if (COMMIT_ID.test(line)) {
        commit = line;
        commitsSeen++;
      }
    }
    while (queue.length > 0) yield await next();
    ctx.bytesRead = startBytes + diskBytes;
    yield { kind: 'checkpoint', key, value: head };
  } catch (err) {
    yield errorItem(epoch, null, err);
  } finally {
    cat?.close();
    ctx.bytesRead = startBytes + diskBytes;
  }
}

/** The new blob id of a raw diff line that adds or changes a message, else null. */
function messageBlob(rawLine: string): string | null {
  // ":100644 100644 <old> <new> M\t<path>"
  const tab = rawLine.indexOf('\t');
  if (tab < 0) return null;
  const [, , , newOid, status] = rawLine.slice(1, tab).split(' ');
  if (status !== 'A' && status !== 'M') return null;
  return MESSAGE_PATH.test(rawLine.slice(tab + 1)) ? newOid : null;
}

async function isAncestor(repo: string, older: string, newer: string): Promise<boolean> {
  return git(repo, ['merge-base', '--is-ancestor', older, newer]).then(
    () => true,
    () => false,
  );
}

async function objectBytes(dir: string): Promise<number> {
  let total = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) total += (await fs.stat(p).catch(() => ({ size: 0 }))).size;
    }
  };
  await walk(path.join(dir, 'objects'));
  return total;
}
