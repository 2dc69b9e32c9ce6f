import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReplySubject, normalizeSubject } from '../../src/parse/subject.js';

test('normalizeSubject: patchwork clean_subject table (the stripping part)', () => {
  const cases: Array<[string, string]> = [
    ['meep', 'meep'],
    ['Re: meep', 'meep'],
    ['[PATCH] meep', 'meep'],
    ['[PATCH] meep \n meep', 'meep meep'],
    ['[PATCH] meep,\n meep', 'meep, meep'],
    ['[PATCH RFC] meep', 'meep'],
    ['[PATCH,RFC] meep', 'meep'],
    ['[PATCH,1/2] meep', 'meep'],
    ['[PATCH RFC 1/2] meep', 'meep'],
    ['[PATCH] [RFC] meep', 'meep'],
    ['[PATCH] [RFC,1/2] meep', 'meep'],
    ['[PATCH] [RFC] [1/2] meep', 'meep'],
    ['[PATCH] rewrite [a-z] regexes', 'rewrite [a-z] regexes'],
    ['[PATCH] [RFC] rewrite [a-z] regexes', 'rewrite [a-z] regexes'],
    ['[foo] [bar] meep', 'meep'],
    ['[FOO] [bar] meep', 'meep'],
  ];
  for (const [subject, want] of cases) assert.equal(normalizeSubject(subject), want, JSON.stringify(subject));
});

test('normalizeSubject: real list subjects', () => {
  const cases: Array<[string, string]> = [
    ['[PATCH v3 2/7] cpufreq: Use per-policy frequency QoS', 'cpufreq: use per-policy frequency qos'],
    ['Re: [PATCH v3 2/7] cpufreq: Use per-policy frequency QoS', 'cpufreq: use per-policy frequency qos'],
    ['RE: [PATCH v3 2/7] cpufreq: Use per-policy frequency QoS', 'cpufreq: use per-policy frequency qos'],
    ['re: Re: RE: [PATCH] x', 'x'],
    ['Re[2]: [PATCH] x', 'x'],
    ['Re(2): Foo', 'foo'], // jwz testbox-5
    ['Re^3: Foo', 'foo'],
    ['Fwd: [PATCH] x', 'x'],
    ['Fw: Re: x', 'x'],
    ['AW: [PATCH] x', 'x'],
    ['SV: [PATCH] x', 'x'],
    ['R: [p5ml] karie kahimi binge...help needed', 'karie kahimi binge...help needed'], // jwz testbox, Italian reply
    ['Odp: [PATCH] x', 'x'],
    ['Re : [PATCH] x', 'x'], // French spacing
    ['[PATCH net-next v3 0/4] net: dsa: b53 (v3)', 'net: dsa: b53 (v3)'],
    ['[net,v2,1/2] net: ieee802154: remove explicit set skb->sk', 'net: ieee802154: remove explicit set skb->sk'],
    ['[Patch 2/2]: powerpc: fix', 'powerpc: fix'], // patchwork: tag followed by a colon
    ['[bug#45000] [PATCH 1/9] gnu: x', 'gnu: x'], // public-inbox thread-index-gap
    ['[RFC 00/14] x', 'x'],
    ['[GIT PULL] Power management updates for v5.4-rc1', 'power management updates for v5.4-rc1'],
    ['[PATCH 5.15 0/1] 5.15.100-rc1 review', '5.15.100-rc1 review'], // stable-review: a kernel version, not a patch version
    ['[linux-pm] Re: [PATCH] x', 'x'], // list tag before Re:
    ['[RESEND PATCH v2] x', 'x'],
    ['[PATCH 0 of 2] hg patchbomb', 'hg patchbomb'],
    ['[PATCH] tr: translate', 'tr: translate'], // a subsystem prefix after a tag is not a forward marker
    ['[PATCH] rv: add monitor', 'rv: add monitor'],
    ['Revert "cpufreq: x"', 'revert "cpufreq: x"'],
    ['Regression in 5.3', 'regression in 5.3'], // "Re" only counts before ":"
    ['  Re:   [PATCH]    lots   of\tspace  ', 'lots of space'],
    ['Testing for Eléanor', 'testing for eléanor'], // RFC 2047 already decoded by mailparser
    ['回复: [PATCH] x', 'x'],
    ['', ''],
    ['[PATCH]', ''],
    ['[unclosed tag x', '[unclosed tag x'],
  ];
  for (const [subject, want] of cases) assert.equal(normalizeSubject(subject), want, JSON.stringify(subject));
});

test('isReplySubject: reply and forward markers (patchwork subject_check cases included)', () => {
  const replies = ['RE: meep', 'Re: meep', 're: meep', 'RE meep', 'Re meep', 're meep', 'Aw: x', 'R: x', 'Fwd: x', 'Re[2]: x', '[linux-pm] Re: x', 'SV: x', '  Re: x'];
  const notReplies = ['meep', '[PATCH] x', '[PATCH] Re-enable irqs', 'Regression in 5.3', 'Revert "x"', '', '[PATCH] tr: x', 'Reset the device'];
  for (const s of replies) assert.equal(isReplySubject(s), true, s);
  for (const s of notReplies) assert.equal(isReplySubject(s), false, s);
});

test('hostile subjects stay linear', () => {
  const t0 = performance.now();
  normalizeSubject('[' + 'Re: '.repeat(100_000));
  normalizeSubject('Re: '.repeat(100_000) + 'x');
  isReplySubject('['.repeat(100_000));
  assert.ok(performance.now() - t0 < 1000);
});
