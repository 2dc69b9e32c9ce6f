// The summary model of the export issue: what a thread, a series or a topic said and what
// changed, every point linked to the message it came from. TypeBox schemas are the single
// source: the static types below, docs/export-schema.json (the documented JSON format) and
// the API all come from them.
import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// Closed objects: a field the schema does not document fails validation (the drift test).
const Obj = <P extends TProperties>(props: P) => Type.Object(props, { additionalProperties: false });

/** Where a point came from: the local page and the lore-style address (null for a synthetic Message-ID). */
export const SourceSchema = Obj({
  msgid: Type.String(),
  url: Type.String({ description: 'relative link to the message page: /m/<msgid>' }),
  lore: Nullable(Type.String({ description: 'https://lore.kernel.org/all/<msgid>/' })),
});
export type Source = Static<typeof SourceSchema>;

const sourced = <T extends TProperties>(props: T) => Type.Composite([SourceSchema, Obj(props)], { additionalProperties: false });

export const RoleSchema = Type.Union([
  Type.Literal('patch-author'),
  Type.Literal('reviewer'),
  Type.Literal('maintainer'),
  Type.Literal('quoted'),
]);
export type Role = Static<typeof RoleSchema>;

export const ParticipantSchema = Obj({
  name: Type.String(),
  address: Type.String(),
  messages: Type.Integer({ description: 'messages sent in what is summarised (0: only quoted)' }),
  roles: Type.Array(RoleSchema),
});
export type Participant = Static<typeof ParticipantSchema>;

export const MessageRefSchema = sourced({
  subject: Type.String(),
  from: Type.String(),
  date: Nullable(Type.String()),
  parent: Nullable(Type.String({ description: 'msgid of the message it replies to' })),
  patch: Type.Boolean(),
});
export type MessageRef = Static<typeof MessageRefSchema>;

export const PointSchema = sourced({
  who: Type.String(),
  date: Nullable(Type.String()),
  text: Type.String({ description: "leading sentences of the author's own (unquoted) text" }),
});
export type Point = Static<typeof PointSchema>;

export const QuestionSchema = sourced({
  who: Type.String(),
  date: Nullable(Type.String()),
  text: Type.String(),
  answered: Type.Boolean(),
  answers: Type.Array(Type.String({ description: 'msgids of later replies below it by someone else' })),
});
export type Question = Static<typeof QuestionSchema>;

export const StanceSchema = sourced({
  who: Type.String(),
  date: Nullable(Type.String()),
  text: Type.String(),
  trailer: Nullable(Type.String({ description: 'the trailer name when the stance is a trailer (Acked-by, NAK...)' })),
});
export type Stance = Static<typeof StanceSchema>;

export const LinkSchema = sourced({
  who: Type.String(),
  kind: Type.Union([Type.Literal('fixes'), Type.Literal('link'), Type.Literal('lore'), Type.Literal('commit'), Type.Literal('url')]),
  value: Type.String(),
});
export type CitedLink = Static<typeof LinkSchema>;

export const DiscussionSchema = Obj({
  points: Type.Array(PointSchema),
  questions: Type.Array(QuestionSchema),
  objections: Type.Array(StanceSchema),
  agreements: Type.Array(StanceSchema),
  links: Type.Array(LinkSchema),
});
export type Discussion = Static<typeof DiscussionSchema>;

export const ThreadSummarySchema = Obj({
  kind: Type.Literal('thread'),
  id: Type.Integer(),
  title: Type.String(),
  lists: Type.Array(Type.String()),
  topic: Nullable(Type.String()),
  firstDate: Nullable(Type.String()),
  lastDate: Nullable(Type.String()),
  messageCount: Type.Integer(),
  root: Nullable(SourceSchema),
  participants: Type.Array(ParticipantSchema),
  discussion: DiscussionSchema,
  messages: Type.Array(MessageRefSchema),
});
export type ThreadSummary = Static<typeof ThreadSummarySchema>;

export const TrailerSchema = Obj({
  name: Type.String(),
  value: Type.String(),
  from: Nullable(SourceSchema),
  carriedFromVersion: Nullable(Type.Integer()),
});

export const SeriesPatchSchema = Obj({
  index: Type.Integer(),
  title: Type.String(),
  source: Nullable(SourceSchema),
  status: Type.Union([Type.Literal('reviewed'), Type.Literal('unreviewed'), Type.Literal('missing'), Type.Literal('applied')]),
  trailers: Type.Array(TrailerSchema),
});

export const SeriesVersionSchema = Obj({
  version: Type.Integer(),
  label: Nullable(Type.String()),
  title: Type.String(),
  date: Nullable(Type.String()),
  state: Type.String(),
  rfc: Type.Boolean(),
  resend: Type.Boolean(),
  total: Type.Integer(),
  complete: Type.Boolean(),
  cover: Nullable(SourceSchema),
  changelog: Type.Array(Obj({ version: Nullable(Type.Integer()), text: Type.String() })),
  patches: Type.Array(SeriesPatchSchema),
  unreviewed: Type.Array(Type.Integer()),
});
export type SeriesVersionSummary = Static<typeof SeriesVersionSchema>;

export const VersionChangeSchema = Obj({
  from: Type.Integer(),
  to: Type.Integer(),
  patches: Type.Array(
    Obj({
      status: Type.String({ description: 'same | changed | added | dropped (range-diff)' }),
      title: Type.String(),
      old: Nullable(SourceSchema),
      new: Nullable(SourceSchema),
      files: Type.Array(Type.String()),
      added: Type.Integer({ description: 'interdiff lines only the new version has' }),
      removed: Type.Integer({ description: 'interdiff lines only the old version has' }),
      renames: Type.Array(Obj({ from: Type.String(), to: Type.String() })),
      messageChanged: Type.Boolean(),
    }),
  ),
});
export type VersionChange = Static<typeof VersionChangeSchema>;

export const SeriesSummarySchema = Obj({
  kind: Type.Literal('series'),
  id: Type.Integer(),
  title: Type.String(),
  author: Nullable(Type.String()),
  topic: Nullable(Type.String()),
  lists: Type.Array(Type.String()),
  firstDate: Nullable(Type.String()),
  lastDate: Nullable(Type.String()),
  state: Obj({
    state: Type.String(),
    latestVersion: Type.Integer(),
    superseded: Type.Array(Type.Integer()),
    unreviewed: Type.Array(Type.Integer({ description: 'patch numbers of the latest version without review' })),
  }),
  participants: Type.Array(ParticipantSchema),
  versions: Type.Array(SeriesVersionSchema),
  changes: Type.Array(VersionChangeSchema),
  discussion: DiscussionSchema,
});
export type SeriesSummary = Static<typeof SeriesSummarySchema>;

/** A topic or a search: many threads, written one at a time. */
export const CollectionSummarySchema = Obj({
  kind: Type.Union([Type.Literal('topic'), Type.Literal('search')]),
  name: Type.String(),
  threads: Type.Array(ThreadSummarySchema),
});
export type CollectionSummary = Static<typeof CollectionSummarySchema>;
export type CollectionHead = Omit<CollectionSummary, 'threads'>;

export const ExportSchema = Type.Union([ThreadSummarySchema, SeriesSummarySchema, CollectionSummarySchema], {
  $id: 'https://lkml-kb.invalid/export-schema.json',
  title: 'lkml-kb export (lkb export --format json)',
});

export interface SummaryOptions {
  /** True for an address MAINTAINERS lists for what is summarised (the lead wires the MAINTAINERS import). */
  maintainerOf?: (address: string) => boolean;
}

