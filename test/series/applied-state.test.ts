// Applied state from the archive itself: a maintainer's reply, and commits imported with real
// git (matched by Link: trailer and by patch-id). Series states follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoPath } from '../helpers/corpus.js';
import { tmpDir } from '../helpers/tmp.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ann Author', '-c', 'user.email=ann@example.org', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2024-01-02T10:00:00Z', GIT_COMMITTER_DATE: '2024-01-02T10:00:00Z' },
  });

test('applied by reply, by Link: trailer and by patch-id; states follow', () => {
  const dir = tmpDir();
  const a = path.join(dir, 'author');
  fs.mkdirSync(a);
  git(a, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(a, 'one.c'), 'int one;\n');
  fs.writeFileSync(path.join(a, 'two.c'), 'int two;\n');
  git(a, 'add', '.');
  git(a, 'commit', '-q', '-m', 'base');
  fs.appendFileSync(path.join(a, 'one.c'), 'int one_more;\n');
  git(a, 'commit', '-qam', 'one: add one_more\n\nSigned-off-by: Ann Author <ann@example.org>');
  fs.appendFileSync(path.join(a, 'two.c'), 'int two_more;\n');
  git(a, 'commit', '-qam', 'two: add two_more\n\nSigned-off-by: Ann Author <ann@example.org>');
  const mbox = path.join(dir, 'series.mbox');
  fs.writeFileSync(mbox, git(a, 'format-patch', '--cover-letter', '--thread', '--stdout', '-2'));
  const msgids = [...fs.readFileSync(mbox, 'utf8').matchAll(/^Message-ID: <([^>]+)>/gim)].map((m) => m[1]);
  assert.equal(msgids.length, 3);

  const db = path.join(dir, 'kb.sqlite');
  const lkb = (...args: string[]) => spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), '--db', db, ...args], { encoding: 'utf8' });
  assert.equal(lkb('ingest', '-q', mbox).status, 0);
  const show = () => JSON.parse(lkb('series', '--json', msgids[1]).stdout);
  assert.equal(show().state, 'new');
  assert.deepEqual(show().versions[0].patches.map((p: { applied: unknown }) => p.applied), [null, null]);

  // the maintainer's tree: patch 2 applied with git am (same patch-id), patch 1 rewritten but with a Link: trailer
  const m = path.join(dir, 'maint');
  execFileSync('git', ['clone', '-q', a, m]);
  git(m, 'reset', '-q', '--hard', 'HEAD~2');
  fs.appendFileSync(path.join(m, 'one.c'), 'int one_more; /* tidied */\n');
  git(m, 'commit', '-qam', `one: add one_more\n\nLink: https://lore.kernel.org/r/${msgids[1]}\nSigned-off-by: Ann Author <ann@example.org>`);
  const patch2 = path.join(dir, 'p2.mbox');
  fs.writeFileSync(patch2, git(a, 'format-patch', '--stdout', '-1'));
  git(m, 'am', '-q', patch2);

  const r = lkb('import-commits', '--json', m);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).commits, 3);
  const after = show();
  const applied = after.versions[0].patches.map((p: { applied: { via: string; sha: string } }) => p.applied);
  assert.equal(applied[0].via, 'commit');
  assert.equal(applied[1].via, 'commit');
  assert.equal(after.state, 'applied');
  assert.equal(lkb('import-commits', path.join(dir, 'no-such-repo')).status, 2);
});

test('an "Applied, thanks" reply to the cover marks the series applied, with b4 ty commits', async () => {
  const dir = tmpDir();
  const mail = (id: string, from: string, subject: string, minute: number, extra: string, body: string) =>
    `From x Mon Jan  1 00:00:00 2024\nFrom: ${from}\nSubject: ${subject}\nDate: Tue, 2 Jan 2024 10:${String(minute).padStart(2, '0')}:00 +0000\nMessage-ID: <${id}>\n${extra}\n${body}\n\n`;
  const refs = (...ids: string[]) => `In-Reply-To: <${ids[ids.length - 1]}>\nReferences: ${ids.map((i) => `<${i}>`).join(' ')}\n`;
  const diff = (f: string) => `---\n ${f} | 1 +\n\ndiff --git a/${f} b/${f}\n--- a/${f}\n+++ b/${f}\n@@ -1 +1,2 @@\n x\n+y\n`;
  fs.writeFileSync(
    path.join(dir, 't.mbox'),
    mail('c@x', 'Ann <ann@x.org>', '[PATCH 0/2] frob: two fixes', 0, '', 'two fixes') +
      mail('p1@x', 'Ann <ann@x.org>', '[PATCH 1/2] frob: fix a', 1, refs('c@x'), `fix a\n\nSigned-off-by: Ann <ann@x.org>\n${diff('a.c')}`) +
      mail('p2@x', 'Ann <ann@x.org>', '[PATCH 2/2] frob: fix b', 2, refs('c@x'), `fix b\n\nSigned-off-by: Ann <ann@x.org>\n${diff('b.c')}`) +
      mail('ty@x', 'Maintainer <m@x.org>', 'Re: [PATCH 0/2] frob: two fixes', 30, refs('c@x'),
        'On Tue, 02 Jan 2024, Ann wrote:\n> two fixes\n\nApplied to frob-next, thanks!\n\n[1/2] frob: fix a\n      commit: 1111111aaaa\n[2/2] frob: fix b\n      commit: 2222222bbbb\n\nBest regards,'),
  );
  const db = path.join(dir, 'kb.sqlite');
  const lkb = (...args: string[]) => spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), '--db', db, ...args], { encoding: 'utf8' });
  assert.equal(lkb('ingest', '-q', path.join(dir, 't.mbox')).status, 0);
  const s = JSON.parse(lkb('series', '--json', 'p1@x').stdout);
  assert.equal(s.state, 'applied');
  assert.deepEqual(
    s.versions[0].patches.map((p: { applied: { sha: string; branch: string } }) => [p.applied.sha, p.applied.branch]),
    [['1111111aaaa', 'frob-next'], ['2222222bbbb', 'frob-next']],
  );
  assert.match(lkb('series', 'p1@x').stdout, /applied to frob-next as 1111111aaaa/);
  assert.equal(JSON.parse(lkb('series', '--json', '--state', 'applied').stdout).series.length, 1);
});
