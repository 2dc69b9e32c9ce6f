// One thread's summary from its messages (in tree order with parent links). Pure.
import { parseSubjectTags } from '../series/subject-tags.js';
import { subjectTopic } from '../series/topic.js';
import { displayName, sourceOf, type MessageInput } from './input.js';
import { participantsOf } from './participants.js';
import { byDate, discussionOf } from './points.js';
import type { MessageRef, SummaryOptions, ThreadSummary } from './types.js';

export interface ThreadMaterial {
  id: number;
  subject: string;
  rootMsgid: string | null;
  /** The thread's topic from the topic index (subject, paths, lists); null = none. */
  topic?: string | null;
  messages: MessageInput[];
}

export function titleOf(subject: string): string {
  return parseSubjectTags(subject).title || subject.replace(/^(?:\s*(?:re|fwd?|aw)\s*:\s*)+/i, '').trim();
}

export function listsOf(messages: readonly MessageInput[]): string[] {
  return [...new Set(messages.map((m) => m.listId).filter((l): l is string => !!l))].sort();
}

export function messageRefs(messages: readonly MessageInput[]): MessageRef[] {
  return [...messages].sort(byDate).map((m) => ({
    ...sourceOf(m.msgid, m.synthetic),
    subject: m.subject,
    from: displayName(m),
    date: m.date,
    parent: m.parent,
    patch: m.isPatch,
  }));
}

export function dateSpan(messages: readonly MessageInput[]): { firstDate: string | null; lastDate: string | null } {
  const dates = messages.map((m) => m.date).filter((d): d is string => d !== null).sort();
  return { firstDate: dates[0] ?? null, lastDate: dates[dates.length - 1] ?? null };
}

export function summarizeThread(t: ThreadMaterial, opts: SummaryOptions = {}): ThreadSummary {
  const title = titleOf(t.subject);
  const root = t.rootMsgid ? t.messages.find((m) => m.msgid === t.rootMsgid) : undefined;
  return {
    kind: 'thread',
    id: t.id,
    title,
    lists: listsOf(t.messages),
    topic: t.topic !== undefined ? t.topic : subjectTopic(title),
    ...dateSpan(t.messages),
    messageCount: t.messages.length,
    root: t.rootMsgid ? sourceOf(t.rootMsgid, root?.synthetic ?? false) : null,
    participants: participantsOf(t.messages, opts),
    discussion: discussionOf(t.messages),
    messages: messageRefs(t.messages),
  };
}
