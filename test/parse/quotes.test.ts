import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteAttribution, splitQuoted } from '../../src/parse/quotes.js';

test('splitQuoted: quotes, attribution, signature', () => {
  const body = [
    'On Fri, Oct 30, 2020 at 11:46:21AM -0300, Jason Gunthorpe wrote:',
    '> First quoted line',
    '> > nested, spaced',
    '>> nested, tight',
    '',
    'My answer.',
    '',
    'Second paragraph.',
    '',
    '-- ',
    'Signature line',
  ].join('\n');
  const { newText, quotedText } = splitQuoted(body);
  assert.equal(newText, 'My answer.\n\nSecond paragraph.');
  assert.equal(quotedText, 'First quoted line\n> nested, spaced\n> nested, tight');
});

test('splitQuoted: attributions in the shapes seen on lists', () => {
  const shapes = [
    ['On Fri, Oct 30, 2020 at 11:46:21AM -0300, Jason Gunthorpe wrote:'],
    ['On 10/30/20 11:46 AM, Jason Gunthorpe wrote:'],
    ['On Fri, Oct 30, 2020 at 11:46 AM Jason Gunthorpe <jgg@ziepe.ca> wrote:'],
    ['On Fri, Oct 30, 2020 at 11:46 AM Jason Gunthorpe <jgg@ziepe.ca>', 'wrote:'], // wrapped by the mailer
    ['Quoting Tri Vo (2019-08-01 15:44:40)'], // alot
    ['* Jason Gunthorpe <jgg@ziepe.ca> [2020-10-30 11:46:21 -0300]:'], // mutt
    ['09.08.2019 2:46, Sowjanya Komatineni пишет:'],
    ['śr., 3 lip 2019 o 10:48 Bartosz Golaszewski <brgl@bgdev.pl> napisał(a):'],
    ['On Tue, Aug 06, 2019 at 17:12:06 +0100, Michal Koutný wrote...'], // Gnus
    ['Daniel Lezcano <daniel.lezcano@linaro.org> wrote on Thu, 15 Aug 2019', '01:06:21 +0200:'],
    ['Stephen Boyd <sboyd@kernel.org> wrote on Tue, 17 Sep 2019 10:31:53', '-0700:'],
  ];
  for (const attribution of shapes) {
    const body = ['Hi,', '', ...attribution, '', '> quoted', '', 'Reply.'].join('\n');
    assert.equal(splitQuoted(body).newText, 'Hi,\n\nReply.', attribution.join(' / '));
  }
  // text ending in ":" before a quote is kept when it is no attribution
  const keep = ['All errors (new ones prefixed by >>):', '>> drivers/x.c:1: error', '', 'Please fix.'].join('\n');
  assert.equal(splitQuoted(keep).newText, 'All errors (new ones prefixed by >>):\n\nPlease fix.');
  // an attribution not followed by a quote is just text
  assert.equal(splitQuoted('Jason Gunthorpe wrote:\nnothing quoted').newText, 'Jason Gunthorpe wrote:\nnothing quoted');
});

test('splitQuoted: the diff is neither new text nor quote', () => {
  const body = [
    'Fix it.',
    '',
    'Signed-off-by: A <a@example.com>',
    '---',
    ' x.c | 2 +-',
    '',
    'diff --git a/x.c b/x.c',
    '--- a/x.c',
    '+++ b/x.c',
    '@@ -1 +1 @@',
    '-> not a quote, a removed line starting with ">"',
    '+new',
    '-- ',
    '2.25.1',
  ].join('\n');
  const { newText, quotedText } = splitQuoted(body);
  assert.equal(newText, 'Fix it.\n\nSigned-off-by: A <a@example.com>\n---\n x.c | 2 +-');
  assert.equal(quotedText, '');
});

test('splitQuoted: Outlook top-posting keeps the original out of newText', () => {
  const body = ['Agreed.', '', '-----Original Message-----', 'From: Someone', 'Subject: x', '', 'the original text'].join('\n');
  const { newText, quotedText } = splitQuoted(body);
  assert.equal(newText, 'Agreed.');
  assert.equal(quotedText, 'From: Someone\nSubject: x\n\nthe original text');
});

test('quoteAttribution: who and when', () => {
  const cases: Array<[string, { name: string; address: string | null; date: string } | null]> = [
    ['On Fri, Oct 30, 2020 at 11:46:21AM -0300, Jason Gunthorpe wrote:\n> x', { name: 'Jason Gunthorpe', address: null, date: 'Fri, Oct 30, 2020 at 11:46:21AM -0300' }],
    ['On Fri, Oct 30, 2020 at 11:46 AM Jason Gunthorpe <jgg@ziepe.ca> wrote:', { name: 'Jason Gunthorpe', address: 'jgg@ziepe.ca', date: 'Fri, Oct 30, 2020 at 11:46 AM' }],
    ['On Fri, 30 Oct 2020 11:46:21 -0300\nJason Gunthorpe <jgg@ziepe.ca> wrote:', { name: 'Jason Gunthorpe', address: 'jgg@ziepe.ca', date: 'Fri, 30 Oct 2020 11:46:21 -0300' }],
    ['On 10/30/20, Jason Gunthorpe wrote:', { name: 'Jason Gunthorpe', address: null, date: '10/30/20' }],
    ['On 2020-10-30 11:46, "Gunthorpe, Jason" wrote:', { name: 'Gunthorpe, Jason', address: null, date: '2020-10-30 11:46' }],
    ['text first\n\n* Jason Gunthorpe <jgg@ziepe.ca> [2020-10-30 11:46:21 -0300]:\n> x', { name: 'Jason Gunthorpe', address: 'jgg@ziepe.ca', date: '2020-10-30 11:46:21 -0300' }],
    ['Quoting Tri Vo (2019-08-01 15:44:40)\n\n> x', { name: 'Tri Vo', address: null, date: '2019-08-01 15:44:40' }],
    ['No attribution here.\n> x', null],
    ['On the other hand, this wrote nothing', null],
  ];
  for (const [body, want] of cases) assert.deepEqual(quoteAttribution(body), want, body);
});

test('splitQuoted stays linear on a 5 MB reply', () => {
  const body = Array(250_000).fill('> quoted line of text\nOn Mon, Jan 1 wrote:').join('\n');
  const t0 = performance.now();
  splitQuoted(body);
  quoteAttribution('x'.repeat(5_000_000));
  assert.ok(performance.now() - t0 < 3000);
});
