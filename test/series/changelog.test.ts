import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParsedMessage } from '../../src/domain/message.js';
import { parseMessage } from '../../src/parse/mime.js';
import { extractChangeId, extractChangelog, extractVersionLinks, type ChangelogNote } from '../../src/series/changelog.js';
import { parseSubjectTags } from '../../src/series/subject-tags.js';
import { openSources } from '../../src/sources/index.js';
import { corpusPath, needsCorpus } from '../helpers/corpus.js';

const note = (version: number | null, since: number | null, text: string): ChangelogNote => ({ version, since, text });

const B4_COVER = `This series makes the widget driver use the new clock API.

Signed-off-by: Jane Dev <jane@example.org>
---
Changes in v3:
- Rebased on top of 6.19-rc4
- Fixed misplaced #[inline] tag (Danilo)
- Link to v2: https://lore.kernel.org/r/20250910-widget-clk-v2-0-1b97c11bb631@example.org

Changes in v2:
- Added devm helpers
- Link to v1: https://lore.kernel.org/r/20250729-widget-clk-v1-0-896b53816f7b@example.org

---
Jane Dev (2):
      widget: use the clk API
      widget: add devres helpers

 drivers/widget/core.c | 31 +++++++++++++++++++------------
 1 file changed, 19 insertions(+), 12 deletions(-)
---
base-commit: 9ace4753a5202b02191d54e9fdf7f9e3d02b85eb
change-id: 20250729-widget-clk-c01aa7dd551d
prerequisite-change-id: 20250904-clk-send-sync-3cfa7f4e1ce2:v3

Best regards,
-- 
Jane Dev <jane@example.org>
`;

const PATCH_BELOW_DASHES = `The driver leaked a reference on the error path.

Fixes: 0123456789ab ("widget: add the thing")
Signed-off-by: Jane Dev <jane@example.org>
---
v2: - drop the unneeded NULL check
    - reword the commit message
v3: - collect Reviewed-by
---
 drivers/widget/core.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/drivers/widget/core.c b/drivers/widget/core.c
index 1111111..2222222 100644
--- a/drivers/widget/core.c
+++ b/drivers/widget/core.c
@@ -1 +1 @@
-v4: not a changelog, a diff line
+v4: still a diff line
`;

test('extractChangelog: the note styles kernel authors use', () => {
  const rows: Array<[string, string, ChangelogNote[]]> = [
    [
      'b4 cover letter',
      B4_COVER,
      [
        note(3, null, '- Rebased on top of 6.19-rc4\n- Fixed misplaced #[inline] tag (Danilo)\n- Link to v2: https://lore.kernel.org/r/20250910-widget-clk-v2-0-1b97c11bb631@example.org'),
        note(2, null, '- Added devm helpers\n- Link to v1: https://lore.kernel.org/r/20250729-widget-clk-v1-0-896b53816f7b@example.org'),
      ],
    ],
    ['"---\\nv2: - foo" below the dashes, up to the diffstat', PATCH_BELOW_DASHES, [note(2, null, '- drop the unneeded NULL check\n    - reword the commit message'), note(3, null, '- collect Reviewed-by')]],
    ['Changes since v1, ending at the diffstat', 'Signed-off-by: A <a@b.c>\n---\nChanges since v1:\n - use devm_kzalloc()\n - drop the dead code\n\n drivers/x.c | 2 +-\n', [note(null, 1, '- use devm_kzalloc()\n- drop the dead code')]],
    ['v1 -> v2 ranges', '---\nv1 -> v2:\n- a\nv2->v3:\n- b\nV3 -> V4: c\n---\n', [note(2, 1, '- a'), note(3, 2, '- b'), note(4, 3, 'c')]],
    ['Changes from v2 to v3, no colon', 'Changes from v2 to v3\n- split patch 2\n', [note(3, 2, '- split patch 2')]],
    ['Changelog range with rfc', 'Changelog rfc v1..v2:\n- first non-RFC posting\n', [note(2, 1, '- first non-RFC posting')]],
    ['Since v2:', 'Since v2:\n- fix the build with !CONFIG_PM\n', [note(null, 2, '- fix the build with !CONFIG_PM')]],
    ['inline "changes since vN: none"', '---\nchanges since v3: none\nchanges since v2: add missing commit-message\n---\n', [note(null, 3, 'none'), note(null, 2, 'add missing commit-message')]],
    [
      'DRM-style notes in the commit message, ended by the trailers',
      'drm/i915: fix the thing\n\nLonger explanation.\n\nv2: Fix the other thing too (Ville)\nv3: Rebase\n\nSigned-off-by: A <a@b.c>\nReviewed-by: B <b@c.d>\n',
      [note(2, null, 'Fix the other thing too (Ville)'), note(3, null, 'Rebase')],
    ],
    [
      'ChangeLog vN->vM stacked below the dashes',
      "Signed-off-by: Linus Walleij <linus.walleij@linaro.org>\n---\nChangeLog v2->v3:\n- Collected Daniel's ACK.\nChangeLog v1->v2:\n- No change, resending with the rest of the patches\n---\n drivers/thermal/db8500_thermal.c | 31 ++++++++++++++++---------------\n",
      [note(3, 2, "- Collected Daniel's ACK."), note(2, 1, '- No change, resending with the rest of the patches')],
    ],
    [
      'heading, blank line, indented bullets separated by blank lines',
      'Changes since [v5]\n\n    - Rebased on recent linux-next\n\n    - Dropped dependency on [rfc]\n\nChanges since [v4]\n\n    - Collected Tested-by from Lucas\n',
      [note(null, 5, '- Rebased on recent linux-next\n\n- Dropped dependency on [rfc]'), note(null, 4, '- Collected Tested-by from Lucas')],
    ],
    ['bracketed versions', '[V2]: V1 feedback fixes\n[V1]:\tTegra210 SC7 entry and exit\n', [note(2, null, 'V1 feedback fixes'), note(1, null, 'Tegra210 SC7 entry and exit')]],
    ['RFC and PATCH versions with dates', 'PATCH V2 2019-09-07 08:56:19:\n* fix a typo\n\nRFC V1 2019-09-02 12:55:55:\n* first post\n', [note(2, null, '* fix a typo'), note(1, null, '* first post')]],
    ['a prose paragraph after the list is not part of the note', 'Changes in v2:\n- a\n- b\n\nThis series adds support for the X widget.\nIt was tested on Y.\n', [note(2, null, '- a\n- b')]],
    ['a prose paragraph right under the heading is the note', 'Changes since v1:\n\nRebased on v6.19-rc1, no other change.\n\nThanks,\nJane\n', [note(null, 1, 'Rebased on v6.19-rc1, no other change.')]],
    ['Changes: with no version', 'Changes:\n- new driver\n', [note(null, null, '- new driver')]],
    ['since the previous version', 'Changes since the previous version:\n- a\n', [note(null, null, '- a')]],
    ['underlined heading', 'v2:\n***\n- a\n', [note(2, null, '- a')]],
    ['CRLF', 'Changes in v2:\r\n- a\r\n', [note(2, null, '- a')]],
    ['closing words end the note', 'v2:\n- a\n\nThanks,\nJane\n', [note(2, null, '- a')]],
    ['the signature ends everything', 'v2:\n- a\n-- \nv3: my signature is odd\n', [note(2, null, '- a')]],
    ['a diff ends everything', 'v2: a\ndiff --git a/x b/x\nv3: b\n', [note(2, null, 'a')]],
    ['an empty heading gives nothing', 'Changes in v2:\n\n---\n', []],
    ['version links are not notes', 'v2: https://lore.kernel.org/all/20240101-a-v2-0-1@x.org/\nv1: https://lore.kernel.org/all/20231201-a-v1-0-1@x.org/\n', []],
    ['quoted changelogs are not this message\'s', '> Changes in v2:\n> - a\n\nLooks good.\n', []],
    ['prose that starts like a heading', 'Changes dmesg logging only, no other functional change intended.\nv2 of this series was broken.\nChanges by Greg:\n- not ours\nv4l2: a subsystem prefix\n', []],
    ['empty text', '', []],
  ];
  for (const [what, text, want] of rows) assert.deepEqual(extractChangelog(text), want, what);
});

test('extractChangelog: bounded on hostile input', () => {
  const big = ('v2:\n' + '- x\n'.repeat(50) + '\n').repeat(2000);
  const t0 = performance.now();
  const notes = extractChangelog(big);
  assert.ok(performance.now() - t0 < 2000);
  assert.ok(notes.length > 0);
  for (const s of ['Changes '.repeat(10000), 'v1 -> '.repeat(10000), '[v1] '.repeat(10000) + ':', `Changes since ${'v'.repeat(100000)}1:`]) {
    const t1 = performance.now();
    extractChangelog(s);
    assert.ok(performance.now() - t1 < 500, s.slice(0, 20));
  }
});

test('extractVersionLinks: lore links and the versions named next to them', () => {
  const rows: Array<[string, Array<{ version: number | null; msgid: string }>]> = [
    ['- Link to v1: https://lore.kernel.org/r/20250101-foo-v1-0-abc@kernel.org', [{ version: 1, msgid: '20250101-foo-v1-0-abc@kernel.org' }]],
    ['v1: https://lore.kernel.org/all/20240101120000.1234-1-a@b.com/', [{ version: 1, msgid: '20240101120000.1234-1-a@b.com' }]],
    ['https://lore.kernel.org/linux-mm/20240101120000.1234-1-a@b.com/T/', [{ version: null, msgid: '20240101120000.1234-1-a@b.com' }]],
    ['V3 - https://lore.kernel.org/linux-pm/20240101.1-1-a@b.com/T/#u', [{ version: 3, msgid: '20240101.1-1-a@b.com' }]],
    ['[v3] lore.kernel.org/lkml/20190401041418.5999-1-andrew.smirnov@gmail.com', [{ version: 3, msgid: '20190401041418.5999-1-andrew.smirnov@gmail.com' }]],
    ['v2: https://lore.kernel.org/r/CAHk-%2Bwgx%2F1%3D@mail.gmail.com', [{ version: 2, msgid: 'CAHk-+wgx/1=@mail.gmail.com' }]], // lore escapes '/', '+', '='
    ['Previous posting: https://lore.kernel.org/r/x1@y.org (v2)', [{ version: 2, msgid: 'x1@y.org' }]],
    ['see https://lkml.kernel.org/r/20190101.1-1-x@y.z.', [{ version: null, msgid: '20190101.1-1-x@y.z' }]],
    ['<https://lore.kernel.org/r/abc@d.e>', [{ version: null, msgid: 'abc@d.e' }]],
    ['https://lore.kernel.org/r/%3Cabc@d.e%3E', [{ version: null, msgid: 'abc@d.e' }]],
    ['v1: https://lore.kernel.org/r/a@b.c\nv1 again: https://lore.kernel.org/all/a@b.c/', [{ version: 1, msgid: 'a@b.c' }]],
    ['https://lore.kernel.org/r/a@b.c\nv4: https://lore.kernel.org/r/a@b.c', [{ version: 4, msgid: 'a@b.c' }]],
    ['> v1: https://lore.kernel.org/r/quoted@b.c', []],
    ['Closes: https://lore.kernel.org/r/bug-report@b.c', []],
    ['Reported-by: x\nhttps://lore.kernel.org/linux-pm/\nhttps://lore.kernel.org/linux-pm/?q=foo\nhttps://lore.kernel.org/r/%E0%A4%A@x', [{ version: null, msgid: '%E0%A4%A@x' }]],
    ['v4l2: https://lore.kernel.org/r/a@b.c', [{ version: null, msgid: 'a@b.c' }]],
    ['', []],
  ];
  for (const [text, want] of rows) assert.deepEqual(extractVersionLinks(text), want, text);
});

test("extractChangeId: b4's change-id, never the prerequisite's, never Gerrit's", () => {
  assert.equal(extractChangeId(B4_COVER), '20250729-widget-clk-c01aa7dd551d');
  assert.equal(extractChangeId('[PATCH] foo: fix bar syntax\n\n---\nbase-commit: abc\nchange-id: 20251231-test-fix-abc123def456\n\nBest regards,\n'), '20251231-test-fix-abc123def456');
  assert.equal(extractChangeId('---\nprerequisite-change-id: 20251231-test-fix-abc123def456:v1\n'), null);
  assert.equal(extractChangeId('---\nprerequisite-change-id: 20251231-a-1:v1\nchange-id: 20260101-b-2\n'), '20260101-b-2');
  assert.equal(extractChangeId('Change-Id: Iadf2f17d10bc0d3896bb96a6e466896ec70f2c4c\n'), null);
  assert.equal(extractChangeId('> change-id: 20251231-quoted-1\n'), null);
  assert.equal(extractChangeId('change-id: 20251231-crlf-1\r\n'), '20251231-crlf-1');
  assert.equal(extractChangeId(''), null);
});

/** The parsed messages of `paths` whose Message-ID is in `ids`. */
async function messagesById(paths: string[], ids: string[]): Promise<Map<string, ParsedMessage>> {
  const want = new Set(ids);
  const found = new Map<string, ParsedMessage>();
  for await (const item of openSources(paths)) {
    if (item.kind !== 'message') continue;
    const msg = await parseMessage(item.message);
    if (want.has(msg.msgid)) found.set(msg.msgid, msg);
  }
  return found;
}

const CLK_V3 = '20260107-clk-type-state-v3-0-77d3e3ee59c2@collabora.com';
const QORIQ_V7 = '20190912012920.29601-1-andrew.smirnov@gmail.com';
const DB8500_V4 = '20190828130320.6174-1-linus.walleij@linaro.org';
const MT6397_V7 = '20190910070446.639-3-frank-w@public-files.de';
const SC7_V9 = '1565984527-5272-1-git-send-email-skomatineni@nvidia.com';

test('real linux-pm cover letters and patches', needsCorpus, async () => {
  const msgs = await messagesById([corpusPath('linux-pm-sample')], [CLK_V3, QORIQ_V7, DB8500_V4, MT6397_V7, SC7_V9]);
  const body = (id: string): string => msgs.get(id)?.body ?? assert.fail(`missing ${id}`);

  // b4 cover: "Changes in v3/v2" with "- Link to vN" bullets, a dependency link, change-id + prerequisite-change-id
  const clk = body(CLK_V3);
  const clkNotes = extractChangelog(clk);
  assert.deepEqual(clkNotes.map((n) => [n.version, n.since]), [[3, null], [2, null]]);
  assert.ok(clkNotes[0].text.startsWith('- Rebased on top of 6.19-rc4\n'));
  assert.ok(clkNotes[0].text.includes('Thanks, Danilo {\n  - Moved the devres changes into its own patch'), 'an indented block after a blank line stays in the note');
  assert.ok(clkNotes[0].text.endsWith('- Link to v2: https://lore.kernel.org/r/20250910-clk-type-state-v2-0-1b97c11bb631@collabora.com'));
  assert.ok(clkNotes[1].text.endsWith('- Link to v1: https://lore.kernel.org/rust-for-linux/20250729-clk-type-state-v1-1-896b53816f7b@collabora.com/#r'));
  assert.deepEqual(extractVersionLinks(clk), [
    { version: null, msgid: '20251218-clk-send-sync-v3-0-e48b2e2f1eac@google.com' }, // "[0]:" a dependency, no version named
    { version: 2, msgid: '20250910-clk-type-state-v2-0-1b97c11bb631@collabora.com' },
    { version: 1, msgid: '20250729-clk-type-state-v1-1-896b53816f7b@collabora.com' },
  ]);
  assert.equal(extractChangeId(clk), '20250909-clk-type-state-c01aa7dd551d');

  // "Changes since [vN]" x6 with blank lines and indented bullets; "[vN] lore.kernel.org/lkml/<id>" links
  const qoriq = body(QORIQ_V7);
  assert.deepEqual(extractChangelog(qoriq).map((n) => [n.version, n.since]), [[null, 6], [null, 5], [null, 4], [null, 3], [null, 2], [null, 1]]);
  assert.deepEqual(extractChangelog(qoriq)[4], note(null, 2, '- Patches rebased on v5.1-rc1'));
  const qoriqLinks = extractVersionLinks(qoriq);
  assert.deepEqual(qoriqLinks.filter((l) => l.version !== null).map((l) => l.version), [1, 2, 3, 4, 5, 6]);
  assert.equal(qoriqLinks[0].msgid, '20190218191141.3729-1-andrew.smirnov@gmail.com');
  assert.equal(extractChangeId(qoriq), null);

  // a patch: "ChangeLog vN->vM:" notes between the two "---" lines
  assert.deepEqual(extractChangelog(body(DB8500_V4)), [
    note(4, 3, '- No change, resending with the rest of the patches'),
    note(3, 2, "- Collected Daniel's ACK."),
    note(2, 1, '- No change, resending with the rest of the patches'),
  ]);
  // a patch: one-line "changes since vN: ..." notes
  assert.deepEqual(extractChangelog(body(MT6397_V7)).map((n) => [n.since, n.text]), [
    [6, 'updated copyright'],
    [5, 'none'],
    [4, 'none'],
    [3, 'none'],
    [2, 'add missing commit-message'],
  ]);
  // "[Vn]: Changes between ..." headings, v9 down to v1
  assert.deepEqual(extractChangelog(body(SC7_V9)).map((n) => n.version), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
});

test('every linux-pm "Changes in vN:" / "Changes since vN:" heading gives a note', needsCorpus, async (t) => {
  let messages = 0;
  let withNotes = 0;
  let notes = 0;
  let headings = 0;
  for await (const item of openSources([corpusPath('linux-pm-sample')])) {
    if (item.kind !== 'message') continue;
    const msg = await parseMessage(item.message);
    const kind = parseSubjectTags(msg.subject).kind;
    if (kind !== 'cover' && kind !== 'patch') continue;
    messages++;
    const found = extractChangelog(msg.body);
    notes += found.length;
    if (found.length > 0) withNotes++;
    extractVersionLinks(msg.body);
    // Headings before the diff whose note has text of its own (not only quoted or empty)
    const beforeDiff = msg.body.split(/^diff --git /m)[0];
    for (const m of beforeDiff.matchAll(/^Changes (in|since) v(\d+):\n(?=[ \t]*[-*]\s*\S)/gm)) {
      headings++;
      const n = Number(m[2]);
      const hit = found.some((f) => (m[1] === 'in' ? f.version === n : f.since === n));
      assert.ok(hit, `${msg.msgid}: "${m[0].trim()}" not found in ${JSON.stringify(found.map((f) => [f.version, f.since]))}`);
    }
  }
  t.diagnostic(`${messages} patches and covers, ${withNotes} with notes, ${notes} notes; ${headings} "Changes in/since vN:" headings all found`);
  assert.ok(headings > 100 && withNotes > 200, `${headings} headings, ${withNotes} with notes`);
});

test('b4 samples: the cover carries the change-id, the patches do not', needsCorpus, async () => {
  for (const name of ['shazam-git1-just-series.mbox', 'shazam-git1-with-link.mbox', 'trailers-thread-with-followups.mbox', 'trailers-thread-with-cover-followup.mbox']) {
    const ids: Array<[string, string | null]> = [];
    for await (const item of openSources([corpusPath('b4/samples', name)])) {
      if (item.kind !== 'message') continue;
      const msg = await parseMessage(item.message);
      ids.push([parseSubjectTags(msg.subject).kind, extractChangeId(msg.body)]);
    }
    assert.deepEqual(
      ids.filter(([kind]) => kind === 'cover' || kind === 'patch'),
      [['cover', '20221025-test1-e8520c2200a3'], ['patch', null], ['patch', null], ['patch', null], ['patch', null]],
      name,
    );
  }
});
