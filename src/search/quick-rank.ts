// Ranking without FTS5's bm25() for queries where bm25() would cost a whole-archive scan.
//
// bm25() computes each query phrase's IDF by reading the phrase's entire doclist: for a word
// in most messages of a million-message archive ("kernel", "patch") that alone is 25-40 ms,
// and for an address phrase in every To/Cc ("tc:linux-kernel") 200 ms, whatever the number
// of rows ranked. So:
//  - address-only queries (f: t: c: tc: a:) are not ranked at all: a message is from someone
//    or it is not, and such results read best newest first;
//  - queries matching more than COUNT_CAP messages (answered as partial anyway) rank their
//    newest matches by where the terms occur: a term in the subject weighs as bm25's subject
//    column (10), in From as the from_ column (3); ties (most rows) newest first. Where they
//    occur comes from the index's subject and from_ columns (scoreByOccurrence), or for a
//    prefix term from the stored subject and From text (quickRank).
// Pure: the store layer finds the rows, this module scores them.

import type { QueryNode, TermNode } from './query.js';

const ASCII = /^[\x00-\x7f]*$/;

/** Address prefixes: filters by person or list, with no degree of relevance. */
const ADDRESS_FIELDS = new Set<TermNode['field']>(['f', 't', 'c', 'tc', 'a']);
/** Weights as in store/search.ts BM25_WEIGHTS for the subject and from_ columns. */
const SUBJECT_WEIGHT = 10;
const FROM_WEIGHT = 3;

export interface RankTerm {
  /** The phrase as FTS5 tokens (lower case, diacritics removed). */
  tokens: string[];
  /** The last token matches as a prefix (term*). */
  prefix: boolean;
  inSubject: boolean;
  inFrom: boolean;
}

/** The positive text terms of a query (those not under NOT), in query order. */
export function positiveTerms(ast: QueryNode): TermNode[] {
  const out: TermNode[] = [];
  const walk = (n: QueryNode, negated: boolean): void => {
    if (n.kind === 'and' || n.kind === 'or') for (const c of n.children) walk(c, negated);
    else if (n.kind === 'not') walk(n.child, !negated);
    else if (n.kind === 'term' && !negated) out.push(n);
  };
  walk(ast, false);
  return out;
}

/** Does ranking the query mean anything? False when its only positive text is addresses. */
export function isRankable(ast: QueryNode): boolean {
  return positiveTerms(ast).some((t) => !ADDRESS_FIELDS.has(t.field));
}

/**
 * FTS5's unicode61 tokenizer as configured in migrations/0005_fts.sql (remove_diacritics 2,
 * '_' a token character): runs of letters, digits and '_', folded to lower case.
 */
export function tokenize(text: string): string[] {
  // ASCII (most mail) has no diacritics to fold, and its letters and digits are [a-z0-9]
  if (ASCII.test(text)) return text.toLowerCase().split(/[^a-z0-9_]+/).filter((t) => t !== '');
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}_]+/u)
    .filter((t) => t !== '');
}

export function rankTerms(ast: QueryNode): RankTerm[] {
  return positiveTerms(ast).flatMap((t) => {
    const tokens = tokenize(t.text);
    if (tokens.length === 0) return [];
    const f = t.field;
    return [{ tokens, prefix: t.prefix, inSubject: f === 'any' || f === 's' || f === 'bs', inFrom: f === 'any' || f === 'f' || f === 'a' }];
  });
}

/** Does the token sequence contain the phrase (its last token as a prefix when term*)? */
function containsPhrase(tokens: string[], term: RankTerm): boolean {
  const n = term.tokens.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const want = term.tokens[j];
      ok = term.prefix && j === n - 1 ? tokens[i + j].startsWith(want) : tokens[i + j] === want;
    }
    if (ok) return true;
  }
  return false;
}

/**
 * Lower is better, as bm25() (0 when no term is in the subject or From). `from` is the sender's
 * name and address ("Jane Doe jane@example.org"); a null subject or from holds no term.
 */
export function quickRank(subject: string | null, from: string | null, terms: RankTerm[]): number {
  let score = 0;
  const lowerSubject = subject?.toLowerCase() ?? '';
  const lowerFrom = from?.toLowerCase() ?? '';
  let subjectTokens: string[] | null = null;
  let fromTokens: string[] | null = null;
  for (const t of terms) {
    if (t.inSubject && mayContain(lowerSubject, t) && containsPhrase((subjectTokens ??= tokenize(subject ?? '')), t)) score += SUBJECT_WEIGHT;
    if (t.inFrom && mayContain(lowerFrom, t) && containsPhrase((fromTokens ??= tokenize(lowerFrom)), t)) score += FROM_WEIGHT;
  }
  return score === 0 ? 0 : -score;
}

/** A plain substring test rules most rows out before tokenizing (not for non-ASCII text, which
 * unicode61 folds: "Zoë" holds the token "zoe"). */
function mayContain(lower: string, t: RankTerm): boolean {
  return lower.includes(t.tokens[0]) || !ASCII.test(lower);
}

/**
 * quickRank's scores from where each term occurs (`occurs`: the ids whose subject or from_
 * column holds it), by id; an id absent scores 0. Lower is better.
 */
export function scoreByOccurrence(terms: RankTerm[], occurs: (t: RankTerm, column: 'subject' | 'from_') => number[]): Map<number, number> {
  const score = new Map<number, number>();
  const add = (ids: number[], weight: number) => {
    for (const id of ids) score.set(id, (score.get(id) ?? 0) - weight);
  };
  for (const t of terms) {
    if (t.inSubject) add(occurs(t, 'subject'), SUBJECT_WEIGHT);
    if (t.inFrom) add(occurs(t, 'from_'), FROM_WEIGHT);
  }
  return score;
}
