// A real linux-pm argument and series (../shared/corpus/linux-pm-sample, August 2019) summarised:
// the nvme-pci ASPM regression thread and its v1..v3 fix. What a reviewer would check by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusPath, needsCorpus, corpusDir } from '../helpers/corpus.js';
import { ingestInto } from '../helpers/tmp.js';
import { resolveThreadId } from '../../src/views/threads.js';
import { resolveSeriesId } from '../../src/views/series.js';
import { seriesMaterial, threadMaterial } from '../../src/summary/load.js';
import { summarizeThread } from '../../src/summary/thread.js';
import { summarizeSeries } from '../../src/summary/series.js';
import { threadMarkdown } from '../../src/export/markdown.js';

const db = corpusDir ? (await ingestInto([corpusPath('linux-pm-sample/2019-08.mbox')])).db : null;

test('the nvme-pci regression thread: people, the diagnosis, questions answered, agreement, the Fixes tag', needsCorpus, () => {
  const id = resolveThreadId(db!, '2763495.NmdaWeg79L@kreacher')!;
  const s = summarizeThread(threadMaterial(db!, id)!);
  assert.equal(s.messageCount, 44);
  const people = s.participants.map((p) => `${p.name}:${p.messages}:${p.roles.join('+')}`);
  assert.equal(people[0], 'Rafael J. Wysocki:25:patch-author', 'two addresses, one person');
  for (const who of ['Bjorn Helgaas:5:reviewer', 'Keith Busch:5:reviewer', 'Christoph Hellwig:3:reviewer']) assert.ok(people.includes(who), people.join());
  // the diagnosis is carried in Rafael's words
  assert.ok(s.discussion.points.some((p) => p.who === 'Rafael J. Wysocki' && /skipping the bus-level PM in nvme_suspend\(\) causes the PCIe link/.test(p.text)));
  // short: a point is a few sentences, one-line replies are not points
  assert.ok(s.discussion.points.every((p) => p.text.length <= 1300), 'points are cut to their leading sentences');
  assert.ok(!s.discussion.points.some((p) => /^(?:Sorry about that\.|Fair enough\.)/.test(p.text)));
  assert.ok(s.discussion.points.length < s.messageCount);
  const hch = s.discussion.questions.find((q) => /Shouldn't we split PCI vs nvme in two patches\?/.test(q.text));
  assert.equal(hch?.answered, true);
  assert.ok(s.discussion.agreements.some((a) => a.who === 'Keith Busch' && /The v3 series looks good to me\./.test(a.text)));
  assert.ok(s.discussion.objections.some((o) => o.who === 'Bjorn Helgaas' && /I don't think it's clear/.test(o.text)));
  assert.deepEqual(
    s.discussion.links.filter((l) => l.kind === 'fixes').map((l) => l.value),
    ['d916b1be94b6 ("nvme-pci: use host managed power state for suspend")'],
  );
  assert.equal(s.discussion.links.filter((l) => l.kind === 'commit').length, 0, '"commit d916b1be94b6" in the text is the same link');
  const md = threadMarkdown(s);
  assert.ok(md.split('\n').filter((l) => l.startsWith('- ') && l.includes('[msg](')).length >= 44, 'every message is linked');
});

test('its fix as a series: v1..v3, the PCI part split out in v2, the rename in v3, trailers on v3', needsCorpus, () => {
  const s = summarizeSeries(seriesMaterial(db!, resolveSeriesId(db!, '4856352.pThfM6cRGE@kreacher')!)!);
  assert.deepEqual(s.versions.map((v) => v.version), [1, 2, 3]);
  assert.deepEqual(s.state.superseded, [1, 2]);
  assert.deepEqual(s.state.unreviewed, []);
  const v3 = s.versions[2];
  assert.deepEqual(v3.patches.map((p) => [p.title, p.status]), [
    ['PCI: PCIe: ASPM: Introduce pcie_aspm_enabled()', 'reviewed'],
    ['nvme-pci: Allow PCI bus-level PM to be used if ASPM is disabled', 'reviewed'],
  ]);
  assert.ok(v3.patches[0].trailers.some((t) => t.name === 'Acked-by' && /Bjorn Helgaas/.test(t.value) && t.from));
  const v1v2 = s.changes[0].patches;
  assert.ok(v1v2.some((p) => p.status === 'added' && /pcie_aspm_enabled_mask/.test(p.title)));
  assert.deepEqual(s.changes[1].patches[0].renames, [{ from: 'pcie_aspm_enabled_mask', to: 'pcie_aspm_enabled' }]);
  assert.ok(s.changes[1].patches.every((p) => p.renames.every((r) => /_/.test(r.from))), 'prose edits are not renames');
});
