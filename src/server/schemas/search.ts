// The search API contract (views/search.ts builds these shapes).
import { Type } from '@sinclair/typebox';
import { AddressSchema, NullableString } from './common.js';

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 10240 }),
    group: Type.Union([Type.Literal('message'), Type.Literal('thread')], { default: 'message' }),
    sort: Type.Union([Type.Literal('relevance'), Type.Literal('date')], { default: 'relevance' }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);

export const SearchResultSchema = Type.Object({
  total: Type.Integer(),
  partial: Type.Boolean(),
  /** The query ran past the server's deadline: nothing found in time (narrow the query). */
  timedOut: Type.Optional(Type.Boolean()),
  message: Type.Optional(Type.String()),
  hits: Type.Array(
    Type.Object({
      msgid: Type.String(),
      threadId: Type.Integer(),
      subject: Type.String(),
      from: Type.Union([AddressSchema, Type.Null()]),
      date: NullableString,
      snippet: Type.String(),
      snippetField: Type.String(),
      highlights: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()])),
      threadHits: Type.Optional(Type.Integer()),
    }),
  ),
  nextCursor: NullableString,
});

/** A query that does not parse: where, and what to do about it. */
export const QueryErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  position: Type.Optional(Type.Integer()),
  hint: Type.Optional(Type.String()),
});
