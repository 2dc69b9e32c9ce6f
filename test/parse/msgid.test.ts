import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_MSGID_LENGTH } from '../../src/parse/limits.js';
import {
  cleanMsgid,
  parseInReplyTo,
  parseMsgids,
  parseReferences,
  parseThreadHeaders,
  pickParent,
  scanMsgidHeader,
} from '../../src/parse/msgid.js';

test('parseMsgids: public-inbox t/mid.t and patchwork Message-ID cases', () => {
  const cases: Array<[string, string[]]> = [
    ['<mid-1@a>, <mid-2@b>', ['mid-1@a', 'mid-2@b']], // two ids in one header: both
    ['<mid-1@a> <mid-1@a>', ['mid-1@a']], // duplicate: one
    ['<mid-1@a> comment', ['mid-1@a']], // trailing text ignored
    ['bare-mid', ['bare-mid']], // no brackets: accepted
    ['<hello\tworld>', ['helloworld']], // TAB inside brackets dropped
    ['<hello\r\n world>', ['helloworld']], // folding inside brackets dropped
    ['<xnzgy1de8d.fsf@rhel8.vm> (message ID with a comment)', ['xnzgy1de8d.fsf@rhel8.vm']], // patchwork
    ['5899d592-8c99-e7e9-2f4e-8a0f2b0bd7f9@radware.com>', ['5899d592-8c99-e7e9-2f4e-8a0f2b0bd7f9@radware.com']], // missing "<"
    ['(comment first) <a@b>', ['a@b']],
    ['<a@b (not a comment)>', ['a@b(notacomment)']], // parens inside brackets are id characters
    ['', []], // empty: the caller synthesizes an id
    ['   ', []],
    ['<>', []],
    ['<\u0000\u0000k>', ['k']], // fuzz: NULs are not id characters
  ];
  for (const [header, want] of cases) assert.deepEqual(parseMsgids(header), want, JSON.stringify(header));
});

test('Message-IDs are capped at 244 characters like public-inbox, and the cut is reported', () => {
  const long = `${'x'.repeat(300)}@example.com`;
  const [id] = parseMsgids(`<${long}>`);
  assert.equal(id.length, MAX_MSGID_LENGTH);
  assert.equal(id, long.slice(0, MAX_MSGID_LENGTH));
  assert.equal(scanMsgidHeader(`<${long}>`).truncated, true);
  assert.equal(scanMsgidHeader('<short@example.com>').truncated, false);
  assert.equal(cleanMsgid(` <${long}> `), long.slice(0, MAX_MSGID_LENGTH));
});

test('parseReferences: t/mid.t semantics (order kept, IRT appended, junk and addresses dropped)', () => {
  const cases: Array<[refs: string | null, irt: string | null, own: string[], want: string[]]> = [
    ['<hello> <world>', '<weld>', [], ['hello', 'world', 'weld']],
    ['<hello>\n\t<world>', null, [], ['hello', 'world']], // folded
    ['<hello\tworld>', null, [], ['helloworld']],
    ['<hello> <world> <n> <u@example.com>', null, ['u@example.com'], ['hello', 'world']],
    ['<a@b> <c@d>', '<c@d>', [], ['a@b', 'c@d']], // IRT already last: not repeated
    ['<a@b> <c@d>', '<a@b>', [], ['a@b', 'c@d']], // patchwork: duplicate of IRT deduplicated
    ['<a@b> <a@b> <c@d>', null, [], ['a@b', 'c@d']],
    ['<foo@five.com> (garbage)', null, [], ['foo@five.com']], // notmuch: trailing garbage ignored
    [null, 'mumble', [], []], // IRT with no id yields nothing
    [null, '"Kurt D. Starsinic"\'s message of "Wed, 19 Jul 2000 15:50:37 -0400"', [], []], // jwz testbox-4
    ['<y> <1> <2>', '<3>', [], ['1', '2', '3']], // "y" is junk, short numeric ids are real (public-inbox "backwards" set)
    ['<U@Example.com> <x@y>', null, ['u@example.com'], ['x@y']], // address comparison ignores case
  ];
  for (const [refs, irt, own, want] of cases) {
    assert.deepEqual(parseReferences(refs, irt, own), want, `${refs} | ${irt}`);
  }
});

test('parseInReplyTo: the id out of the shapes mailers write', () => {
  const cases: Array<[string | null, string | null]> = [
    ['<id@host>', 'id@host'],
    ['<id@host> (comment)', 'id@host'],
    ['<id@host> (message from liqingqing on Mon, 1 Jan 2018)', 'id@host'], // patchwork
    ['Your message of December 31 1999 <bar@baz.com>', 'bar@baz.com'],
    ['<20000719161418.D17718@ghostwheel.wks.na.deuba.com>; from joshua.pritikin@db.com on Wed, Jul 19, 2000 at 04:14:18PM -0400', '20000719161418.D17718@ghostwheel.wks.na.deuba.com'],
    ['5899d592-8c99-e7e9-2f4e-8a0f2b0bd7f9@radware.com>', '5899d592-8c99-e7e9-2f4e-8a0f2b0bd7f9@radware.com'], // no "<"
    ['mumble', null],
    ['', null],
    [null, null],
  ];
  for (const [header, want] of cases) assert.equal(parseInReplyTo(header), want, String(header));
});

test('pickParent: notmuch T510 precedence and the parent-priority case', () => {
  // [In-Reply-To, References, expected parent]
  const cases: Array<[string | null, string | null, string | null, string]> = [
    ['mumble', '<foo@one.com>', 'foo@one.com', '1: IRT garbage -> last reference'],
    ['Your message of December 31 1999 <bar@baz.com>', '<foo@two.com>', 'foo@two.com', '2: References preferred over a dodgy IRT'],
    ['<foo@three.com>', null, 'foo@three.com', '3: no References -> IRT'],
    ['<baz@four.com> (RFC822 4lyfe)', '<baz@four.com> <foo@four.com>', 'foo@four.com', '4: IRT with a comment is not trusted over References'],
    [null, '<foo@five.com> (garbage)', 'foo@five.com', '5: References with trailing garbage'],
    ['<B01-child@example.org>', '<B01-child@example.org> <B00-root@example.org>', 'B01-child@example.org', '6: clean IRT beats References in the wrong order'],
    ['<B00-root@example.org>', '<B00--root@example.org>', 'B00-root@example.org', 'B01-child: clean IRT beats a typo in References'],
    ['Your message of December 31 1999 <bar@baz.com>', null, 'bar@baz.com', 'dodgy IRT alone still yields its id'],
    [null, null, null, 'no threading headers'],
  ];
  for (const [irt, refs, want, why] of cases) assert.equal(pickParent(irt, refs), want, why);
});

test('parseThreadHeaders agrees with the single-purpose functions', () => {
  const irt = '<B01-child@example.org>';
  const refs = '<B01-child@example.org> <B00-root@example.org>';
  assert.deepEqual(parseThreadHeaders(irt, refs), {
    inReplyTo: parseInReplyTo(irt),
    references: parseReferences(refs, irt),
    parent: pickParent(irt, refs),
  });
});

test('hostile headers stay linear', () => {
  const huge = '<'.repeat(200_000) + '('.repeat(200_000) + 'a@b>'.repeat(50_000);
  const t0 = performance.now();
  parseReferences(huge, huge);
  parseMsgids(huge);
  assert.ok(performance.now() - t0 < 2000, 'took too long');
  const many = Array.from({ length: 5000 }, (_, i) => `<id${i}@x>`).join(' ');
  const refs = parseReferences(many, null);
  assert.equal(refs.length, 1000);
  assert.equal(refs[0], 'id0@x'); // the root survives the cap
  assert.equal(refs[refs.length - 1], 'id4999@x'); // and so does the nearest ancestor
});
