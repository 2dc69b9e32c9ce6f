// Plain-text output of `lkb topics` (the tree) and `lkb topics NAME` (one topic).
import type { TopicDetailDTO, TopicListDTO } from '../views/topic-types.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '(no date) ');

/** The topic tree, children indented under parents, with counts. */
export function formatTopicTree(l: TopicListDTO): string {
  if (!l.topics.length) return '(no topics: run `lkb ingest PATH` first)';
  const byName = new Map(l.topics.map((t) => [t.name, t]));
  const out: string[] = [`${'threads'.padStart(7)} ${'msgs'.padStart(7)} ${'series'.padStart(6)}  last        topic`];
  // explicit stack, no recursion: the tree depth is bounded but the habit holds
  const stack = l.topics.filter((t) => t.parent === null || !byName.has(t.parent)).reverse().map((t) => ({ t, depth: 0 }));
  while (stack.length) {
    const { t, depth } = stack.pop()!;
    const leaf = depth ? t.name.slice(t.name.lastIndexOf('/') + 1) : t.name;
    out.push(
      `${String(t.threadCount).padStart(7)} ${String(t.messageCount).padStart(7)} ${String(t.seriesCount).padStart(6)}  ${day(t.lastDate)}  ${'  '.repeat(depth)}${leaf}${t.title ? `  (${t.title})` : ''}`,
    );
    for (const c of [...t.children].reverse()) {
      const ct = byName.get(c);
      if (ct) stack.push({ t: ct, depth: depth + 1 });
    }
  }
  return out.join('\n');
}

export function formatTopicDetail(d: TopicDetailDTO): string {
  const out = [
    `${[...d.ancestors, d.name].join(' > ')}${d.title ? `  (${d.title})` : ''}`,
    `${d.threadCount} threads, ${d.messageCount} messages, ${d.seriesCount} series; last ${day(d.lastDate)}`,
  ];
  if (d.lists.length) out.push(`lists: ${d.lists.join(', ')}`);
  if (d.maintainers.length) out.push(`maintainers: ${d.maintainers.map((m) => `${m.role}: ${m.name ? `${m.name} <${m.address}>` : m.address}`).join(', ')}`);
  if (d.terms.length) out.push(`terms: ${d.terms.map((t) => t.term).join(' ')}`);
  if (d.subtopics.length) {
    out.push('', 'sub-topics:');
    for (const s of d.subtopics) out.push(`  ${s.name.padEnd(32)} ${String(s.threadCount).padStart(6)} threads ${String(s.seriesCount).padStart(5)} series`);
  }
  out.push('', 'series:');
  if (!d.series.length) out.push('  (none)');
  for (const s of d.series) out.push(`  ${day(s.lastDate)}  v${s.latestVersion}  [${s.state}]  ${s.title}`);
  out.push('', 'threads:');
  if (!d.threads.length) out.push('  (none)');
  for (const t of d.threads) out.push(`  ${day(t.lastDate)}  ${String(t.messageCount).padStart(4)} msgs  ${t.subject || '(no subject)'}  (id ${t.id})`);
  return out.join('\n');
}
