// Schemas of the lore-compatible routes, raw/mbox downloads and Atom feeds. Their bodies are
// text, mbox or XML, not JSON: the schemas document the parameters and statuses.
import { Type } from '@sinclair/typebox';

const Msgid = Type.String({ minLength: 1, maxLength: 1000, description: 'a Message-ID, percent-encoded, with or without <>' });

export const LoreParams = Type.Object({
  list: Type.String({ minLength: 1, maxLength: 200, description: 'a lore list name (linux-pm, lkml, ...) or "all"' }),
  msgid: Msgid,
});

export const MsgidParams = Type.Object({ msgid: Msgid });
export const RawQuery = Type.Object({ copy: Type.Optional(Type.Integer({ minimum: 1, default: 1 })) });

export const ThreadMboxParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 1000, description: 'a thread id or any Message-ID in the thread' }),
});

const TopicPart = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9_.,+-]*$' });
export const TopicFeedParams1 = Type.Object({ t1: TopicPart });
export const TopicFeedParams2 = Type.Object({ t1: TopicPart, t2: TopicPart });
export const TopicFeedParams3 = Type.Object({ t1: TopicPart, t2: TopicPart, t3: TopicPart });
export const TopicFeedParams4 = Type.Object({ t1: TopicPart, t2: TopicPart, t3: TopicPart, t4: TopicPart });

export const SearchFeedQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 10240 })) });

export const TextBody = Type.String({ description: 'text/plain' });
export const Bytes = Type.Unsafe<Buffer>({ type: 'string', description: 'bytes (message/mbox/gzip)' });
export const XmlBody = Type.String({ description: 'application/atom+xml' });
export const Redirect = Type.Null({ description: 'redirect: see Location' });
export const AnyNotFound = Type.Unknown({
  description: 'text/plain (unknown message, not on that list), or the app JSON 404 for the app\'s own path prefixes',
});
