// Small wrappers over the git binary: one-shot commands, streamed line output, and a long-lived
// `git cat-file --batch` that serves many blobs over one pipe.
import { spawn, execFile, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';

function gitArgs(repo: string, args: string[]): string[] {
  return ['--git-dir', repo, ...args];
}

/** stdout of a short git command; rejects with git's stderr on failure. */
export function git(repo: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', gitArgs(repo, args), { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0]}: ${String(stderr).trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** stdout lines of a long git command, streamed with backpressure; throws if git fails. */
export async function* gitLines(repo: string, args: string[]): AsyncGenerator<string> {
  const child = spawn('git', gitArgs(repo, args), { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = exitOf(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let carry = '';
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const lines = (carry + chunk.toString('latin1')).split('\n'); // ids and paths: no multi-byte text to split
      carry = lines.pop()!;
      yield* lines;
    }
    if (carry) yield carry;
    const code = await exited;
    if (code !== 0) throw new Error(`git ${args[0]} failed (${code}): ${stderr.trim()}`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    child.once('error', (err) => resolve(err.message));
    child.once('close', (code) => resolve(code ?? 'killed'));
  });
}

export type BatchObject = { oid: string; type: string; data: Buffer } | { oid: string; missing: true };

/**
 * One `git cat-file --batch` process per repository. Callers request ids, then read the answers in
 * the same order. Requests are never awaited on (git answers them in order), so callers must bound
 * how many are outstanding; reading answers is what applies backpressure to git.
 */
export class CatFileBatch {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly out: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);
  private stderr = '';
  private spawnError: Error | null = null;

  constructor(repo: string) {
    this.child = spawn('git', gitArgs(repo, ['cat-file', '--batch']));
    this.child.on('error', (err) => (this.spawnError = err));
    this.child.stdin.on('error', () => {}); // EPIPE when git died: reported by read()
    this.child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.out = (this.child.stdout as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  request(oid: string): void {
    this.child.stdin.write(oid + '\n');
  }

  async read(): Promise<BatchObject> {
    let nl: number;
    while ((nl = this.pending.indexOf(0x0a)) < 0) await this.fill();
    const header = this.pending.toString('latin1', 0, nl).split(' ');
    this.pending = this.pending.subarray(nl + 1);
    if (header[1] === 'missing' || header.length < 3) return { oid: header[0], missing: true };
    const size = Number(header[2]);
    const data = Buffer.allocUnsafe(size);
    let filled = 0;
    for (;;) {
      const n = Math.min(size - filled, this.pending.length);
      this.pending.copy(data, filled, 0, n);
      this.pending = this.pending.subarray(n);
      filled += n;
      if (filled === size) break;
      await this.fill();
    }
    if (this.pending.length === 0) await this.fill();
    this.pending = this.pending.subarray(1); // the newline after the contents
    return { oid: header[0], type: header[1], data };
  }

  close(): void {
    this.child.stdin.end();
    if (this.child.exitCode === null) this.child.kill();
  }

  private async fill(): Promise<void> {
    const r = await this.out.next();
    if (r.done) {
      const why = this.spawnError?.message ?? this.stderr.trim();
      throw new Error(`git cat-file --batch ended early${why ? `: ${why}` : ''}`);
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, r.value]) : r.value;
  }
}
