// The topic API contract (views/topics.ts builds these shapes; views/topic-types.ts types them).
import { Type } from '@sinclair/typebox';
import { NullableString } from './common.js';
import { SeriesSummarySchema } from './series.js';
import { ThreadSummarySchema } from './thread.js';

export const TopicSummarySchema = Type.Object({
  name: Type.String(),
  parent: NullableString,
  title: NullableString,
  threadCount: Type.Integer(),
  messageCount: Type.Integer(),
  seriesCount: Type.Integer(),
  lastDate: NullableString,
  children: Type.Array(Type.String()),
});

export const TopicListSchema = Type.Object({
  topics: Type.Array(TopicSummarySchema),
  newest: Type.Record(Type.String(), Type.Object({ series: Type.Array(SeriesSummarySchema), threads: Type.Array(ThreadSummarySchema) })),
});

export const TopicTermSchema = Type.Object({ term: Type.String(), score: Type.Number(), count: Type.Integer() });
export const MaintainerSchema = Type.Object({
  name: NullableString,
  address: Type.String(),
  role: Type.Union([Type.Literal('M'), Type.Literal('R')]),
});

export const TopicDetailSchema = Type.Composite([
  TopicSummarySchema,
  Type.Object({
    ancestors: Type.Array(Type.String()),
    subtopics: Type.Array(TopicSummarySchema),
    terms: Type.Array(TopicTermSchema),
    lists: Type.Array(Type.String()),
    maintainers: Type.Array(MaintainerSchema),
    series: Type.Array(SeriesSummarySchema),
    threads: Type.Array(ThreadSummarySchema),
    nextSeriesCursor: NullableString,
    nextThreadCursor: NullableString,
  }),
]);

const DateBound = Type.String({ maxLength: 40, description: 'ISO date or date-time (UTC); a bare until date includes that day' });

export const TopicListQuery = Type.Object(
  {
    since: Type.Optional(DateBound),
    until: Type.Optional(DateBound),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'newest series/threads per top-level topic' })),
  },
  { additionalProperties: false },
);

export const TopicDetailQuery = Type.Object(
  {
    since: Type.Optional(DateBound),
    until: Type.Optional(DateBound),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 25 }),
    seriesCursor: Type.Optional(Type.String({ maxLength: 200 })),
    threadCursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const TopicParams = Type.Object({ '*': Type.String({ minLength: 1, maxLength: 300 }) });
