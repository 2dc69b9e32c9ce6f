// The peers' threading expectations, run through the real pipeline: reader, parser,
// store membership and the read-time tree (test/thread covers the tree builder alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { threadDTO } from '../../src/views/threads.js';
import { findMessage } from '../../src/views/message.js';
import type { WritableDB } from '../../src/store/db.js';

function threads(db: WritableDB) {
  return (db.prepare('SELECT id, subject, message_count AS n, copy_count AS files FROM threads').all() as {
    id: number;
    subject: string;
    n: number;
    files: number;
  }[]);
}

test('notmuch default corpus: the 24 threads notmuch asserts, with sizes and the duplicate file', needsCorpus, async () => {
  const { db, report } = await ingestInto([corpusPath('notmuch/corpora/default')]);
  // notmuch counts files; the 4th file of "[notmuch] archive" (bar/18 = cur/51) is the same
  // bytes delivered twice, which we store once and count as a duplicate.
  assert.equal(report.duplicates, 1);
  const expected = fs
    .readFileSync(corpusPath('notmuch/asserted/default.search.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const m = /\[(\d+)\/(\d+)(?:\((\d+)\))?\] [^;]*; (.*) \([^)]*\)$/.exec(l)!;
      return `${m[4]} | ${m[2]} msgs`;
    })
    .sort();
  const got = threads(db)
    // notmuch shows a thread's subject without a leading "Re: "; we keep the root's as written
    .map((t) => `${t.subject.replace(/^Re: /, '')} | ${t.n} msgs`)
    .sort();
  assert.deepEqual(got, expected);
  db.close();
});

test('notmuch threading corpus: ghost root, RT auto-replies joined through a ghost, In-Reply-To trusted', needsCorpus, async () => {
  const { db } = await ingestInto([corpusPath('notmuch/corpora/threading')]);
  const all = threads(db);
  assert.equal(all.length, 3, JSON.stringify(all));
  const tree = (subjectStart: string) => {
    const t = all.find((x) => x.subject.startsWith(subjectStart))!;
    return threadDTO(db, t.id)!.nodes.map((n) => `${'  '.repeat(n.depth)}${n.subject ?? '(ghost)'}`).join('\n');
  };
  assert.equal(
    tree('root message'),
    [
      'root message',
      '  child message',
      '    fake root message',
      '    grand-child message',
      '      great grand-child message',
      '    grand-child message 2',
    ].join('\n'),
  );
  const rt = all.find((x) => x.subject.startsWith('FYI'))!;
  assert.equal(rt.n, 3, 'FYI, AutoReply and Resolved share one thread via the RT ghost');
  const pp = threadDTO(db, all.find((x) => x.n === 3 && x.id !== rt.id)!.id)!;
  assert.deepEqual(pp.nodes.map((n) => n.depth), [0, 1, 2], 'root -> child -> grand-child');
  db.close();
});

test('jwz testbox-9: reference-less replies join by subject (1 thread of 6)', needsCorpus, async () => {
  const { db } = await ingestInto([corpusPath('jwz/mail-thread/testbox-9')]);
  const all = threads(db);
  assert.equal(all.length, 1, JSON.stringify(all));
  assert.equal(all[0].n, 6);
  assert.equal(all[0].subject, 'Perl 6 Apocalypse 6');
  db.close();
});

test('public-inbox thread-index-gap: a series stays one thread whatever arrives first', async () => {
  const msgs = [
    ['<20201111.31248-1-j@example.com>', '<20201111.31096-1-j@example.com>', '[bug#45000] [PATCH 1/9] one'],
    ['<20201111.31096-1-j@example.com>', '', '[bug#45000] [PATCH 0/9] cover'],
    ['<86sg8o1mou.fsf@example.com>', '<20201111.31096-1-j@example.com>', 'Re: [bug#45000] [PATCH 0/9] cover'],
    ['<20201111.31248-8-j@example.com>', '<20201111.31248-1-j@example.com>', '[bug#45000] [PATCH 8/9] eight'],
  ].map(([id, refs, subject], i) =>
    `From j@example.com Mon Nov  2 10:00:00 2020\nFrom: j@example.com\nSubject: ${subject}\nDate: Mon, 2 Nov 2020 10:0${i}:00 +0000\nMessage-Id: ${id}\n${refs ? `References: ${refs}\n` : ''}\nbody\n\n`,
  );
  for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [0, 3, 2, 1]]) {
    const dir = tmpDir('lkb-gap-');
    fs.writeFileSync(`${dir}/gap.mbox`, order.map((i) => msgs[i]).join(''));
    const { db } = await ingestInto([`${dir}/gap.mbox`]);
    assert.equal(threads(db).length, 1, `order ${order}`);
    db.close();
  }
});

test('a reply without references hangs under the message its quote attribution names', async () => {
  const mail = (id: string, from: string, subject: string, date: string, extra: string, body: string) =>
    `From x Mon Nov  2 10:00:00 2020\nFrom: ${from}\nSubject: ${subject}\nDate: ${date}\nMessage-ID: <${id}>\n${extra}\n${body}\n\n`;
  const dir = tmpDir('lkb-attr-');
  fs.writeFileSync(
    `${dir}/t.mbox`,
    mail('root@x', 'Alice <alice@x.org>', '[PATCH] mm: fix the frobnicator', 'Mon, 2 Nov 2020 10:00:00 +0000', '', 'patch') +
      mail('bob@x', 'Bob <bob@x.org>', 'Re: [PATCH] mm: fix the frobnicator', 'Mon, 2 Nov 2020 11:00:00 +0000', 'In-Reply-To: <root@x>\n', 'looks wrong') +
      mail('carol@x', 'Carol <carol@x.org>', 'Re: [PATCH] mm: fix the frobnicator', 'Mon, 2 Nov 2020 12:00:00 +0000', '',
        'On Mon, Nov 02, 2020 at 11:00:00AM +0000, Bob wrote:\n> looks wrong\n\nNo, it is right.'),
  );
  const { db } = await ingestInto([`${dir}/t.mbox`]);
  const t = threads(db);
  assert.equal(t.length, 1);
  const nodes = threadDTO(db, t[0].id)!.nodes;
  assert.equal(nodes.find((n) => n.msgid === 'carol@x')!.parentMsgid, 'bob@x');
  db.close();
});

test('notmuch duplicate corpus: same Message-ID with other content is kept as another copy, never overwritten', needsCorpus, async () => {
  const { db, report } = await ingestInto([corpusPath('notmuch/corpora/duplicate')]);
  assert.equal(report.seen, 9);
  const ids = db.prepare('SELECT msgid, count(*) AS n FROM messages GROUP BY msgid ORDER BY msgid').all() as { msgid: string; n: number }[];
  assert.equal(ids.length, 3);
  const zephyr = ids.find((r) => r.msgid === '87r2ecrr6x.fsf@zephyr.silentflame.com')!;
  assert.equal(zephyr.n + report.duplicates >= 5, true, 'five files: each distinct content kept');
  const copies = db.prepare("SELECT id FROM messages WHERE msgid = '87r2ecrr6x.fsf@zephyr.silentflame.com' ORDER BY id").pluck().all() as number[];
  // copy 1 is the first ingested; the others are reachable as copy 2..n
  copies.forEach((id, i) => assert.equal(findMessage(db, '87r2ecrr6x.fsf@zephyr.silentflame.com', i + 1)!.row.id, id));
  assert.equal(findMessage(db, '87r2ecrr6x.fsf@zephyr.silentflame.com', copies.length + 1), null);
  const t = threads(db).find((x) => x.subject && x.n === 1 && x.files === zephyr.n);
  assert.ok(t, 'all copies share one thread');
  db.close();
});
