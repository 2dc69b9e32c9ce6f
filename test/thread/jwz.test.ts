// Mail::Thread's test boxes (../shared/corpus/jwz/expectations.md). Its dumps list siblings in
// file order and ours sort by date, so trees are compared by shape: siblings sorted by msgid.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTree, flattenTree, threadRoot } from '../../src/thread/tree.js';
import { needsCorpus } from '../helpers/corpus.js';
import { jwzBox } from './cases.js';
import { canonical, canonicalOf, parseMailThreadDump, realMsgids, shapeFromLines } from './shape.js';

const expected = (dump: string) => canonical(shapeFromLines(parseMailThreadDump(dump)));

test('t/1.t testbox, noprune + nosubject: 3 roots, dummies kept', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox'), { subjectGrouping: false, pruneGhosts: false });
  const dump = `
0 [ n/a ] <3E1A9807.3393A163@earthlink.net>
1   [p5ml] Re: karie kahimi binge...help needed <avefva+gol5@eGroups.com>
2     RE: [p5ml] Re: karie kahimi binge...help needed <000001c2b64c$03af8740$56734151@noos.fr>
1   Re: [p5ml] karie kahimi binge...help needed <4.3.2-J.20030107222402.051f7418@mail.chipple.net>
2     Re: [p5ml] karie kahimi binge...help needed <3E1B380C.F5713721@earthlink.net>
1   R: [p5ml] karie kahimi binge...help needed <000f01c2b6ab$2017f8e0$25197450@win98>
0 [rt-users] Configuration Problem <20030107164205.E98585-100000@nemesis.eahd.or.ug>
1   Re: [rt-users] Configuration Problem <20030107145325.33120.qmail@web13704.mail.yahoo.com>
0 [ n/a ] <20021112174425.GD13228@soto.kasei.com>
1   [ n/a ] <20021112174700.GB2599@rivendale.net>
2     Re: January's meeting <20030107153054.GB21728@soto.kasei.com>
3       Re: January's meeting <20030107160909.GA11673@futureless.org>
4         Re: January's meeting <20030107161602.GA8784@labac.net>`;
  assert.equal(roots.length, 3);
  assert.equal(canonicalOf(roots), expected(dump));
});

test('t/1.t testbox pruned (derived): the dummy chain collapses, the 3-child dummy root stays', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox'), { subjectGrouping: false });
  const dump = `
0 [ n/a ] <3E1A9807.3393A163@earthlink.net>
1   <avefva+gol5@eGroups.com>
2     <000001c2b64c$03af8740$56734151@noos.fr>
1   <4.3.2-J.20030107222402.051f7418@mail.chipple.net>
2     <3E1B380C.F5713721@earthlink.net>
1   <000f01c2b6ab$2017f8e0$25197450@win98>
0 <20030107164205.E98585-100000@nemesis.eahd.or.ug>
1   <20030107145325.33120.qmail@web13704.mail.yahoo.com>
0 <20030107153054.GB21728@soto.kasei.com>
1   <20030107160909.GA11673@futureless.org>
2     <20030107161602.GA8784@labac.net>`;
  assert.equal(canonicalOf(roots), expected(dump));
  // The reply dated before its parent still sorts under it; roots run by date.
  assert.deepEqual(
    roots.map((r) => r.msgid),
    ['3E1A9807.3393A163@earthlink.net', '20030107164205.E98585-100000@nemesis.eahd.or.ug', '20030107153054.GB21728@soto.kasei.com'],
  );
});

test('t/2.t testbox-2: 1 root, same result on every run; t/open-ended.t: adding the last message later', needsCorpus, () => {
  const messages = jwzBox('testbox-2');
  const dump = `
0 sort numbers <20030101210258.63148.qmail@web20805.mail.yahoo.com>
1   <auvpjq$ede$1@post.home.lunix>
1   <r3i71vcul4g95orb58173qj6b8dus6pnch@4ax.com>`;
  const runs = [1, 2, 3, 4].map(() => canonicalOf(buildTree(messages)));
  for (const run of runs) assert.equal(run, expected(dump));

  const before = buildTree(messages.slice(0, 2));
  assert.equal(before.length, 1);
  assert.equal(canonicalOf(buildTree([...messages.slice(0, 2), messages[2]])), expected(dump));
});

test('t/3.t testbox-3: dummy root kept because it has 2 children', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-3'));
  const dump = `
0 [ n/a ] <20030102152943.D635@hermione.osp.nl>
1   <3E146C15.8000302@ntlworld.com>
2     <20030102180231.F635@hermione.osp.nl>
1   <20030102115117.A21351@cs839290-a.mtth.phub.net.cable.rogers.com>`;
  assert.equal(canonicalOf(roots), expected(dump));
  assert.equal(threadRoot(roots)?.msgid, '3E146C15.8000302@ntlworld.com');
});

test('t/4.t testbox-4, nosubject: 2 roots despite id-less In-Reply-To and clock skew', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-4'), { subjectGrouping: false });
  const dump = `
0 Working Group Proposal <20000719155037.A27886@O2.chapin.edu>
1   Re: <20000719161418.D17718@ghostwheel.wks.na.deuba.com>
2     Re: <20000719154851.C5309@cbi.tamucc.edu>
3       Re: <20000719164529.E17718@ghostwheel.wks.na.deuba.com>
4         Re: <20000719160141.D5309@cbi.tamucc.edu>
1   Re: <87em4pa0ec.fsf@fire-swamp.org>
0 Re: Working Group Proposal <F122YsoaJ70EgyBiQhe00003799@hotmail.com>`;
  assert.equal(roots.length, 2);
  assert.equal(canonicalOf(roots), expected(dump));
});

test('t/4.t testbox-4 with subject grouping on (derived): the ref-less reply joins the root', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-4'));
  assert.equal(roots.length, 1);
  assert.equal(roots[0].msgid, '20000719155037.A27886@O2.chapin.edu');
  assert.ok(roots[0].children.some((c) => c.msgid === 'F122YsoaJ70EgyBiQhe00003799@hotmail.com'));
});

test('t/5.t testbox-5: adding one message at a time always completes', needsCorpus, () => {
  const messages = jwzBox('testbox-5');
  for (let n = 1; n <= messages.length; n++) {
    const roots = buildTree(messages.slice(0, n));
    assert.equal(realMsgids(roots).length, n);
  }
  // Derived: Re(2) -> Re(3) -> Re(4) under (1), despite the repeated <chris@1.com> references.
  const dump = `
0 <chris@1.com>
1   <ziggy@2.com>
2     <alex@3.com>
3       <patrick@4.com>`;
  assert.equal(canonicalOf(buildTree(messages)), expected(dump));
});

test('t/6.t testbox-6: a reference to a later message that references back completes', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-6'));
  assert.equal(roots.length, 1);
  assert.equal(realMsgids(roots).length, 6);
});

test('t/7.t testbox-7: one message with three absent references is one root', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-7'));
  assert.deepEqual(flattenTree(roots).map((n) => [n.msgid, n.depth]), [['1021113100650.ZM12997@skye.rdg.opengroup.org', 0]]);
});

test('t/8.t testbox-8: multi-level pruning of a dummy chain', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-8'));
  const dump = `
0 Re: spamassassin <Pine.GSO.4.50.0303010015230.21567-100000@theproject.fierypit.org>
1   <200303010143.h211hvD16626@rszemeti.demon.co.uk>
1   <20030301102748.GC67225@colon.colondot.net>`;
  assert.equal(canonicalOf(roots), expected(dump));
});

test('t/9.t testbox-9, subject threading on: 1 root', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-9'));
  const dump = `
0 Perl 6 Apocalypse 6 <20030311083936.GB26176@cat.ourshack.com>
1   Re: <f05200f00ba93600e2e7a@10.0.0.250>
2     Re: <1047382472.1875.19.camel@dirk2.int.tobit.co.uk>
3       Re: <D4CA215C-53B6-11D7-8510-0030654E40D0@quietstars.com>
1   Re: <11030370.22639@webbox.com>
2     Re: <86fzpu3r6o.fsf@red.stonehenge.com>`;
  assert.equal(canonicalOf(roots), expected(dump));
});

test('t/9.t testbox-9 without subject grouping (derived): the ref-less reply is its own root', needsCorpus, () => {
  const roots = buildTree(jwzBox('testbox-9'), { subjectGrouping: false });
  assert.equal(roots.length, 2);
});
