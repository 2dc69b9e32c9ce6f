// The discussion points of a set of messages: each author's key sentences, questions and
// whether someone else answered below them, objections, agreements (trailers included) and
// the links they cite. Pure and deterministic: output follows message order (date, msgid).
import type { CitedLink, Discussion, Point, Question, Stance } from './types.js';
import { displayName, sourceOf, type MessageInput } from './input.js';
import { clip, keySentences, ownSentences, type Sentence } from './sentences.js';

const MAX_QUESTIONS_PER_MESSAGE = 3;
const MAX_STANCES_PER_MESSAGE = 2;
// A reply whose own words are shorter than this ("Sorry about that.", "Will change.") is no key point.
const MIN_POINT_CHARS = 40;

const OBJECTION =
  /\bNAK\b|\bNACK\b|\bI (?:don't|do not|dont) (?:think|see how|like|agree|believe)\b|\bI disagree\b|\bthis (?:breaks|will break|would break|is broken)\b|\b(?:is|are) not acceptable\b|\bnot (?:a good idea|correct|right)\b|\bthis is wrong\b|\bdoesn't work\b|\bdoes not work\b|\bregress(?:es|ion)\b/i;
const AGREEMENT =
  /\blooks? (?:good|fine|ok|okay|sane|reasonable)\b|\bLGTM\b|\bI agree\b|\b(?:that|this|it|which) makes (?:perfect )?sense(?! to (?!me)\w)|\bsounds (?:good|fine|reasonable)\b|\bfine (?:by|with) me\b|\bfeel free to add\b|\bapplied\b[^.]{0,40}\bthanks\b|\bqueued\b/i;
const AGREE_TRAILERS = new Set(['Reviewed-by', 'Acked-by', 'Tested-by']);
const COMMIT_CITE = /\bcommit\s+([0-9a-f]{10,40})\b(?:\s*\(("[^"\n]{1,200}")\))?/gi;
const LORE_URL = /https?:\/\/(?:lore\.kernel\.org|lkml\.kernel\.org\/r|patch\.msgid\.link|marc\.info|lkml\.org)\/[^\s<>)"'\]]+/g;

/** Message order used everywhere: date, then Message-ID (undated last). */
export function byDate(a: Pick<MessageInput, 'date' | 'msgid'>, b: Pick<MessageInput, 'date' | 'msgid'>): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? -1 : 1;
  }
  return a.msgid < b.msgid ? -1 : a.msgid > b.msgid ? 1 : 0;
}

/** Is `m` below `ancestor` in the tree (following parent links; loops stop)? */
function isBelow(m: MessageInput, ancestor: string, byId: Map<string, MessageInput>): boolean {
  const seen = new Set<string>();
  for (let p = m.parent; p && !seen.has(p); p = byId.get(p)?.parent ?? null) {
    if (p === ancestor) return true;
    seen.add(p);
  }
  return false;
}

export function discussionOf(messages: readonly MessageInput[]): Discussion {
  const sorted = [...messages].sort(byDate);
  const byId = new Map(sorted.map((m) => [m.msgid, m]));
  const d: Discussion = { points: [], questions: [], objections: [], agreements: [], links: [] };
  const seenLinks = new Set<string>();
  const seenPoints = new Set<string>();
  for (const m of sorted) {
    const who = displayName(m);
    const src = sourceOf(m.msgid, m.synthetic);
    const sentences = ownSentences(m.isPatch ? commitMessage(m.bodyNew) : m.bodyNew, m.fromName);
    if (sentences.length) {
      const text = keySentences(sentences, m.isPatch ? 1 : 2, m.isPatch ? 0 : 2).map((s) => s.text).join(' ');
      // the same words again (a resend, the next version's unchanged message) are not a new point
      const key = `${m.fromAddr.toLowerCase()}\n${text}`;
      if (!seenPoints.has(key) && (text.length >= MIN_POINT_CHARS || m.isPatch || !m.parent)) d.points.push({ ...src, who, date: m.date, text } satisfies Point);
      seenPoints.add(key);
    }
    if (!m.isPatch) {
      for (const q of sentences.filter((s) => s.text.endsWith('?')).slice(0, MAX_QUESTIONS_PER_MESSAGE)) {
        const answers = sorted
          .filter((r) => r !== m && byDate(m, r) < 0 && r.fromAddr.toLowerCase() !== m.fromAddr.toLowerCase() && isBelow(r, m.msgid, byId))
          .map((r) => r.msgid);
        d.questions.push({ ...src, who, date: m.date, text: q.text, answered: answers.length > 0, answers } satisfies Question);
      }
      pushStances(d.objections, sentences, OBJECTION, m, src, who);
      pushStances(d.agreements, sentences, AGREEMENT, m, src, who);
    }
    for (const t of m.trailers) {
      const isOwn = !t.person || t.person.address.toLowerCase() === m.fromAddr.toLowerCase();
      if (!m.isPatch && isOwn && AGREE_TRAILERS.has(t.name)) {
        d.agreements.push({ ...src, who, date: m.date, text: `${t.name}: ${t.value}`, trailer: t.name } satisfies Stance);
      }
      if (!m.isPatch && t.name === 'Nacked-by') {
        d.objections.push({ ...src, who, date: m.date, text: `${t.name}: ${t.value}`, trailer: t.name } satisfies Stance);
      }
      if (t.name === 'Fixes' || t.name === 'Link' || t.name === 'Closes') {
        addLink(d.links, seenLinks, { ...src, who, kind: t.name === 'Fixes' ? 'fixes' : 'link', value: t.value });
      }
    }
    for (const [, sha, title] of m.bodyNew.matchAll(COMMIT_CITE)) {
      addLink(d.links, seenLinks, { ...src, who, kind: 'commit', value: title ? `${sha.slice(0, 12)} (${title})` : sha.slice(0, 12) });
    }
    for (const [url] of m.bodyNew.matchAll(LORE_URL)) {
      addLink(d.links, seenLinks, { ...src, who, kind: 'lore', value: url.replace(/[.,;:]+$/, '') });
    }
  }
  return d;
}

function pushStances(
  into: Stance[],
  sentences: Sentence[],
  re: RegExp,
  m: MessageInput,
  src: ReturnType<typeof sourceOf>,
  who: string,
): void {
  for (const s of sentences.filter((x) => re.test(x.text)).slice(0, MAX_STANCES_PER_MESSAGE)) {
    const nak = /\bNAC?K\b/.test(s.text);
    into.push({ ...src, who, date: m.date, text: clip(s.text, 300), trailer: nak ? 'NAK' : null });
  }
}

function addLink(into: CitedLink[], seen: Set<string>, l: CitedLink): void {
  // a Link: trailer and the same URL in the text, a Fixes: tag and "commit <sha>", are one link
  const key = l.kind === 'fixes' || l.kind === 'commit' ? `sha:${l.value.slice(0, 12).toLowerCase()}` : l.value;
  if (seen.has(key)) return;
  seen.add(key);
  into.push(l);
}

/** A patch's commit message: its own text before the "---" line (the notes after it are not the message). */
export function commitMessage(text: string): string {
  const cut = text.search(/^---\s*$/m);
  return cut >= 0 ? text.slice(0, cut) : text;
}
