import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SourceItem, SourceStateStore } from '../../src/domain/source.js';
import { MboxSplitter } from '../../src/sources/mbox.js';
import { totalBytes } from '../../src/sources/index.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { collect, errors, header, messages, scratch } from './helpers.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(repo: string, args: string[], input?: Buffer | string, env: NodeJS.ProcessEnv = GIT_ENV): string {
  return execFileSync('git', ['--git-dir', repo, ...args], { input, env }).toString().trim();
}

/** A bare repository whose every commit has the tree `files` (path → bytes), like public-inbox's writers. */
class Archive {
  constructor(readonly repo: string) {
    fs.mkdirSync(repo, { recursive: true });
    git(repo, ['init', '-q', '--bare', '--initial-branch=master']);
  }

  commit(files: Record<string, Buffer>, subject: string): string {
    const index = path.join(this.repo, 'test-index');
    fs.rmSync(index, { force: true });
    const env = { ...GIT_ENV, GIT_INDEX_FILE: index };
    for (const [file, bytes] of Object.entries(files)) {
      const oid = git(this.repo, ['hash-object', '-w', '--stdin'], bytes);
      git(this.repo, ['update-index', '--add', '--cacheinfo', `100644,${oid},${file}`], undefined, env);
    }
    const tree = git(this.repo, ['write-tree'], undefined, env);
    const parent = this.head();
    const commit = git(this.repo, ['commit-tree', '--no-gpg-sign', tree, ...(parent ? ['-p', parent] : []), '-m', subject]);
    git(this.repo, ['update-ref', 'refs/heads/master', commit]);
    return commit;
  }

  /** The current commit, '' before the first one. */
  head(): string {
    try {
      return git(this.repo, ['rev-parse', '-q', '--verify', 'HEAD']);
    } catch {
      return '';
    }
  }
}

/** Real messages: the first `n` of a linux-pm month. */
function corpusMessages(n: number): Buffer[] {
  const s = new MboxSplitter();
  const out = s.push(fs.readFileSync(corpusPath('linux-pm-sample/2019-09.mbox')).subarray(0, 2_000_000)).map((m) => m.bytes);
  assert.ok(out.length >= n);
  return out.slice(0, n);
}

class MemoryState implements SourceStateStore {
  readonly map = new Map<string, string>();
  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.map.set(key, value);
  }
  /** What the pipeline does with checkpoints. */
  apply(items: SourceItem[]): void {
    for (const i of items) if (i.kind === 'checkpoint') this.set(i.key, i.value);
  }
}

const checkpoints = (items: SourceItem[]) => items.flatMap((i) => (i.kind === 'checkpoint' ? [[i.key, i.value]] : []));
const msgids = (items: SourceItem[]) => messages(items).map((m) => header(m.raw, 'Message-ID'));

test('public-inbox v2: all messages oldest first, a checkpoint per epoch, then only new commits', needsCorpus, async (t) => {
  const inbox = scratch(t);
  const mail = corpusMessages(6);
  const epoch0 = new Archive(path.join(inbox, 'git', '0.git'));
  const commits = [0, 1, 2].map((i) => epoch0.commit({ m: mail[i] }, `message ${i}`));
  const removal = epoch0.commit({ d: mail[1] }, 'remove message 1'); // v2 removals add `d`, drop `m`

  const state = new MemoryState();
  const first = await collect([inbox], { state });
  assert.deepEqual(errors(first), []);
  const got = messages(first);
  assert.deepEqual(got.map((m) => m.raw), mail.slice(0, 3), 'exact blob bytes, in commit order');
  assert.deepEqual(got.map((m) => m.origin), commits.map((c) => `${epoch0.repo}:${c}`));
  assert.ok(got.every((m) => m.format === 'public-inbox'));
  const key = 'public-inbox:' + path.resolve(epoch0.repo);
  assert.deepEqual(checkpoints(first), [[key, removal]]);
  assert.equal(first.at(-1)!.kind, 'checkpoint', 'the checkpoint follows the messages it covers');
  state.apply(first);

  assert.deepEqual(await collect([inbox], { state }), [], 'nothing new, nothing read');

  const added = [3, 4].map((i) => epoch0.commit({ m: mail[i] }, `message ${i}`));
  const second = await collect([inbox], { state });
  assert.deepEqual(msgids(second), [3, 4].map((i) => header(mail[i], 'Message-ID')));
  assert.deepEqual(checkpoints(second), [[key, added[1]]]);
  state.apply(second);

  const epoch1 = new Archive(path.join(inbox, 'git', '1.git'));
  const head1 = epoch1.commit({ m: mail[5] }, 'message 5');
  const third = await collect([inbox], { state });
  assert.deepEqual(msgids(third), [header(mail[5], 'Message-ID')]);
  assert.deepEqual(checkpoints(third), [['public-inbox:' + path.resolve(epoch1.repo), head1]]);

  assert.ok((await totalBytes([inbox])) > 0);
});

test('public-inbox v1: message blobs at sha1(Message-ID) paths, incremental', needsCorpus, async (t) => {
  const repo = path.join(scratch(t), 'list.git');
  const archive = new Archive(repo);
  const mail = corpusMessages(5);
  const tree: Record<string, Buffer> = {};
  const add = (m: Buffer): string => {
    const mid = header(m, 'Message-ID')!.replace(/^<|>$/g, '');
    const h = crypto.createHash('sha1').update(mid).digest('hex');
    tree[`${h.slice(0, 2)}/${h.slice(2)}`] = m;
    return archive.commit(tree, mid);
  };
  [0, 1, 2].forEach((i) => add(mail[i]));
  const state = new MemoryState();
  const first = await collect([repo], { state });
  assert.deepEqual(errors(first), []);
  assert.deepEqual(messages(first).map((m) => m.raw), mail.slice(0, 3));
  state.apply(first);

  const head = [3, 4].map((i) => add(mail[i]))[1];
  const second = await collect([repo], { state });
  assert.deepEqual(messages(second).map((m) => m.raw), mail.slice(3, 5), 'only the two new commits');
  assert.deepEqual(checkpoints(second), [['public-inbox:' + path.resolve(repo), head]]);
});

test('public-inbox inside a walked tree is read as an archive; a lost saved commit is an error item', needsCorpus, async (t) => {
  const root = scratch(t);
  const epoch = new Archive(path.join(root, 'lists', 'linux-pm', 'git', '0.git'));
  const mail = corpusMessages(2);
  mail.forEach((m, i) => epoch.commit({ m }, `message ${i}`));
  assert.equal(messages(await collect([root])).length, 2);

  const state = new MemoryState();
  state.set('public-inbox:' + path.resolve(epoch.repo), 'f'.repeat(40));
  const items = await collect([root], { state });
  assert.equal(messages(items).length, 0);
  assert.equal(errors(items).length, 1);
  assert.match(errors(items)[0].message, /not in the history/);
});

test('an empty epoch yields nothing', async (t) => {
  const inbox = scratch(t);
  new Archive(path.join(inbox, 'git', '0.git'));
  assert.deepEqual(await collect([inbox]), []);
});
