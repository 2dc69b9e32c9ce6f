// Raw packs: bodies first, header blocks after; raw downloads give the input bytes back from
// this layout and from the adjacent layout of stores written before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWritable } from '../../src/store/db.js';
import { ingest } from '../../src/ingest/pipeline.js';
import { getBody, getRaw, type MessageRow } from '../../src/store/messages.js';
import { packParts, unpack } from '../../src/store/codec.js';
import { tmpDir } from '../helpers/tmp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../../test/fixtures');
// plain mail (bodies stored as the raw tail), encoded bodies (stored decoded) and rebuilt pages, mixed in packs
const inputs = [path.join(fixtures, 'sources/mboxo.mbox'), path.join(fixtures, 'sources/mboxrd.mbox'), path.join(fixtures, 'parse'), path.resolve(here, '../../../data/sample')];
type RawRow = Pick<MessageRow, 'raw_pack' | 'raw_off' | 'raw_len' | 'body_pack' | 'body_off' | 'body_len'> & { id: number; hash: Buffer };
const sha1 = (b: Buffer) => crypto.createHash('sha1').update(b).digest();

async function store() {
  const db = openWritable(path.join(tmpDir(), 'kb.sqlite'));
  await ingest(db, inputs, { workers: 1 });
  const rows = db
    .prepare("SELECT id, hash, raw_pack, raw_off, raw_len, body_pack, body_off, body_len FROM messages WHERE format <> 'commit-page' ORDER BY id")
    .all() as RawRow[];
  return { db, rows };
}

test('a raw pack holds its bodies first; raw bytes come back whole and snippets read only the bodies', async () => {
  const { db, rows } = await store();
  const tails = rows.filter((r) => r.body_pack === r.raw_pack);
  assert.ok(tails.length >= 3, `${tails.length} bodies stored as the raw tail`);
  for (const r of tails) {
    // every body of the pack comes before every header block
    const heads = rows.filter((o) => o.raw_pack === r.raw_pack);
    assert.ok(heads.every((o) => o.raw_off >= r.body_off + r.body_len), `message ${r.id}: body before the headers`);
    assert.ok(getRaw(db, r).subarray(r.raw_len - r.body_len).equals(Buffer.from(getBody(db, r), 'utf8')));
  }
  for (const r of rows) assert.ok(sha1(getRaw(db, r)).equals(r.hash), `message ${r.id}: raw bytes as they came in`);
  db.close();
});

test('a store written with each raw message in one piece still gives its raw bytes back', async () => {
  const { db, rows } = await store();
  // rewrite every raw pack the way earlier releases wrote it: each message head then body
  const packs = [...new Set(rows.map((r) => r.raw_pack))];
  for (const id of packs) {
    const { codec, data } = db.prepare('SELECT codec, data FROM packs WHERE id = ?').get(id) as { codec: string; data: Buffer };
    const inflated = unpack(codec, data);
    const members = rows.filter((r) => r.raw_pack === id);
    const whole = members.map((r) => {
      const tail = r.body_pack === r.raw_pack ? r.body_len : 0;
      const head = inflated.subarray(r.raw_off, r.raw_off + r.raw_len - tail);
      return Buffer.concat([head, inflated.subarray(r.body_off, r.body_off + tail)]);
    });
    const packed = packParts(whole);
    db.prepare('UPDATE packs SET data = ? WHERE id = ?').run(packed.data, id);
    members.forEach((r, i) => {
      const { off, len } = packed.parts[i];
      const bodyOff = r.body_pack === r.raw_pack ? off + len - r.body_len : r.body_off;
      db.prepare('UPDATE messages SET raw_off = ?, body_off = ? WHERE id = ?').run(off, bodyOff, r.id);
      Object.assign(r, { raw_off: off, body_off: bodyOff });
    });
  }
  for (const r of rows) assert.ok(sha1(getRaw(db, r)).equals(r.hash), `message ${r.id}: raw bytes as they came in`);
  db.close();
});
