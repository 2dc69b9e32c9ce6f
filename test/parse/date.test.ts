import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDate } from '../../src/parse/date.js';

const utc = (iso: string): number => Date.parse(iso);

test('parseDate: zones numeric and named', () => {
  const cases: Array<[string, string, number | null]> = [
    ['Mon, 05 Dec 2011 16:49:35 -0800', '2011-12-06T00:49:35Z', -480],
    ['Thu, 13 Nov 2008 16:54:22 +0100', '2008-11-13T15:54:22Z', 60],
    ['Tue, 14 Jan 2020 23:48:54 +0530', '2020-01-14T18:18:54Z', 330],
    ['Wed, 10 Jan 2018 17:21:11 -0500 (EST)', '2018-01-10T22:21:11Z', -300],
    ['Sat, 13 Aug 2016 12:14:15 +0200 (CEST)', '2016-08-13T10:14:15Z', 120],
    ['5 Dec 2011 16:49:35 GMT', '2011-12-05T16:49:35Z', 0],
    ['Mon, 5 Dec 2011 16:49:35 UT', '2011-12-05T16:49:35Z', 0],
    ['Mon, 5 Dec 2011 16:49:35 EST', '2011-12-05T21:49:35Z', -300],
    ['Mon, 5 Dec 2011 16:49:35 PDT', '2011-12-05T23:49:35Z', -420],
    ['Mon, 5 Dec 2011 16:49 +0000', '2011-12-05T16:49:00Z', 0], // seconds are optional
    ['Mon, 5 Dec 2011 16:49:35 (PST)', '2011-12-06T00:49:35Z', -480], // only a comment names the zone
    ['Mon, 5 Dec 2011 16:49:35 +01:00', '2011-12-05T15:49:35Z', 60],
    [',  1 Jun 2016 22:00:54 +02', '2016-06-01T20:00:54Z', 120], // fuzz: short offset
    ['on, 05 Dec 2011 16:49:35 -0800', '2011-12-06T00:49:35Z', -480], // fuzz: mangled weekday
    ['Tue, 29 Jul 97 00:08:29 +0900', '1997-07-28T15:08:29Z', 540], // two-digit year
    ['Thu, 01 Jan 04 00:00:00 +0000', '2004-01-01T00:00:00Z', 0],
    ['Thu Aug  1 00:30:11 2019', '2019-08-01T00:30:11Z', null], // asctime
    ['2019-08-01 00:30:11 +0000', '2019-08-01T00:30:11Z', 0], // ISO-ish
    ['2019-08-01T00:30:11Z', '2019-08-01T00:30:11Z', 0],
    ['Mon, 5 Dec 2011 16:49:35 -0000', '2011-12-05T16:49:35Z', null], // RFC 5322: offset unknown
    ['Mon, 5 Dec 2011 16:49:35', '2011-12-05T16:49:35Z', null], // no zone: read as UTC, offset unknown
  ];
  for (const [header, iso, offset] of cases) {
    const d = parseDate(header);
    assert.deepEqual(d, { utc: utc(iso), offsetMinutes: offset, header, flag: null }, header);
  }
});

test('parseDate: missing, unparsable, absurd; never invented', () => {
  assert.deepEqual(parseDate(null), { utc: null, offsetMinutes: null, header: null, flag: 'missing' });
  assert.deepEqual(parseDate('   '), { utc: null, offsetMinutes: null, header: '   ', flag: 'missing' });
  for (const bad of ['Wg>', 'yesterday', 'Mon, 31 Feb 2011 10:00:00 +0000', 'Mon, 5 Foo 2011 10:00:00 +0000', 'Mon, 5 Dec 2011 25:00:00 +0000', ', 11 Sep 2016 23:20407080403080105:04 +0100']) {
    const d = parseDate(bad);
    assert.equal(d.utc, null, bad);
    assert.equal(d.flag, 'unparsable', bad);
  }
  const epoch = parseDate('Thu, 01 Jan 1970 00:00:00 +0000'); // public-inbox utf8.eml
  assert.deepEqual([epoch.utc, epoch.flag], [0, 'absurd']);
  assert.equal(parseDate('Mon, 5 Dec 2150 10:00:00 +0000').flag, 'absurd');
  const huge = parseDate('Wed, 4 Jun 9999999 17:50:46 +0000'); // fuzz: year out of range
  assert.deepEqual([huge.utc, huge.flag], [null, 'absurd']);
  // a fallback reading is used only when our grammar fails
  const fb = parseDate('garbage', new Date('2019-08-01T00:00:00Z'));
  assert.deepEqual([fb.utc, fb.offsetMinutes, fb.flag], [utc('2019-08-01T00:00:00Z'), null, null]);
  assert.equal(parseDate('garbage', new Date('x')).flag, 'unparsable');
});

test('parseDate keeps the header as written (capped) and survives control characters', () => {
  const d = parseDate(',  1 Jun 2016 22:00:54\u001d+0200'); // fuzz: control char before the zone
  assert.deepEqual([d.utc, d.offsetMinutes], [utc('2016-06-01T20:00:54Z'), 120]);
  assert.equal(parseDate('x'.repeat(10_000)).header?.length, 256);
});
