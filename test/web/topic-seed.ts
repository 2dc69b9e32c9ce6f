// Topic DTOs packed from real seed data (seriesPage()/threadPage() over data/sample and the
// hostile fixtures) in the committed topic contract, until the topic views are merged.
import { ingestInto } from '../helpers/tmp.js';
import { repoPath } from '../helpers/corpus.js';
import { seriesPage } from '../../src/views/series.js';
import { threadPage } from '../../src/views/threads.js';
import type { TopicDetailDTO, TopicListDTO, TopicSummaryDTO } from '../../src/views/topic-types.js';

export async function seedTopics(): Promise<{ list: TopicListDTO; detail: TopicDetailDTO }> {
  const { db } = await ingestInto([repoPath('data/sample'), repoPath('test/fixtures/hostile')]);
  const series = seriesPage(db, { limit: 50 }).series;
  const threads = threadPage(db, 50).threads;
  db.close();
  const summary = (name: string, parent: string | null, children: string[]): TopicSummaryDTO => ({
    name,
    parent,
    title: name === 'mm' ? 'MEMORY MANAGEMENT' : null,
    threadCount: threads.length,
    messageCount: threads.reduce((n, t) => n + t.messageCount, 0),
    seriesCount: series.length,
    lastDate: threads[0]?.lastDate ?? null,
    children,
  });
  const evil = 'mm/<script>window.__xss=1</script>';
  const topics = [summary('mm', null, ['mm/gup', evil]), summary('mm/gup', 'mm', []), summary(evil, 'mm', []), summary('net', null, [])];
  const list: TopicListDTO = { topics, newest: { mm: { series: series.slice(0, 3), threads: threads.slice(0, 5) }, net: { series: [], threads: [] } } };
  const detail: TopicDetailDTO = {
    ...summary('mm/gup', 'mm', []),
    ancestors: ['mm'],
    subtopics: [summary(evil, 'mm', [])],
    terms: [{ term: 'folio', score: 3.2, count: 4 }, { term: '<b>x</b>', score: 1, count: 1 }],
    lists: ['linux-mm.kvack.org'],
    maintainers: [{ name: 'Andrew <Morton>', address: 'akpm@linux-foundation.org', role: 'M' }],
    series,
    threads,
    nextSeriesCursor: null,
    nextThreadCursor: 'abc',
  };
  return { list, detail };
}
