import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { ParsedMessage } from '../../src/domain/message.js';
import { commitMessageDiff, interdiff, normalizePatch } from '../../src/series/interdiff.js';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { patchesOf } from '../helpers/mail.js';

const OLD = [
  'diff --git a/drivers/foo.c b/drivers/foo.c',
  'index 1111111..2222222 100644',
  '--- a/drivers/foo.c',
  '+++ b/drivers/foo.c',
  '@@ -10,6 +10,7 @@ static int foo_probe(struct device *dev)',
  ' \tint ret;',
  ' ',
  '-\tret = old_call(dev);',
  '+\tret = new_call(dev);',
  '+\tif (ret)',
  ' \t\treturn ret;',
  ' ',
  ' \treturn 0;',
  '',
].join('\n');

test('a pure rebase (other blob ids, other line numbers) is no change', () => {
  const rebased = OLD.replace('index 1111111..2222222', 'index 3333333..4444444').replace('@@ -10,6 +10,7 @@', '@@ -42,6 +42,7 @@');
  assert.deepEqual(interdiff(OLD, rebased), { text: '', added: 0, removed: 0, files: [] });
  assert.deepEqual(interdiff(OLD, OLD), { text: '', added: 0, removed: 0, files: [] });
});

test('normalized patch: "## path ##" headers, no index lines, hunk headers without numbers', () => {
  assert.deepEqual(normalizePatch(OLD).lines.slice(0, 3), ['## drivers/foo.c ##', '@@ static int foo_probe(struct device *dev)', ' \tint ret;']);
  const renamed = normalizePatch('diff --git a/old.c b/new.c\nsimilarity index 90%\nrename from old.c\nrename to new.c\n');
  assert.equal(renamed.lines[0], '## old.c -> new.c ##');
});

test('a changed added line reads "-+old" / "++new", with the file and function in the hunk header', () => {
  const v2 = OLD.replace('+\tret = new_call(dev);', '+\tret = new_call(dev, 0);');
  const d = interdiff(OLD, v2);
  assert.equal(d.added, 1);
  assert.equal(d.removed, 1);
  assert.deepEqual(d.files, ['drivers/foo.c']);
  const lines = d.text.split('\n');
  assert.equal(lines[0], '@@ drivers/foo.c: static int foo_probe(struct device *dev)');
  assert.ok(lines.includes('-+\tret = new_call(dev);'), d.text);
  assert.ok(lines.includes('++\tret = new_call(dev, 0);'), d.text);
  assert.ok(lines.includes('  \tint ret;') || lines.includes(' -\tret = old_call(dev);'), 'context keeps the inner prefix');
});

test('a file added to the patch shows as added lines under its own header', () => {
  const extra = ['diff --git a/include/foo.h b/include/foo.h', 'index 5555555..6666666 100644', '--- a/include/foo.h', '+++ b/include/foo.h', '@@ -1,1 +1,2 @@', ' #pragma once', '+int foo(void);', ''].join('\n');
  const d = interdiff(OLD, OLD + extra);
  assert.equal(d.removed, 0);
  assert.deepEqual(d.files, ['include/foo.h']);
  assert.ok(d.text.includes('+## include/foo.h ##\n'));
  assert.ok(d.text.includes('++int foo(void);\n'));
});

// ---- real patches ----


test('patchwork revision-basic: v2 of 1/2 adds a paragraph; v2 of 2/2 carries it into both files', needsCorpus, async () => {
  const all = await patchesOf(corpusPath('patchwork', 'series', 'revision-basic.mbox'), () => true);
  const bySubject = new Map(all.map((m) => [m.subject, m.patch!.diff]));
  const one = interdiff(bySubject.get('[PATCH 1/2] test: Add some lorem ipsum')!, bySubject.get('[PATCH v2 1/2] test: Add some lorem ipsum')!);
  // A blank line and the 8-line "Curabitur" paragraph, all new added lines; nothing removed.
  assert.equal(one.removed, 0);
  assert.equal(one.added, 9);
  assert.deepEqual(one.files, ['test.txt']);
  const changed = one.text.split('\n').filter((l) => l.startsWith('+') || l.startsWith('-'));
  assert.ok(changed.every((l) => l.startsWith('++')), one.text);
  assert.ok(one.text.includes('++Curabitur scelerisque tempus efficitur.'));
  assert.ok(!/index |@@ -\d/.test(one.text), 'no blob ids or line numbers');

  const two = interdiff(bySubject.get('[PATCH 2/2] test: Convert to Markdown')!, bySubject.get('[PATCH v2 2/2] test: Convert to Markdown')!);
  assert.deepEqual(two.files, ['test.md', 'test.txt']);
  assert.ok(two.text.includes('++Curabitur scelerisque tempus efficitur.'), 'test.md now adds the paragraph');
  assert.ok(two.text.includes('+-Curabitur scelerisque tempus efficitur.'), 'test.txt now removes it');
});

test('linux-pm devfreq passive notifiers: v2 adds one hunk; v3 ("No code changes") has an empty interdiff', needsCorpus, async () => {
  const title = 'PM / devfreq: passive: Use non-devm notifiers';
  const [v1, v2, v3] = await patchesOf(corpusPath('linux-pm-sample', '2019-08.mbox'), (m) => m.subject.endsWith(title) && !m.subject.includes('AUTOSEL'), title);
  assert.match(v3.subject, /\[PATCH v3\]/);
  const d = interdiff(v1.patch!.diff, v2.patch!.diff);
  assert.equal(d.removed, 0);
  assert.deepEqual(d.files, ['drivers/devfreq/governor_passive.c']);
  const lines = d.text.split('\n');
  assert.ok(lines.includes('+@@ static int devfreq_passive_notifier_call(struct notifier_block *nb,'), d.text);
  assert.ok(lines.includes('+-\tstruct device *dev = devfreq->dev.parent;'), d.text);
  // The hunk both versions share moved from line 163 to 162 in v2: not a difference.
  assert.ok(!d.text.includes('devm_devfreq_register_notifier'), d.text);
  assert.deepEqual(interdiff(v2.patch!.diff, v3.patch!.diff), { text: '', added: 0, removed: 0, files: [] });

  // v3 changed only the commit message: a Fixes tag added and trailers reordered.
  const message = (m: ParsedMessage): string => m.bodyNew.split('\n---\n')[0];
  const msgDiff = commitMessageDiff(message(v2), message(v3));
  assert.equal(msgDiff.identical, false);
  assert.ok(msgDiff.changes.some((c) => c.added.includes('996133119f57')), JSON.stringify(msgDiff.changes));
});

test('seed 004: commit message v1 -> v2 identical; v2 -> v3 renames exactly the two helpers', () => {
  const [v1, v2, v3] = fs.readFileSync(repoPath('data', 'sample', '004_f93c172b7a409dd5.txt'), 'utf8').split('\n').slice(2, 5);
  assert.ok(v1.startsWith('SQUASHME: mm: asi:') && v3.startsWith('SQUASHME: mm: asi:'));

  const same = commitMessageDiff(v1, v2);
  assert.equal(same.identical, true);
  assert.deepEqual(same.changes, []);
  assert.equal(same.text, '');

  const renamed = commitMessageDiff(v2, v3);
  assert.equal(renamed.identical, false);
  assert.deepEqual(renamed.changes, [
    { removed: 'asi_invpcid_nonsensitive_one', added: 'asi_invpcid_restricted_one' },
    { removed: 'asi_in_nonsensitive', added: 'asi_is_restricted' },
    { removed: 'asi_in_nonsensitive', added: 'asi_is_restricted' },
  ]);
  assert.ok(renamed.text.includes('[-asi_invpcid_nonsensitive_one-]{+asi_invpcid_restricted_one+}'));
  // The parts rebuild both messages.
  const rebuild = (skip: 'added' | 'removed'): string => renamed.parts.filter((p) => p.kind !== skip).map((p) => p.text).join('');
  assert.equal(rebuild('removed'), v3);
  assert.equal(rebuild('added'), v2);
});
