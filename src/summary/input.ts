// What the summarisers read: one message of a thread as the read models give it (no store
// access here). load.ts builds these from the views; tests may build them by hand.
import type { Source } from './types.js';

export interface MessageInput {
  msgid: string;
  /** The store made the Message-ID up (the input had none): no lore link. */
  synthetic: boolean;
  /** The message it replies to in the thread tree (null for a root). */
  parent: string | null;
  subject: string;
  fromName: string;
  fromAddr: string;
  date: string | null;
  listId: string | null;
  isPatch: boolean;
  /** Whole body (for quote attributions) and the author's own text (splitQuoted's newText). */
  body: string;
  bodyNew: string;
  trailers: { name: string; value: string; person: { name: string; address: string } | null }[];
}

// encodeURIComponent leaves !'()* alone; Markdown links and HTML attributes are safer without them.
const encodeSegment = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function sourceOf(msgid: string, synthetic: boolean): Source {
  return {
    msgid,
    url: `/m/${encodeSegment(msgid)}`,
    lore: synthetic ? null : `https://lore.kernel.org/all/${encodeSegment(msgid).replace(/%40/g, '@')}/`,
  };
}

export const displayName = (m: Pick<MessageInput, 'fromName' | 'fromAddr'>): string => m.fromName || m.fromAddr || '(unknown)';
