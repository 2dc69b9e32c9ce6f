// End to end on three months of real linux-pm traffic: everything goes in, nothing
// well-formed is quarantined, a second run adds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusDir, corpusPath, needsCorpus } from '../helpers/corpus.js';
import { ingestInto } from '../helpers/tmp.js';
import { ingest } from '../../src/ingest/pipeline.js';
import { storeStats } from '../../src/store/stats.js';
import { getRaw, BoundedPackCache, type MessageRow } from '../../src/store/messages.js';
import { RAW_PACK_SIZE } from '../../src/store/codec.js';
import crypto from 'node:crypto';

test('linux-pm-sample: 3,469 messages in, none quarantined, re-ingest adds nothing', needsCorpus, async () => {
  const dir = corpusPath('linux-pm-sample');
  const { db, file, report } = await ingestInto([dir]);
  assert.equal(report.seen, 3469);
  assert.equal(report.quarantined, 0, JSON.stringify(report.quarantineReasons));
  assert.equal(report.errors.length, 0);
  assert.equal(report.added + report.duplicates, 3469);

  const s = storeStats(db, file);
  assert.equal(s.messages, report.added);
  assert.ok(s.threads > 500 && s.threads < s.messages, `threads: ${s.threads}`);
  assert.ok(s.patches > 800, `patches: ${s.patches}`);
  assert.ok(s.lists.some((l) => l.listId === 'linux-pm.vger.kernel.org'));
  // every message has a thread row, and the rows add up
  const sum = db.prepare('SELECT sum(copy_count) FROM threads').pluck().get();
  assert.equal(sum, s.messages);
  const orphans = db.prepare('SELECT count(*) FROM messages WHERE thread_id NOT IN (SELECT id FROM threads)').pluck().get();
  assert.equal(orphans, 0);
  // no message without a sender or a date except those flagged
  const undated = db.prepare('SELECT count(*) FROM messages WHERE date IS NULL AND date_flag IS NULL').pluck().get();
  assert.equal(undated, 0);

  // raw bytes come back exactly from packs of at most RAW_PACK_SIZE messages (a snippet
  // inflates one small pack, not a whole ingest task's worth)
  const biggest = db.prepare('SELECT max(n) FROM (SELECT count(*) AS n FROM messages GROUP BY raw_pack)').pluck().get() as number;
  assert.equal(biggest, RAW_PACK_SIZE);
  const packs = new BoundedPackCache(8);
  // bodies that are the raw body sit apart from their headers (tails first in a pack)
  const rows = db.prepare("SELECT raw_pack, raw_off, raw_len, body_pack, body_off, body_len, hash FROM messages WHERE format <> 'commit-page'").all() as (Pick<
    MessageRow,
    'raw_pack' | 'raw_off' | 'raw_len' | 'body_pack' | 'body_off' | 'body_len'
  > & { hash: Buffer })[];
  const split = rows.filter((r) => r.body_pack === r.raw_pack && r.body_off !== r.raw_off + r.raw_len - r.body_len).length;
  assert.ok(split > rows.length / 2, `${split} of ${rows.length} raw messages stored as head and tail`);
  const differ = rows.filter((r) => !crypto.createHash('sha1').update(getRaw(db, r, packs)).digest().equals(r.hash));
  assert.equal(differ.length, 0);

  const again = await ingest(db, [dir], { workers: 2 });
  assert.equal(again.added, 0);
  assert.equal(again.duplicates, 3469);
  assert.equal(storeStats(db, file).messages, s.messages);
  db.close();
  void corpusDir;
});
