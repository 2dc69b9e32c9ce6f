// JSON exports: the summary model as is (docs/export-schema.json documents it, generated from
// summary/types.ts). A topic streams as {"kind","name","threads":[...]} one thread at a time.
import type { CollectionHead, SeriesSummary, ThreadSummary } from '../summary/types.js';

export const summaryJson = (s: ThreadSummary | SeriesSummary): string => `${JSON.stringify(s, null, 2)}\n`;

export function collectionHeadJson(h: CollectionHead): string {
  return `{\n  "kind": ${JSON.stringify(h.kind)},\n  "name": ${JSON.stringify(h.name)},\n  "threads": [\n`;
}

export const collectionItemJson = (s: ThreadSummary, first: boolean): string => `${first ? '' : ',\n'}${JSON.stringify(s)}`;

export const COLLECTION_TAIL_JSON = '\n  ]\n}\n';
