// The search query language: lore/public-inbox compatible (prefixes, "phrases", AND/OR/NOT,
// leading -, parentheses, prefix*), plus our patch-aware prefixes. Pure: no I/O, no clock
// (relative dates are resolved against the `now` the caller passes). docs/search.md is the
// user's help page for everything parsed here; compilers live in query-compile.ts.

import { parseDateRange } from './query-dates.js';

export { compileFts, compileSql } from './query-compile.js';
export type { Filter, FtsPlan, SqlPlan } from './query-compile.js';

/** Full-text fields: no prefix ('any') and the lore prefixes that search text. */
export type Field =
  | 'any' | 's' | 'f' | 't' | 'c' | 'tc' | 'a' | 'b' | 'bs' | 'nq' | 'q'
  | 'dfn' | 'dfa' | 'dfb' | 'dfhh' | 'dfctx';

/** Fields matched exactly (or by our own rules), never through the full-text index. */
export type ExactField = 'm' | 'l' | 'patchid' | 'is' | 'v' | 'has' | 'trailer' | 'topic' | 'from';
// 'from' is not typed by users: query-compile.ts turns f:user@host.domain into it.

export type TermNode = {
  kind: 'term';
  field: Field;
  text: string;
  phrase: boolean;
  prefix: boolean;
  /** Set by query-compile.ts expandPrefixes, never by the parser: the index terms `text*` covers. */
  expansion?: readonly string[];
};
/** A date range, ms since epoch UTC, half-open [from, to); null = open on that side. */
export type DateNode = { kind: 'date'; field: 'd' | 'rt'; from: number | null; to: number | null };
export type ExactNode = { kind: 'exact'; field: ExactField; value: string };
export type QueryNode =
  | { kind: 'and' | 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | TermNode
  | DateNode
  | ExactNode;

export interface ParsedQuery {
  ast: QueryNode;
}

/** Longest query accepted, in UTF-8 bytes: bounds parse time and the size of SQL parameters. */
export const MAX_QUERY_BYTES = 10 * 1024;
/**
 * Most leaves (terms, phrases, filters) in one query: each becomes an FTS5 phrase or an SQL
 * condition, and a huge OR list would make one query scan the index hundreds of times.
 */
export const MAX_TERMS = 256;
/**
 * Deepest nesting of parentheses and NOT/- : the parser and compilers recurse, so this keeps
 * a hostile "((((((..." from exhausting the stack, and SQLite's own expression depth limit
 * (1000) far away.
 */
export const MAX_DEPTH = 32;

export class QuerySyntaxError extends Error {
  /** 0-based offset (UTF-16 code units) into the query text where the problem is. */
  readonly position: number;
  /** What to write instead, for people. */
  readonly hint: string;
  constructor(position: number, problem: string, hint: string) {
    super(`${problem} at position ${position}: ${hint}`);
    this.name = 'QuerySyntaxError';
    this.position = position;
    this.hint = hint;
  }
}

const TEXT_PREFIXES: Record<string, Field> = {
  s: 's', f: 'f', t: 't', c: 'c', tc: 'tc', a: 'a', b: 'b', bs: 'bs', nq: 'nq', q: 'q',
  dfn: 'dfn', dfa: 'dfa', dfb: 'dfb', dfhh: 'dfhh', dfctx: 'dfctx',
};
const DATE_PREFIXES: Record<string, 'd' | 'rt'> = { d: 'd', dt: 'd', rt: 'rt' };
const EXACT_PREFIXES: Record<string, ExactField> = {
  m: 'm', l: 'l', patchid: 'patchid', is: 'is', v: 'v', has: 'has', trailer: 'trailer', topic: 'topic',
};

type Prefix =
  | { type: 'text'; field: Field }
  | { type: 'date'; field: 'd' | 'rt' }
  | { type: 'exact'; field: ExactField };

function prefixOf(name: string): Prefix | null {
  if (Object.hasOwn(TEXT_PREFIXES, name)) return { type: 'text', field: TEXT_PREFIXES[name] };
  if (Object.hasOwn(DATE_PREFIXES, name)) return { type: 'date', field: DATE_PREFIXES[name] };
  if (Object.hasOwn(EXACT_PREFIXES, name)) return { type: 'exact', field: EXACT_PREFIXES[name] };
  return null;
}

const IS_VALUES = new Set(['patch', 'cover', 'reply']);

// Token boundaries: whitespace (any C0 control counts as space; NUL is rejected first),
// parentheses and double quotes.
const isSpace = (ch: string): boolean => ch <= ' ' || ch === '\u00a0' || ch === '\u3000';
const isBreak = (ch: string): boolean => isSpace(ch) || ch === '(' || ch === ')' || ch === '"';
/**
 * A term with no letter, digit or underscore indexes nothing (the index's tokenizer keeps only
 * those, see migrations/0005_fts.sql); Xapian drops such terms, and so do we.
 */
const hasWordChar = (s: string): boolean => /[\p{L}\p{N}_]/u.test(s);

/**
 * Parse a query. Throws QuerySyntaxError (with position and hint) on: an empty query, NUL
 * bytes, a query over MAX_QUERY_BYTES, unbalanced parentheses or quotes, an AND/OR/NOT with
 * nothing on one side, an empty prefix value ("s:"), a bad date or exact value, more than
 * MAX_TERMS leaves or MAX_DEPTH nesting. An unknown prefix ("foo:bar") is searched as a word,
 * as lore does.
 */
export function parseQuery(text: string, now: number): ParsedQuery {
  return { ast: new Parser(text, now).parse() };
}

class Parser {
  private pos = 0;
  private leaves = 0;
  constructor(private readonly src: string, private readonly now: number) {}

  parse(): QueryNode {
    const nul = this.src.indexOf('\0');
    if (nul >= 0) throw new QuerySyntaxError(nul, 'NUL byte in query', 'remove the NUL (\\0) character');
    if (Buffer.byteLength(this.src, 'utf8') > MAX_QUERY_BYTES) {
      throw new QuerySyntaxError(Math.min(this.src.length, MAX_QUERY_BYTES), 'query too long',
        `a query is at most ${MAX_QUERY_BYTES} bytes; search for fewer words`);
    }
    this.skipSpace();
    if (this.pos >= this.src.length) throw new QuerySyntaxError(0, 'empty query', 'type some words to search for');
    const node = this.orExpr(0, null);
    this.skipSpace();
    if (this.pos < this.src.length) {
      // Only a stray ')' can stop orExpr before the end.
      throw new QuerySyntaxError(this.pos, 'unbalanced ")"', 'remove this ")" or add a "(" before it');
    }
    if (!node) {
      throw new QuerySyntaxError(0, 'nothing to search for',
        'the query has no letters or digits to search for; quote punctuation inside a phrase with words');
    }
    return node;
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && isSpace(this.src[this.pos])) this.pos++;
  }

  /** The bare word at pos (no quotes/parens), without consuming it. */
  private peekWord(): string {
    let end = this.pos;
    while (end < this.src.length && !isBreak(this.src[end])) end++;
    return this.src.slice(this.pos, end);
  }

  /** Is the next token an operator keyword (a whole bare word)? */
  private peekOperator(): 'AND' | 'OR' | 'NOT' | null {
    const w = this.peekWord();
    return w === 'AND' || w === 'OR' || w === 'NOT' ? w : null;
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  private checkDepth(depth: number): void {
    if (depth > MAX_DEPTH) {
      throw new QuerySyntaxError(this.pos, 'query nested too deeply',
        `at most ${MAX_DEPTH} levels of parentheses and NOT; simplify the query`);
    }
  }

  /** After a binary operator a term must follow. */
  private requireOperand(at: number, op: 'AND' | 'OR'): void {
    this.skipSpace();
    if (this.atEnd() || this.src[this.pos] === ')' || this.peekOperator() === 'OR' || this.peekOperator() === 'AND') {
      throw new QuerySyntaxError(at, `${op} needs a term after it`, `write "a ${op} b", or remove the ${op}`);
    }
  }

  // orExpr := andExpr (OR andExpr)*
  private orExpr(depth: number, ctx: Prefix | null): QueryNode | null {
    const parts: (QueryNode | null)[] = [this.andExpr(depth, ctx)];
    for (;;) {
      this.skipSpace();
      if (this.peekOperator() !== 'OR') break;
      const at = this.pos;
      this.pos += 2;
      this.requireOperand(at, 'OR');
      parts.push(this.andExpr(depth, ctx));
    }
    return combine('or', parts);
  }

  // andExpr := unary ((AND)? unary)*
  private andExpr(depth: number, ctx: Prefix | null): QueryNode | null {
    this.skipSpace();
    const first = this.peekOperator();
    if (first === 'AND' || first === 'OR') {
      throw new QuerySyntaxError(this.pos, `${first} needs a term before it`, `write "a ${first} b", or remove the ${first}`);
    }
    if (this.atEnd() || this.src[this.pos] === ')') {
      throw new QuerySyntaxError(this.pos, 'expected a term', 'write a word, "a phrase" or a prefix:value here');
    }
    const parts: (QueryNode | null)[] = [this.unary(depth, ctx)];
    for (;;) {
      this.skipSpace();
      if (this.atEnd() || this.src[this.pos] === ')') break;
      const op = this.peekOperator();
      if (op === 'OR') break;
      if (op === 'AND') {
        const at = this.pos;
        this.pos += 3;
        this.requireOperand(at, 'AND');
      }
      parts.push(this.unary(depth, ctx));
    }
    return combine('and', parts);
  }

  // unary := NOT unary | -unary | +unary | primary
  private unary(depth: number, ctx: Prefix | null): QueryNode | null {
    this.skipSpace();
    const at = this.pos;
    if (this.peekOperator() === 'NOT') {
      this.pos += 3;
      this.skipSpace();
      if (this.atEnd() || this.src[this.pos] === ')' || this.peekOperator() === 'AND' || this.peekOperator() === 'OR') {
        throw new QuerySyntaxError(at, 'NOT needs a term after it', 'write "a NOT b", or remove the NOT');
      }
      this.checkDepth(depth + 1);
      return negate(this.unary(depth + 1, ctx));
    }
    // A leading - is NOT (+ is "required", which AND already means) when a term follows at
    // once; "--force", "- " or "-)" are plain text.
    const ch = this.src[this.pos];
    const next = this.src[this.pos + 1];
    if ((ch === '-' || ch === '+') && next !== undefined && !isSpace(next) && next !== ')' && next !== '-' && next !== '+') {
      this.pos++;
      if (ch === '+') return this.primary(depth, ctx);
      this.checkDepth(depth + 1);
      return negate(this.primary(depth + 1, ctx));
    }
    return this.primary(depth, ctx);
  }

  // primary := '(' orExpr ')' | prefix ':' (group | phrase | word) | phrase | word
  private primary(depth: number, ctx: Prefix | null): QueryNode | null {
    const ch = this.src[this.pos];
    if (ch === '(') return this.group(depth, ctx);
    if (ch === '"') {
      const start = this.pos;
      const value = this.phrase();
      return this.leaf(ctx, value, true, start, this.star());
    }
    const start = this.pos;
    const word = this.peekWord();
    const colon = word.indexOf(':');
    if (colon > 0) {
      const name = word.slice(0, colon);
      const prefix = /^[a-z]+$/.test(name) ? prefixOf(name) : null;
      if (prefix) {
        this.pos += colon + 1;
        const next = this.src[this.pos];
        if (this.atEnd() || isSpace(next) || next === ')') {
          throw new QuerySyntaxError(start, `empty value after ${name}:`,
            `write ${name}:word, ${name}:"a phrase" or ${name}:(a group) with no space after the colon`);
        }
        if (next === '(') return this.group(depth, prefix);
        if (next === '"') {
          const value = this.phrase();
          return this.leaf(prefix, value, true, start, this.star());
        }
        const value = this.peekWord();
        this.pos += value.length;
        return this.leaf(prefix, value, false, start);
      }
    }
    this.pos += word.length;
    return this.leaf(ctx, word, false, start);
  }

  private group(depth: number, ctx: Prefix | null): QueryNode | null {
    const open = this.pos;
    this.checkDepth(depth + 1);
    this.pos++;
    this.skipSpace();
    if (this.src[this.pos] === ')') {
      throw new QuerySyntaxError(open, 'empty parentheses', 'put terms inside the parentheses or remove them');
    }
    if (this.atEnd()) throw new QuerySyntaxError(open, 'unbalanced "("', 'close it with ")"');
    const node = this.orExpr(depth + 1, ctx);
    this.skipSpace();
    if (this.src[this.pos] !== ')') throw new QuerySyntaxError(open, 'unbalanced "("', 'close it with ")"');
    this.pos++;
    return node;
  }

  /** A "quoted phrase" at pos; returns its inner text. `""` inside is not an escape (as lore). */
  private phrase(): string {
    const open = this.pos;
    const close = this.src.indexOf('"', open + 1);
    if (close < 0) throw new QuerySyntaxError(open, 'unbalanced quote', 'close the phrase with another "');
    this.pos = close + 1;
    const inner = this.src.slice(open + 1, close);
    if (inner.trim() === '') throw new QuerySyntaxError(open, 'empty phrase', 'put words between the quotes or remove them');
    return inner;
  }

  /** Consumes a "*" right after a phrase ("foo bar"* : the last word is a prefix). */
  private star(): boolean {
    if (this.src[this.pos] !== '*') return false;
    while (this.src[this.pos] === '*') this.pos++;
    return true;
  }

  /** A term or filter leaf; null when a text term has nothing indexable (dropped). */
  private leaf(prefix: Prefix | null, raw: string, phrase: boolean, at: number, starred = false): QueryNode | null {
    if (++this.leaves > MAX_TERMS) {
      throw new QuerySyntaxError(at, 'too many terms',
        `a query has at most ${MAX_TERMS} terms and filters; split it into several searches`);
    }
    if (!prefix || prefix.type === 'text') {
      const field: Field = prefix ? prefix.field : 'any';
      let text = phrase ? raw.replace(/\s+/g, ' ').trim() : raw;
      let wildcard = starred;
      if (!phrase && text.endsWith('*')) {
        text = text.replace(/\*+$/, '');
        wildcard = true;
      }
      if (!hasWordChar(text)) return null;
      return { kind: 'term', field, text, phrase, prefix: wildcard };
    }
    if (prefix.type === 'date') {
      const r = parseDateRange(raw, this.now);
      if ('hint' in r) {
        throw new QuerySyntaxError(at + prefixLength(this.src, at) + r.offset + (phrase ? 1 : 0), 'bad date', r.hint);
      }
      return { kind: 'date', field: prefix.field, from: r.from, to: r.to };
    }
    const value = exactValue(prefix.field, raw.trim());
    if (typeof value !== 'string') throw new QuerySyntaxError(at, `bad ${prefix.field}: value`, value.hint);
    return { kind: 'exact', field: prefix.field, value };
  }
}

/** Length of "name:" when the leaf at `at` was written with its own prefix, else 0. */
function prefixLength(src: string, at: number): number {
  const m = /^([a-z]+):/.exec(src.slice(at, at + 12));
  return m && prefixOf(m[1]) ? m[0].length : 0;
}

/** Normalize and check an exact-field value; returns the value or a hint. */
function exactValue(field: ExactField, v: string): string | { hint: string } {
  switch (field) {
    case 'm': {
      const id = v.replace(/^<+/, '').replace(/>+$/, '');
      return id === '' ? { hint: 'write the Message-ID, as in m:20201001.1234@example.org' } : id;
    }
    case 'l': {
      let id = v.replace(/^<+/, '').replace(/>+$/, '').toLowerCase();
      // lore also takes the posting address: linux-mm@kvack.org -> linux-mm.kvack.org
      const at = /^([^@\s]+)@([^@\s]+)$/.exec(id);
      if (at) id = `${at[1]}.${at[2]}`;
      return id === '' ? { hint: 'write the list id, as in l:linux-mm.kvack.org' } : id;
    }
    case 'patchid':
      return /^[0-9a-f]{40}$/i.test(v)
        ? v.toLowerCase()
        : { hint: 'patchid: takes the 40 hex digits of `git patch-id --stable`' };
    case 'is':
      return IS_VALUES.has(v.toLowerCase())
        ? v.toLowerCase()
        : { hint: 'is: takes patch, cover or reply' };
    case 'v':
      return /^v?[1-9]\d{0,5}$/i.test(v)
        ? String(Number(v.replace(/^v/i, '')))
        : { hint: 'v: takes a series version number, as in v:3' };
    case 'has':
      return /^[a-z][a-z0-9-]{0,63}$/i.test(v)
        ? v.toLowerCase()
        : { hint: 'has: takes patch or a trailer name, as in has:reviewed-by or has:fixes' };
    case 'trailer': {
      const m = /^([a-z][a-z0-9-]{0,63})(?::(.*))?$/is.exec(v);
      if (!m) return { hint: 'write trailer:NAME:WHO, as in trailer:acked-by:akpm or trailer:"reviewed-by:Jane Doe"' };
      const who = (m[2] ?? '').trim();
      return who === '' ? m[1].toLowerCase() : `${m[1].toLowerCase()}:${who}`;
    }
    case 'topic':
      return /^[\p{L}\p{N}][\p{L}\p{N}_./+-]{0,127}$/u.test(v)
        ? v.toLowerCase().replace(/\/+$/, '')
        : { hint: 'topic: takes a subsystem path, as in topic:mm or topic:mm/asi' };
    case 'from':
      return v;
  }
}

function negate(node: QueryNode | null): QueryNode | null {
  if (!node) return null;
  if (node.kind === 'not') return node.child; // NOT NOT x = x
  return { kind: 'not', child: node };
}

/** An and/or of the non-dropped parts, flattened; one part is returned as is. */
function combine(kind: 'and' | 'or', parts: (QueryNode | null)[]): QueryNode | null {
  const children: QueryNode[] = [];
  for (const p of parts) {
    if (!p) continue;
    if (p.kind === kind) children.push(...p.children);
    else children.push(p);
  }
  if (children.length === 0) return null;
  if (children.length === 1) return children[0];
  return { kind, children };
}
