import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../../src/parse/mime.js';
import { parsePerson, parseTrailers } from '../../src/parse/trailers.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { raw, splitMbox } from './mail-samples.js';

test('parseTrailers: names normalized, people parsed, prose and quotes ignored', () => {
  const text = [
    'Fix the frobnicator.',
    '',
    'Fixes: 1234567890ab ("cpufreq: Use per-policy frequency QoS")',
    'Link: https://lore.kernel.org/r/20190801.GA1@example.com',
    'Closes: https://bugzilla.kernel.org/show_bug.cgi?id=204000',
    'Reported-by: syzbot+b156665cf4d1b5e00c76@syzkaller.appspotmail.com',
    'Suggested-by: "Rafael J. Wysocki" <rafael@kernel.org>',
    'Co-developed-by: Jane Doe <jane@example.com>',
    'signed-off-by: Jane Doe <jane@example.com>',
    'SIGNED-OFF-BY: John Doe <john@example.com>',
    '   Reviewed-by: Indented Person <indented@example.com>',
    'Acked-by : Space Before Colon <space@example.com>',
    'Tested-by: Followup Reviewer1 (corporate) <followup-reviewer1@example.com>',
    'Tested-by: Tester2, Followup <followup-tester2@example.com>',
    'Nacked-by: Obfuscated <user@xxxxxxxxxxxx>',
    'Reported-and-tested-by: Both <both@example.com>',
    'Cc: stable@vger.kernel.org # 5.10+',
    'Cc: <stable@vger.kernel.org> # v4.18+',
    'Cc: bare-address@example.org',
    'Cc: Some One <someone@example.com>',
    '> Reviewed-by: Quoted Person <quoted@example.com>',
    'Tested-by: me, on arm64',
    'Fixes: the bug from last week',
    'Link: see the thread',
    'Signed-off-by: Jane Doe <jane@example.com>', // a duplicate of the line above (case differs) is dropped
  ].join('\n');
  const got = parseTrailers(text).map((t) => [t.name, t.person?.name ?? null, t.person?.address ?? null, t.stable ?? false]);
  assert.deepEqual(got, [
    ['Fixes', null, null, false],
    ['Link', null, null, false],
    ['Closes', null, null, false],
    ['Reported-by', '', 'syzbot+b156665cf4d1b5e00c76@syzkaller.appspotmail.com', false],
    ['Suggested-by', 'Rafael J. Wysocki', 'rafael@kernel.org', false],
    ['Co-developed-by', 'Jane Doe', 'jane@example.com', false],
    ['Signed-off-by', 'Jane Doe', 'jane@example.com', false],
    ['Signed-off-by', 'John Doe', 'john@example.com', false],
    ['Reviewed-by', 'Indented Person', 'indented@example.com', false],
    ['Acked-by', 'Space Before Colon', 'space@example.com', false],
    ['Tested-by', 'Followup Reviewer1 (corporate)', 'followup-reviewer1@example.com', false],
    ['Tested-by', 'Tester2, Followup', 'followup-tester2@example.com', false],
    ['Nacked-by', 'Obfuscated', 'user@xxxxxxxxxxxx', false],
    ['Reported-by', 'Both', 'both@example.com', false],
    ['Tested-by', 'Both', 'both@example.com', false],
    ['Cc', '', 'stable@vger.kernel.org', true],
    ['Cc', '', 'stable@vger.kernel.org', true],
  ]);
  const fixes = parseTrailers('Fixes: 1234567890ab ("cpufreq: Use per-policy frequency QoS")')[0];
  assert.deepEqual(fixes, { name: 'Fixes', value: '1234567890ab ("cpufreq: Use per-policy frequency QoS")' });
  assert.equal(parseTrailers('Cc: stable@vger.kernel.org # 5.10+')[0].value, 'stable@vger.kernel.org # 5.10+');
});

test('parsePerson: the address forms trailers use', () => {
  const cases: Array<[string, { name: string; address: string } | null]> = [
    ['Jane Doe <jane@example.com>', { name: 'Jane Doe', address: 'jane@example.com' }],
    ['"Yann E. MORIN" <yann.morin.1998@free.fr>', { name: 'Yann E. MORIN', address: 'yann.morin.1998@free.fr' }],
    ['"Name (Company)" <n@c.com>', { name: 'Name (Company)', address: 'n@c.com' }],
    ['Followup Tester1 [corporate] <t@example.com>', { name: 'Followup Tester1 [corporate]', address: 't@example.com' }],
    ['bare@example.org', { name: '', address: 'bare@example.org' }],
    ['<angle@example.org>', { name: '', address: 'angle@example.org' }],
    ['jane@example.com (Jane Doe)', { name: '(Jane Doe)', address: 'jane@example.com' }],
    ['v4.18+ <stable@vger.kernel.org> # v4.18+', { name: 'v4.18+', address: 'stable@vger.kernel.org' }],
    ['Name Only', null],
    ['', null],
  ];
  for (const [value, want] of cases) assert.deepEqual(parsePerson(value), want, value);
});

// b4's trailer fixtures: what each follow-up contributes (b4 collects them onto the patch;
// its -ref-defaults.txt files show the trailers as they are written).
test('b4 trailers-followup-name-parens: names with parens, brackets and commas', needsCorpus, async () => {
  const msgs = splitMbox(corpusPath('b4/samples/trailers-followup-name-parens.mbox'));
  const parsed = await Promise.all(msgs.map((m) => parseMessage(raw(m))));
  const lines = parsed.flatMap((p) => p.trailers.map((t) => `${t.name}: ${t.value}`));
  // the patch's own trailers, then one per follow-up; the quoted "> Reviewed-by" in fwup-2 is not collected
  assert.deepEqual(lines, [
    'Fixes: abcdef01234567890',
    'Reviewed-by: Original Reviewer <original-reviewer@example.com>',
    'Link: https://msgid.link/some@msgid.here',
    'Signed-off-by: Original Submitter <original-submitter@example.com>',
    'Reviewed-by: Followup Reviewer1 (corporate) <followup-reviewer1@example.com>',
    'Tested-by: Followup Reviewer2 <followup-reviewer2@example.com>',
    'Reviewed-by: Mismatched Reviewer1 <mismatched-reviewer1@example.net>',
    'Tested-by: Followup Tester1 [corporate] <followup-tester1@example.com>',
    'Tested-by: Tester2, Followup <followup-tester2@example.com>',
  ]);
  const ref = (await import('node:fs')).readFileSync(corpusPath('b4/samples/trailers-followup-name-parens-ref-defaults.txt'), 'utf8');
  for (const l of lines.filter((l) => !l.includes('Mismatched'))) assert.ok(ref.includes(l), `b4 writes ${l}`);
});

test('b4 trailers-followup-bare-address: a bare-address Cc is routing, not a trailer', needsCorpus, async () => {
  const [patch] = splitMbox(corpusPath('b4/samples/trailers-followup-bare-address.mbox'));
  const p = await parseMessage(raw(patch));
  assert.deepEqual(
    p.trailers.map((t) => t.name),
    ['Fixes', 'Reviewed-by', 'Link', 'Signed-off-by'],
  );
  assert.ok(p.patch, 'the patch has a diff');
});

test('b4 fixtures: every trailer-carrying follow-up yields its trailer', needsCorpus, async () => {
  for (const name of ['single', 'with-cover', 'nore', 'stripped-lines', 'with-diffstat', 'htmljunk', 'partial-reroll']) {
    const msgs = splitMbox(corpusPath(`b4/samples/trailers-followup-${name}.mbox`));
    for (const m of msgs) {
      const p = await parseMessage(raw(m));
      // any unquoted trailer line in the body must be found (b4 collects exactly these)
      const expected = p.bodyNew
        .split('\n')
        .filter((l) => /^\s*(Reviewed|Acked|Tested|Signed-off|Reported|Suggested)-by:\s*\S+.*@/i.test(l));
      const got = p.trailers.filter((t) => t.person).map((t) => `${t.name}: ${t.value}`.toLowerCase());
      for (const l of expected) assert.ok(got.includes(l.trim().replace(/\s*:\s*/, ': ').toLowerCase()), `${name}: ${l}`);
    }
  }
});
