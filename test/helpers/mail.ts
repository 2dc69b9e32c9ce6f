// Reading real mail in tests through the production reader and parser.
import { openSources } from '../../src/sources/index.js';
import { parseMessage } from '../../src/parse/mime.js';
import type { ParsedMessage } from '../../src/domain/message.js';

/** The patches (not replies) of a mailbox, optionally only messages whose raw bytes contain `needle`. */
export async function patchesOf(file: string, keep: (m: ParsedMessage) => boolean, needle?: string): Promise<ParsedMessage[]> {
  const out: ParsedMessage[] = [];
  for await (const item of openSources([file], {})) {
    if (item.kind !== 'message' || (needle && !item.message.raw.includes(needle))) continue;
    const m = await parseMessage(item.message);
    if (m.patch && !/^\s*re:/i.test(m.subject) && keep(m)) out.push(m);
  }
  return out;
}
