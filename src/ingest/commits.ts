// `lkb import-commits REPO [RANGE]`: read a git tree with the real git binary, so patches
// that reached it are marked applied — by the Message-IDs its Link:/Message-Id: trailers
// name and by `git patch-id --stable` (which finds patches applied without a link).
import { spawn } from 'node:child_process';
import type { WritableDB } from '../store/db.js';
import { saveCommits, type ImportedCommit } from '../store/commits.js';
import { rebuildSeries, type SeriesStageReport } from './series-stage.js';

const FIELD = '\x1f';
const RECORD = '\x1e';

function run(args: string[], input?: NodeJS.ReadableStream): { stdout: NodeJS.ReadableStream; done: Promise<void> } {
  const child = spawn('git', args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  if (input) input.pipe(child.stdin!);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`cannot run git: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args.slice(0, 3).join(' ')} failed: ${err.trim() || `exit ${code}`}`))));
  });
  return { stdout: child.stdout!, done };
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Message-IDs named by Link: (lore or patch.msgid.link URLs) and Message-Id: trailers. */
export function trailerMsgids(body: string): string[] {
  const out = new Set<string>();
  const re = /^\s*(?:Link|Message-Id|Message-ID):\s*<?(?:https?:\/\/(?:lore\.kernel\.org\/(?:r|all|[\w.-]+)|patch\.msgid\.link)\/)?([^\s<>/]+@[^\s<>/]+?)\/?>?\s*$/gim;
  for (const m of body.matchAll(re)) {
    try {
      out.add(decodeURIComponent(m[1]));
    } catch {
      out.add(m[1]);
    }
  }
  return [...out];
}

export async function importCommits(
  db: WritableDB,
  repo: string,
  range = 'HEAD',
): Promise<{ commits: number; withMsgid: number; series: SeriesStageReport }> {
  const base = ['-C', repo];
  const log = run([...base, 'log', '--no-merges', `--format=%H${FIELD}%an${FIELD}%ae${FIELD}%ct${FIELD}%s${FIELD}%b${RECORD}`, range, '--']);
  const [logText] = await Promise.all([text(log.stdout), log.done]);
  const patch = run([...base, 'log', '--no-merges', '-p', '--format=commit %H', range, '--']);
  const ids = run(['patch-id', '--stable'], patch.stdout);
  const [idText] = await Promise.all([text(ids.stdout), patch.done, ids.done]);
  const patchIdOf = new Map<string, string>();
  for (const line of idText.split('\n')) {
    const [pid, sha] = line.split(' ');
    if (pid && sha) patchIdOf.set(sha, pid);
  }
  const commits: ImportedCommit[] = [];
  for (const rec of logText.split(RECORD)) {
    const [sha, name, address, ct, subject, body] = rec.replace(/^\n/, '').split(FIELD);
    if (!sha || !/^[0-9a-f]{40}$/.test(sha)) continue;
    commits.push({
      sha,
      subject: subject ?? '',
      author: { name: name ?? '', address: address ?? '' },
      date: ct ? Number(ct) * 1000 : null,
      patchId: patchIdOf.get(sha) ?? null,
      msgids: trailerMsgids(body ?? ''),
    });
  }
  saveCommits(db, repo, commits);
  return { commits: commits.length, withMsgid: commits.filter((c) => c.msgids.length).length, series: rebuildSeries(db) };
}
