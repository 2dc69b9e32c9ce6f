// A topic (or a search) summarised as a stream of thread summaries: one thread is loaded,
// summarised and handed on before the next is read, so memory does not grow with the topic.
import type { CollectionHead, SummaryOptions, ThreadSummary } from './types.js';
import { summarizeThread, type ThreadMaterial } from './thread.js';

export function collectionHead(kind: 'topic' | 'search', name: string): CollectionHead {
  return { kind, name };
}

/** Summaries of `threadIds` in order; `load` returns null for a thread that vanished. */
export function* summarizeThreads(
  threadIds: Iterable<number>,
  load: (id: number) => ThreadMaterial | null,
  opts: SummaryOptions = {},
): Generator<ThreadSummary> {
  for (const id of threadIds) {
    const t = load(id);
    if (t) yield summarizeThread(t, opts);
  }
}
