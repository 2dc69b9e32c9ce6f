// MAINTAINERS parsing and path matching on a real excerpt; the pure topic rules as tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { repoPath } from '../helpers/corpus.js';
import { parseMaintainers, sectionsForPath } from '../../src/topics/maintainers.js';
import { dirTopic, listTopic } from '../../src/topics/paths.js';
import { assignTopic, maintainersMaps, subjectTopicOf } from '../../src/topics/assign.js';
import { messageTerms } from '../../src/topics/terms.js';

const sections = parseMaintainers(fs.readFileSync(repoPath('test/fixtures/maintainers/MAINTAINERS'), 'utf8'));
const byName = (prefix: string) => sections.find((s) => s.name.startsWith(prefix))!;

test('sections, people, lists, patterns and statuses are read; the prose header is not a section', () => {
  assert.equal(sections.length, 12);
  assert.equal(sections[0].name, 'ARM/Rockchip SoC support');
  const gup = byName('MEMORY MANAGEMENT - GUP');
  assert.deepEqual(gup.files, ['mm/gup.c']);
  assert.deepEqual(gup.lists, ['linux-mm@kvack.org']);
  assert.deepEqual(
    gup.people.map((p) => `${p.role} ${p.name} <${p.address}>`),
    [
      'M Andrew Morton <akpm@linux-foundation.org>',
      'M David Hildenbrand <david@redhat.com>',
      'R Jason Gunthorpe <jgg@nvidia.com>',
      'R John Hubbard <jhubbard@nvidia.com>',
      'R Peter Xu <peterx@redhat.com>',
    ],
  );
  assert.equal(byName('CPU FREQUENCY').people[0].name, 'Rafael J. Wysocki');
  assert.deepEqual(byName('ARM/Rockchip').lists, ['linux-arm-kernel@lists.infradead.org', 'linux-rockchip@lists.infradead.org']);
  assert.deepEqual(byName('ARM/Rockchip').regexes, ['rockchip']);
  assert.equal(byName('NETWORKING').excludes.length, 13);
  assert.equal(byName('X86 ARCHITECTURE').status, 'Maintained');
  assert.equal(byName('X86 ARCHITECTURE').people.find((p) => p.address === 'x86@kernel.org')?.name, null);
});

test('sections map to topics', () => {
  const want: Record<string, string | null> = {
    'ARM/Rockchip': 'arm',
    'CPU FREQUENCY SCALING FRAMEWORK': 'cpufreq',
    'DEVICE FREQUENCY (DEVFREQ)': 'pm/devfreq',
    'INTEL DRM I915 DRIVER': 'drm/i915',
    'KERNEL VIRTUAL MACHINE FOR X86': 'x86/kvm',
    'MEMORY MANAGEMENT - GUP': 'mm/gup',
    'NETWORKING [GENERAL]': 'net',
    'POWER MANAGEMENT CORE': 'pm',
    'SUSPEND TO RAM': 'pm',
    'X86 ARCHITECTURE': 'x86',
    'THE REST': null,
  };
  for (const [name, topic] of Object.entries(want)) assert.equal(byName(name).topic, topic, name);
  assert.equal(sections.find((s) => s.name === 'MEMORY MANAGEMENT')!.topic, 'mm');
});

test('a path goes to its most specific section (get_maintainer semantics)', () => {
  const first = (p: string) => sectionsForPath(sections, p)[0]?.name.split(' (')[0];
  const rows: [string, string][] = [
    ['mm/gup.c', 'MEMORY MANAGEMENT - GUP'], // file pattern beats mm/
    ['mm/memory.c', 'MEMORY MANAGEMENT'],
    ['mm/damon/core.c', 'MEMORY MANAGEMENT'], // trailing '/' = everything below
    ['include/linux/mm.h', 'MEMORY MANAGEMENT'],
    ['drivers/base/power/main.c', 'POWER MANAGEMENT CORE'],
    ['kernel/power/suspend.c', 'SUSPEND TO RAM'],
    ['drivers/devfreq/governor_passive.c', 'DEVICE FREQUENCY'],
    ['drivers/cpufreq/intel_pstate.c', 'CPU FREQUENCY SCALING FRAMEWORK'],
    ['kernel/sched/cpufreq_schedutil.c', 'CPU FREQUENCY SCALING FRAMEWORK'], // glob
    ['drivers/gpu/drm/i915/gt/intel_gt.c', 'INTEL DRM I915 DRIVER'],
    ['net/ipv4/tcp.c', 'NETWORKING [GENERAL]'],
    ['arch/x86/kvm/x86.c', 'KERNEL VIRTUAL MACHINE FOR X86'], // X: arch/x86/kvm/ leaves x86 out
    ['arch/x86/kvm/vmx/vmx.c', 'KERNEL VIRTUAL MACHINE FOR X86'],
    ['arch/x86/include/asm/kvm_host.h', 'KERNEL VIRTUAL MACHINE FOR X86'],
    ['arch/x86/mm/fault.c', 'X86 ARCHITECTURE'],
    ['drivers/clk/rockchip/clk-rk3399.c', 'ARM/Rockchip SoC support'],
    ['drivers/i2c/busses/i2c-rk3x.c', 'ARM/Rockchip SoC support'],
    ['Makefile', 'THE REST'], // F: * is top-level files only
  ];
  for (const [path, name] of rows) assert.equal(first(path), name, path);
  // X: excludes: mac80211 is not NETWORKING [GENERAL]'s
  assert.ok(!sectionsForPath(sections, 'net/mac80211/rx.c').some((s) => s.name.startsWith('NETWORKING')));
  // "drivers/net/*" style: a non-directory glob matches its own depth only
  assert.ok(sectionsForPath(sections, 'drivers/pinctrl/pinctrl-rockchip.c').some((s) => s.name.startsWith('ARM/Rockchip')));
  // N: regex on the whole path
  assert.ok(sectionsForPath(sections, 'drivers/phy/rockchip/phy-rockchip-usb.c').some((s) => s.name.startsWith('ARM/Rockchip')));
  // both pm sections list drivers/base/power/: get_maintainer reports both
  assert.equal(sectionsForPath(sections, 'drivers/base/power/runtime.c').filter((s) => s.topic === 'pm').length, 2);
});

test('directory heuristic and list table', () => {
  const rows: [string, string | null][] = [
    ['mm/gup.c', 'mm'],
    ['drivers/gpu/drm/i915/gt/intel_gt.c', 'drm/i915/gt'],
    ['net/ipv4/tcp.c', 'net/ipv4'],
    ['kernel/sched/fair.c', 'sched'],
    ['arch/x86/kvm/x86.c', 'x86/kvm'],
    ['drivers/base/power/main.c', 'pm'],
    ['kernel/power/hibernate.c', 'pm'],
    ['drivers/devfreq/governor_passive.c', 'pm/devfreq'],
    ['drivers/cpufreq/cppc_cpufreq.c', 'cpufreq'],
    ['drivers/net/ethernet/mellanox/mlx5/core/main.c', 'net/ethernet/mellanox/mlx5'],
    ['arch/arm64/kernel/smp.c', 'arm64'],
    ['include/linux/kernel.h', null],
    ['Documentation/admin-guide/pm/cpufreq.rst', null],
    ['MAINTAINERS', null],
  ];
  for (const [path, topic] of rows) assert.equal(dirTopic(path), topic, path);
  assert.equal(listTopic('<linux-mm.kvack.org>'), 'mm');
  assert.equal(listTopic('linux-pm@vger.kernel.org'), 'pm');
  assert.equal(listTopic('linux-kernel.vger.kernel.org'), null);
});

test('subject prefixes as topics, noise and aliases', () => {
  const rows: [string, string | null][] = [
    ['[PATCH v3 2/7] mm: asi: keep ASI domains initialized', 'mm/asi'],
    ['Re: [PATCH v4 01/26] mm/mmu_notifiers: pass private data down', 'mm/mmu_notifiers'],
    ['[PATCH] mm/mmu_notifier: fix a race', 'mm/mmu_notifiers'],
    ['SQUASHME: mm: asi: keep ASI domains initialized', 'mm/asi'],
    ['[PATCH] drm/i915/gt: fix a leak', 'drm/i915/gt'],
    ['[PATCH net-next] net: ethernet: mlx5: x', 'net/ethernet/mlx5'],
    ['Re: [PATCH] PM / devfreq: use _visible attribute', 'pm/devfreq'],
    ['[PATCH] devfreq: exynos-bus: x', 'pm/devfreq/exynos-bus'],
    ['Re: Regression: suspend fails', null],
    ['[GIT PULL] Power management updates for v5.4-rc1', null],
    ['Re: 5.10.y: backport request', null],
    ['Fwd: FYI: something', null],
    ['plain subject', null],
  ];
  for (const [s, t] of rows) assert.equal(subjectTopicOf(s), t, s);
});

test('evidence order: subject, then paths (MAINTAINERS refined by layout), then lists', () => {
  const maps = maintainersMaps(sections);
  assert.deepEqual(assignTopic({ subjects: ['[PATCH] mm: gup: x'], paths: ['net/ipv4/tcp.c'], lists: [] }, maps), { topic: 'mm/gup', via: 'subject' });
  assert.deepEqual(assignTopic({ subjects: ['[PATCH] fix the thing'], paths: ['mm/gup.c', 'mm/gup.c', 'mm/memory.c'], lists: [] }, maps), { topic: 'mm/gup', via: 'paths' });
  assert.deepEqual(assignTopic({ subjects: ['fix'], paths: ['drivers/gpu/drm/i915/gt/intel_gt.c'], lists: [] }, maps), { topic: 'drm/i915/gt', via: 'paths' });
  assert.deepEqual(assignTopic({ subjects: ['[GIT PULL] updates'], paths: [], lists: ['linux-pm.vger.kernel.org'] }, maps), { topic: 'pm', via: 'list' });
  // a list only MAINTAINERS knows
  assert.deepEqual(assignTopic({ subjects: ['hello'], paths: [], lists: ['linux-rockchip.lists.infradead.org'] }, maps), { topic: 'arm', via: 'list' });
  assert.deepEqual(assignTopic({ subjects: ['hello'], paths: [], lists: ['linux-kernel.vger.kernel.org'] }, maps), { topic: null, via: null });
});

test('terms: identifiers kept whole, quotes, trailers and boilerplate left out', () => {
  const t = messageTerms(
    'Re: [PATCH] mm: take mmap_lock for GUP',
    'On Mon, Jan 1, 2020 at 10:00 AM X <x@y.org> wrote:\n> quoted_only_identifier here\n\nThe folio COW path under mmap_lock breaks with FOLL_PIN.\nSee https://lore.kernel.org/r/abc@def\n\nSigned-off-by: Someone Else <s@e.org>\n-- \nsignature_word\n',
  );
  for (const w of ['mmap_lock', 'GUP', 'folio', 'COW', 'FOLL_PIN', 'breaks']) assert.ok(t.has(w), w);
  for (const w of ['quoted_only_identifier', 'signature_word', 'Signed', 'Someone', 'the', 'lore', 'with']) assert.ok(!t.has(w), w);
});
