// Threads must not depend on the order mail arrives in: the same corpus ingested in five
// shuffled orders gives identical threads (membership and tree shape).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { openSources } from '../../src/sources/index.js';
import { threadDTO } from '../../src/views/threads.js';
import type { WritableDB } from '../../src/store/db.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Every thread as "msgid@depth" lines in tree order, threads sorted: a canonical picture. */
function picture(db: WritableDB): string {
  const ids = db.prepare('SELECT id FROM threads').pluck().all() as number[];
  return ids
    .map((id) => threadDTO(db, id)!.nodes.map((n) => `${'  '.repeat(n.depth)}${n.msgid}${n.ghost ? ' (ghost)' : ''}`).join('\n'))
    .sort()
    .join('\n--\n');
}

test('five shuffled orders of the same mail give identical threads', needsCorpus, async () => {
  const sources = [
    corpusPath('linux-pm-sample/2019-09.mbox'),
    corpusPath('jwz/mail-thread'),
    corpusPath('notmuch/corpora/threading'),
    corpusPath('notmuch/corpora/default'),
  ];
  const raws: Buffer[] = [];
  for await (const item of openSources(sources, {})) if (item.kind === 'message') raws.push(item.message.raw);
  assert.ok(raws.length > 1000);

  let reference: string | null = null;
  for (const seed of [1, 2, 3, 4, 5]) {
    const order = raws.map((_, i) => i);
    const r = rng(seed);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const dir = tmpDir();
    order.forEach((k, pos) => fs.writeFileSync(path.join(dir, `${String(pos).padStart(6, '0')}.eml`), raws[k]));
    const { db } = await ingestInto([dir]);
    const pic = picture(db);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (reference === null) reference = pic;
    else assert.equal(pic, reference, `order ${seed} differs from order 1`);
  }
});
