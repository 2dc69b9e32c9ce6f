import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { extractPatch } from '../../src/parse/diff.js';
import { parseMessage } from '../../src/parse/mime.js';
import { patchId } from '../../src/series/patch-id.js';
import { openSources } from '../../src/sources/index.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { tmpDir } from '../helpers/tmp.js';

// The reference is the git binary itself, run without user or system config.
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
const hasGit = spawnSync('git', ['--version'], { env: GIT_ENV }).status === 0;
const needsGit = hasGit ? {} : { skip: 'git not installed' };
const needsGitAndCorpus = hasGit ? needsCorpus : needsGit;

/** The first id `git patch-id --stable` prints for `input`, or null when it prints none. */
function gitPatchId(input: string): string | null {
  const r = spawnSync('git', ['patch-id', '--stable'], { input, env: GIT_ENV, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr?.toString());
  const first = r.stdout.toString().split('\n')[0];
  return first === '' ? null : first.split(' ')[0];
}

/** A scratch repository: `run` calls git in it; diffs come from the index vs the work tree. */
function scratchRepo(): { dir: string; git: (...args: string[]) => string; write: (name: string, content: string | Buffer) => void } {
  const dir = tmpDir('lkb-patch-id-');
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: dir, env: GIT_ENV, maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr?.toString()}`);
    return r.stdout.toString();
  };
  git('init', '-q');
  const write = (name: string, content: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  };
  return { dir, git, write };
}

const SAMPLE = `Subject: [PATCH] two files

Signed-off-by: A U Thor <a@example.org>
---
 a.c | 2 +-
 b.c | 3 ++-
 2 files changed

diff --git a/a.c b/a.c
index 1111111..2222222 100644
--- a/a.c
+++ b/a.c
@@ -10,3 +10,3 @@ int main(void)
 {
-\treturn 0;
+\treturn 1;
 }
diff --git a/b.c b/b.c
index 3333333..4444444 100644
--- a/b.c
+++ b/b.c
@@ -1,2 +1,3 @@
 #include <stdio.h>
+#include <stdlib.h>
 int x = 1;
-- 
2.39.5
`;

function files(diff: string): { head: string; parts: string[] } {
  const at = diff.indexOf('diff --git');
  const end = diff.indexOf('-- \n');
  const body = diff.slice(at, end);
  return { head: diff.slice(0, at), parts: body.split(/^(?=diff --git )/m) };
}

test('patchId: file order, whitespace inside lines and line numbers do not matter; content does', needsGit, () => {
  const id = patchId(SAMPLE);
  assert.match(id ?? '', /^[0-9a-f]{40}$/);
  assert.equal(id, gitPatchId(SAMPLE));

  const { head, parts } = files(SAMPLE);
  const reordered = head + parts[1] + parts[0] + '-- \n2.39.5\n';
  assert.equal(patchId(reordered), id, 'files swapped');
  assert.equal(gitPatchId(reordered), id);

  const respaced = SAMPLE.replace('\treturn 1;', '  return   1 ;').replace('int x = 1;', 'int x=1;');
  assert.equal(patchId(respaced), id, 'whitespace inside lines');
  assert.equal(gitPatchId(respaced), id);

  const moved = SAMPLE.replace('@@ -10,3 +10,3 @@ int main(void)', '@@ -110,3 +112,3 @@ static int other(void)').replace('index 1111111..2222222', 'index abcdef0..1234567');
  assert.equal(patchId(moved), id, 'hunk positions, function context and blob ids');
  assert.equal(gitPatchId(moved), id);

  const crlf = SAMPLE.replace(/\n/g, '\r\n');
  assert.equal(patchId(crlf), id, 'CRLF line ends');

  const changed = SAMPLE.replace('+\treturn 1;', '+\treturn 2;');
  assert.notEqual(patchId(changed), id, 'one + line changed');
  assert.equal(patchId(changed), gitPatchId(changed));

  const renamed = SAMPLE.replaceAll('b.c', 'c.c');
  assert.notEqual(patchId(renamed), id, 'file names count');
  assert.equal(patchId(renamed), gitPatchId(renamed));

  // the commit message and the diffstat are not part of the id
  assert.equal(patchId(SAMPLE.replace('two files', 'another subject').replace(' 2 files changed', ' 2 files changed, 4 insertions(+)')), id);
  // only the first patch counts when several follow each other
  const two = `From ${'1'.repeat(40)} Mon Sep 17 00:00:00 2001\n${SAMPLE}From ${'2'.repeat(40)} Mon Sep 17 00:00:00 2001\n${changed}`;
  assert.equal(patchId(two), id);
  assert.equal(gitPatchId(two), id);
});

test('patchId: null when there is no diff git can read', needsGit, () => {
  const noDiff = ['', 'hello\n', 'Subject: x\n\nJust a reply.\n> diff --git a/x b/x\n', '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n', 'Index: x\n===\n--- x\n+++ x\n@@ -1 +1 @@\n-a\n+b\n'];
  for (const text of noDiff) {
    assert.equal(patchId(text), null, JSON.stringify(text));
    assert.equal(gitPatchId(text), null, JSON.stringify(text));
  }
  // "diff -u" style headers are read like git's
  const plain = 'diff -u a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n';
  assert.equal(patchId(plain), gitPatchId(plain));
  assert.notEqual(patchId(plain), null);
});

test('patchId: equals git for every kind of change git diff writes', needsGit, () => {
  const repo = scratchRepo();
  const commit = (): string => repo.git('-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'x');
  const lines = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `line ${i} ${tag}\n`).join('');
  repo.write('src/main.c', lines(60, 'base'));
  repo.write('src/old-name.c', lines(5, 'moved'));
  repo.write('src/gone.c', lines(3, 'gone'));
  repo.write('bin/blob.bin', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256)));
  repo.write('script.sh', '#!/bin/sh\necho hi\n');
  repo.write('noeol.txt', 'no newline at the end');
  repo.write('docs/a b.txt', 'spaced name\n');
  repo.git('add', '-A');
  commit();
  // One commit with a modification (two hunks), a rename, a deletion, binary changes and
  // additions, a mode change, a missing final newline, a quoted name and an empty new file.
  repo.write('src/main.c', lines(60, 'base').replace('line 3 base', 'line 3 CHANGED').replace('line 50 base\n', 'line 50 base\nadded\n'));
  fs.renameSync(path.join(repo.dir, 'src/old-name.c'), path.join(repo.dir, 'src/new-name.c'));
  fs.rmSync(path.join(repo.dir, 'src/gone.c'));
  repo.write('bin/blob.bin', Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 13) % 256)));
  repo.write('bin/new.bin', Buffer.from([0, 1, 2, 3, 0, 255]));
  fs.chmodSync(path.join(repo.dir, 'script.sh'), 0o755);
  repo.write('noeol.txt', 'still no newline');
  repo.write('docs/a b.txt', 'spaced name, changed\n');
  repo.write('empty.txt', '');
  repo.git('add', '-A');
  commit();

  const names = repo.git('show', '--format=', '--name-only', 'HEAD').split('\n').filter(Boolean);
  const orderFile = path.join(repo.dir, '.git', 'order'); // outside the work tree
  fs.writeFileSync(orderFile, [...names].reverse().join('\n') + '\n');
  const variants: Array<[string, string[]]> = [
    ['default', []],
    ['binary', ['--binary']],
    ['reversed file order', [`-O${orderFile}`]],
    ['no renames', ['--no-renames']],
    ['full index', ['--full-index', '--binary']],
    ['no context', ['-U0']],
    ['wide context', ['-U10']],
  ];
  // Each style: the whole diff and every file alone; for two styles also every ordered pair of files.
  let compared = 0;
  for (const [label, args] of variants) {
    const pairs = label === 'default' || label === 'binary';
    const whole = repo.git('show', '--format=', '-M', ...args, 'HEAD');
    assert.equal(patchId(whole), gitPatchId(whole), label);
    compared++;
    const pieces = whole.split(/^(?=diff --git )/m).filter((p) => p.startsWith('diff --git'));
    assert.ok(pieces.length >= 9, `${label}: ${pieces.length} files`);
    for (const a of pieces) {
      for (const b of pairs ? pieces : [a]) {
        const input = a === b ? a : a + b;
        assert.equal(patchId(input), gitPatchId(input), `${label}: ${a.split('\n')[0]} + ${b.split('\n')[0]}`);
        compared++;
      }
    }
  }
  // (Here the order does change the id, for git too: a file with only header lines, like the mode
  // change or the pure rename, is hashed together with the file after it.)
  // format-patch output, as mailed
  const mail = repo.git('format-patch', '--stdout', '--binary', '-1', 'HEAD');
  assert.equal(patchId(mail), gitPatchId(mail));
  assert.ok(compared > 200, `compared ${compared}`);
  fs.rmSync(repo.dir, { recursive: true, force: true });
});

test('patchId: equals git on damaged diffs (deterministic mutations)', needsGit, () => {
  const seeds = [SAMPLE, SAMPLE.replace('@@ -1,2 +1,3 @@', '@@ -1,2 +1,3 @@ ctx'), files(SAMPLE).parts[1]];
  const mutations: Array<(l: string[], r: () => number) => void> = [
    (l, r) => void l.splice(r() % l.length, 1),
    (l, r) => void l.splice(r() % l.length, 0, ''),
    (l, r) => void l.splice(r() % l.length, 0, '\\ No newline at end of file'),
    (l, r) => void l.splice(r() % l.length, 0, '\\ x'),
    (l, r) => void l.splice(r() % l.length, 0, '0123456789abcdef0123456789abcdef01234567 commit'),
    (l, r) => void l.splice(r() % l.length, 0, '-- ', '2.39.5'),
    (l, r) => void l.splice(r() % l.length, 0, `@@ -${['', '1', '1,', '1,2'][r() % 4]} ${['+', '+3', '+,', '+1,0', 'x'][r() % 5]} @@`),
    (l, r) => void l.splice(r() % l.length, 0, 'index 123..456'),
    (l, r) => void l.splice(r() % l.length, 0, 'Binary files a/x and b/x differ'),
    (l, r) => void l.splice(r() % l.length, 0, 'GIT binary patch', 'literal 3', 'Kc${2}', ''),
    (l, r) => void l.splice(r() % l.length, 0, 'ünïcode line'),
    (l, r) => {
      const i = r() % l.length;
      l[i] = l[i].replace(/\d+/, String(r() % 6));
    },
    (l, r) => {
      const i = r() % l.length;
      l[i] += ['\r', '\v', ' \t', '\0tail'][r() % 4];
    },
  ];
  let state = 20240611;
  const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 400; n++) {
    const l = seeds[rand() % seeds.length].split('\n');
    for (let k = 1 + (rand() % 3); k > 0; k--) mutations[rand() % mutations.length](l, rand);
    const input = l.join('\n');
    if (binaryBeforeIndexLine(input)) continue;
    assert.equal(patchId(input), gitPatchId(input), JSON.stringify(input));
  }
});

/**
 * git hashes the blob names of the last "index a..b" line for a binary file; before any such
 * line its buffers are uninitialised, so its id for this input depends on stack contents.
 */
function binaryBeforeIndexLine(input: string): boolean {
  let inDiff = false;
  for (const line of input.split('\n')) {
    if (line.startsWith('diff ')) inDiff = true;
    else if (inDiff && line.startsWith('index ') && line.includes('..')) return false;
    else if (inDiff && (line.startsWith('Binary files') || line.startsWith('GIT binary patch'))) return true;
  }
  return false;
}

interface Tally {
  match: number;
  gitNone: number;
}

function compareWithGit(tally: Tally, input: string, what: string): void {
  const want = gitPatchId(input);
  if (want === null) {
    tally.gitNone++;
    assert.equal(patchId(input), null, `${what}: git prints no id`);
    return;
  }
  assert.equal(patchId(input), want, what);
  tally.match++;
}

/** Each patch message's diff (as src/parse extracts it) and, for the first `rawLimit`, its raw text. */
async function comparePatchMessages(t: TestContext, label: string, paths: string[], rawLimit = Infinity): Promise<Tally> {
  const diffs: Tally = { match: 0, gitNone: 0 };
  const raws: Tally = { match: 0, gitNone: 0 };
  let messages = 0;
  for await (const item of openSources(paths)) {
    if (item.kind !== 'message') continue;
    const msg = await parseMessage(item.message);
    const diff = msg.patch?.diff ?? extractPatch(msg.body)?.diff;
    if (!diff) continue;
    compareWithGit(diffs, diff, `${item.message.origin} (diff)`);
    if (messages++ < rawLimit) compareWithGit(raws, item.message.raw.toString('utf8'), `${item.message.origin} (raw)`);
  }
  t.diagnostic(`${label}: ${messages} patch messages; their diffs: ${diffs.match} ids equal to git's (${diffs.gitNone} where git prints none); raw messages: ${raws.match} equal (${raws.gitNone} none)`);
  return diffs;
}

test('patchId equals git patch-id --stable on the corpus patches', needsGitAndCorpus, async (t) => {
  const listMboxes = (dir: string): string[] =>
    fs.readdirSync(corpusPath(dir)).filter((n) => n.endsWith('.mbox')).sort().map((n) => corpusPath(dir, n));

  const pwMail = await comparePatchMessages(t, 'patchwork/mail', listMboxes('patchwork/mail'));
  assert.ok(pwMail.match >= 15, `patchwork/mail: ${pwMail.match}`);
  const pwSeries = await comparePatchMessages(t, 'patchwork/series', listMboxes('patchwork/series'));
  assert.ok(pwSeries.match >= 70, `patchwork/series: ${pwSeries.match}`);
  const b4 = await comparePatchMessages(t, 'b4/samples', listMboxes('b4/samples'));
  assert.ok(b4.match >= 25, `b4: ${b4.match}`);

  const files: Tally = { match: 0, gitNone: 0 };
  for (const dir of ['public-inbox/mail/solve', 'patchwork/patches', 'public-inbox/mail/data']) {
    for (const name of fs.readdirSync(corpusPath(dir)).filter((n) => n.endsWith('.patch')).sort()) {
      const text = fs.readFileSync(corpusPath(dir, name), 'utf8');
      compareWithGit(files, text, name);
      const diff = extractPatch(text)?.diff;
      if (diff) compareWithGit(files, diff, `${name} (diff)`);
    }
  }
  t.diagnostic(`*.patch files: ${files.match} equal to git (${files.gitNone} without a git id)`);
  assert.ok(files.match >= 10);

  const pm = await comparePatchMessages(t, 'linux-pm-sample', [corpusPath('linux-pm-sample')], 300);
  assert.ok(pm.match >= 200, `linux-pm: ${pm.match}`);
});
