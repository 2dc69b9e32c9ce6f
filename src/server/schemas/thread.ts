// The thread API contract (views/threads.ts builds these shapes).
import { Type } from '@sinclair/typebox';
import { AddressSchema, NullableInt, NullableString } from './common.js';

export const ThreadSummarySchema = Type.Object({
  id: Type.Integer(),
  subject: Type.String(),
  rootMsgid: NullableString,
  messageCount: Type.Integer(),
  copyCount: Type.Integer(),
  participants: Type.Integer(),
  firstDate: NullableString,
  lastDate: NullableString,
  topic: NullableString,
});

export const ThreadListSchema = Type.Object({
  threads: Type.Array(ThreadSummarySchema),
  nextCursor: NullableString,
});

export const ThreadNodeSchema = Type.Object({
  msgid: Type.String(),
  parentMsgid: NullableString,
  depth: Type.Integer(),
  ghost: Type.Boolean(),
  id: NullableInt,
  subject: NullableString,
  from: Type.Union([AddressSchema, Type.Null()]),
  date: NullableString,
  hasPatch: Type.Boolean(),
});

export const ThreadSchema = Type.Composite([ThreadSummarySchema, Type.Object({ nodes: Type.Array(ThreadNodeSchema) })]);

export const ThreadListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ThreadParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1000 }) });
