// Total orders that make the tree independent of input order.

import type { ThreadInput } from './types.js';

/** Plain code-unit order: locale-free, so every machine sorts alike. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Row ids are digit strings: compare them as numbers ("9" before "10"), anything else as text. */
export function compareKeys(a: string, b: string): number {
  const digits = /^\d+$/;
  if (digits.test(a) && digits.test(b) && a.length !== b.length) return a.length - b.length;
  return compareStrings(a, b);
}

/** Earlier first; unknown dates last. */
export function compareDates(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/** The order messages are linked in, and the order siblings are shown in: (date, msgid, key). */
export function compareInputs(a: ThreadInput, b: ThreadInput): number {
  return compareDates(a.date, b.date) || compareStrings(a.msgid, b.msgid) || compareKeys(a.key, b.key);
}
