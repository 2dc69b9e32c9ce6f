// docs/export-schema.json, the documented JSON export format, is this schema written out:
//   node dist/src/export/schema.js > docs/export-schema.json
// (test/export/formats.test.ts fails when the file and the model drift apart). Shared parts
// of the model become named definitions so the file reads as documentation.
import { pathToFileURL } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import * as T from '../summary/types.js';

const NAMED: [string, TSchema][] = [
  ['ThreadSummary', T.ThreadSummarySchema],
  ['SeriesSummary', T.SeriesSummarySchema],
  ['CollectionSummary', T.CollectionSummarySchema],
  ['Source', T.SourceSchema],
  ['Participant', T.ParticipantSchema],
  ['MessageRef', T.MessageRefSchema],
  ['Discussion', T.DiscussionSchema],
  ['Point', T.PointSchema],
  ['Question', T.QuestionSchema],
  ['Stance', T.StanceSchema],
  ['CitedLink', T.LinkSchema],
  ['SeriesVersion', T.SeriesVersionSchema],
  ['SeriesPatch', T.SeriesPatchSchema],
  ['Trailer', T.TrailerSchema],
  ['VersionChange', T.VersionChangeSchema],
];

// Plain JSON of a schema with every named part other than `self` replaced by a $ref
// (schemas are small, fixed trees: recursion here never sees message data).
function plain(node: unknown, self: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => plain(n, self));
  if (node === null || typeof node !== 'object') return node;
  const named = NAMED.find(([, s]) => s === node);
  if (named && node !== self) return { $ref: `#/definitions/${named[0]}` };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = plain(v, self);
  return out;
}

export function exportJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(plain(T.ExportSchema, T.ExportSchema) as Record<string, unknown>),
    description:
      'lkb export --format json and GET /api/export/...?format=json: a thread, a series, or a topic/search (many threads). ' +
      'Every point carries msgid, url (/m/<msgid>) and lore (https://lore.kernel.org/all/<msgid>/, null for made-up Message-IDs).',
    definitions: Object.fromEntries(NAMED.map(([name, s]) => [name, plain(s, s)])),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(exportJsonSchema(), null, 2)}\n`);
}
