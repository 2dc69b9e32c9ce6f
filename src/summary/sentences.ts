// The sentences of a message's own text, for summaries: no greeting ("Hi X,"), no sign-off
// ("Thanks, Andrea"), no trailer block, no indented code; quotes, diffs and the signature are
// already gone from the text splitQuoted() calls new. Kernel identifiers stay intact and a
// sentence does not end at "e.g.", "i.e.", "v5.4" or "foo.bar()". Pure.
import { parseTrailerLine } from '../parse/trailers.js';

const GREETING = /^(?:hi|hello|hey|dear|hallo|ciao|morning|good (?:morning|afternoon|evening))\b[^.!?\n]{0,40}?[,!:]\s*/i;
const SIGN_OFF = /^(?:thanks|thank you|thx|regards|best regards|kind regards|cheers|best|ciao|bye)\b[\s,.!]*(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})?\s*$/i;
// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'approx', 'mr', 'mrs', 'dr', 'no', 'fig', 'resp', 'incl', 'al', 'viz', 'esp']);
const MAX_SENTENCE = 400;

/** Own text -> paragraphs of prose (code, trailers, "---" changelog markers and blank runs removed). */
function prose(text: string): string[] {
  const paragraphs: string[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) paragraphs.push(cur.join(' '));
    cur = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim()) {
      flush();
      continue;
    }
    // indented code or logs, diffstat lines, separators, trailers
    if (/^(?:\t| {4,})/.test(line) || /^[-=_*#~]{2,}\s*$/.test(line.trim()) || /^\s*\S+\s+\|\s+\d+/.test(line)) {
      flush();
      continue;
    }
    // trailers, and the in-body "From:"/"Subject:" lines of a patch sent on someone's behalf
    if (parseTrailerLine(line).length || /^\s*(?:Link|Fixes|Closes|Change-Id|Message-ID|From|Subject|Date):\s/i.test(line)) {
      flush();
      continue;
    }
    cur.push(line.trim());
  }
  flush();
  return paragraphs;
}

/** Splits one paragraph into sentences. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  const s = paragraph;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // a run of terminators ("?!", "...") ends together
    let j = i;
    while (j + 1 < s.length && (s[j + 1] === '.' || s[j + 1] === '!' || s[j + 1] === '?' || s[j + 1] === ')' || s[j + 1] === '"')) j++;
    if (j + 1 < s.length && !/\s/.test(s[j + 1])) {
      i = j;
      continue; // "v5.4", "foo.bar", "e.g.," inside a token
    }
    if (c === '.' && j === i) {
      const word = /([A-Za-z][\w.]*)$/.exec(s.slice(start, i))?.[1] ?? '';
      if (ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word)) continue;
    }
    const next = s.slice(j + 1).trimStart();
    // "... if ret < 0. and" rarely happens; a lowercase continuation after "." usually is
    // a new sentence in list mail, so only the abbreviations above keep a sentence going
    const sentence = s.slice(start, j + 1).trim();
    if (sentence) out.push(sentence);
    start = s.length - next.length;
    i = start - 1;
  }
  const tail = s.slice(start).trim();
  if (tail) out.push(tail);
  return out;
}

/** Cuts an over-long sentence at a word boundary. */
export function clip(s: string, max = MAX_SENTENCE): string {
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max - 1);
  return `${s.slice(0, cut > max / 2 ? cut : max - 1)}…`;
}

export interface Sentence {
  text: string;
  /** Position in the message's own text (0 = first). */
  pos: number;
}

/**
 * The sentences of `ownText`, greeting and sign-off removed. `author` (a display name) lets a
 * bare signature name at the end ("... Jason") go too.
 */
export function ownSentences(ownText: string, author = ''): Sentence[] {
  const sentences: string[] = [];
  for (const p of prose(ownText)) sentences.push(...splitSentences(p));
  if (sentences.length) sentences[0] = sentences[0].replace(GREETING, '');
  const names = new Set(author.toLowerCase().split(/\s+/).filter((w) => w.length > 1));
  const cleaned: string[] = [];
  for (let s of sentences) {
    // a flattened body ends "... Thanks, Andrea" or "... unmap all VAs. Jason"
    s = s.replace(/\s+(?:thanks|thank you|regards|cheers)[,.!]?(?:\s+[A-Z][\w.-]*){0,2}\s*$/i, (m) => (m.length < s.length ? '' : m));
    const words = s.replace(/[,.!]/g, '').trim().split(/\s+/);
    if (!s.trim() || SIGN_OFF.test(s.trim())) continue;
    if (words.length <= 3 && words.every((w) => names.has(w.toLowerCase()) || /^(?:thanks|regards|cheers|--)$/i.test(w))) continue;
    if (!/[A-Za-z]{2}/.test(s)) continue;
    if (words.length <= 2 && s.trim().endsWith(',')) continue; // "Bjorn," opening the next paragraph
    cleaned.push(s.trim());
  }
  // a trailing bare name: "... the only thing release is supposed to mean -> unmap all VAs. Jason"
  if (cleaned.length) {
    const last = cleaned[cleaned.length - 1];
    const m = /^(.*[.!?])\s+([A-Z][\w-]+)$/.exec(last);
    if (m && names.has(m[2].toLowerCase())) cleaned[cleaned.length - 1] = m[1];
  }
  return cleaned.map((text, pos) => ({ text: clip(text), pos }));
}

// Sentences that carry a conclusion: these join the leading ones in a key point.
const CONCLUSION = /\b(?:for this reason|that means|this means|which means|the problem is|the issue is|the real fix|the only (?:thing|way)|in simple terms|therefore|so I|I (?:think|believe|suggest|propose)|in short|the point is)\b/i;
const MODAL = /\b(?:must|should|has to|have to|needs? to|cannot|can't)\b/i;

/**
 * The message's key sentences: the first `lead`, plus up to `extra` later ones that state a
 * conclusion, in text order.
 */
export function keySentences(sentences: Sentence[], lead = 2, extra = 2): Sentence[] {
  const first = sentences.slice(0, lead);
  const scored = sentences
    .slice(lead)
    .map((s) => ({ s, score: (CONCLUSION.test(s.text) ? 2 : 0) + (MODAL.test(s.text) ? 1 : 0) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.s.pos - b.s.pos)
    .slice(0, extra)
    .map((x) => x.s);
  return [...first, ...scored].sort((a, b) => a.pos - b.pos);
}
