// lore.kernel.org's names for lists and the question "is this message on that list?", for the
// lore-compatible URL aliases (/LIST/MSGID/, /LIST/MSGID/raw, ...). A list is named as lore names
// it: the List-Id's first label ("<linux-pm.vger.kernel.org>" -> "linux-pm"), except that
// linux-kernel is "lkml"; "all" matches every list. A copy without a List-Id is on a list when
// its To or Cc holds the list's address (the b4 and patchwork test mail have no List-Id).
import type { ReadableDB } from '../store/db.js';
import { getMessagesByMsgid, getRecipients, type MessageRow } from '../store/messages.js';

export const ALL_LISTS = 'all';

/** lore's archive names that differ from the list's local part. */
const LORE_ALIASES: Record<string, string> = { 'linux-kernel': 'lkml' };

/** "linux-pm.vger.kernel.org" -> "linux-pm"; "linux-kernel.vger.kernel.org" -> "lkml". */
export function loreListName(listId: string): string {
  const local = listId.trim().replace(/^<|>$/g, '').toLowerCase().split(/[.@]/)[0];
  return LORE_ALIASES[local] ?? local;
}

/** The lore name a path segment means ("linux-kernel" and "lkml" both mean lkml). */
export function normalizeListArg(list: string): string {
  const l = list.trim().toLowerCase();
  return l === ALL_LISTS ? ALL_LISTS : loreListName(l);
}

/** The lore names of the lists a stored copy is on. */
export function listsOf(db: ReadableDB, row: MessageRow): string[] {
  if (row.list_id) return [loreListName(row.list_id)];
  const { to, cc } = getRecipients(db, row);
  return [...new Set([...to, ...cc].filter((a) => a.address.includes('@')).map((a) => loreListName(a.address)))];
}

export type ListLookup =
  | { found: MessageRow; copies: number }
  | { unknown: true }
  | { elsewhere: string[] };

/** The first stored copy of `msgid` on `list` ("all": the first copy). */
export function findOnList(db: ReadableDB, msgid: string, list: string): ListLookup {
  const rows = getMessagesByMsgid(db, msgid);
  if (!rows.length) return { unknown: true };
  const want = normalizeListArg(list);
  if (want === ALL_LISTS) return { found: rows[0], copies: rows.length };
  const seen = new Set<string>();
  for (const row of rows) {
    const lists = listsOf(db, row);
    if (lists.includes(want)) return { found: row, copies: rows.length };
    for (const l of lists) seen.add(l);
  }
  return { elsewhere: [...seen] };
}

/** Is a stored copy on `list`? ("all": always.) */
export function isOnList(db: ReadableDB, row: MessageRow, list: string): boolean {
  const want = normalizeListArg(list);
  return want === ALL_LISTS || listsOf(db, row).includes(want);
}
