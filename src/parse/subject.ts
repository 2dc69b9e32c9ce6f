// Subject keys for threading. RFC 2047 words are already decoded by mailparser.
import { MAX_SUBJECT_LENGTH } from './limits.js';

// Reply/forward markers seen on lists: Re, Aw (de), Sv (da/no/sv), R/Rif (it), Odp (pl), Antw (nl),
// Vs (fi), 回复/答复 (zh), Fwd/Fw/Tr (fr)/Wg (de)/转发; with "Re[2]:", "Re(2):", "Re^2:" counters.
// Words that are also kernel subsystem prefixes (rv:, res:) are left out.
const REPLY_WORDS = 're|aw|sv|r|rif|odp|antw|vs|回复|答复|fwd|fw|tr|wg|转发';
// After a tag ("[linux-pm] Re: x") only unambiguous markers count: "[PATCH] tr: x" is a subsystem.
const REPLY_WORDS_AFTER_TAG = 're|aw|sv|odp|antw|fwd|fw';
const replyPrefix = (words: string): RegExp =>
  // Anchored and linear: fixed words, bounded counter and spacing.
  new RegExp(`^(?:${words})\\s{0,4}(?:\\[\\d{1,5}\\]|\\(\\d{1,5}\\)|\\^\\d{1,5})?\\s{0,4}[:：]`, 'iu');
const REPLY_PREFIX = replyPrefix(REPLY_WORDS);
const REPLY_PREFIX_AFTER_TAG = replyPrefix(REPLY_WORDS_AFTER_TAG);
// patchwork's subject_check also counts "Re meep" (no colon) as a reply.
const REPLY_NO_COLON = /^(?:re|fwd?)\s/i;
// A leading tag: "[PATCH v3 2/7]", "[RFC]", "[bug#45000]". Bounded so "[" with no "]" costs nothing.
const MAX_TAG_LENGTH = 200;

/**
 * The thread/subject key: leading Re:/Fwd:/Aw:/... markers and bracketed tags removed
 * (in any order and number), whitespace collapsed, trimmed, lower-cased.
 * Brackets later in the title ("rewrite [a-z] regexes") are kept.
 */
export function normalizeSubject(subject: string | null | undefined): string {
  if (!subject) return '';
  let s = subject.length > MAX_SUBJECT_LENGTH ? subject.slice(0, MAX_SUBJECT_LENGTH) : subject;
  s = s.replace(/\s+/g, ' ').trim();
  let afterTag = false;
  for (;;) {
    const reply = (afterTag ? REPLY_PREFIX_AFTER_TAG : REPLY_PREFIX).exec(s);
    if (reply) {
      s = s.slice(reply[0].length).trimStart();
      continue;
    }
    if (s.startsWith('[')) {
      const close = s.indexOf(']');
      if (close > 0 && close <= MAX_TAG_LENGTH) {
        s = s.slice(close + 1).trimStart();
        // "[Patch 2/2]: title" - a colon right after a tag belongs to the tag
        if (s.startsWith(':')) s = s.slice(1).trimStart();
        afterTag = true;
        continue;
      }
    }
    break;
  }
  return s.toLowerCase();
}

/**
 * True when the subject starts with a reply or forward marker (Re:, Aw:, R:, Fwd:, "Re meep"),
 * also behind list tags ("[linux-pm] Re: x").
 */
export function isReplySubject(subject: string | null | undefined): boolean {
  if (!subject) return false;
  let s = subject.slice(0, MAX_SUBJECT_LENGTH).trimStart();
  if (REPLY_PREFIX.test(s) || REPLY_NO_COLON.test(s)) return true;
  while (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close <= 0 || close > MAX_TAG_LENGTH) return false;
    s = s.slice(close + 1).trimStart();
    if (REPLY_PREFIX_AFTER_TAG.test(s)) return true;
  }
  return false;
}
