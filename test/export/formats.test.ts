// The three formats over real seeds: each carries the checks, JSON validates against the
// documented schema, HTML is inert, two exports are byte-identical, topics stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { Ajv } from 'ajv';
import { ingestInto } from '../helpers/tmp.js';
import { repoPath } from '../helpers/corpus.js';
import { FORMATS, resolveTarget, type ExportTarget, type TargetKind } from '../../src/export/formats.js';
import { exportJsonSchema } from '../../src/export/schema.js';
import { mdText } from '../../src/export/markdown.js';

const { db } = await ingestInto([repoPath('data/sample'), repoPath('test/fixtures/export/review.mbox')]);
const ctx = { db, now: Date.UTC(2026, 0, 1) };

async function render(format: string, target: ExportTarget): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await FORMATS[format].write(ctx, target, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}
const target = (kind: TargetKind, arg: string) => {
  const t = resolveTarget(db, kind, arg);
  assert.ok(t, `${kind} ${arg}`);
  return t;
};
const seed002 = () => target('thread', String(db.prepare("SELECT id FROM threads WHERE subject LIKE '%wrprotect_tlb_flush_pending%'").pluck().get()));
const seed003 = () => target('thread', '20200313191324.GG31668@ziepe.ca');
const seed004 = () => target('series', String(db.prepare("SELECT id FROM series WHERE title LIKE '%ASI domains%'").pluck().get()));
const review = () => target('thread', '20200302100000.1-alice@example.org');

const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(repoPath('docs/export-schema.json'), 'utf8')));
const valid = (v: unknown) => assert.ok(validate(v), JSON.stringify(validate.errors?.slice(0, 3)));

test('docs/export-schema.json is the model written out (node dist/src/export/schema.js > docs/export-schema.json)', () => {
  assert.deepEqual(JSON.parse(fs.readFileSync(repoPath('docs/export-schema.json'), 'utf8')), exportJsonSchema());
});

for (const format of ['md', 'json', 'html']) {
  test(`${format}: the seed checks hold in the exported text`, async () => {
    const t2 = await render(format, seed002());
    for (const re of [/Andrea Arcangeli/, /Linus Torvalds/, /clear_refs/, /GUP pin/]) assert.match(t2, re);
    assert.match(await render(format, seed003()), /release callbacks must be simple\/fast/);
    const t4 = await render(format, seed004());
    if (format === 'json') assert.deepEqual(JSON.parse(t4).versions.map((v: { version: number }) => v.version), [1, 2, 3]);
    else for (const v of [1, 2, 3]) assert.match(t4, new RegExp(`v${v}\\b`));
    assert.match(t4, /asi_in_nonsensitive/);
    assert.match(t4, /asi_is_restricted/);
  });

  test(`${format}: two exports of the same store are byte-identical`, async () => {
    for (const t of [seed002(), seed004(), target('topic', 'mm')]) assert.equal(await render(format, t), await render(format, t));
  });
}

test('json: thread, series, topic and search exports validate against the documented schema', async () => {
  for (const t of [seed002(), seed003(), seed004(), review(), target('topic', 'mm'), target('search', 'clear_refs')]) {
    valid(JSON.parse(await render('json', t)));
  }
  const topic = JSON.parse(await render('json', target('topic', 'mm')));
  assert.equal(topic.kind, 'topic');
  assert.ok(topic.threads.length >= 3, 'the mm seeds');
  assert.ok(topic.threads.every((t: { topic: string }) => t.topic === 'mm' || t.topic.startsWith('mm/')));
  const extra = JSON.parse(await render('json', seed002()));
  extra.discussion.points[0].undocumented = 1;
  assert.equal(validate(extra), false, 'a field the schema does not document is caught');
  const none = JSON.parse(await render('json', target('topic', 'no-such-topic')));
  assert.deepEqual(none.threads, []);
});

test('html: one inert file, no <script even when the mail carries one, links rel="noopener nofollow"', async () => {
  for (const t of [review(), seed002(), seed004(), target('topic', 'cpufreq')]) {
    const html = await render('html', t);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<style>/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link |<img |<iframe|\son\w+=/i);
    const anchors = html.match(/<a [^>]*>/g) ?? [];
    assert.ok(anchors.length > 0);
    for (const a of anchors) assert.match(a, / rel="noopener nofollow"/);
  }
  const html = await render('html', review());
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('md: mail text cannot become markup; identifiers read as code', async () => {
  const md = await render('md', review());
  assert.doesNotMatch(md, /(?<!\\)<script/);
  assert.match(md, /\\<script\\>/);
  assert.equal(mdText('drop [x](javascript:alert(1)) and <b>'), 'drop \\[x\\](javascript:alert(1)) and \\<b\\>');
  assert.equal(mdText('call do_wp_page() and see https://lore.kernel.org/r/1@x'), 'call `do_wp_page()` and see <https://lore.kernel.org/r/1@x>');
  assert.match(md, /\[msg\]\(\/m\/20200302110000\.GA1%40bob\) \[lore\]\(https:\/\/lore\.kernel\.org\/all\/20200302110000\.GA1@bob\/\)/);
});

test('topic exports wait for a slow reader: one thread in flight, never the whole topic buffered', async () => {
  let maxBuffered = 0;
  let writes = 0;
  const slow = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, done) {
      writes++;
      setTimeout(done, 2);
    },
  });
  const watch = setInterval(() => (maxBuffered = Math.max(maxBuffered, slow.writableLength)), 1);
  await FORMATS.json.write(ctx, target('topic', 'mm'), slow);
  clearInterval(watch);
  const whole = (await render('json', target('topic', 'mm'))).length;
  const largestThread = Math.max(...JSON.parse(await render('json', target('topic', 'mm'))).threads.map((t: unknown) => JSON.stringify(t).length));
  assert.ok(writes >= 5, 'head, each thread, tail');
  assert.ok(maxBuffered <= largestThread + 16, `buffered ${maxBuffered} of ${whole} bytes`);
});
