import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../../src/parse/mime.js';
import { openSources } from '../../src/sources/index.js';
import { parseSubjectTags, type SubjectTags } from '../../src/series/subject-tags.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';

/** A full expected result: a patch with no tags unless `over` says otherwise. */
function tags(over: Partial<SubjectTags>): SubjectTags {
  return {
    kind: 'patch',
    isPatch: true,
    version: 1,
    versionInferred: true,
    versionLabel: null,
    index: null,
    total: null,
    rfc: false,
    resend: false,
    labels: [],
    stableReview: false,
    title: '',
    ...over,
  };
}
const other = (title: string, over: Partial<SubjectTags> = {}): SubjectTags => tags({ kind: 'other', isPatch: false, title, ...over });
const v = (version: number): Partial<SubjectTags> => ({ version, versionInferred: false });

function checkTable(rows: Array<[string, SubjectTags]>): void {
  for (const [subject, want] of rows) assert.deepEqual(parseSubjectTags(subject), want, JSON.stringify(subject));
}

test('parseSubjectTags: the forms kernel lists use', () => {
  checkTable([
    ['[PATCH] x', tags({ title: 'x' })],
    ['[PATCH v3 2/7] cpufreq: Use per-policy QoS', tags({ ...v(3), index: 2, total: 7, title: 'cpufreq: Use per-policy QoS' })],
    ['[PATCHv2] x', tags({ ...v(2), title: 'x' })],
    ['[PATCH V2] x', tags({ ...v(2), title: 'x' })],
    ['[RFC PATCH resend 3/6] x', tags({ rfc: true, resend: true, index: 3, total: 6, title: 'x' })],
    ['[RFC][PATCH] cpuidle: Consolidate disabled state checks', tags({ rfc: true, title: 'cpuidle: Consolidate disabled state checks' })],
    ['[PATCH net-next v2 00/12] net: x', tags({ kind: 'cover', ...v(2), index: 0, total: 12, labels: ['net-next'], title: 'net: x' })],
    ['[PATCH 5.10 012/345] x', tags({ index: 12, total: 345, labels: ['5.10'], stableReview: true, title: 'x' })],
    ['[PATCH 5.15 0/1] 5.15.100-rc1 review', tags({ kind: 'cover', index: 0, total: 1, labels: ['5.15'], stableReview: true, title: '5.15.100-rc1 review' })],
    ['[PATCH RESEND v4 01/26] x', tags({ ...v(4), resend: true, index: 1, total: 26, title: 'x' })],
    ['[PATCH -next] x', tags({ labels: ['-next'], title: 'x' })],
    ['[PATCH 1/2 v2] x', tags({ ...v(2), index: 1, total: 2, title: 'x' })],
    ['[GIT PULL] Power management updates for v5.4-rc1', other('Power management updates for v5.4-rc1', { kind: 'pull' })],
    ['[PULL] x', other('x', { kind: 'pull' })],
    ['[ANNOUNCE] turbostat 19.08.31', other('turbostat 19.08.31', { kind: 'announce' })],
    ['[PATCH1/8] x', tags({ index: 1, total: 8, title: 'x' })],
    ['[PATCH v6,19/24] x', tags({ ...v(6), index: 19, total: 24, title: 'x' })],
    ['[net,v2,1/2] net: ieee802154: remove explicit set skb->sk', tags({ ...v(2), index: 1, total: 2, labels: ['net'], title: 'net: ieee802154: remove explicit set skb->sk' })],
    ['[PATCH 0 of 2] hg patchbomb', tags({ kind: 'cover', index: 0, total: 2, title: 'hg patchbomb' })],
    ['[PATCH 1 of 2] x', tags({ index: 1, total: 2, title: 'x' })],
    ['[PATCH v5.1 10/12] x', tags({ ...v(5), versionLabel: '5.1', index: 10, total: 12, title: 'x' })],
    ['[PATCH] [RFC] meep', tags({ rfc: true, title: 'meep' })],
    ['[PATCH RFC 1/2] meep', tags({ rfc: true, index: 1, total: 2, title: 'meep' })],
    ['[PATCH,RFC] meep', tags({ rfc: true, title: 'meep' })],
    ['[PATCH] rewrite [a-z] regexes', tags({ title: 'rewrite [a-z] regexes' })],
    ['Re: [PATCH v2 2/2] x', tags({ kind: 'reply', ...v(2), index: 2, total: 2, title: 'x' })],
    ['RE: [PATCH v3 2/7] x', tags({ kind: 'reply', ...v(3), index: 2, total: 7, title: 'x' })],
    ['Aw: Re: [PATCH v3 01/10] dt-bindings: x', tags({ kind: 'reply', ...v(3), index: 1, total: 10, title: 'dt-bindings: x' })],
    ['[Patch 2/2]: powerpc: fix', tags({ index: 2, total: 2, title: 'powerpc: fix' })],
    ['[bug#45000] [PATCH 1/9] gnu: x', tags({ index: 1, total: 9, labels: ['bug#45000'], title: 'gnu: x' })],
    ['Hello, world (v2)', other('Hello, world (v2)', v(2))],
    ['Hello, world (V6)', other('Hello, world (V6)', v(6))],
    ['[PATCH v2 0/3] x', tags({ kind: 'cover', ...v(2), index: 0, total: 3, title: 'x' })],
  ]);
});

test('parseSubjectTags: more real subjects (linux-pm)', () => {
  checkTable([
    ['[PATCH AUTOSEL 4.19 075/128] PM / devfreq: x', tags({ index: 75, total: 128, labels: ['AUTOSEL', '4.19'], stableReview: true, title: 'PM / devfreq: x' })],
    ['[BACKPORT 4.14.y v2 0/6] Candidates', tags({ kind: 'cover', ...v(2), index: 0, total: 6, labels: ['BACKPORT', '4.14.y'], stableReview: true, title: 'Candidates' })],
    ['[PATCH 4.4 v1] power: supply: x', tags({ ...v(1), labels: ['4.4'], stableReview: true, title: 'power: supply: x' })],
    // A stable backport written like a version: a two-digit minor is a kernel, never a partial reroll.
    ['[PATCH v5.10] cpufreq: scmi: x', tags({ labels: ['5.10'], stableReview: true, title: 'cpufreq: scmi: x' })],
    // "for 6.19" names a target release, not a stable review.
    ['[PATCH v2 for 6.19 0/4] Revise the EM YNL spec', tags({ kind: 'cover', ...v(2), index: 0, total: 4, labels: ['6.19'], title: 'Revise the EM YNL spec' })],
    ['[Update][PATCH v1.1 4/5] cpuidle: teo: x', tags({ ...v(1), versionLabel: '1.1', index: 4, total: 5, labels: ['Update'], title: 'cpuidle: teo: x' })],
    ['[RESEND][PATCH v2 0/3] net: x', tags({ kind: 'cover', ...v(2), resend: true, index: 0, total: 3, title: 'net: x' })],
    ['[RFCv2 3/5] x', tags({ ...v(2), rfc: true, index: 3, total: 5, title: 'x' })],
    ['[PATCH RFC RFT] x', tags({ rfc: true, labels: ['RFT'], title: 'x' })],
    ['[RFC/RFT] x', tags({ rfc: true, labels: ['RFT'], title: 'x' })],
    ['[REPOST PATCH v4 1/3] x', tags({ ...v(4), resend: true, index: 1, total: 3, title: 'x' })],
    ['Re: [v4, 2/8] cpufreq: mediatek: x', tags({ kind: 'reply', ...v(4), index: 2, total: 8, title: 'cpufreq: mediatek: x' })],
    ['Re: [Linux-kernel-mentees] [PATCH 4/4] Driver: x', tags({ kind: 'reply', index: 4, total: 4, labels: ['Linux-kernel-mentees'], title: 'Driver: x' })],
    ['Re: (subset) [PATCH 0/2] Make x', tags({ kind: 'reply', index: 0, total: 2, title: 'Make x' })],
    ['[linux-pm] Re: [PATCH] x', tags({ kind: 'reply', labels: ['linux-pm'], title: 'x' })],
    ['[PULL REQUEST for Rafael, Linux-PM] PM / devfreq fixes', other('PM / devfreq fixes', { kind: 'pull', labels: ['Rafael', 'Linux-PM'] })],
    // kbuild robot reports carry a counter but are not patches
    ['[pm:bleeding-edge 123/124] ERROR: x', other('ERROR: x', { index: 123, total: 124, labels: ['pm:bleeding-edge'] })],
    ['[rafael-pm:bleeding-edge] BUILD SUCCESS 1f63', other('BUILD SUCCESS 1f63', { labels: ['rafael-pm:bleeding-edge'] })],
    ['[tip: x86/urgent] x86/CPU/AMD: x', other('x86/CPU/AMD: x', { labels: ['tip: x86/urgent'] })],
    ['[Bug 220946] New: hibernation', other('New: hibernation', { labels: ['Bug 220946'] })],
    ['[Discussion v2] Usecases', other('Usecases', { ...v(2), labels: ['Discussion'] })],
    ['[1/2] x', tags({ index: 1, total: 2, title: 'x' })],
    ['FAILED: patch "[PATCH] x" failed to apply', other('FAILED: patch "[PATCH] x" failed to apply')],
    ['[PATCH] tr: translate', tags({ title: 'tr: translate' })],
  ]);
});

test('parseSubjectTags: patchwork clean_subject / subject_check / parse_series_marker / parse_version tables', () => {
  checkTable([
    // clean_subject: patchwork keeps [RFC]/[1/2] in its name; our title drops every leading tag
    ['meep', other('meep')],
    ['Re: meep', other('meep', { kind: 'reply' })],
    ['[PATCH] meep', tags({ title: 'meep' })],
    ['[PATCH] meep \n meep', tags({ title: 'meep meep' })],
    ['[PATCH] meep,\n meep', tags({ title: 'meep, meep' })],
    ['[PATCH RFC] meep', tags({ rfc: true, title: 'meep' })],
    ['[PATCH,RFC] meep', tags({ rfc: true, title: 'meep' })],
    ['[PATCH,1/2] meep', tags({ index: 1, total: 2, title: 'meep' })],
    ['[PATCH RFC 1/2] meep', tags({ rfc: true, index: 1, total: 2, title: 'meep' })],
    ['[PATCH] [RFC] meep', tags({ rfc: true, title: 'meep' })],
    ['[PATCH] [RFC,1/2] meep', tags({ rfc: true, index: 1, total: 2, title: 'meep' })],
    ['[PATCH] [RFC] [1/2] meep', tags({ rfc: true, index: 1, total: 2, title: 'meep' })],
    ['[PATCH] rewrite [a-z] regexes', tags({ title: 'rewrite [a-z] regexes' })],
    ['[PATCH] [RFC] rewrite [a-z] regexes', tags({ rfc: true, title: 'rewrite [a-z] regexes' })],
    ['[foo] [bar] meep', other('meep', { labels: ['foo', 'bar'] })],
    ['[FOO] [bar] meep', other('meep', { labels: ['FOO', 'bar'] })],
    // subject_check: replies with and without the colon
    ['RE: meep', other('meep', { kind: 'reply' })],
    ['re: meep', other('meep', { kind: 'reply' })],
    ['RE meep', other('meep', { kind: 'reply' })],
    ['Re meep', other('meep', { kind: 'reply' })],
    ['re meep', other('meep', { kind: 'reply' })],
    // split_prefixes, as tags
    ['[PATCH,] x', tags({ title: 'x' })],
    ['[PATCH ] x', tags({ title: 'x' })],
    ['[] x', other('x')],
    // parse_series_marker: ['bar', ...] is a tag "[bar ...]" (a label with a counter, not a patch)
    ['[bar] x', other('x', { labels: ['bar'] })],
    ['[bar 1/2] x', other('x', { index: 1, total: 2, labels: ['bar'] })],
    ['[bar 0/12] x', other('x', { index: 0, total: 12, labels: ['bar'] })],
    ['[bar 1 of 2] x', other('x', { index: 1, total: 2, labels: ['bar'] })],
    ['[bar 0 of 12] x', other('x', { index: 0, total: 12, labels: ['bar'] })],
    ['[PATCH1/8] x', tags({ index: 1, total: 8, title: 'x' })],
    ['[PATCH1 of 8] x', tags({ index: 1, total: 8, title: 'x' })],
    ['[PATCH100/123] x', tags({ index: 100, total: 123, title: 'x' })],
    ['[v2PATCH1/4] x', tags({ ...v(2), index: 1, total: 4, title: 'x' })],
    ['[v2 PATCH1/4] x', tags({ ...v(2), index: 1, total: 4, title: 'x' })],
    ['[v2.3PATCH1/4] x', tags({ ...v(2), versionLabel: '2.3', index: 1, total: 4, title: 'x' })],
    // parse_version
    ['', other('')],
    ['Hello, world', other('Hello, world')],
    ['[version] Hello, world', other('Hello, world', { labels: ['version'] })],
    ['[v2] Hello, world', tags({ ...v(2), title: 'Hello, world' })],
    ['[V6] Hello, world', tags({ ...v(6), title: 'Hello, world' })],
    ['[v10] Hello, world', tags({ ...v(10), title: 'Hello, world' })],
    ['Hello, world (v2)', other('Hello, world (v2)', v(2))],
    ['Hello, world (V6)', other('Hello, world (V6)', v(6))],
  ]);
});

test("parseSubjectTags: b4's LoreSubject cases", () => {
  checkTable([
    ['[PATCH] This is a patch', tags({ title: 'This is a patch' })],
    ['[PATCH v3] This is a patch', tags({ ...v(3), title: 'This is a patch' })],
    ['[PATCH RFC v3] This is a patch', tags({ ...v(3), rfc: true, title: 'This is a patch' })],
    ['[RFC PATCH v3 1/3] This is a patch', tags({ ...v(3), rfc: true, index: 1, total: 3, title: 'This is a patch' })],
    ['[RESEND PATCH v3 1/3] This is a patch', tags({ ...v(3), resend: true, index: 1, total: 3, title: 'This is a patch' })],
    ['[PATCH RFC v3 2/3] This is a patch', tags({ ...v(3), rfc: true, index: 2, total: 3, title: 'This is a patch' })],
    ['[PATCH RFC v3 3/12] This is a patch', tags({ ...v(3), rfc: true, index: 3, total: 12, title: 'This is a patch' })],
    ['[PATCH RFC v3 03/12] This is a patch', tags({ ...v(3), rfc: true, index: 3, total: 12, title: 'This is a patch' })],
    ['[PATCH RFC v3] This is a [patch]', tags({ ...v(3), rfc: true, title: 'This is a [patch]' })],
    ['[PATCH RFC netdev bpf v3 2/3] This is a patch', tags({ ...v(3), rfc: true, index: 2, total: 3, labels: ['netdev', 'bpf'], title: 'This is a patch' })],
    // test_rethread: counters and revisions
    ['[PATCH] X', tags({ title: 'X' })],
    ['[PATCH v2] X', tags({ ...v(2), title: 'X' })],
    ['[PATCH 1/1] Fix', tags({ index: 1, total: 1, title: 'Fix' })],
    ['[PATCH 2/5] Fix', tags({ index: 2, total: 5, title: 'Fix' })],
    ['[PATCH RFC 1/1] Fix', tags({ rfc: true, index: 1, total: 1, title: 'Fix' })],
    ['[PATCH v3 1/2] Fix', tags({ ...v(3), index: 1, total: 2, title: 'Fix' })],
    ['[PATCH 02/15] Fix', tags({ index: 2, total: 15, title: 'Fix' })],
    ['[PATCH 0/3] Fix', tags({ kind: 'cover', index: 0, total: 3, title: 'Fix' })],
    ['Fix the thing', other('Fix the thing')],
    ['do a thing to the widget subsystem', other('do a thing to the widget subsystem')], // naked cover: no tags to read
  ]);
});

test('parseSubjectTags: odd and contradictory input never throws, and reads as documented', () => {
  checkTable([
    ['[PATCH 3/2] x', tags({ index: 3, total: 2, title: 'x' })], // kept: the caller sees an extra patch
    ['[PATCH 0/0] x', tags({ title: 'x' })], // n/0 has no position: as a bare [PATCH]
    ['[PATCH 5/0] x', tags({ title: 'x' })],
    ['[PATCH v0] x', tags({ title: 'x' })], // v0 is treated as absent (ordered as a v1)
    ['[PATCH v0 1/2] x', tags({ index: 1, total: 2, title: 'x' })],
    ['[PATCH v100001 1/2] x', tags({ index: 1, total: 2, title: 'x' })], // > 100000: absent
    ['[PATCH v100000] x', tags({ ...v(100000), title: 'x' })],
    ['[PATCH 1/100001] x', tags({ title: 'x' })],
    ['[PATCH 1/99999999999999999999999] x', tags({ title: 'x' })],
    ['[PATCH v99999999999999999999999] x', tags({ title: 'x' })],
    ['x (v0)', other('x (v0)')],
    ['【PATCH】 x', tags({ title: 'x' })],
    ['【PATCH v2 1/3】 x', tags({ ...v(2), index: 1, total: 3, title: 'x' })],
    ['［PATCH］ x', tags({ title: 'x' })],
    ['', other('')],
    ['   ', other('')],
    ['[PATCH', other('[PATCH')],
    ['[PATCH]', tags({})],
    ['[PATCH v2] [PATCH v3] x', tags({ ...v(2), title: 'x' })], // the first version wins
    ['Re:', other('', { kind: 'reply' })],
    ['[PATCH] Re: x', tags({ title: 'x' })], // a marker after a PATCH tag does not make a reply
    [`[${'a'.repeat(300)}] x`, other(`[${'a'.repeat(300)}] x`)], // too long to be a tag
  ]);
  const hostile = [
    '['.repeat(5000),
    ']'.repeat(5000),
    '[PATCH '.repeat(1000),
    '[a]'.repeat(2000) + ' x',
    'Re: '.repeat(2000),
    '[PATCH ' + '1/'.repeat(3000) + ']',
    '[PATCH v' + '9'.repeat(5000) + '] x',
    '\u0000[PATCH]\uFFFD x',
    '[PATCH \u{1F600} 1/2] x',
  ];
  for (const s of hostile) {
    const t0 = performance.now();
    const t = parseSubjectTags(s);
    assert.ok(performance.now() - t0 < 200, `slow on ${JSON.stringify(s.slice(0, 20))}`);
    assert.equal(typeof t.title, 'string');
  }
  assert.equal(parseSubjectTags(undefined as unknown as string).kind, 'other');
});

test('parseSubjectTags over every linux-pm subject: no throw, stable reviews are kernel versions', needsCorpus, async (t) => {
  let subjects = 0;
  let stable = 0;
  const kinds = new Map<string, number>();
  for await (const item of openSources([corpusPath('linux-pm-sample')])) {
    if (item.kind !== 'message') continue;
    const { subject } = await parseMessage(item.message);
    const t = parseSubjectTags(subject);
    subjects++;
    kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
    // "[PATCH 5.2 127/162]", "[PATCH AUTOSEL 4.19 075/128]", "Re: [PATCH 4.19 72/98]"
    const m = /^(?:\s*(?:re|aw|fwd?):\s*)*\[PATCH (?:AUTOSEL )?([4-6]\.\d+) /i.exec(subject);
    if (m) {
      stable++;
      assert.equal(t.stableReview, true, subject);
      assert.ok(t.labels.includes(m[1]), subject);
      assert.equal(t.version, 1, subject);
      assert.equal(t.isPatch, true, subject);
    }
    if (!t.stableReview && t.isPatch) assert.ok(t.labels.every((l) => !/^\d+\.\d+$/.test(l)) || /\bfor\b/i.test(subject), subject);
  }
  assert.equal(subjects, 3469);
  assert.ok(stable >= 40, `stable-review subjects: ${stable}`);
  t.diagnostic(`${subjects} subjects, ${stable} stable-review; kinds ${JSON.stringify(Object.fromEntries(kinds))}`);
});
