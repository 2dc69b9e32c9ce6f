// The message API contract (views/message.ts builds this shape).
import { Type } from '@sinclair/typebox';
import { AddressSchema, NullableInt, NullableString } from './common.js';

export const MessageSchema = Type.Object({
  id: Type.Integer(),
  msgid: Type.String(),
  msgidSynthetic: Type.Boolean(),
  threadId: Type.Integer(),
  subject: Type.String(),
  subjectNormalized: Type.String(),
  from: Type.Union([AddressSchema, Type.Null()]),
  to: Type.Array(AddressSchema),
  cc: Type.Array(AddressSchema),
  date: NullableString,
  dateOffsetMinutes: NullableInt,
  dateFlag: NullableString,
  inReplyTo: NullableString,
  references: Type.Array(Type.String()),
  listId: NullableString,
  body: Type.String(),
  bodyNew: Type.String(),
  bodyQuoted: Type.String(),
  patch: Type.Union([
    Type.Object({
      added: Type.Integer(),
      removed: Type.Integer(),
      files: Type.Array(
        Type.Object({
          path: Type.String(),
          oldPath: NullableString,
          added: Type.Integer(),
          removed: Type.Integer(),
          status: NullableString,
          binary: Type.Boolean(),
        }),
      ),
    }),
    Type.Null(),
  ]),
  trailers: Type.Array(
    Type.Object({ name: Type.String(), value: Type.String(), person: Type.Union([AddressSchema, Type.Null()]) }),
  ),
  flags: Type.Array(Type.String()),
  format: Type.String(),
  origin: Type.String(),
  size: Type.Integer(),
  copies: Type.Integer(),
  series: Type.Union([Type.Object({ id: Type.Integer(), version: Type.Integer(), index: Type.Integer() }), Type.Null()]),
});

export const MessageParams = Type.Object({ msgid: Type.String({ minLength: 1, maxLength: 1000 }) });
export const MessageQuery = Type.Object(
  { copy: Type.Integer({ minimum: 1, maximum: 1000000, default: 1 }) },
  { additionalProperties: false },
);
