import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';
import type { ParsedMessage, Trailer } from '../../src/domain/message.js';
import { parseMessage } from '../../src/parse/mime.js';
import { parseTrailers } from '../../src/parse/trailers.js';
import { rangeDiff, type RangeMatch } from '../../src/series/range-diff.js';
import { contentFingerprint } from '../../src/series/similarity.js';
import {
  carryForward,
  collectTrailers,
  reviewStatus,
  type PatchTrailers,
  type TrailerMessage,
  type VersionTrailers,
} from '../../src/series/trailers.js';
import { openSources } from '../../src/sources/index.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';

const sample = (name: string): string => corpusPath('b4', 'samples', name);

async function loadMbox(file: string): Promise<ParsedMessage[]> {
  const out: ParsedMessage[] = [];
  for await (const item of openSources([file], {})) if (item.kind === 'message') out.push(await parseMessage(item.message));
  return out;
}

// Test-side stand-ins for the series stage: "Re:" or no [PATCH] tag -> reply; "0/N" -> cover;
// a [PATCH] without a diff (b4's "nore" case) -> reply. The patch id is a hash of what git
// patch-id hashes, good enough to tell equal diffs apart here.
function toTrailerMessage(m: ParsedMessage): TrailerMessage {
  const tag = /^\s*\[([^\]]*PATCH[^\]]*)\]\s*(.*)$/i.exec(m.subject);
  const reply = /^\s*re:/i.test(m.subject) || !tag;
  const counter = tag ? /(\d+)\/(\d+)/.exec(tag[1]) : null;
  const isCover = !reply && counter !== null && Number(counter[1]) === 0;
  const isPatch = !reply && !isCover && m.patch !== null;
  const version = tag ? /\bv(\d+)\b/i.exec(tag[1]) : null;
  return {
    msgid: m.msgid,
    parentMsgid: m.parentHint ?? m.references[m.references.length - 1] ?? m.inReplyTo,
    from: m.from,
    subjectTitle: tag ? tag[2] : m.subject,
    isPatch,
    isCover,
    trailers: m.trailers,
    patchId: isPatch && m.patch ? createHash('sha1').update(contentFingerprint(m.patch.diff)).digest('hex') : null,
    version: version ? Number(version[1]) : 1,
    seriesKey: 'b4-sample',
    index: counter ? Number(counter[1]) : isPatch ? 1 : null,
  };
}

async function collectFrom(file: string, sloppy = false) {
  const messages = (await loadMbox(sample(file))).map(toTrailerMessage);
  return { messages, ...collectTrailers(messages, { sloppy }) };
}

const line = (t: Trailer): string => `${t.name}: ${t.value}`;
const trailerLines = (ts: readonly Trailer[]): string[] => ts.map(line);
// b4's tests run with a configured user who signs off every applied patch: not a collected trailer.
const isTestOverride = (l: string): boolean => l === 'Signed-off-by: Test Override <test-override@example.com>';

/** What b4's reference output adds to each patch: its trailers minus the patch's own. */
async function refAdditions(refFile: string, own: Map<string, Trailer[]>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const m of await loadMbox(sample(refFile))) {
    const mine = new Set(trailerLines(own.get(m.msgid) ?? []));
    out.set(
      m.msgid,
      trailerLines(m.trailers).filter((l) => !mine.has(l) && !isTestOverride(l)),
    );
  }
  return out;
}

const allPatches = (versions: readonly VersionTrailers[]): PatchTrailers[] => versions.flatMap((v) => v.patches);

const REF_DEFAULTS: Array<[mbox: string, ref: string]> = [
  ['trailers-followup-single.mbox', 'trailers-followup-single-ref-defaults.txt'],
  ['trailers-followup-with-cover.mbox', 'trailers-followup-with-cover-ref-defaults.txt'],
  ['trailers-followup-nore.mbox', 'trailers-followup-nore-ref-defaults.txt'],
  ['trailers-followup-name-parens.mbox', 'trailers-followup-name-parens-ref-defaults.txt'],
  ['trailers-followup-bare-address.mbox', 'trailers-followup-bare-address-ref-defaults.txt'],
  ['trailers-followup-htmljunk.mbox', 'trailers-followup-htmljunk-ref-defaults.txt'],
  ['trailers-followup-stripped-lines.mbox', 'trailers-followup-stripped-lines-ref-defaults.txt'],
  ['trailers-followup-with-diffstat.mbox', 'trailers-followup-with-diffstat-ref-defaults.txt'],
  ['trailers-followup-non-git-patch.mbox', 'trailers-followup-non-git-patch-ref-defaults.txt'],
  ['trailers-followup-non-git-patch-with-comments.mbox', 'trailers-followup-non-git-patch-with-comments-ref-defaults.txt'],
  ['trailers-followup-custody.mbox', 'trailers-followup-custody-ref-unordered.txt'],
];

for (const [mbox, ref] of REF_DEFAULTS) {
  test(`b4 ${mbox}: collected trailers are what ${ref} adds, in order`, needsCorpus, async () => {
    const { versions } = await collectFrom(mbox);
    const patches = allPatches(versions);
    assert.ok(patches.length > 0);
    const expected = await refAdditions(ref, new Map(patches.map((p) => [p.patchKey, p.own])));
    assert.deepEqual([...expected.keys()].sort(), patches.map((p) => p.patchKey).sort());
    for (const p of patches) assert.deepEqual(trailerLines(p.collected), expected.get(p.patchKey), p.patchKey);
  });
}

test('b4 trailers-followup-single: nested replies count; a trailer naming someone else is a mismatch unless sloppy', needsCorpus, async () => {
  const strict = await collectFrom('trailers-followup-single.mbox');
  const [patch] = allPatches(strict.versions);
  // fwup-message-2 replies to fwup-message-1, which replies to the patch.
  assert.deepEqual(
    patch.collected.map((t) => [t.name, t.fromMsgid]),
    [
      ['Reviewed-by', 'fwup-message-1@example.com'],
      ['Tested-by', 'fwup-message-2@example.com'],
    ],
  );
  assert.deepEqual(
    strict.mismatches.map((m) => [line(m.trailer), m.fromMsgid, m.targetMsgid]),
    [['Reviewed-by: Mismatched Reviewer1 <mismatched-reviewer1@example.net>', 'fwup-message-3@example.com', 'orig-message@example.com']],
  );

  const sloppy = await collectFrom('trailers-followup-single.mbox', true);
  const expected = await refAdditions('trailers-followup-single-ref-sloppy.txt', new Map([[patch.patchKey, patch.own]]));
  assert.deepEqual(trailerLines(allPatches(sloppy.versions)[0].collected), expected.get(patch.patchKey));
  assert.equal(sloppy.mismatches.length, 0);
});

test('b4 trailers-followup-nore: a reply without "Re:" (same subject as the patch) is still a follow-up', needsCorpus, async () => {
  const { messages, versions } = await collectFrom('trailers-followup-nore.mbox');
  const reply = messages.find((m) => m.msgid === 'fwup-message-1@example.com')!;
  assert.equal(reply.subjectTitle, 'Simple test');
  const [patch] = allPatches(versions);
  assert.deepEqual(trailerLines(patch.collected), ['Reviewed-by: Followup Reviewer1 <followup-reviewer1@example.com>']);
});

test('b4 trailers-followup-with-cover: the cover reply reaches both patches, after the patch\'s own follow-ups', needsCorpus, async () => {
  const { versions } = await collectFrom('trailers-followup-with-cover.mbox');
  assert.equal(versions.length, 1);
  const [v2] = versions;
  assert.equal(v2.version, 2);
  assert.equal(v2.coverMsgid, 'cover-message@example.com');
  assert.deepEqual(trailerLines(v2.cover), ['Reviewed-by: Coverletter Reviewer1 <followup-reviewer1@example.com>']);
  const [p1, p2] = v2.patches;
  assert.deepEqual(
    p1.collected.map((t) => [line(t), t.viaCover, t.fromMsgid]),
    [['Reviewed-by: Coverletter Reviewer1 <followup-reviewer1@example.com>', true, 'fwup-message-2@example.com']],
  );
  assert.deepEqual(
    p2.collected.map((t) => [line(t), t.viaCover]),
    [
      ['Reviewed-by: Followup Reviewer1 <followup-reviewer1@example.com>', false],
      ['Reviewed-by: Coverletter Reviewer1 <followup-reviewer1@example.com>', true],
    ],
  );
});

/** Per commit title: the trailers b4's `.verify` git log shows after applying. */
function verifyTrailers(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of fs.readFileSync(sample(file), 'utf8').split(/^---$/m)) {
    const lines = block.trim().split('\n');
    if (lines.length < 2) continue;
    out.set(lines[1], trailerLines(parseTrailers(lines.slice(2).join('\n'))).filter((l) => !isTestOverride(l)));
  }
  return out;
}

async function checkAgainstVerify(mbox: string, verify: string): Promise<VersionTrailers> {
  const { messages, versions } = await collectFrom(mbox);
  const titles = new Map(messages.map((m) => [m.msgid, m.subjectTitle ?? '']));
  const expected = verifyTrailers(verify);
  const [v1] = versions;
  assert.equal(v1.patches.length, 4);
  for (const p of v1.patches) {
    const title = titles.get(p.patchKey)!;
    assert.deepEqual([...trailerLines(p.own), ...trailerLines(p.collected)], expected.get(title), title);
  }
  return v1;
}

test('b4 trailers-thread-with-followups: exactly one patch (4/4) has follow-ups, as the .verify log shows', needsCorpus, async () => {
  const { messages } = await collectFrom('trailers-thread-with-followups.mbox');
  const v1 = await checkAgainstVerify('trailers-thread-with-followups.mbox', 'trailers-thread-with-followups.verify');
  const withFollowups = v1.patches.filter((p) => p.collected.length > 0);
  assert.equal(withFollowups.length, 1);
  assert.equal(withFollowups[0].patchKey, '20221025-test1-v1-4-e4f28f57990c@linuxfoundation.org');
  assert.equal(messages.find((m) => m.msgid === withFollowups[0].patchKey)?.subjectTitle, 'Minor typo changes imitation');
  assert.deepEqual(trailerLines(withFollowups[0].collected), ['Reviewed-by: Follow Upper <follow.upper@example.org>']);
});

test('b4 trailers-thread-with-cover-followup: the cover trailer lands on all 4 patches; 4/4 also gets Tested-by, Link, Closes', needsCorpus, async () => {
  const v1 = await checkAgainstVerify('trailers-thread-with-cover-followup.mbox', 'trailers-thread-with-cover-followup.verify');
  for (const p of v1.patches) {
    assert.ok(p.collected.some((t) => t.viaCover && t.value === 'Cover Upper <cover.upper@example.org>'), p.patchKey);
  }
  const last = v1.patches[3];
  assert.deepEqual(
    last.collected.map((t) => t.name),
    ['Tested-by', 'Link', 'Closes', 'Reviewed-by'],
  );
});

test('b4 trailers-followup-already-present: trailers the patch has are not re-added; only the foreign Tested-by is a mismatch', needsCorpus, async () => {
  const { versions, mismatches } = await collectFrom('trailers-followup-already-present.mbox');
  assert.deepEqual(allPatches(versions)[0].collected, []);
  assert.deepEqual(new Set(mismatches.map((m) => m.trailer.name)), new Set(['Tested-by']));
});

test('b4 trailers-followup-partial-reroll: v3 2/2 changed, so only the v2 cover trailer carries (partial reroll keeps the cover)', needsCorpus, async () => {
  const { messages, versions } = await collectFrom('trailers-followup-partial-reroll.mbox');
  const v2 = versions.find((v) => v.version === 2)!;
  const v3 = versions.find((v) => v.version === 3)!;
  assert.equal(v3.coverMsgid, null);
  assert.deepEqual(
    v3.patches.map((p) => p.patchKey),
    ['patch-v3-2-message@example.com'],
  );
  // The v3 patch is In-Reply-To the v2 2/2 but is a patch, not a follow-up.
  assert.deepEqual(v3.patches[0].collected, []);

  const byKey = new Map(messages.map((m) => [m.msgid, m]));
  const toRange = (p: PatchTrailers) => {
    const m = byKey.get(p.patchKey)!;
    return { key: p.patchKey, index: p.index ?? 1, title: m.subjectTitle ?? '', patchId: p.patchId, diff: '', files: [] };
  };
  const matches: RangeMatch[] = rangeDiff(v2.patches.map(toRange), v3.patches.map(toRange));
  assert.deepEqual(
    matches.map((m) => [m.old, m.new, m.status]),
    [
      ['patch-1-message@example.com', null, 'dropped'],
      ['patch-2-message@example.com', 'patch-v3-2-message@example.com', 'changed'],
    ],
  );
  const carried = carryForward(v2, v3, matches);
  const [v3p2] = carried.patches;
  assert.deepEqual(
    v3p2.collected.map((t) => [line(t), t.viaCover, t.carried]),
    [['Reviewed-by: Coverletter Reviewer1 <followup-reviewer1@example.com>', true, { fromVersion: 2 }]],
  );
  assert.deepEqual(v3.patches[0].collected, [], 'carryForward does not modify its input');

  // b4 back-fills v3 1/2 with the v2 message: its reference output is that patch with the v2 trailers.
  const expected = await refAdditions(
    'trailers-followup-partial-reroll-ref-defaults.txt',
    new Map([...v2.patches, ...v3.patches].map((p) => [p.patchKey, p.own])),
  );
  assert.deepEqual(trailerLines(v3p2.collected), expected.get('patch-v3-2-message@example.com'));
  assert.deepEqual(trailerLines(v2.patches[0].collected), expected.get('patch-1-message@example.com'));
  assert.ok(!trailerLines(v3p2.collected).includes('Reviewed-by: Followup Reviewer1 <followup-reviewer1@example.com>'));
});

// ---- synthetic cases ----

const author = { name: 'Pat Author', address: 'pat@example.com' };
const reviewer = { name: 'Rita Reviewer', address: 'rita@example.com' };
const person = (name: Trailer['name'], who: { name: string; address: string }): Trailer => ({
  name,
  value: `${who.name} <${who.address}>`,
  person: { ...who },
});

function msg(partial: Partial<TrailerMessage> & { msgid: string }): TrailerMessage {
  return {
    parentMsgid: null,
    from: reviewer,
    isPatch: false,
    isCover: false,
    trailers: [],
    patchId: null,
    version: 1,
    seriesKey: 's',
    index: null,
    ...partial,
  };
}

const patch = (msgid: string, index: number, patchId: string, version = 1, parent: string | null = null): TrailerMessage =>
  msg({ msgid, index, patchId, version, isPatch: true, from: author, parentMsgid: parent, trailers: [person('Signed-off-by', author)] });

test('replies: transitive through other replies, author Signed-off-by ignored, own trailers not repeated, loops end', () => {
  const messages: TrailerMessage[] = [
    msg({ msgid: 'cover', isCover: true, from: author }),
    patch('p1', 1, 'id1', 1, 'cover'),
    patch('p2', 2, 'id2', 1, 'cover'),
    // A discussion three levels deep below p1.
    msg({ msgid: 'r1', parentMsgid: 'p1', trailers: [] }),
    // The author signing off again (another spelling of the name) is not a review.
    msg({ msgid: 'r2', parentMsgid: 'r1', from: author, trailers: [person('Signed-off-by', { name: 'Pat A. Author', address: author.address })] }),
    msg({ msgid: 'r3', parentMsgid: 'r2', trailers: [person('Reviewed-by', reviewer), person('Tested-by', { name: 'Other', address: 'other@example.com' })] }),
    // Repeats the patch's own Signed-off-by: not a mismatch, not added.
    msg({ msgid: 'r4', parentMsgid: 'p2', trailers: [person('Signed-off-by', author), person('Acked-by', reviewer)] }),
    // Loops and dangling parents go nowhere.
    msg({ msgid: 'loop-a', parentMsgid: 'loop-b', trailers: [person('Acked-by', reviewer)] }),
    msg({ msgid: 'loop-b', parentMsgid: 'loop-a', trailers: [person('Acked-by', reviewer)] }),
    msg({ msgid: 'lost', parentMsgid: 'not-here', trailers: [person('Acked-by', reviewer)] }),
    // Routing Cc is not collected.
    msg({ msgid: 'cc', parentMsgid: 'p2', trailers: [{ name: 'Cc', value: 'stable@vger.kernel.org', person: { name: '', address: 'stable@vger.kernel.org' }, stable: true }] }),
  ];
  const { versions, mismatches } = collectTrailers(messages);
  const [p1, p2] = versions[0].patches;
  assert.deepEqual(p1.collected.map((t) => [line(t), t.fromMsgid]), [['Reviewed-by: Rita Reviewer <rita@example.com>', 'r3']]);
  assert.deepEqual(trailerLines(p2.collected), ['Acked-by: Rita Reviewer <rita@example.com>']);
  // r3's Tested-by names someone other than its sender.
  assert.deepEqual(mismatches.map((m) => [m.fromMsgid, m.trailer.name, m.targetMsgid]), [['r3', 'Tested-by', 'p1']]);
  assert.deepEqual(reviewStatus(versions[0].patches), { reviewed: ['p1', 'p2'], unreviewed: [], nacked: [] });
});

test('reviewStatus: own Reviewed-by counts; Tested-by alone does not; Nacked-by is reported', () => {
  const { versions } = collectTrailers([
    msg({ msgid: 'a', isPatch: true, index: 1, from: author, trailers: [person('Reviewed-by', reviewer), person('Signed-off-by', author)] }),
    msg({ msgid: 'b', isPatch: true, index: 2, from: author }),
    msg({ msgid: 'c', isPatch: true, index: 3, from: author }),
    msg({ msgid: 'rb', parentMsgid: 'b', trailers: [person('Tested-by', reviewer)] }),
    msg({ msgid: 'rc', parentMsgid: 'c', trailers: [person('Nacked-by', reviewer)] }),
  ]);
  assert.deepEqual(reviewStatus(versions[0].patches), { reviewed: ['a'], unreviewed: ['b', 'c'], nacked: ['c'] });
});

test('carryForward: an identical patch keeps its reviews (marked carried), a changed one does not; covers stay with their version', () => {
  const v1 = collectTrailers([
    msg({ msgid: 'v1-0', isCover: true, from: author }),
    patch('v1-1', 1, 'same-id', 1, 'v1-0'),
    patch('v1-2', 2, 'old-id', 1, 'v1-0'),
    msg({ msgid: 'rev-1', parentMsgid: 'v1-1', trailers: [person('Reviewed-by', reviewer)] }),
    msg({ msgid: 'rev-2', parentMsgid: 'v1-2', trailers: [person('Acked-by', reviewer)] }),
    msg({ msgid: 'rev-0', parentMsgid: 'v1-0', from: { name: 'Carl', address: 'carl@example.com' }, trailers: [person('Tested-by', { name: 'Carl', address: 'carl@example.com' })] }),
  ]).versions[0];
  const v2 = collectTrailers([
    msg({ msgid: 'v2-0', isCover: true, from: author, version: 2 }),
    patch('v2-1', 1, 'same-id', 2, 'v2-0'),
    patch('v2-2', 2, 'new-id', 2, 'v2-0'),
  ]).versions[0];
  const matches: RangeMatch[] = [
    { old: 'v1-1', new: 'v2-1', status: 'same', moved: false, renamed: false, similarity: 1, reason: 'patch-id' },
    { old: 'v1-2', new: 'v2-2', status: 'changed', moved: false, renamed: false, similarity: 0.8, reason: 'title' },
  ];
  const carried = carryForward(v1, v2, matches);
  assert.deepEqual(
    carried.patches[0].collected.map((t) => [line(t), t.fromMsgid, t.carried]),
    [['Reviewed-by: Rita Reviewer <rita@example.com>', 'rev-1', { fromVersion: 1 }]],
  );
  assert.deepEqual(carried.patches[1].collected, []);
  assert.deepEqual(reviewStatus(carried.patches), { reviewed: ['v2-1'], unreviewed: ['v2-2'], nacked: [] });
  // Carrying twice (v1 -> v2 -> v3) keeps the version the trailer was given on.
  const v3 = collectTrailers([patch('v3-1', 1, 'same-id', 3)]).versions[0];
  const again = carryForward(carried, v3, [{ ...matches[0], old: 'v2-1', new: 'v3-1' }]);
  assert.deepEqual(again.patches[0].collected.map((t) => t.carried), [{ fromVersion: 1 }]);
});
