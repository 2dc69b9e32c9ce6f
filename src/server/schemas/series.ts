// The series API contract (views/series.ts builds these shapes).
import { Type } from '@sinclair/typebox';
import { AddressSchema, NullableInt, NullableString } from './common.js';

const Applied = Type.Union([
  Type.Object({ via: Type.String(), sha: NullableString, branch: NullableString, evidence: Type.String() }),
  Type.Null(),
]);
const PatchSlot = Type.Union([
  Type.Object({ msgid: Type.String(), subject: Type.String(), backfilled: Type.Boolean(), applied: Applied }),
  Type.Null(),
]);
export const SERIES_STATES = ['new', 'under-review', 'changes-requested', 'superseded', 'applied'] as const;

export const VersionSchema = Type.Object({
  key: Type.String(),
  version: Type.Integer(),
  versionLabel: NullableString,
  origin: Type.String(),
  state: Type.String(),
  title: Type.String(),
  rfc: Type.Boolean(),
  resend: Type.Boolean(),
  labels: Type.Array(Type.String()),
  total: Type.Integer(),
  complete: Type.Boolean(),
  coverMsgid: NullableString,
  date: NullableString,
  patches: Type.Array(PatchSlot),
  referencedBy: Type.Array(Type.Object({ slot: Type.Integer(), msgid: Type.String() })),
});

export const SeriesSummarySchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  title: Type.String(),
  author: Type.Union([AddressSchema, Type.Null()]),
  state: Type.String(),
  topic: NullableString,
  latestVersion: Type.Integer(),
  firstDate: NullableString,
  lastDate: NullableString,
  versions: Type.Array(VersionSchema),
});

export const SeriesListSchema = Type.Object({ series: Type.Array(SeriesSummarySchema), nextCursor: NullableString });

const TrailerSchema = Type.Object({
  name: Type.String(),
  value: Type.String(),
  fromMsgid: NullableString,
  viaCover: Type.Boolean(),
  carriedFromVersion: NullableInt,
});

export const SeriesDetailSchema = Type.Composite([
  SeriesSummarySchema,
  Type.Object({
    links: Type.Array(
      Type.Object({ from: Type.String(), to: Type.String(), score: Type.Number(), reasons: Type.Array(Type.String()), status: Type.String() }),
    ),
    review: Type.Array(
      Type.Object({
        version: Type.Integer(),
        key: Type.String(),
        patches: Type.Array(
          Type.Object({
            index: Type.Integer(),
            msgid: NullableString,
            own: Type.Array(TrailerSchema),
            collected: Type.Array(TrailerSchema),
            reviewed: Type.Boolean(),
          }),
        ),
        unreviewed: Type.Array(Type.Integer()),
        changelog: Type.Array(Type.Object({ version: NullableInt, text: Type.String() })),
      }),
    ),
  }),
]);

const PatchRef = Type.Union([Type.Object({ index: Type.Integer(), msgid: Type.String(), title: Type.String() }), Type.Null()]);

export const SeriesDiffSchema = Type.Object({
  seriesId: Type.Integer(),
  from: Type.Integer(),
  to: Type.Integer(),
  patches: Type.Array(
    Type.Object({
      old: PatchRef,
      new: PatchRef,
      status: Type.String(),
      moved: Type.Boolean(),
      renamed: Type.Boolean(),
      similarity: Type.Number(),
      interdiff: NullableString,
      commitMessageDiff: NullableString,
    }),
  ),
});

export const SeriesListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    author: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    state: Type.Optional(Type.Union(SERIES_STATES.map((x) => Type.Literal(x)))),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][\\w.,/+-]*$' })),
    list: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    since: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}', maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const SeriesParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1000 }) });
export const SeriesDiffQuery = Type.Object(
  { from: Type.Integer({ minimum: 0, maximum: 1000 }), to: Type.Integer({ minimum: 0, maximum: 1000 }) },
  { additionalProperties: false },
);
