// mbox exports over real stores: thread mboxrd round trips through our own reader (same
// hashes), mboxrd quoting, gzip, backpressure; series for `git am` checked with the real git
// binary (mailsplit + mailinfo) against b4's reference outputs and the original messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { asGitReadsIt, infoField, mailinfo, mailsplit, trailerLines } from '../helpers/git-mail.js';
import type { ReadableDB } from '../../src/store/db.js';
import { getMessageById, getRaw, getThreadMessageIds, getMessagesByMsgid } from '../../src/store/messages.js';
import { listThreads } from '../../src/store/threads.js';
import { listSeries } from '../../src/store/series.js';
import { MboxSplitter } from '../../src/sources/mbox.js';
import { quoteMboxrd, unquoteMboxrd, writeChunks, writeMessagesMbox, writeThreadMbox } from '../../src/export/mbox.js';
import { AmError, planSeriesAm, writeSeriesAm } from '../../src/export/am.js';
import { appendTrailers, patchBreakIndex } from '../../src/export/am-message.js';
import { resolveSeriesId } from '../../src/views/series.js';

// one store per corpus file, shared by the tests that read it (ingest is the slow part)
const stores = new Map<string, ReturnType<typeof ingestInto>>();
const storeOf = (file: string) => {
  if (!stores.has(file)) stores.set(file, ingestInto([corpusPath(file)]));
  return stores.get(file)!;
};

const sha1 = (b: Buffer) => crypto.createHash('sha1').update(b).digest('hex');

/** sha1 of every stored message's raw bytes, by Message-ID. */
function storedHashes(db: ReadableDB): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of listThreads(db, { limit: 1_000_000 })) {
    for (const id of getThreadMessageIds(db, t.id)) {
      const m = getMessageById(db, id)!;
      out.set(m.msgid, [...(out.get(m.msgid) ?? []), sha1(getRaw(db, m))].sort());
    }
  }
  return out;
}

async function toFile(write: (out: Writable) => Promise<unknown>, name = 'out.mbox'): Promise<string> {
  const file = path.join(tmpDir('lkb-export-'), name);
  await write(fs.createWriteStream(file));
  return file;
}

test('mboxrd quoting: every /^>*From / line gains one ">", and the reader takes it off again', () => {
  const body = Buffer.from('From: x\n\nFrom here\n>From there\n>>From deep\nnot From \nFrom');
  const quoted = quoteMboxrd(body);
  assert.equal(quoted.toString(), 'From: x\n\n>From here\n>>From there\n>>>From deep\nnot From \nFrom');
  assert.deepEqual(unquoteMboxrd(quoted), body);
  const plain = Buffer.from('Subject: nothing to quote\n\nhello\n');
  assert.equal(quoteMboxrd(plain), plain, 'no copy when nothing needs quoting');
  // through the production reader
  const split = new MboxSplitter();
  const file = Buffer.concat([Buffer.from('From mboxrd@z Thu Jan  1 00:00:00 1970\n'), quoteMboxrd(Buffer.from('Subject: s\n\nFrom a\n>From b\n')), Buffer.from('\n')]);
  const got = [...split.push(file), ...split.end().messages];
  assert.equal(got.length, 1);
  assert.equal(got[0].bytes.toString(), 'Subject: s\n\nFrom a\n>From b\n');
});

test('a message with From lines in its body survives export and re-ingest byte for byte', async () => {
  const { db } = await ingestInto([repoPath('test/fixtures/export/from-lines.eml')]);
  const [m] = getMessagesByMsgid(db, 'from-lines-1@example.org');
  const file = await toFile((out) => writeThreadMbox(db, m.thread_id, out));
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /^From mboxrd@z Thu Jan {2}1 00:00:00 1970\n/);
  assert.match(text, /\n>From the first line/);
  assert.match(text, /\n>>From a line someone quoted/);
  assert.match(text, /\n>>>From two levels/);
  assert.match(text, /\n>From mboxrd@z Thu Jan {2}1 00:00:00 1970\nThat last line/);
  const again = await ingestInto([file]);
  assert.deepEqual(storedHashes(again.db), storedHashes(db));
});

test('every thread of linux-pm as mboxrd re-ingests to the same messages (hashes); gzip decodes to the same bytes', needsCorpus, async () => {
  const { db } = await storeOf('linux-pm-sample/2019-08.mbox');
  const threads = listThreads(db, { limit: 1_000_000 });
  const dir = tmpDir('lkb-threads-');
  let messages = 0;
  for (const t of threads) {
    messages += await writeThreadMbox(db, t.id, fs.createWriteStream(path.join(dir, `t${t.id}.mbox`)));
  }
  const before = storedHashes(db);
  assert.equal(messages, [...before.values()].flat().length);
  const again = await ingestInto([dir]);
  assert.equal(again.report.quarantined, 0);
  assert.deepEqual(storedHashes(again.db), before);
  // gzip variant of the biggest thread
  const big = [...threads].sort((a, b) => b.copy_count - a.copy_count)[0];
  const plain = fs.readFileSync(await toFile((out) => writeThreadMbox(db, big.id, out)));
  const gz = fs.readFileSync(await toFile((out) => writeThreadMbox(db, big.id, out, { gzip: true }), 't.mbox.gz'));
  assert.deepEqual(gunzipSync(gz), plain);
});

test('writeMessagesMbox waits for drain on a slow writer and writes every message in the order given', needsCorpus, async () => {
  const { db } = await storeOf('linux-pm-sample/2019-08.mbox');
  const ids = listThreads(db, { limit: 1_000_000 }).flatMap((t) => getThreadMessageIds(db, t.id)).reverse();
  const chunks: Buffer[] = [];
  let refused = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  const origWrite = slow.write.bind(slow);
  slow.write = ((chunk: Buffer) => {
    const ok = origWrite(chunk);
    if (!ok) refused++;
    return ok;
  }) as typeof slow.write;
  const n = await writeMessagesMbox(db, ids, slow);
  assert.equal(n, ids.length);
  assert.ok(refused > 10, `backpressure was exercised (${refused} refused writes)`);
  const text = Buffer.concat(chunks).toString('latin1');
  assert.equal(text.split('From mboxrd@z Thu Jan  1 00:00:00 1970\n').length - 1, ids.length);
  // first message out is the first id given
  const first = getRaw(db, getMessageById(db, ids[0])!).toString('latin1');
  assert.ok(text.startsWith(`From mboxrd@z Thu Jan  1 00:00:00 1970\n${first.slice(0, 200).replace(/^(>*From )/gm, '>$1')}`));
});

test('an output that fails or goes away makes the export reject instead of hang (plain and gzip)', async () => {
  const chunks = function* () {
    for (let i = 0; i < 10_000; i++) yield Buffer.alloc(16 * 1024, 0x61);
  };
  for (const gzip of [false, true]) {
    let n = 0;
    const broken = new Writable({
      highWaterMark: 1024,
      write(_c, _e, done) {
        if (++n === 3) done(new Error('EPIPE: reader went away'));
        else setImmediate(done);
      },
    });
    await assert.rejects(writeChunks(chunks(), broken, { gzip }), /EPIPE|closed/, `gzip=${gzip}`);
  }
});

// ---- git am ------------------------------------------------------------------------------

const b4 = (name: string) => corpusPath('b4/samples', name);
const NOT_OURS = 'Signed-off-by: Test Override <test-override@example.com>'; // b4's --add-my-sob in its test config

async function amOf(db: ReadableDB, seriesId: number, opts: Parameters<typeof writeSeriesAm>[2]) {
  const file = await toFile((out) => writeSeriesAm(db, seriesId, opts, out), 'am.mbx');
  return { file, messages: mailsplit(file).map(mailinfo) };
}

// b4's own test cases (test___init__.py::test_followup_trailers) whose options we have: defaults,
// and addlink with b4's link mask. (custody/copyccs/ordered/sloppy need b4 options we do not offer.)
const B4_CASES: [string, string, string | false][] = [
  ['single', 'defaults', false],
  ['single', 'addlink', 'https://patch.msgid.link/%s'],
  ['with-cover', 'defaults', false],
  ['with-cover', 'addlink', 'https://patch.msgid.link/%s'],
  ['partial-reroll', 'defaults', false],
  ['nore', 'defaults', false],
  ['with-diffstat', 'defaults', false],
  ['name-parens', 'defaults', false],
  ['bare-address', 'defaults', false],
  ['stripped-lines', 'defaults', false],
  ['htmljunk', 'defaults', false],
  ['non-git-patch', 'defaults', false],
  ['non-git-patch-with-comments', 'defaults', false],
];

for (const [name, ref, link] of B4_CASES) {
  test(`b4 am trailers-followup-${name} matches b4's ${ref} output trailer by trailer (git mailinfo)`, needsCorpus, async () => {
    const { db } = await ingestInto([b4(`trailers-followup-${name}.mbox`)]);
    const [series] = listSeries(db, { limit: 10 });
    const ours = (await amOf(db, series.id, { link })).messages;
    const theirs = mailsplit(b4(`trailers-followup-${name}-ref-${ref}.txt`)).map(mailinfo);
    assert.equal(ours.length, theirs.length);
    ours.forEach((o, i) => {
      const t = theirs[i];
      assert.deepEqual(trailerLines(o.msg), trailerLines(t.msg).filter((l) => l !== NOT_OURS), `patch ${i + 1}`);
      // the same commit: subject, author, and the message above the trailers
      for (const f of ['Subject', 'Author', 'Email', 'Date']) assert.equal(infoField(o.info, f), infoField(t.info, f), f);
      assert.equal(o.msg.split('\n\n')[0], t.msg.split('\n\n')[0]);
    });
  });
}

test('b4 partial reroll: v3 is chosen, 1/2 is the v2 patch relabelled, with the v2 cover letter trailers', needsCorpus, async () => {
  const { db } = await ingestInto([b4('trailers-followup-partial-reroll.mbox')]);
  const id = resolveSeriesId(db, 'patch-v3-2-message@example.com')!;
  const plan = planSeriesAm(db, id, {});
  assert.equal(plan.report.version, 3);
  assert.deepEqual(
    plan.report.patches.map((p) => [p.subject, p.msgid]),
    [
      ['[PATCH v3 1/2] Simple test 1', 'patch-1-message@example.com'],
      ['[PATCH v3 2/2] Simple test 2', 'patch-v3-2-message@example.com'],
    ],
  );
  assert.deepEqual(planSeriesAm(db, id, { version: 2 }).report.patches.map((p) => p.msgid), [
    'patch-1-message@example.com',
    'patch-2-message@example.com',
  ]);
  assert.throws(() => planSeriesAm(db, id, { version: 7 }), (e: unknown) => e instanceof AmError && /no v7 \(versions: v2, v3\)/.test(e.message));
});

/** Each exported patch through git: the original commit message plus exactly the added trailers, and the original patch. */
function assertLikeOriginal(db: ReadableDB, seriesId: number, exported: ReturnType<typeof mailinfo>[], report: ReturnType<typeof planSeriesAm>['report']) {
  assert.equal(exported.length, report.patches.length);
  report.patches.forEach((p, i) => {
    const original = mailinfo(asGitReadsIt(getRaw(db, getMessagesByMsgid(db, p.msgid)[0])));
    const got = exported[i];
    // byte for byte, plus the blank line that ends every message of an mbox (git apply ignores it);
    // from a multipart original (PGP-signed mail) git also reads the other parts: ours stops at the text part
    const raw = getRaw(db, getMessagesByMsgid(db, p.msgid)[0]);
    const mine = got.patch.subarray(0, got.patch.length - 1);
    if (/^content-type:\s*multipart\//im.test(raw.toString('latin1'))) {
      assert.deepEqual(original.patch.subarray(0, mine.length), mine, `series ${seriesId} patch ${p.index}: the diff is untouched`);
    } else {
      assert.deepEqual(got.patch, Buffer.concat([original.patch, Buffer.from('\n')]), `series ${seriesId} patch ${p.index}: the diff is untouched`);
    }
    const base = original.msg.replace(/\n+$/, '');
    assert.ok(got.msg.startsWith(base), `series ${seriesId} patch ${p.index}: the original message comes first`);
    const rest = got.msg.slice(base.length).replace(/^\n+/, '').replace(/\n+$/, '');
    assert.equal(rest, p.added.map((t) => `${t.name}: ${t.value}`).join('\n'), `series ${seriesId} patch ${p.index}: then the added trailers`);
    assert.equal(infoField(got.info, 'Email'), infoField(original.info, 'Email'));
    assert.equal(infoField(got.info, 'Author'), infoField(original.info, 'Author'));
  });
}

test('linux-pm series for git am: original commit message + collected trailers + Link, original diff byte for byte', needsCorpus, async () => {
  const { db } = await storeOf('linux-pm-sample/2026-01.mbox');
  let checked = 0;
  let withTrailers = 0;
  for (const s of listSeries(db, { limit: 10_000 })) {
    let plan;
    try {
      plan = planSeriesAm(db, s.id, {});
    } catch (e) {
      assert.ok(e instanceof AmError, String(e)); // incomplete series are refused with a reason
      assert.match(e.message, /missing|no patches/);
      continue;
    }
    if (plan.report.patches.some((p) => p.asIs)) continue;
    const { messages } = await amOf(db, s.id, {});
    assertLikeOriginal(db, s.id, messages, plan.report);
    checked++;
    if (plan.report.patches.some((p) => p.added.some((t) => t.name !== 'Link'))) withTrailers++;
    if (checked >= 60 && withTrailers >= 10) break;
  }
  assert.ok(checked >= 30, `${checked} series checked`);
  assert.ok(withTrailers >= 5, `${withTrailers} of them with collected trailers`);
});

test('a missing patch stops the export with a clear error; --partial writes the rest', needsCorpus, async () => {
  const { db } = await storeOf('linux-pm-sample/2026-01.mbox');
  const incomplete = listSeries(db, { limit: 10_000 }).find((s) => {
    try {
      planSeriesAm(db, s.id, {});
      return false;
    } catch (e) {
      return e instanceof AmError && /missing patch/.test(e.message);
    }
  });
  assert.ok(incomplete, 'the sample has an incomplete series');
  assert.throws(() => planSeriesAm(db, incomplete.id, {}), /pass --partial/);
  const partial = planSeriesAm(db, incomplete.id, { partial: true });
  assert.ok(partial.report.missing.length > 0 && partial.report.patches.length > 0);
});

test('git am applies an exported series in a scratch repository with the reply\'s Reviewed-by and the Link', async () => {
  const { execFileSync } = await import('node:child_process');
  const repo = tmpDir('lkb-am-repo-');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ann Author', '-c', 'user.email=ann@example.org', '-c', 'commit.gpgsign=false', ...args], {
      cwd: repo,
      env: { ...process.env, GIT_AUTHOR_DATE: '2026-11-20T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-20T10:00:00Z' },
    }).toString();
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'power.c'), 'int level = 1;\n\nint main(void)\n{\n\treturn level;\n}\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  fs.writeFileSync(path.join(repo, 'power.c'), 'int level = 2;\n\nint main(void)\n{\n\treturn level;\n}\n');
  git('commit', '-q', '-a', '-m', 'power: raise the level\n\nTwo is better than one.\n\nSigned-off-by: Ann Author <ann@example.org>');
  const tree = git('rev-parse', 'HEAD^{tree}').trim();
  const patch = git('format-patch', '-1', '--stdout', '--subject-prefix=PATCH', '--add-header=Message-Id: <raise-level-1@example.org>');
  const reply = [
    'From: Rita Reviewer <rita@example.org>',
    'Subject: Re: [PATCH] power: raise the level',
    'Date: Fri, 20 Nov 2026 11:00:00 +0000',
    'Message-Id: <rita-reply@example.org>',
    'In-Reply-To: <raise-level-1@example.org>',
    'References: <raise-level-1@example.org>',
    '',
    '> Two is better than one.',
    '',
    'Reviewed-by: Rita Reviewer <rita@example.org>',
    '',
  ].join('\n');
  const mbox = path.join(tmpDir('lkb-am-in-'), 'in.mbox');
  fs.writeFileSync(mbox, `${patch}\nFrom rita Fri Nov 20 11:00:00 2026\n${reply}`);
  const { db } = await ingestInto([mbox]);
  const id = resolveSeriesId(db, 'raise-level-1@example.org');
  assert.ok(id !== undefined, 'the patch is a series');
  const file = await toFile((out) => writeSeriesAm(db, id, {}, out), 'am.mbx');
  git('reset', '-q', '--hard', 'HEAD~1');
  git('am', '-q', file);
  assert.equal(git('rev-parse', 'HEAD^{tree}').trim(), tree, 'the same tree as the original commit');
  assert.equal(
    git('log', '-1', '--format=%B').trimEnd(),
    [
      'power: raise the level',
      '',
      'Two is better than one.',
      '',
      'Signed-off-by: Ann Author <ann@example.org>',
      'Reviewed-by: Rita Reviewer <rita@example.org>',
      'Link: https://lore.kernel.org/r/raise-level-1@example.org',
    ].join('\n'),
  );
  assert.equal(git('log', '-1', '--format=%an <%ae>').trim(), 'Ann Author <ann@example.org>');
});

test('trailer block edits: appended to the block, new paragraph otherwise, no duplicates; git patch breaks', () => {
  assert.deepEqual(appendTrailers('Title body\n\nSigned-off-by: A <a@x>\n', [{ name: 'Acked-by', value: 'B <b@x>' }]).text, 'Title body\n\nSigned-off-by: A <a@x>\nAcked-by: B <b@x>\n');
  assert.deepEqual(appendTrailers('Just prose.\n\n', [{ name: 'Acked-by', value: 'B <b@x>' }]).text, 'Just prose.\n\nAcked-by: B <b@x>\n');
  const dup = appendTrailers('x\n\nReviewed-by: B  <B@x>\n', [{ name: 'reviewed-by', value: 'B <b@x>' }]);
  assert.deepEqual(dup.added, []);
  assert.equal(patchBreakIndex('msg\n---\n diff stat\n'), 4);
  assert.equal(patchBreakIndex('msg\n--- a/file\n'), 4);
  assert.equal(patchBreakIndex('msg\n----- not a break\ndiff --git a/x b/x\n'), 22);
  assert.equal(patchBreakIndex('msg\nIndex: x\n'), 4);
  assert.equal(patchBreakIndex('no patch here\n---'), -1);
});
