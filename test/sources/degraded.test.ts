import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { repoPath } from '../helpers/corpus.js';
import { detectFormat } from '../../src/sources/index.js';
import { hypermailDateToRfc2822, reflowBody } from '../../src/sources/degraded.js';
import type { RawMessage } from '../../src/domain/message.js';
import { collect, errors, header, messages } from './helpers.js';

const SEEDS = ['000_3dc6a75bdeb47d11.txt', '001_9ead909c433ad0c5.txt', '002_291203588b3add25.txt', '003_6cf450f0a12b9ed4.txt', '004_f93c172b7a409dd5.txt'];
const seedPath = (n: number) => repoPath('data/sample', SEEDS[n]);

async function seed(n: number): Promise<RawMessage[]> {
  const items = await collect([seedPath(n)]);
  assert.deepEqual(errors(items), []);
  return messages(items);
}

const rebuilt = (m: RawMessage) => m.rebuilt!.toString('utf8');
const headerBlock = (m: RawMessage) => rebuilt(m).split('\n\n')[0].split('\n');
const body = (m: RawMessage) => rebuilt(m).slice(rebuilt(m).indexOf('\n\n') + 2);

test('the five seeds are told apart from their first bytes', () => {
  assert.deepEqual(
    SEEDS.map((_, i) => detectFormat(fs.readFileSync(seedPath(i)).subarray(0, 65536))),
    ['flattened', 'hypermail', 'flattened', 'flattened', 'commit-page'],
  );
});

for (const [n, subject, from, date, bodyStart] of [
  [0, 'Re: [RFC PATCH resend 3/6] mm: Add refcount for preserving mm_struct without pgd', 'Jann Horn', 'Tue, 3 Nov 2020 03:11:02 +0100', 'On Sat, Oct 17, 2020 at 2:30 AM Jann Horn wrote:'],
  [2, 'Re: [PATCH 2/2] mm: soft_dirty: userfaultfd: introduce wrprotect_tlb_flush_pending', 'Andrea Arcangeli', 'Thu, 7 Jan 2021 15:58:55 -0500', 'Hi Linus,'],
  [3, 'Re: [PATCH v4 01/26] mm/mmu_notifiers: pass private data down to alloc_notifier()', 'Jason Gunthorpe', 'Fri, 13 Mar 2020 16:13:24 -0300', 'On Fri, Mar 13, 2020 at 07:49:29PM +0100, Jean-Philippe Brucker wrote:'],
] as const) {
  test(`seed ${SEEDS[n].slice(0, 3)}: flattened message rebuilt with one header per line`, async () => {
    const [m, ...rest] = await seed(n);
    assert.equal(rest.length, 0);
    assert.equal(m.format, 'flattened');
    assert.deepEqual(m.flags, ['degraded:flattened']);
    assert.ok(m.raw.equals(fs.readFileSync(seedPath(n))), 'raw is the file as it came');
    const lines = headerBlock(m);
    assert.ok(lines.includes(`Subject: ${subject}`));
    assert.ok(lines.includes(`From: ${from}`));
    assert.ok(lines.includes(`Date: ${date}`));
    assert.ok(lines.some((l) => /^References: <\S+>( <\S+>)*$/.test(l)), 'References with its surviving <ids>');
    assert.ok(lines.some((l) => /^List-ID:/.test(l)));
    assert.ok(lines.some((l) => /^X-Mailing-List: linux-\w+@vger\.kernel\.org$/.test(l)));
    assert.ok(lines.every((l) => /^[\w-]+:/.test(l) || /^ /.test(l)), 'every line is a header field or a fold');
    assert.equal(lines.filter((l) => l.startsWith('Received:')).length, (m.raw.toString().match(/(^| )Received: /g) ?? []).length);
    assert.ok(body(m).startsWith(bodyStart + '\n'), body(m).slice(0, 120));
  });
}

test('seed 003 keeps its Message-ID and In-Reply-To; 000 and 002 lost theirs', async () => {
  const [m3] = await seed(3);
  assert.equal(header(m3.rebuilt!, 'Message-ID'), '<20200313191324.GG31668@ziepe.ca>');
  assert.equal(header(m3.rebuilt!, 'In-Reply-To'), '<20200313184929.GC2574@myrica>');
  assert.doesNotMatch(rebuilt(m3), /From mboxrd@z/, 'the mbox From line is dropped');
  for (const n of [0, 2]) {
    const [m] = await seed(n);
    assert.equal(header(m.rebuilt!, 'Message-ID'), null, 'an empty Message-ID is left out: the parser synthesizes one');
  }
});

test('flattened bodies: quoted lines and attributions get their own lines back', async () => {
  const [m0] = await seed(0);
  const lines = body(m0).split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    'On Sat, Oct 17, 2020 at 2:30 AM Jann Horn wrote:',
    '> On Sat, Oct 17, 2020 at 1:21 AM Jason Gunthorpe wrote:',
    '> > On Sat, Oct 17, 2020 at 01:09:12AM +0200, Jann Horn wrote:',
    '> > > Currently, mm_struct has two refcounts:',
    '> > >',
    '> > > - mm_users: preserves everything - the mm_struct, the page tables, the',
  ]);
  assert.ok(lines.some((l) => l.startsWith('Actually, no - I think it ends up being around 30 mentions')), 'the reply after the quote is unquoted');
  const [m2] = await seed(2);
  assert.ok(body(m2).includes('\n> everybody else?\nI see what you mean above and I agree.'));
});

test('reflowBody splits quote runs that hide an empty quoted line', () => {
  assert.equal(reflowBody('Ann wrote: > > a > > > > b > > c'), 'Ann wrote:\n> > a\n> >\n> > b\n> > c');
  assert.equal(reflowBody('x > 0 is fine'), 'x > 0 is fine', 'a lone ">" in unquoted text is not a quote');
});

test('seed 001: hypermail page rebuilt with an RFC 2822 date and a name-only From', async () => {
  const [m, ...rest] = await seed(1);
  assert.equal(rest.length, 0);
  assert.equal(m.format, 'hypermail');
  assert.deepEqual(m.flags, ['degraded:hypermail', 'addresses-obfuscated']);
  assert.equal(header(m.rebuilt!, 'Subject'), 'Re: [PATCH v2 2/2] mm: prevent gup_fast from racing with COW during fork');
  assert.equal(header(m.rebuilt!, 'From'), 'Peter Xu');
  assert.equal(header(m.rebuilt!, 'Date'), 'Fri, 30 Oct 2020 18:52:57 -0500');
  assert.match(header(m.rebuilt!, 'Content-Type')!, /text\/plain; charset=utf-8/);
  assert.ok(body(m).startsWith('Hi, Jason,\n\nI think majorly the patch looks good'));
  assert.ok(body(m).endsWith('--\nPeter Xu\n'));
});

test('hypermail dates: zone names to offsets, unknown zones to -0000', () => {
  assert.equal(hypermailDateToRfc2822('Sat Jul  4 2020 - 09:05:01 PDT'), 'Sat, 4 Jul 2020 09:05:01 -0700');
  assert.equal(hypermailDateToRfc2822('Mon Jan 6 2020 - 1:02:03 UTC'), 'Mon, 6 Jan 2020 01:02:03 +0000');
  assert.equal(hypermailDateToRfc2822('Mon Jan 6 2020 - 01:02:03 XYZ'), 'Mon, 6 Jan 2020 01:02:03 -0000');
  assert.equal(hypermailDateToRfc2822('yesterday'), null);
});

test('seed 004: a commit page gives three records, title rejoined, author from the last Signed-off-by', async () => {
  const recs = await seed(4);
  assert.equal(recs.length, 3);
  const page = fs.readFileSync(seedPath(4));
  const lines = page.toString('utf8').split('\n');
  const lineStarts = [0];
  page.forEach((byte, i) => byte === 0x0a && lineStarts.push(i + 1));
  recs.forEach((m, i) => {
    assert.equal(m.format, 'commit-page');
    assert.deepEqual(m.flags, ['degraded:commit-page']);
    assert.equal(m.raw.toString('utf8'), lines[i + 2], 'raw is that line of the page');
    assert.equal(m.origin, `${seedPath(4)}:${lineStarts[i + 2]}`, 'origin is the byte offset of the line');
    assert.equal(header(m.rebuilt!, 'Subject'), 'SQUASHME: mm: asi: keep ASI domains initialized until the mm_struct is destroyed');
    assert.equal(header(m.rebuilt!, 'From'), 'Yosry Ahmed <yosryahmed@google.com>');
    assert.equal(header(m.rebuilt!, 'Date'), null, 'no date is invented');
    assert.ok(body(m).startsWith('BJ: In this branch, this is a bugfix.'));
    assert.ok(body(m).endsWith('\n\nSuggested-by: Reiji Watanabe <reijiw@google.com>\nSigned-off-by: Yosry Ahmed <yosryahmed@google.com>\n'));
  });
  assert.ok(recs[0].raw.equals(recs[1].raw), 'the page shows the same commit twice: byte-identical duplicates');
  assert.notEqual(recs[0].origin, recs[1].origin);
  assert.match(body(recs[2]), /asi_is_restricted/);
  assert.doesNotMatch(body(recs[0]), /asi_is_restricted/);
});
