// linkVersions: patchwork's revision mailboxes, b4's version cases, every linking signal, corrections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { groupSeries } from '../../src/series/group.js';
import { linkVersions } from '../../src/series/versions.js';
import { extractChangeId } from '../../src/series/changelog.js';
import type { LinkOptions, LinkResult, SeriesMessage, SeriesVersion } from '../../src/series/series-types.js';
import { type FakeSpec, fake, loadSeriesMessages } from './series-load.js';

function run(messages: SeriesMessage[], options?: LinkOptions): { versions: SeriesVersion[]; result: LinkResult } {
  const versions = groupSeries(messages);
  return { versions, result: linkVersions(versions, messages, options) };
}

/** Series as lists of version numbers, and the links as "from>to status". */
function shape({ versions, result }: ReturnType<typeof run>) {
  const num = new Map(versions.map((v) => [v.key, v.version]));
  return {
    series: result.series.map((s) => s.versions.map((k) => num.get(k))),
    links: result.links.map((l) => `${num.get(l.from)}>${num.get(l.to)} ${l.status}`),
  };
}

const DAY = 24 * 60;
/** A posting: a cover (when total > 1) and its patches, threaded under it; minutes from `date`. */
function posting(
  id: string,
  tag: string,
  title: string,
  patchTitles: string[],
  date: number,
  extra: Partial<FakeSpec> & { coverExtra?: Partial<FakeSpec> } = {},
): SeriesMessage[] {
  const n = patchTitles.length;
  const { coverExtra, ...rest } = extra;
  if (n === 1) return [fake({ id: `${id}-1`, subject: `[${tag}] ${title}`, date, files: [`f/${title}.c`], ...rest, ...coverExtra })];
  return [
    fake({ id: `${id}-0`, subject: `[${tag} 0/${n}] ${title}`, date, diff: false, ...rest, ...coverExtra }),
    ...patchTitles.map((t, i) =>
      fake({ id: `${id}-${i + 1}`, subject: `[${tag} ${i + 1}/${n}] ${t}`, date: date + i + 1, parent: `${id}-0`, files: [`f/${t}.c`], ...rest }),
    ),
  ];
}

// ---- patchwork: revisions (patchwork itself does not link them; these are our judgements) ----

const PATCHWORK_REVISIONS: { file: string; series: number[][]; status: string; reason?: string }[] = [
  { file: 'revision-basic.mbox', series: [[1, 2]], status: 'linked', reason: 'title-equal' },
  { file: 'revision-threaded-to-cover.mbox', series: [[1, 2]], status: 'linked', reason: 'in-reply-to' },
  { file: 'revision-threaded-to-patch.mbox', series: [[1, 2]], status: 'linked', reason: 'in-reply-to' },
  { file: 'revision-out-of-order.mbox', series: [[1, 2]], status: 'linked', reason: 'in-reply-to' },
  { file: 'revision-threaded-to-single-patch.mbox', series: [[1, 2]], status: 'linked', reason: 'in-reply-to' },
  // v2 has no cover: its patch titles and files match v1's
  { file: 'revision-no-cover-letter.mbox', series: [[1, 2]], status: 'linked', reason: 'patch-titles' },
  { file: 'bugs-nocover.mbox', series: [[1, 2]], status: 'linked', reason: 'in-reply-to' },
  // the same series again without a version bump or RESEND: shown, not asserted
  { file: 'revision-unlabeled.mbox', series: [[1], [1]], status: 'possible', reason: 'same-version' },
  { file: 'revision-unlabeled-noreferences.mbox', series: [[2], [2]], status: 'possible', reason: 'same-version' },
  { file: 'bugs-nocover-noversion.mbox', series: [[1], [1]], status: 'possible', reason: 'same-version' },
  // 1/2 of v1 and 2/2 of v2 a week later: different patches; nothing settles it
  { file: 'bugs-mixed-versions.mbox', series: [[1], [2]], status: 'possible' },
];

for (const c of PATCHWORK_REVISIONS) {
  test(`patchwork series/${c.file}: versions`, needsCorpus, async () => {
    const r = run(await loadSeriesMessages([corpusPath('patchwork', 'series', c.file)]));
    assert.deepEqual(shape(r).series, c.series);
    assert.equal(r.result.links.length, 1);
    assert.equal(r.result.links[0].status, c.status);
    if (c.reason) assert.ok(r.result.links[0].reasons.includes(c.reason as never), r.result.links[0].reasons.join());
  });
}

test('patchwork bugs-spamming: three copies of one v2 1/4 are never linked as versions', needsCorpus, async () => {
  const r = run(await loadSeriesMessages([corpusPath('patchwork', 'series', 'bugs-spamming.mbox')]));
  assert.deepEqual(shape(r).series, [[2], [2], [2]]);
  assert.ok(r.result.links.every((l) => l.status === 'possible'));
});

// ---- b4 ------------------------------------------------------------------------------------

test('b4 partial reroll: v3 follows v2 and is the newest', needsCorpus, async () => {
  const r = run(await loadSeriesMessages([corpusPath('b4', 'samples', 'trailers-followup-partial-reroll.mbox')]));
  assert.deepEqual(shape(r), { series: [[2, 3]], links: ['2>3 linked'] });
  assert.ok(r.result.links[0].reasons.includes('partial-reroll'));
  assert.equal(r.result.series[0].latest, 'patch-v3-2-message@example.com');
});

test('b4 version selection: [PATCH v2] and [PATCH v3] "foo: fix bar" are one series, v3 the newest', () => {
  const r = run([
    fake({ id: 'v2', subject: '[PATCH v2] foo: fix bar', date: 0, files: ['foo/bar.c'] }),
    fake({ id: 'v3', subject: '[PATCH v3] foo: fix bar', date: 8 * DAY, files: ['foo/bar.c'] }),
  ]);
  assert.deepEqual(shape(r), { series: [[2, 3]], links: ['2>3 linked'] });
  assert.equal(r.result.series[0].latest, 'v3');
});

test('b4 change-id: the same change-id links versions; a prerequisite-change-id does not', () => {
  const id = extractChangeId('---\nbase-commit: 1234\nchange-id: 20251231-test-fix-abc123def456\n\nBest regards,');
  assert.equal(id, '20251231-test-fix-abc123def456');
  const prereq = extractChangeId('prerequisite-change-id: 20251231-test-fix-abc123def456:v1\n');
  assert.equal(prereq, null, 'a prerequisite is not the series own change-id');
  const original = fake({ id: 'orig', subject: '[PATCH] foo: fix bar syntax', date: 0, changeId: id });
  const other = posting('other', 'PATCH v2', 'baz: add new feature', ['baz: a', 'baz: b', 'baz: c'], DAY, {
    from: 'someone@example.com',
    coverExtra: { changeId: prereq },
  });
  const newer = posting('new', 'PATCH v2', 'foo: fix bar syntax', ['foo: one', 'foo: two'], 2 * DAY, { coverExtra: { changeId: id } });
  const r = run([original, ...other, ...newer]);
  const num = (k: string) => r.versions.find((v) => v.key === k)!;
  assert.deepEqual(
    r.result.series.map((s) => s.versions),
    [['orig', 'new-0'], ['other-0']],
  );
  const link = r.result.links.find((l) => l.to === 'new-0')!;
  assert.equal(link.status, 'linked');
  assert.ok(link.reasons.includes('change-id'));
  assert.equal(num('new-0').version, 2);
});

// ---- each signal ---------------------------------------------------------------------------

test('"Link to v1:" in the cover links versions, even when another person posts v2', () => {
  const v1 = posting('a', 'PATCH', 'foo: rework the bar', ['foo: one', 'foo: two'], 0);
  const v2 = posting('b', 'PATCH v2', 'foo: rework bar handling', ['foo: 1', 'foo: 2'], 20 * DAY, {
    from: 'maintainer@example.com',
    coverExtra: { links: ['a-0'] },
  });
  const r = run([...v1, ...v2]);
  assert.deepEqual(shape(r), { series: [[1, 2]], links: ['1>2 linked'] });
  assert.ok(r.result.links[0].reasons.includes('version-link'));
});

test('a Supersedes: header links versions', () => {
  const r = run([
    fake({ id: 'old', subject: '[PATCH] x: one thing', date: 0 }),
    fake({ id: 'new', subject: '[PATCH v2] x: another wording', date: DAY, supersedes: ['old'] }),
  ]);
  assert.deepEqual(shape(r), { series: [[1, 2]], links: ['1>2 linked'] });
  assert.ok(r.result.links[0].reasons.includes('supersedes'));
});

test('identical patch-ids link a renamed v2', () => {
  const r = run([
    fake({ id: 'old', subject: '[PATCH] x: fix leak', date: 0, patchId: 'p1', files: ['x.c'] }),
    fake({ id: 'new', subject: '[PATCH v2] x: plug a leak in probe', date: 3 * DAY, patchId: 'p1', files: ['x.c'] }),
  ]);
  assert.deepEqual(shape(r), { series: [[1, 2]], links: ['1>2 linked'] });
  assert.ok(r.result.links[0].reasons.includes('patch-id'));
});

test('v2 sent to another list without threading is still linked', () => {
  const titles = ['net: a', 'net: b', 'net: c'];
  const v1 = posting('a', 'PATCH net-next', 'net: frob the widget', titles, 0, { list: 'netdev.vger.kernel.org' });
  const v2 = posting('b', 'PATCH net v2', 'net: frob the widget', titles, 12 * DAY, { list: 'linux-kernel.vger.kernel.org' });
  const r = run([...v1, ...v2]);
  assert.deepEqual(shape(r), { series: [[1, 2]], links: ['1>2 linked'] });
});

test('an older v2 by the same author with the same subject is not taken for the newest', () => {
  const t = ['mm: one', 'mm: two'];
  const year = 365 * DAY;
  const messages = [
    ...posting('o1', 'PATCH', 'mm: tidy up', t, 0),
    ...posting('o2', 'PATCH v2', 'mm: tidy up', t, 14 * DAY),
    // two years later the same title again; its v2 repeats a diff of the old v1
    ...posting('n1', 'PATCH', 'mm: tidy up', t, 2 * year),
    ...posting('n2', 'PATCH v2', 'mm: tidy up', t, 2 * year + 14 * DAY),
  ];
  messages.find((m) => m.key === 'o1-1')!.patchId = 'same';
  messages.find((m) => m.key === 'n2-1')!.patchId = 'same';
  const r = run(messages);
  assert.deepEqual(r.result.series.map((s) => s.versions), [['o1-0', 'o2-0'], ['n1-0', 'n2-0']]);
  assert.equal(r.result.series[1].latest, 'n2-0');
});

test('the nearest version wins: v1, v2, v3 chain rather than v1 -> v3', () => {
  const t = ['a: x', 'a: y'];
  const messages = [1, 2, 3].flatMap((v) => posting(`v${v}`, v === 1 ? 'PATCH' : `PATCH v${v}`, 'a: the thing', t, (v - 1) * 10 * DAY, { coverExtra: { changeId: 'cid' } }));
  const r = run(messages);
  assert.deepEqual(shape(r), { series: [[1, 2, 3]], links: ['1>2 linked', '2>3 linked'] });
});

test('a RESEND links to what it resends, and the next version follows the resend', () => {
  const r = run([
    fake({ id: 'a', subject: '[PATCH v2] x: fix', date: 0, files: ['x.c'], patchId: 'p' }),
    fake({ id: 'b', subject: '[PATCH RESEND v2] x: fix', date: 14 * DAY, files: ['x.c'], patchId: 'p' }),
    fake({ id: 'c', subject: '[PATCH v3] x: fix', date: 30 * DAY, files: ['x.c'] }),
  ]);
  assert.deepEqual(r.result.series.map((s) => s.versions), [['a', 'b', 'c']]);
  assert.ok(r.result.links.find((l) => l.to === 'b')!.reasons.includes('resend'));
});

test('title similarity alone is only possible', () => {
  const r = run([
    fake({ id: 'a', subject: '[PATCH] foo: fix bar in the baz driver', date: 0, files: ['a.c'] }),
    fake({ id: 'b', subject: '[PATCH v2] foo: fix bar in baz driver', date: 5 * DAY, files: ['b.c'] }),
  ]);
  assert.deepEqual(shape(r), { series: [[1], [2]], links: ['1>2 possible'] });
  assert.ok(r.result.links[0].reasons.includes('title-similar'));
});

test('two candidates the evidence cannot choose between: possible, not asserted', () => {
  // the same v1 posted twice to two lists as separate threads, then one v2
  const t = ['foo: a', 'foo: b'];
  const r = run([
    ...posting('x', 'PATCH', 'foo: thing', t, 0, { list: 'a' }),
    ...posting('y', 'PATCH', 'foo: thing', t, 60, { list: 'b' }),
    ...posting('z', 'PATCH v2', 'foo: thing', t, 9 * DAY),
  ]);
  const toV2 = r.result.links.filter((l) => l.to === 'z-0');
  assert.equal(toV2.length, 2);
  assert.ok(toV2.every((l) => l.status === 'possible'));
  assert.equal(r.result.series.length, 3);
});

test('soft evidence never links two authors', () => {
  const t = ['foo: a', 'foo: b'];
  const r = run([
    ...posting('x', 'PATCH', 'foo: thing', t, 0, { from: 'a@example.com' }),
    ...posting('y', 'PATCH v2', 'foo: thing', t, 9 * DAY, { from: 'b@example.com' }),
  ]);
  assert.deepEqual(shape(r), { series: [[1], [2]], links: [] });
});

test('time order: a v2 dated before its v1 is only possible; a v1 after a v2 is not its next version', () => {
  const r = run([
    fake({ id: 'a', subject: '[PATCH v2] foo: bar', date: 0, files: ['f.c'] }),
    fake({ id: 'b', subject: '[PATCH] foo: bar', date: 5 * DAY, files: ['f.c'] }),
  ]);
  assert.deepEqual(shape(r), { series: [[2], [1]], links: ['1>2 possible'] });
  assert.ok(r.result.links[0].reasons.includes('time-reversed'));
});

// ---- manual corrections ------------------------------------------------------------------

test('forced links always apply, forbidden ones never', () => {
  const messages = [
    fake({ id: 'a', subject: '[PATCH] foo: one', date: 0, files: ['f.c'] }),
    fake({ id: 'b', subject: '[PATCH v2] foo: one', date: DAY, files: ['f.c'] }),
    fake({ id: 'c', subject: '[PATCH] bar: unrelated', date: 2 * DAY, from: 'x@example.com' }),
  ];
  assert.deepEqual(run(messages).result.series.map((s) => s.versions), [['a', 'b'], ['c']]);
  const unlinked = run(messages, { forbidden: [{ from: 'b', to: 'a' }] });
  assert.deepEqual(unlinked.result.series.map((s) => s.versions), [['a'], ['b'], ['c']]);
  assert.ok(unlinked.result.links.every((l) => !(l.from === 'a' && l.to === 'b')));
  const forced = run(messages, { forced: [{ from: 'b', to: 'c' }], forbidden: [{ from: 'a', to: 'b' }] });
  assert.deepEqual(forced.result.series.map((s) => [...s.versions].sort()), [['a'], ['b', 'c']]);
  const manual = forced.result.links.find((l) => l.from === 'b' && l.to === 'c')!;
  assert.deepEqual([manual.status, manual.reasons], ['linked', ['manual']]);
  const both = run(messages, { forced: [{ from: 'a', to: 'b' }], forbidden: [{ from: 'a', to: 'b' }] });
  assert.equal(both.result.series.length, 3, 'forbidden wins over forced for the same pair');
  const unknown = run(messages, { forced: [{ from: 'nope', to: 'a' }] });
  assert.equal(unknown.result.series.length, 2);
});

test('linkVersions does not depend on the order of its inputs', () => {
  const t = ['foo: a', 'foo: b', 'foo: c'];
  const messages = [
    ...posting('v1', 'PATCH', 'foo: thing', t, 0),
    ...posting('v2', 'PATCH v2', 'foo: thing', t, 9 * DAY),
    ...posting('w1', 'PATCH', 'foo: thing', t, 3),
    ...posting('u3', 'PATCH v3', 'foo: other thing', t.slice(0, 2), 20 * DAY),
    fake({ id: 's', subject: '[PATCH] foo: a', date: 30 * DAY, files: ['f/foo: a.c'] }),
  ];
  const versions = groupSeries(messages);
  const expected = linkVersions(versions, messages);
  assert.deepEqual(linkVersions([...versions].reverse(), [...messages].reverse()), expected);
  assert.deepEqual(linkVersions([...versions.slice(2), ...versions.slice(0, 2)], messages), expected);
});

test('every posting is in exactly one series', () => {
  const messages = [
    ...posting('v1', 'PATCH', 'foo: thing', ['a', 'b'], 0),
    ...posting('v2', 'PATCH v2', 'foo: thing', ['a', 'b'], 9 * DAY),
    fake({ id: 'r', subject: 'Re: [PATCH v7 3/9] gone: away', date: 1, refs: ['missing'], from: 'r@example.com' }),
  ];
  const { versions, result } = run(messages);
  const all = result.series.flatMap((s) => s.versions).sort();
  assert.deepEqual(all, versions.map((v) => v.key).sort());
});

test('a partial reroll sits between the version it amends and the next one', () => {
  const titles = Array.from({ length: 4 }, (_, i) => `drv: step ${i + 1}`);
  const r = run([
    ...posting('v5', 'PATCH v5', 'drv: rework', titles, 0),
    fake({ id: 'r', subject: '[PATCH v5.1 3/4] drv: step 3', date: 2 * DAY, parent: 'v5-3' }),
    ...posting('v6', 'PATCH v6', 'drv: rework', titles, 20 * DAY),
  ]);
  assert.deepEqual(r.result.series.map((s) => s.versions), [['v5-0', 'r', 'v6-0']]);
  assert.equal(r.result.series[0].latest, 'v6-0');
  assert.ok(r.result.links.find((l) => l.to === 'r')!.reasons.includes('partial-reroll'));
});
