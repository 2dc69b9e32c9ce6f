// Compiling a parsed query (query.ts) for SQLite: the full-text part to an FTS5 MATCH
// expression, everything to a WHERE clause with bound parameters. Every user word reaches FTS5
// as a string literal ("..." with " doubled), so FTS5 operators, column filters, ^, * and :
// typed by a user are only text; every other user value is a bound SQL parameter, and the SQL
// text is assembled from fixed fragments only.

import type { DateNode, ExactNode, Field, QueryNode, TermNode } from './query.js';
import { topicSubtree } from '../store/topics.js';
import { tokenize } from './quick-rank.js';

/** FTS5 columns of `messages_fts`, in table order. */
export const FTS_COLUMNS = [
  'subject', 'from_', 'to_', 'cc', 'body_new', 'body_quoted', 'diff_files', 'diff_added',
  'diff_removed', 'diff_hunks', 'diff_context', 'trailers',
] as const;

/** The FTS5 columns each text prefix searches; 'any' (no prefix) searches every column. */
export const FIELD_COLUMNS: Record<Field, readonly string[]> = {
  any: FTS_COLUMNS,
  s: ['subject'],
  f: ['from_'],
  t: ['to_'],
  c: ['cc'],
  tc: ['to_', 'cc'],
  a: ['from_', 'to_', 'cc'],
  b: ['body_new', 'body_quoted'],
  bs: ['subject', 'body_new', 'body_quoted'],
  nq: ['body_new'],
  q: ['body_quoted'],
  dfn: ['diff_files'],
  dfa: ['diff_removed'],
  dfb: ['diff_added'],
  dfhh: ['diff_hunks'],
  dfctx: ['diff_context'],
};

/**
 * The non-text part of a query: date and exact leaves (see DateNode / ExactNode in query.ts)
 * combined with and/or/not exactly as in the query. compileSql shows the SQL each leaf means.
 */
export type Filter =
  | DateNode
  | ExactNode
  | { kind: 'and' | 'or'; children: Filter[] }
  | { kind: 'not'; child: Filter };

/**
 * A query split for a search layer that runs FTS5 first. The query means the AND of:
 *  - `match` (when not null): rows matching this FTS5 expression — or, when `negatedOnly`,
 *    rows NOT matching it (the query's text conditions were all negative, and FTS5 cannot
 *    answer "NOT x" alone: use `m.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)`);
 *  - every Filter in `filters`;
 *  - every node in `residual`: top-level conjuncts that mix text and filters under OR/NOT,
 *    or put NOT under OR (`a OR -b`), which FTS5 alone cannot express; evaluate them with
 *    compileSql(node) (text leaves become rowid IN (subquery) conditions).
 * When residual is not empty the simplest correct plan is compileSql(ast) for the whole query.
 */
export interface FtsPlan {
  match: string | null;
  negatedOnly: boolean;
  filters: Filter[];
  residual: QueryNode[];
}

/** A WHERE clause over `messages m` (no "WHERE" keyword) and its parameters, in order. */
export interface SqlPlan {
  where: string;
  params: (string | number)[];
}

/** A user's text as an FTS5 string literal: only text, whatever it contains. */
export function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function ftsTerm(t: TermNode): string {
  const lit = t.expansion ? `(${t.expansion.map(ftsString).join(' OR ')})` : ftsString(t.text) + (t.prefix ? ' *' : '');
  if (t.field === 'any') return lit;
  const cols = FIELD_COLUMNS[t.field];
  return cols.length === 1 ? `${cols[0]} : ${lit}` : `{${cols.join(' ')}} : ${lit}`;
}

/** Does the subtree contain a text term? */
function hasText(n: QueryNode): boolean {
  switch (n.kind) {
    case 'term': return true;
    case 'date':
    case 'exact': return false;
    case 'not': return hasText(n.child);
    default: return n.children.some(hasText);
  }
}

/**
 * The FTS5 expression for a subtree made only of text terms that FTS5 can express on its own,
 * or null. FTS5's NOT is binary ("x NOT y"), so a NOT needs a positive sibling under an AND.
 */
function ftsExpr(n: QueryNode): string | null {
  switch (n.kind) {
    case 'term': return ftsTerm(n);
    case 'date':
    case 'exact':
    case 'not': return null;
    case 'or': {
      const parts = n.children.map(ftsExpr);
      return parts.every((p) => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    case 'and': {
      const pos: string[] = [];
      const neg: string[] = [];
      for (const c of n.children) {
        if (c.kind === 'not') {
          const e = ftsExpr(c.child);
          if (e === null) return null;
          neg.push(e);
        } else {
          const e = ftsExpr(c);
          if (e === null) return null;
          pos.push(e);
        }
      }
      return pos.length === 0 ? null : andNot(pos, neg);
    }
  }
}

/** `(p1 AND p2) NOT (n1 OR n2)`, fully parenthesized so it nests under AND/OR/NOT safely. */
function andNot(pos: string[], neg: string[]): string {
  const p = pos.length === 1 ? pos[0] : `(${pos.join(' AND ')})`;
  if (neg.length === 0) return p;
  return `(${p} NOT (${neg.join(' OR ')}))`;
}

function toFilter(n: QueryNode): Filter {
  switch (n.kind) {
    case 'date':
    case 'exact': return n;
    case 'not': return { kind: 'not', child: toFilter(n.child) };
    case 'and':
    case 'or': return { kind: n.kind, children: n.children.map(toFilter) };
    case 'term': throw new Error('toFilter: text term'); // callers check hasText first
  }
}

/** A whole mail address: f: with one compares it with the stored From address (indexed). */
const FULL_ADDRESS = /^[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>.]+$/;

/**
 * f:user@host.domain means that sender: compared with the stored From address through an
 * index instead of as an FTS5 phrase ("user host domain" in from_), whose common tokens (com,
 * org, kernel) make FTS5 check positions in a large share of the archive.
 */
export function exactAddresses(n: QueryNode): QueryNode {
  return mapTerms(n, (t) => (t.field === 'f' && !t.prefix && FULL_ADDRESS.test(t.text) ? { kind: 'exact', field: 'from', value: t.text } : t));
}

/**
 * word* as the OR of the index terms it covers, from `lookup` (store/search.ts prefixTerms;
 * null: leave the prefix to FTS5). The same rows match, but FTS5 answers an OR term by term,
 * newest first, where its prefix query first merges every covered term's doclist: 10 ms
 * instead of 80 ms for lock*'s newest 1,000 matches in a million messages. Only single-word
 * prefixes: a phrase's last word stays a prefix.
 */
export function expandPrefixes(n: QueryNode, lookup: (token: string) => string[] | null): QueryNode {
  return mapTerms(n, (t) => {
    if (!t.prefix) return t;
    const tokens = tokenize(t.text);
    const expansion = tokens.length === 1 ? lookup(tokens[0]) : null;
    return expansion ? { ...t, expansion } : t;
  });
}

/** The query with each text term replaced by `f(term)`, its structure kept. */
function mapTerms(n: QueryNode, f: (t: TermNode) => QueryNode): QueryNode {
  switch (n.kind) {
    case 'term': return f(n);
    case 'not': return { kind: 'not', child: mapTerms(n.child, f) };
    case 'and':
    case 'or': return { kind: n.kind, children: n.children.map((c) => mapTerms(c, f)) };
    default: return n;
  }
}

/** Split a query into an FTS5 MATCH expression, filters and residual conjuncts (see FtsPlan). */
export function compileFts(ast: QueryNode): FtsPlan {
  const conjuncts = ast.kind === 'and' ? ast.children : [ast];
  const pos: string[] = [];
  const neg: string[] = [];
  const filters: Filter[] = [];
  const residual: QueryNode[] = [];
  for (const c of conjuncts) {
    if (!hasText(c)) {
      filters.push(toFilter(c));
      continue;
    }
    const e = ftsExpr(c);
    if (e !== null) {
      pos.push(e);
      continue;
    }
    const ne = c.kind === 'not' ? ftsExpr(c.child) : null;
    if (ne !== null) neg.push(ne);
    else residual.push(c);
  }
  if (pos.length > 0) return { match: andNot(pos, neg), negatedOnly: false, filters, residual };
  if (neg.length > 0) {
    return { match: neg.length === 1 ? neg[0] : `(${neg.join(' OR ')})`, negatedOnly: true, filters, residual };
  }
  return { match: null, negatedOnly: false, filters, residual };
}

const FTS_IN = 'm.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)';
const FTS_NOT_IN = 'm.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)';

/**
 * The whole query as a WHERE clause over `messages m`. Text parts FTS5 can express become one
 * `m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)` each (messages_fts's
 * rowid is messages.id); filters become conditions on m and EXISTS subqueries on trailers and
 * the series tables. Every condition is true or false, never NULL (a message with no date is
 * simply outside every d: range), so NOT behaves as people expect.
 */
export function compileSql(ast: QueryNode): SqlPlan {
  const params: (string | number)[] = [];
  const where = sql(ast, params);
  return { where, params };
}

function sql(n: QueryNode, params: (string | number)[]): string {
  if (n.kind !== 'date' && n.kind !== 'exact' && hasText(n)) {
    const e = ftsExpr(n);
    if (e !== null) {
      params.push(e);
      return FTS_IN;
    }
  }
  switch (n.kind) {
    case 'term': throw new Error('unreachable: a term is always expressible');
    case 'date': return dateSql(n, params);
    case 'exact': return exactSql(n, params);
    case 'not': {
      const e = hasText(n.child) ? ftsExpr(n.child) : null;
      if (e !== null) {
        params.push(e);
        return FTS_NOT_IN;
      }
      return `(NOT ${sql(n.child, params)})`;
    }
    case 'and':
    case 'or': {
      // Text-only children that FTS5 can express together become one MATCH.
      const text: string[] = [];
      const textNeg: string[] = [];
      const rest: QueryNode[] = [];
      for (const c of n.children) {
        const e = hasText(c) ? ftsExpr(c) : null;
        if (e !== null) text.push(e);
        else if (n.kind === 'and' && c.kind === 'not' && hasText(c.child) && ftsExpr(c.child) !== null) {
          textNeg.push(ftsExpr(c.child) as string);
        } else rest.push(c);
      }
      const parts: string[] = [];
      if (text.length > 0) {
        params.push(n.kind === 'or' ? `(${text.join(' OR ')})` : andNot(text, textNeg));
        parts.push(FTS_IN);
      } else if (textNeg.length > 0) {
        params.push(textNeg.length === 1 ? textNeg[0] : `(${textNeg.join(' OR ')})`);
        parts.push(FTS_NOT_IN);
      }
      for (const c of rest) parts.push(sql(c, params));
      return parts.length === 1 ? parts[0] : `(${parts.join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
  }
}

/**
 * A filter beside the FTS5 expression that drives a search (views/search.ts): a condition on
 * `m`, which is either the matches' messages row or just their id. f:ADDRESS there is the
 * sender's ids from the From index, which each match is tested against ("+": not handed to
 * FTS5 as a rowid constraint, which would seek every id in every doclist). Comparing the From
 * of each match's row instead reads a row per text match: f:aaron@bytedance.com memory at 1M,
 * 12 messages of 335,785 matches, 378 -> 24 ms.
 */
export function compileFilter(f: Filter): SqlPlan {
  if (f.kind === 'exact' && f.field === 'from') return { where: '+m.id IN (SELECT id FROM messages WHERE from_addr = ? COLLATE NOCASE)', params: [f.value] };
  return compileSql(f as QueryNode);
}

function dateSql(n: DateNode, params: (string | number)[]): string {
  // d: and rt: both use the Date header (UTC ms); the store keeps no separate received time.
  const parts = ['m.date IS NOT NULL'];
  if (n.from !== null) {
    parts.push('m.date >= ?');
    params.push(n.from);
  }
  if (n.to !== null) {
    parts.push('m.date < ?');
    params.push(n.to);
  }
  return `(${parts.join(' AND ')})`;
}

/** LIKE pattern for "contains s", with \ as the escape character. */
const contains = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function exactSql(n: ExactNode, params: (string | number)[]): string {
  switch (n.field) {
    case 'm':
      params.push(n.value);
      return 'm.msgid = ?';
    case 'from':
      params.push(n.value);
      return '(m.from_addr IS NOT NULL AND m.from_addr = ? COLLATE NOCASE)';
    case 'l':
      params.push(n.value);
      return '(m.list_id IS NOT NULL AND m.list_id = ? COLLATE NOCASE)';
    case 'patchid':
      params.push(n.value);
      return '(m.patch_id IS NOT NULL AND m.patch_id = ?)';
    case 'is':
      if (n.value === 'patch') return 'm.lines_added IS NOT NULL';
      if (n.value === 'reply') return 'm.reply_subject = 1';
      return 'EXISTS (SELECT 1 FROM series_versions sv WHERE sv.cover_id = m.id)';
    case 'v': {
      const v = Number(n.value);
      params.push(v, v);
      return '(EXISTS (SELECT 1 FROM series_patches sp JOIN series_versions sv ON sv.id = sp.version_id' +
        ' WHERE sp.message_id = m.id AND sv.version = ?)' +
        ' OR EXISTS (SELECT 1 FROM series_versions sv WHERE sv.cover_id = m.id AND sv.version = ?))';
    }
    case 'has':
      if (n.value === 'patch') return 'm.lines_added IS NOT NULL';
      params.push(n.value);
      return 'EXISTS (SELECT 1 FROM trailers t WHERE t.message_id = m.id AND t.name = ? COLLATE NOCASE)';
    case 'trailer': {
      const colon = n.value.indexOf(':');
      if (colon < 0) {
        params.push(n.value);
        return 'EXISTS (SELECT 1 FROM trailers t WHERE t.message_id = m.id AND t.name = ? COLLATE NOCASE)';
      }
      const who = contains(n.value.slice(colon + 1));
      params.push(n.value.slice(0, colon), who, who, who);
      return 'EXISTS (SELECT 1 FROM trailers t WHERE t.message_id = m.id AND t.name = ? COLLATE NOCASE' +
        " AND (t.person_name LIKE ? ESCAPE '\\' OR t.person_addr LIKE ? ESCAPE '\\' OR t.value LIKE ? ESCAPE '\\'))";
    }
    case 'topic': {
      // topic:mm matches mm and everything under it (mm/asi): the topic of the message's thread
      // (what the topic pages list), or of a series it belongs to.
      const subtree = (col: string) => {
        const [cond, args] = topicSubtree(col, n.value);
        params.push(...args);
        return cond;
      };
      return `(EXISTS (SELECT 1 FROM threads th WHERE th.id = m.thread_id AND ${subtree('th.topic')})` +
        ' OR EXISTS (SELECT 1 FROM series_patches sp JOIN series_versions sv ON sv.id = sp.version_id' +
        ` JOIN series s ON s.id = sv.series_id WHERE sp.message_id = m.id AND ${subtree('s.topic')})` +
        ' OR EXISTS (SELECT 1 FROM series_versions sv JOIN series s ON s.id = sv.series_id' +
        ` WHERE sv.cover_id = m.id AND ${subtree('s.topic')}))`;
    }
  }
}
