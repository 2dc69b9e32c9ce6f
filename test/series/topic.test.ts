import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subjectTopic, topicMatches } from '../../src/series/topic.js';

test('topic from the subsystem prefix of a title', () => {
  const rows: [string, string | null][] = [
    ['mm: asi: keep ASI domains initialized until the mm_struct is destroyed', 'mm/asi'],
    ['mm/mmu_notifiers: pass private data down to alloc_notifier()', 'mm/mmu_notifiers'],
    ['drm/i915/gt: fix a leak', 'drm/i915/gt'],
    ['net: ethernet: mlx5: fix x', 'net/ethernet/mlx5'],
    ['PM / devfreq: passive: Use non-devm notifiers', 'pm/devfreq/passive'],
    ['cpufreq: intel_pstate: Implement QoS supported freq constraints', 'cpufreq/intel_pstate'],
    ['Add support of New Amlogic temperature sensor for G12 SoCs', null],
    ['SQUASHME: mm: asi: keep', 'squashme/mm/asi'],
    ['fix: ', null],
    ['', null],
  ];
  for (const [title, want] of rows) assert.equal(subjectTopic(title), want, title);
  assert.ok(topicMatches('mm/asi', 'mm'));
  assert.ok(topicMatches('mm', 'mm/'));
  assert.ok(!topicMatches('mmc/core', 'mm'));
  assert.ok(!topicMatches(null, 'mm'));
});
