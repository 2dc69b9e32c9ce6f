// The summary model on real seeds and a small review thread: who, what was said, what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestInto } from '../helpers/tmp.js';
import { repoPath } from '../helpers/corpus.js';
import { resolveThreadId } from '../../src/views/threads.js';
import { seriesMaterial, threadMaterial } from '../../src/summary/load.js';
import { summarizeThread } from '../../src/summary/thread.js';
import { summarizeSeries } from '../../src/summary/series.js';
import { ownSentences, splitSentences } from '../../src/summary/sentences.js';
import type { ThreadSummary } from '../../src/summary/types.js';

const { db } = await ingestInto([repoPath('data/sample'), repoPath('test/fixtures/export/review.mbox')]);

function threadOf(msgid: string, opts = {}): ThreadSummary {
  const id = resolveThreadId(db, msgid);
  assert.ok(id !== undefined, msgid);
  return summarizeThread(threadMaterial(db, id)!, opts);
}
const threadBySubject = (re: RegExp) => {
  const row = (db.prepare('SELECT id, subject FROM threads').all() as { id: number; subject: string }[]).find((t) => re.test(t.subject));
  assert.ok(row, String(re));
  return summarizeThread(threadMaterial(db, row.id)!);
};

test('seed 002: names Andrea Arcangeli and Linus Torvalds and carries the point about clear_refs and GUP pins', () => {
  const s = threadBySubject(/wrprotect_tlb_flush_pending/);
  const names = s.participants.map((p) => p.name);
  assert.ok(names.includes('Andrea Arcangeli'), names.join());
  assert.ok(names.includes('Linus Torvalds'), 'quoted in the reply');
  assert.deepEqual(s.participants.find((p) => p.name === 'Linus Torvalds')?.roles, ['quoted']);
  const point = s.discussion.points.find((p) => /clear_refs/.test(p.text) && /GUP pin/.test(p.text));
  assert.ok(point, JSON.stringify(s.discussion.points));
  assert.doesNotMatch(point.text, /^Hi Linus/, 'greeting dropped');
  assert.doesNotMatch(point.text, /Thanks, Andrea/, 'sign-off dropped');
  assert.match(point.url, /^\/m\//);
  assert.ok(s.discussion.objections.some((o) => /I don't see how clear_refs can be saved/.test(o.text)));
  assert.ok(s.discussion.questions.every((q) => !q.answered), 'nobody answered in this archive');
});

test('seed 003: carries that release callbacks must be simple and fast', () => {
  const s = threadOf('20200313191324.GG31668@ziepe.ca');
  assert.ok(s.discussion.points.some((p) => /release callbacks must be simple\/fast/.test(p.text)), JSON.stringify(s.discussion.points));
  assert.ok(s.discussion.questions.some((q) => /Why not make the pgd present/.test(q.text)));
  assert.ok(s.discussion.objections.some((o) => /not acceptable/.test(o.text)));
  assert.equal(s.root?.lore, 'https://lore.kernel.org/all/20200313191324.GG31668@ziepe.ca/');
  assert.ok(!s.discussion.points.some((p) => /\bJason$/.test(p.text)), 'the signature name is not a sentence');
});

test('seed 004: three versions of one patch with the rename between them', () => {
  const row = db.prepare("SELECT id FROM series WHERE title LIKE '%ASI domains%'").pluck().get() as number;
  const s = summarizeSeries(seriesMaterial(db, row)!);
  assert.deepEqual(s.versions.map((v) => v.version), [1, 2, 3]);
  assert.equal(s.state.latestVersion, 3);
  assert.deepEqual(s.state.superseded, [1, 2]);
  assert.deepEqual(s.state.unreviewed, [1]);
  assert.deepEqual(s.changes.map((c) => [c.from, c.to]), [[1, 2], [2, 3]]);
  assert.equal(s.changes[0].patches[0].status, 'same');
  assert.deepEqual(s.changes[1].patches[0].renames, [
    { from: 'asi_invpcid_nonsensitive_one', to: 'asi_invpcid_restricted_one' },
    { from: 'asi_in_nonsensitive', to: 'asi_is_restricted' },
  ]);
  assert.deepEqual(s.participants.map((p) => [p.name, p.messages, p.roles]), [['Yosry Ahmed', 3, ['patch-author']]]);
  assert.equal(s.discussion.points.length, 1, 'the same leading sentence in every version is one point');
  for (const v of s.versions) assert.ok(v.patches[0].trailers.some((t) => t.name === 'Suggested-by'));
});

test('a review thread: roles, answered and unanswered questions, objections, agreements, links', () => {
  const s = threadOf('20200302100000.1-alice@example.org', { maintainerOf: (a: string) => a === 'carol@example.org' });
  const roles = Object.fromEntries(s.participants.map((p) => [p.name, p.roles]));
  assert.deepEqual(roles, { 'Alice Author': ['patch-author'], 'Bob Reviewer': ['reviewer'], 'Carol Critic': ['maintainer', 'reviewer'] });
  assert.deepEqual(s.participants.map((p) => p.messages), [2, 1, 1]);
  const q = s.discussion.questions.map((x) => [x.who, x.answered, x.answers]);
  assert.deepEqual(q, [
    ['Bob Reviewer', true, ['20200302120000.2-alice@example.org']],
    ['Carol Critic', false, []],
  ]);
  assert.match(s.discussion.questions[0].text, /^Why not drop the helper entirely, i\.e\. call cpufreq_driver->get\(\) directly\?$/);
  assert.deepEqual(s.discussion.objections.map((o) => [o.who, o.trailer]), [['Carol Critic', 'NAK']]);
  assert.deepEqual(
    s.discussion.agreements.map((a) => [a.who, a.trailer, a.text]),
    [
      ['Bob Reviewer', null, 'Otherwise this looks good to me.'],
      ['Bob Reviewer', 'Reviewed-by', 'Reviewed-by: Bob Reviewer <bob@example.org>'],
    ],
  );
  assert.deepEqual(s.discussion.links.map((l) => [l.kind, l.value]), [
    ['fixes', '0123456789ab ("cpufreq: add cpufreq_old_helper()")'],
    ['lore', 'https://lore.kernel.org/linux-pm/20200101000000.1-alice@example.org/'],
  ]);
  const patchPoint = s.discussion.points[0];
  assert.equal(patchPoint.text, 'Rename cpufreq_old_helper() to cpufreq_new_helper(), e.g. for the v5.4 callers.');
  assert.equal(s.messages.length, 4);
  assert.deepEqual(s.lists, ['linux-pm.vger.kernel.org']);
  assert.equal(s.topic, 'cpufreq');
});

test('sentences: no split at e.g., i.e., versions or function names; greetings, sign-offs, trailers dropped', () => {
  const table: [string, string[]][] = [
    ['Use e.g. foo() here. Then i.e. bar.', ['Use e.g. foo() here.', 'Then i.e. bar.']],
    ['Fixed in v5.4.1 and mm.c. Really?! Yes.', ['Fixed in v5.4.1 and mm.c.', 'Really?!', 'Yes.']],
    ['Call obj.release() first. then free it', ['Call obj.release() first.', 'then free it']],
    ['See Fig. 3 and J. Smith et al. for details.', ['See Fig. 3 and J. Smith et al. for details.']],
  ];
  for (const [text, want] of table) assert.deepEqual(splitSentences(text), want, text);
  const own = ownSentences('Hi Rafael,\n\nThis breaks resume. See below.\n\n\tcode();\n\nReviewed-by: A <a@b.c>\n\nThanks,\nBob', 'Bob B');
  assert.deepEqual(own.map((s) => s.text), ['This breaks resume.', 'See below.']);
});

test('deterministic: the same store gives the same summary', () => {
  const a = JSON.stringify(threadOf('20200302100000.1-alice@example.org'));
  const b = JSON.stringify(threadOf('20200302100000.1-alice@example.org'));
  assert.equal(a, b);
});
