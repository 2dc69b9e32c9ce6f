// The five scraped seeds in data/sample: each one's extracted fields, as a table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestInto } from '../helpers/tmp.js';
import { repoPath } from '../helpers/corpus.js';
import { messageDTO, type MessageDTO } from '../../src/views/message.js';
import type { MessageRow } from '../../src/store/messages.js';

const { db, report } = await ingestInto([repoPath('data/sample')]);
const rows = db.prepare('SELECT * FROM messages ORDER BY id').all() as (MessageRow & { origin: string })[];
const all: MessageDTO[] = rows.map((r) => messageDTO(db, r, 1));
const bySeed = (n: string) => all.filter((m) => m.origin.includes(`/${n}_`));

test('the sample goes in whole: 4 messages plus 3 commit records, nothing quarantined', () => {
  assert.equal(report.quarantined, 0, JSON.stringify(report.quarantineReasons));
  assert.equal(report.errors.length, 0);
  assert.equal(all.length, 7);
});

const table: { seed: string; check: (m: MessageDTO) => void }[] = [
  {
    seed: '000',
    check: (m) => {
      assert.equal(m.format, 'flattened');
      assert.equal(m.subject, 'Re: [RFC PATCH resend 3/6] mm: Add refcount for preserving mm_struct without pgd');
      assert.equal(m.from?.name, 'Jann Horn');
      assert.equal(m.date, '2020-11-03T02:11:02.000Z');
      assert.equal(m.dateOffsetMinutes, 60);
      assert.equal(m.msgidSynthetic, true, 'its Message-ID was stripped');
      assert.ok(m.references.includes('20201016230915.1972840-4-jannh@google.com'));
      assert.equal(m.patch, null, 'a reply quoting a diffstat is not a patch');
      assert.equal(m.listId, 'linux-kernel.vger.kernel.org', 'from X-Mailing-List: List-Id lost its <...>');
      assert.match(m.bodyNew, /30 mentions of the "take reference without PGD" function/);
      assert.match(m.bodyQuoted, /add a third refcount that just protects the mm_struct/);
    },
  },
  {
    seed: '001',
    check: (m) => {
      assert.equal(m.format, 'hypermail');
      assert.equal(m.subject, 'Re: [PATCH v2 2/2] mm: prevent gup_fast from racing with COW during fork');
      assert.equal(m.from?.name, 'Peter Xu');
      assert.equal(m.date, '2020-10-30T23:52:57.000Z');
      assert.equal(m.dateOffsetMinutes, -300);
      assert.ok(m.flags.includes('addresses-obfuscated'));
      assert.equal(m.patch, null, 'the diff in it is quoted');
      assert.match(m.bodyQuoted, /Slow GUP is safe against this race/);
      assert.match(m.bodyNew, /Would raw_write_seqcount_begin\(\) be better here\?/);
    },
  },
  {
    seed: '002',
    check: (m) => {
      assert.equal(m.format, 'flattened');
      assert.equal(m.subject, 'Re: [PATCH 2/2] mm: soft_dirty: userfaultfd: introduce wrprotect_tlb_flush_pending');
      assert.equal(m.from?.name, 'Andrea Arcangeli');
      assert.equal(m.date, '2021-01-07T20:58:55.000Z');
      assert.equal(m.dateOffsetMinutes, -300);
      assert.deepEqual(m.references.slice(0, 2), ['20210107200402.31095-1-aarcange@redhat.com', '20210107200402.31095-3-aarcange@redhat.com']);
      assert.match(m.bodyNew, /clear_refs/);
      assert.match(m.bodyQuoted, /I still think the real fix is "Don't do that then"/);
    },
  },
  {
    seed: '003',
    check: (m) => {
      assert.equal(m.format, 'flattened');
      assert.equal(m.msgid, '20200313191324.GG31668@ziepe.ca');
      assert.equal(m.msgidSynthetic, false);
      assert.equal(m.inReplyTo, '20200313184929.GC2574@myrica');
      assert.equal(m.subject, 'Re: [PATCH v4 01/26] mm/mmu_notifiers: pass private data down to alloc_notifier()');
      assert.equal(m.from?.name, 'Jason Gunthorpe');
      assert.equal(m.date, '2020-03-13T19:13:24.000Z');
      assert.equal(m.dateOffsetMinutes, -180);
      assert.equal(m.references.length, 10);
      assert.equal(m.listId, 'linux-pci.vger.kernel.org');
      assert.match(m.bodyNew, /release callbacks must be simple\/fast/);
    },
  },
];

for (const row of table) {
  test(`seed ${row.seed}`, () => {
    const found = bySeed(row.seed);
    assert.equal(found.length, 1);
    row.check(found[0]);
  });
}

test('seed 004: three commit records of one patch, author and trailers, no invented date', () => {
  const recs = bySeed('004');
  assert.equal(recs.length, 3);
  for (const m of recs) {
    assert.equal(m.format, 'commit-page');
    assert.equal(m.subject, 'SQUASHME: mm: asi: keep ASI domains initialized until the mm_struct is destroyed');
    assert.equal(m.from?.name, 'Yosry Ahmed');
    assert.equal(m.from?.address, 'yosryahmed@google.com');
    assert.equal(m.date, null);
    assert.equal(m.dateFlag, 'missing');
    assert.deepEqual(
      m.trailers.map((t) => `${t.name}: ${t.person?.address}`),
      ['Suggested-by: reijiw@google.com', 'Signed-off-by: yosryahmed@google.com'],
    );
  }
  assert.match(recs[2].body, /asi_is_restricted/);
  assert.doesNotMatch(recs[0].body, /asi_is_restricted/);
});
