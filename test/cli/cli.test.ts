// The CLI as a newcomer runs it: help, ingest with a summary, listing, --json, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoPath } from '../helpers/corpus.js';
import { tmpDir } from '../helpers/tmp.js';

const db = path.join(tmpDir(), 'kb.sqlite');
const lkb = (...args: string[]) =>
  spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, LKB_DB: db },
  });

test('lkb --help and lkb CMD --help explain each command with an example', () => {
  const r = lkb('--help');
  assert.equal(r.status, 0);
  for (const cmd of ['ingest', 'threads', 'thread', 'show', 'stats', 'serve']) {
    assert.match(r.stdout, new RegExp(`\\b${cmd}\\b`));
    const h = lkb(cmd, '--help');
    assert.equal(h.status, 0, cmd);
    assert.match(h.stdout, /Example/, cmd);
  }
});

test('ingest prints a summary; threads/thread/show/stats print text and --json', () => {
  const r = lkb('ingest', repoPath('data/sample'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /added:\s+7/);
  assert.match(r.stdout, /duplicates:\s+0/);
  assert.match(r.stdout, /quarantined:\s+0/);
  assert.match(r.stderr, /ingest: |^$/, 'plain progress lines when not a terminal');

  const again = lkb('ingest', '--json', repoPath('data/sample'));
  assert.equal(JSON.parse(again.stdout).added, 0);

  const threads = lkb('threads', '--json');
  const list = JSON.parse(threads.stdout);
  assert.ok(list.threads.length >= 4);
  assert.match(lkb('threads').stdout, /mm_struct/);

  const t = lkb('thread', '<20200313191324.GG31668@ziepe.ca>');
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /Jason Gunthorpe/);
  assert.equal(JSON.parse(lkb('thread', '--json', '20200313191324.GG31668@ziepe.ca').stdout).nodes.length, 1);

  const s = lkb('show', '20200313191324.GG31668@ziepe.ca');
  assert.match(s.stdout, /^Message-ID: <20200313191324\.GG31668@ziepe\.ca>/);
  assert.match(s.stdout, /release callbacks must be simple/);
  assert.equal(JSON.parse(lkb('show', '--json', '20200313191324.GG31668@ziepe.ca').stdout).msgid, '20200313191324.GG31668@ziepe.ca');
  assert.match(lkb('show', '--raw', '20200313191324.GG31668@ziepe.ca').stdout, /^From mboxrd@z/);

  const st = JSON.parse(lkb('stats', '--json').stdout);
  assert.equal(st.messages, 7);
  assert.match(lkb('stats').stdout, /messages:\s+7/);
});

test('bad arguments get one clear line and a non-zero exit, never a stack trace', () => {
  const cases: [string[], RegExp][] = [
    [['show', 'nope@nowhere'], /no message <nope@nowhere>/],
    [['thread', 'nope@nowhere'], /no thread contains/],
    [['threads', '--limit', 'ten'], /expected a whole number/],
    [['ingest', '--format', 'tar', 'x'], /Allowed choices/],
    [['frobnicate'], /unknown command/],
    [['serve', '--port', 'http'], /port number/],
    [['--db', path.join(tmpDir(), 'missing.sqlite'), 'stats'], /no database at/],
  ];
  for (const [args, re] of cases) {
    const r = lkb(...args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, `stack trace for ${args.join(' ')}`);
  }
});
