// Series end to end: ingest -> series stage -> store -> API/CLI, on the seeds and real linux-pm mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { corpusPath, needsCorpus, corpusDir, repoPath } from '../helpers/corpus.js';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { serveIngested } from '../helpers/server.js';
import { seriesDiff, seriesPage } from '../../src/views/series.js';

test('seeds: each reply names its series and slot; 004 is three versions of one patch', async () => {
  const { db } = await ingestInto([repoPath('data/sample')]);
  const all = seriesPage(db, { limit: 50 }).series;
  const find = (title: string) => all.find((s) => s.title.startsWith(title))!;
  const slotOf = (title: string) => {
    const v = find(title).versions[0];
    return { version: v.version, total: v.total, rfc: v.rfc, resend: v.resend, slots: v.referencedBy.map((r) => r.slot) };
  };
  assert.deepEqual(slotOf('mm: Add refcount for preserving mm_struct'), { version: 1, total: 6, rfc: true, resend: true, slots: [3] });
  assert.deepEqual(slotOf('mm: prevent gup_fast from racing'), { version: 2, total: 2, rfc: false, resend: false, slots: [2] });
  assert.deepEqual(slotOf('mm: soft_dirty: userfaultfd'), { version: 1, total: 2, rfc: false, resend: false, slots: [2] });
  assert.deepEqual(slotOf('mm/mmu_notifiers: pass private data'), { version: 4, total: 26, rfc: false, resend: false, slots: [1] });

  const asi = find('SQUASHME: mm: asi:');
  assert.deepEqual(asi.versions.map((v) => v.version), [1, 2, 3]);
  const d12 = seriesDiff(db, asi.id, 1, 2);
  const d23 = seriesDiff(db, asi.id, 2, 3);
  assert.ok(d12 && !('error' in d12) && d23 && !('error' in d23));
  assert.equal(d12.patches[0].status, 'same', 'v1 and v2 are the same text');
  assert.equal(d23.patches[0].status, 'changed');
  assert.match(d23.patches[0].commitMessageDiff!, /\[-asi_invpcid_nonsensitive_one-\]\{\+asi_invpcid_restricted_one\+\}/);
  assert.match(d23.patches[0].commitMessageDiff!, /\[-asi_in_nonsensitive-\]\{\+asi_is_restricted\+\}/);
  db.close();
});

test('linux-pm: versions, slots, review trailers and the v4 -> v5 diff through the API', needsCorpus, async () => {
  const { get } = await serveIngested([corpusPath('linux-pm-sample')]);
  const cover = '20190821222421.30242-1-glaroque@baylibre.com'; // [PATCH v4 0/6] Amlogic thermal
  const s = await get(`/api/series/${encodeURIComponent(cover)}`);
  assert.equal(s.status, 200);
  assert.ok(s.body.versions.length >= 3);
  const nums = s.body.versions.map((v: { version: number }) => v.version);
  assert.deepEqual(nums, [...nums].sort((a: number, b: number) => a - b));
  assert.ok(nums.includes(4) && nums.includes(5));
  for (const v of s.body.versions) assert.equal(v.patches.length, v.total);
  const linked = s.body.links.filter((l: { status: string }) => l.status === 'linked');
  assert.ok(linked.length >= 2 && linked.every((l: { reasons: string[] }) => l.reasons.length > 0));
  const v3 = s.body.review.find((r: { version: number }) => r.version === 3);
  assert.ok(v3.patches[0].collected.some((t: { name: string; value: string }) => t.name === 'Reviewed-by' && /Rob Herring/.test(t.value)));

  const diff = await get(`/api/series/${s.body.id}/diff?from=4&to=5`);
  assert.equal(diff.status, 200);
  const p2 = diff.body.patches.find((p: { new: { index: number } | null }) => p.new?.index === 2);
  assert.equal(p2.status, 'changed');
  assert.match(p2.interdiff, /devm_platform_ioremap_resource/);
  assert.ok(diff.body.patches.some((p: { status: string }) => p.status === 'added'), 'v5 has 7 patches, v4 had 6');

  const m = await get(`/api/messages/${encodeURIComponent(cover)}`);
  assert.deepEqual(m.body.series, { id: s.body.id, version: 4, index: 0 });

  const list = await get('/api/series?limit=5&author=glaroque@baylibre.com');
  assert.equal(list.status, 200);
  assert.ok(list.body.series.every((x: { author: { address: string } }) => x.author.address === 'glaroque@baylibre.com'));
  for (const bad of ['/api/series?limit=0', '/api/series?since=yesterday', `/api/series/${s.body.id}/diff?from=a&to=2`]) {
    assert.equal((await get(bad)).status, 400, bad);
  }
  assert.equal((await get(`/api/series/${s.body.id}/diff?from=1&to=99`)).status, 404);
  assert.equal((await get('/api/series/nope@nowhere')).status, 404);
});

test('lkb series link/unlink: a correction survives re-ingest', needsCorpus, async () => {
  const dir = tmpDir();
  const db = path.join(dir, 'kb.sqlite');
  const lkb = (...args: string[]) => spawnSync(process.execPath, [repoPath('dist/src/cli/main.js'), '--db', db, ...args], { encoding: 'utf8' });
  assert.equal(lkb('ingest', '-q', corpusPath('linux-pm-sample/2019-08.mbox')).status, 0);
  const v3 = '20190806130506.8753-1-glaroque@baylibre.com';
  const v4 = '20190821222421.30242-1-glaroque@baylibre.com';
  const versions = () => JSON.parse(lkb('series', '--json', v4).stdout).versions.map((v: { key: string }) => v.key);
  assert.deepEqual(versions(), [v3, v4]);
  const r = lkb('series', 'unlink', v3, v4);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(versions(), [v4]);
  // new mail arrives: the series are rebuilt, the correction still holds
  assert.equal(lkb('ingest', '-q', corpusPath('linux-pm-sample/2019-09.mbox')).status, 0);
  assert.ok(!versions().includes(v3));
  assert.equal(lkb('series', 'link', v3, v4).status, 0);
  assert.ok(versions().includes(v3));
  const text = lkb('series', v4);
  assert.match(text.stdout, /version links:/);
  const diff = lkb('series', 'diff', v4, '--from', '3', '--to', '4');
  assert.equal(diff.status, 0, diff.stderr);
  assert.match(diff.stdout, /v3 -> v4/);
  assert.match(lkb('series', 'diff', v4, '--from', '1', '--to', '4').stderr, /no v1/);
  void corpusDir;
  void fs;
});

test('a Supersedes: header links a renamed v2 to its v1', async () => {
  const dir = tmpDir();
  const diff = (f: string) => `---\n ${f} | 1 +\n\ndiff --git a/${f} b/${f}\n--- a/${f}\n+++ b/${f}\n@@ -1 +1,2 @@\n x\n+y\n`;
  const mail = (id: string, subject: string, day: number, extra: string, body: string) =>
    `From x Mon Jan  1 00:00:00 2024\nFrom: Ann <ann@x.org>\nSubject: ${subject}\nDate: ${day} Jan 2024 10:00:00 +0000\nMessage-ID: <${id}>\n${extra}\n${body}\n\n`;
  fs.writeFileSync(
    path.join(dir, 's.mbox'),
    mail('v1@x', '[PATCH] frob: make the widget faster', 2, '', `speed\n\nSigned-off-by: Ann <ann@x.org>\n${diff('a.c')}`) +
      mail('v2@x', '[PATCH v2] widget: rework caching entirely', 20, 'Supersedes: <v1@x>\n', `rework\n\nSigned-off-by: Ann <ann@x.org>\n${diff('b.c')}`),
  );
  const { db } = await ingestInto([path.join(dir, 's.mbox')]);
  const all = seriesPage(db, { limit: 10 }).series;
  assert.equal(all.length, 1, JSON.stringify(all.map((s) => s.title)));
  assert.deepEqual(all[0].versions.map((v) => v.key), ['v1@x', 'v2@x']);
  db.close();
});
