import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ParsedMessage } from '../../src/domain/message.js';
import { extractPatch } from '../../src/parse/diff.js';
import { parseMessage } from '../../src/parse/mime.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';
import { raw, splitMbox } from './mail-samples.js';

async function patchworkMail(): Promise<Map<string, ParsedMessage>> {
  const dir = corpusPath('patchwork/mail');
  const out = new Map<string, ParsedMessage>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.mbox')).sort()) {
    const [msg] = splitMbox(path.join(dir, name));
    out.set(name.slice(0, 4), await parseMessage(raw(msg, name)));
  }
  return out;
}

test('patchwork mail/*.mbox: the diffs patchwork finds', needsCorpus, async () => {
  const mail = await patchworkMail();
  assert.equal(mail.size, 26);
  const get = (n: string): ParsedMessage => mail.get(n) ?? assert.fail(`missing ${n}`);

  // git pull requests carry a diffstat but no diff
  for (const n of ['0001', '0002', '0004', '0005', '0006', '0017', '0023', '0024']) assert.equal(get(n).patch, null, n);
  // 0003: a pull request with a diff
  const pr = get('0003').patch!;
  assert.deepEqual(pr.files.map((f) => f.path), ['arch/x86/include/asm/smp.h', 'arch/x86/kernel/acpi/sleep.c', 'arch/x86/kernel/cpu/mtrr/main.c']);
  assert.deepEqual([pr.added, pr.removed], [11, 6]);
  assert.ok(pr.diff.startsWith('diff --git a/arch/x86/include/asm/smp.h'));
  assert.ok(!pr.diff.includes('Linuxppc-dev mailing list'), 'the list footer is not part of the diff');

  // 0007: CVS format, in an attachment; the diff starts at "Index"
  const cvs = get('0007').patch!;
  assert.ok(cvs.diff.startsWith('Index'));
  assert.deepEqual(cvs.files.map((f) => [f.path, f.added, f.removed]), [['bfd/elf-bfd.h', 2, 0], ['bfd/elflink.c', 3, 0], ['bfd/elfxx-mips.c', 1, 0]]);

  // 0008: pure renames; 0009: renames, one with a hunk
  const ren = get('0008').patch!;
  assert.equal(ren.diff.match(/^rename from /gm)?.length, 2);
  assert.equal(ren.diff.match(/^rename to /gm)?.length, 2);
  assert.deepEqual(ren.files.map((f) => f.status), ['renamed', 'renamed']);
  assert.equal(ren.files[0].oldPath, 'package/rpi-userland/rpi-userland-add-pkgconfig-files.patch');
  assert.equal(ren.files[0].path, 'package/rpi-userland/rpi-userland-000-add-pkgconfig-files.patch');
  const renDiff = get('0009').patch!;
  assert.equal(renDiff.diff.split('\n-a\n+b\n').length, 2, '"-a +b" appears once');
  assert.deepEqual(renDiff.files.map((f) => [f.status, f.added, f.removed]), [['renamed', 1, 1], ['renamed', 0, 0]]);

  // 0010..0016: odd charsets and headers still give a patch and a message
  for (const n of ['0010', '0012', '0013', '0014', '0015', '0016']) {
    assert.ok(get(n).patch, `${n} has a diff`);
    assert.ok(get(n).body.length > 0, `${n} has a message`);
  }
  assert.equal(get('0016').subject, '');
  assert.match(get('0014').subject, /Rafał Miłecki/);

  // 0011: "\ No newline at end of file" twice, and the diff ends with it
  const nonl = get('0011').patch!;
  assert.equal(nonl.diff.split('\\ No newline at end of file').length - 1, 2);
  assert.ok(nonl.diff.trimEnd().endsWith('\\ No newline at end of file'));
  assert.deepEqual(nonl.files.map((f) => f.status), ['modified', 'added', 'added']);

  // 0019: a multipart/alternative patch: the diff comes from the text part, no HTML anywhere
  const mp = get('0019');
  assert.ok(mp.patch);
  assert.ok(!mp.patch.diff.includes('<div') && !mp.body.includes('<div') && !mp.bodyNew.includes('<div'));
  // 0020: multipart comment
  assert.equal(get('0020').patch, null);
  assert.ok(!get('0020').body.includes('<div'));

  // 0021: empty new file; 0022: mode change
  assert.deepEqual(get('0021').patch!.files, [{ path: 'banana', added: 0, removed: 0, status: 'added' }]);
  assert.deepEqual(get('0022').patch!.files, [{ path: 'scripts/kconfig/nconf-cfg.sh', added: 0, removed: 0, status: 'mode' }]);

  // 0025..0027: git binary patches
  for (const n of ['0025', '0026', '0027']) {
    const p = get(n).patch!;
    assert.ok(p.diff.includes('GIT binary patch') && /^literal \d+$/m.test(p.diff), n);
    assert.equal(p.files.find((f) => f.path === 'pixel.bmp')?.binary, true, n);
  }
  assert.deepEqual(get('0026').patch!.files.map((f) => [f.path, f.added, f.binary ?? false]), [['pixel.bmp', 0, true], ['quit.sh', 3, false]]);
  assert.equal(get('0027').patch!.files[0].status, 'modified');
});

test('extractPatch: hunks are read by their counts', () => {
  const body = [
    'Remove the dashes.',
    '',
    'diff --git a/doc.txt b/doc.txt',
    'index 1111111..2222222 100644',
    '--- a/doc.txt',
    '+++ b/doc.txt',
    '@@ -1,4 +1,2 @@',
    ' title',
    '--- a/not-a-header',
    '-- ',
    ' end',
    '-- ',
    '2.25.1',
  ].join('\n');
  const p = extractPatch(body)!;
  assert.deepEqual(p.files, [{ path: 'doc.txt', added: 0, removed: 2, status: 'modified' }]);
  assert.ok(p.diff.endsWith(' end\n'), 'the signature is not part of the diff');
});

test('extractPatch: a quoted diff is no patch', () => {
  const body = ['On Fri, Joe wrote:', '> diff --git a/x b/x', '> --- a/x', '> +++ b/x', '> @@ -1 +1 @@', '> -a', '> +b', '', 'Looks good.'].join('\n');
  assert.equal(extractPatch(body), null);
});

test('extractPatch: plain unified diffs, -p0 and -p1 paths, /dev/null', () => {
  const p1 = extractPatch(['--- linux-2.6.orig/drivers/x.c\t2011-01-01 00:00:00.000000000 +0100', '+++ linux-2.6/drivers/x.c\t2011-01-02', '@@ -1 +1,2 @@', ' a', '+b'].join('\n'))!;
  assert.deepEqual(p1.files, [{ path: 'drivers/x.c', added: 1, removed: 0, status: 'modified' }]);
  const p0 = extractPatch(['--- bfd/x.c 2011-12-05 20:15:49.000000000 +0100', '+++ bfd/x.c', '@@ -1 +1 @@', '-a', '+b'].join('\n'))!;
  assert.equal(p0.files[0].path, 'bfd/x.c');
  const added = extractPatch(['--- /dev/null', '+++ b/new.c', '@@ -0,0 +1 @@', '+x'].join('\n'))!;
  assert.deepEqual(added.files, [{ path: 'new.c', added: 1, removed: 0, status: 'added' }]);
  const deleted = extractPatch(['diff --git a/old.c b/old.c', 'deleted file mode 100644', '--- a/old.c', '+++ /dev/null', '@@ -1 +0,0 @@', '-x'].join('\n'))!;
  assert.deepEqual(deleted.files, [{ path: 'old.c', added: 0, removed: 1, status: 'deleted' }]);
  // "@@ -49, 7 +49,34 @@" (public-inbox plack-attached-patch): sloppy but readable header
  assert.deepEqual(extractPatch('--- a/file\n+++ b/file\n@@ -49, 7 +49,34 @@\n')!.files[0].path, 'file');
});

test('extractPatch: git paths (quoted, no prefix, copies)', () => {
  const quoted = extractPatch(['diff --git "a/with space.c" "b/with space.c"', 'new file mode 100644', 'index 0000000..1111111', '--- /dev/null', '+++ "b/with space.c"', '@@ -0,0 +1 @@', '+x'].join('\n'))!;
  assert.equal(quoted.files[0].path, 'with space.c');
  const utf = extractPatch(['diff --git "a/t\\303\\251st" "b/t\\303\\251st"', 'old mode 100644', 'new mode 100755'].join('\n'))!;
  assert.deepEqual(utf.files[0], { path: 'tést', added: 0, removed: 0, status: 'mode' });
  const copy = extractPatch(['diff --git a/a.c b/b.c', 'similarity index 90%', 'copy from a.c', 'copy to b.c', '--- a/a.c', '+++ b/b.c', '@@ -1 +1 @@', '-x', '+y'].join('\n'))!;
  assert.deepEqual(copy.files[0], { path: 'b.c', oldPath: 'a.c', added: 1, removed: 1, status: 'copied' });
});

test('extractPatch: mangled hunks (header unreadable, context spaces stripped) are still counted', () => {
  // b4's fixtures use "@@@ -1,1 +1,1 @@", a header whose counts do not fit
  const junk = extractPatch(['diff --git a/b4/junk.py b/b4/junk.py', '--- a/b4/junk.py', '+++ b/b4/junk.py', '@@@ -1,1 +1,1 @@ def junk():', ' ', ' ', '-junk1', '+junk2', ' ', ' ', '-- ', '2.wong.fu'].join('\n'))!;
  assert.deepEqual([junk.added, junk.removed], [1, 1]);
  // a mail client stripped the single space of empty context lines
  const stripped = extractPatch(['--- a/x', '+++ b/x', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+c', '', 'Thanks'].join('\n'))!;
  assert.deepEqual([stripped.added, stripped.removed], [1, 1]);
  assert.ok(!stripped.diff.includes('Thanks'));
});

test('extractPatch stays linear on a 5 MB body', () => {
  const hunk = ['@@ -1,2 +1,2 @@', '-a', '+b', ' c'].join('\n');
  const body = `diff --git a/x b/x\n--- a/x\n+++ b/x\n${Array(200_000).fill(hunk).join('\n')}\n`;
  const t0 = performance.now();
  const p = extractPatch(body)!;
  assert.equal(p.added, 200_000);
  assert.ok(performance.now() - t0 < 3000);
  const noise = '--- a\n+++ b\n'.repeat(300_000) + '@@ -1 +1 @@\n'.repeat(100_000);
  const t1 = performance.now();
  assert.equal(extractPatch(noise)?.files.length, 1); // only the last header pair has a hunk
  assert.ok(performance.now() - t1 < 3000);
});
