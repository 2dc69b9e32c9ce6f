// The bracketed tags at the start of a patch subject ("Re: [PATCH net-next v2 03/12] title"),
// read by a token table. Pure, linear and bounded: never throws, whatever the subject.
import { MAX_SUBJECT_LENGTH } from '../parse/limits.js';

export interface SubjectTags {
  /** From the tags only: reply = a reply marker before the tags (or behind list tags only). */
  kind: 'cover' | 'patch' | 'pull' | 'announce' | 'reply' | 'other';
  /** A PATCH-like tag is present: [PATCH], [RFC], [PATCHv2], [PATCH 1 of 2], [net,v2,1/2], [1/2]. */
  isPatch: boolean;
  /** 1 when absent. */
  version: number;
  /** True when the subject names no version. */
  versionInferred: boolean;
  /** As written when not a plain integer: '5.1' for "v5.1" (a partial reroll); `version` is then 5. */
  versionLabel: string | null;
  /** n of n/N; null when absent. */
  index: number | null;
  /** N of n/N; null when absent (a bare [PATCH] has index and total null: the caller treats it as 1/1). */
  total: number | null;
  rfc: boolean;
  resend: boolean;
  /** Tree/target labels and flag words without a field, as written: 'net-next', '-next', '5.10', 'bug#45000', 'RFT'. */
  labels: string[];
  /** "[PATCH 5.10 012/345]": the number is a kernel version (stable review/backport), not a patch version. */
  stableReview: boolean;
  /** The subject without reply markers and leading tags; brackets later in the title are kept. */
  title: string;
}

/** Numbers above this are junk, not counters or versions (a 10^300 "version" must not become Infinity). */
const MAX_NUMBER = 100_000;
/** A "[" whose "]" is further away than this is not a tag. */
const MAX_TAG_LENGTH = 200;

type Role = 'patch' | 'rfc' | 'resend' | 'pull' | 'git' | 'request' | 'announce' | 'for';

/** The tag words. `label` also keeps the word in `labels`, for flags that have no field of their own. */
const WORDS: Record<string, { role: Role; label?: true }> = {
  patch: { role: 'patch' },
  patches: { role: 'patch' },
  patchset: { role: 'patch' },
  rfc: { role: 'rfc' },
  rft: { role: 'patch', label: true }, // request for testing
  backport: { role: 'patch', label: true },
  resend: { role: 'resend' },
  repost: { role: 'resend' },
  pull: { role: 'pull' },
  git: { role: 'git' }, // only with PULL; alone it is a label
  request: { role: 'request' }, // "[PULL REQUEST]"; alone it is a label
  announce: { role: 'announce' },
  announcement: { role: 'announce' },
  ann: { role: 'announce' },
  for: { role: 'for' }, // "[PATCH for 6.19]": the next kernel version is a target, not a stable review
};

/** Roles that make a tag more than a label. */
const STRUCTURAL: ReadonlySet<string> = new Set(['patch', 'rfc', 'resend', 'pull', 'announce', 'version', 'counter']);

/** One piece of a token: words, versions and counters may be fused ("PATCHv2", "PATCH1/8", "v2PATCH1/4"). */
const PIECE = new RegExp(
  `(${Object.keys(WORDS).sort((a, b) => b.length - a.length).join('|')})|v(\\d+)(\\.\\d+)?|(\\d+)/(\\d+)`,
  'iy',
);
/** "5.10", "4.14.y", "5.2.x", "6.1.12", "6.8-rc3": a kernel version. */
const KERNEL_VERSION = /^\d{1,2}\.\d{1,2}(?:\.(?:\d{1,3}|[xy]))?(?:-rc\d{1,2})?$/i;
/** "v5.10" is a kernel version written like a version: partial rerolls ("v5.1") never reach x.10. */
const KERNEL_VERSION_WITH_V = /^v\d\.\d\d$/i;

// Reply/forward markers before the tags (as in parse/subject.ts), with Re[2]:/Re(2):/Re^2: counters.
const REPLY = /^(?:re|aw|sv|r|rif|odp|antw|vs|回复|答复|fwd|fw|tr|wg|转发)\s{0,4}(?:\[\d{1,5}\]|\(\d{1,5}\)|\^\d{1,5})?\s{0,4}[:：]\s*/iu;
// Behind a tag only unambiguous markers count: "[PATCH] tr: x" is a subsystem prefix.
const REPLY_AFTER_TAG = /^(?:re|aw|sv|odp|antw|fwd|fw)\s{0,4}(?:\[\d{1,5}\]|\(\d{1,5}\)|\^\d{1,5})?\s{0,4}[:：]\s*/iu;
// patchwork's subject_check counts "Re meep" (no colon) as a reply, at the very start only.
const REPLY_NO_COLON = /^re\s+/i;
// b4 ty's "Re: (subset) [PATCH 0/2] x" marker.
const SUBSET = /^\(subset\)\s*/i;
// patchwork's parse_version fallback: "Hello, world (v2)".
const TRAILING_VERSION = /\(\s*v(\d+)\s*\)$/i;

const OPEN = '[【［';
const CLOSE = ']】］';

interface Acc {
  isPatch: boolean;
  version: number | null;
  versionLabel: string | null;
  index: number | null;
  total: number | null;
  rfc: boolean;
  resend: boolean;
  pull: boolean;
  announce: boolean;
  labels: string[];
  stableReview: boolean;
}

export function parseSubjectTags(subject: string): SubjectTags {
  let s = (subject ?? '').slice(0, MAX_SUBJECT_LENGTH).replace(/\s+/g, ' ').trim();
  const acc: Acc = {
    isPatch: false,
    version: null,
    versionLabel: null,
    index: null,
    total: null,
    rfc: false,
    resend: false,
    pull: false,
    announce: false,
    labels: [],
    stableReview: false,
  };
  let reply = false;
  let sawTag = false;
  const noColon = REPLY_NO_COLON.exec(s);
  if (noColon && !REPLY.test(s)) {
    reply = true;
    s = s.slice(noColon[0].length);
  }
  for (;;) {
    const marker = (sawTag ? REPLY_AFTER_TAG : REPLY).exec(s) ?? (reply ? SUBSET.exec(s) : null);
    if (marker) {
      // "[linux-pm] Re: [PATCH] x" is a reply; "[PATCH] Re: x" is a patch titled after one.
      if (!acc.isPatch && !acc.pull && !acc.announce) reply = true;
      s = s.slice(marker[0].length);
      continue;
    }
    const tag = leadingTag(s);
    if (!tag) break;
    readTag(tag.inner, acc);
    sawTag = true;
    s = tag.rest;
  }
  const title = s;
  let versionInferred = acc.version === null;
  if (versionInferred) {
    const m = TRAILING_VERSION.exec(title);
    const v = m ? toNumber(m[1]) : null;
    if (v !== null && v >= 1) {
      acc.version = v;
      versionInferred = false;
    }
  }
  return {
    kind: kindOf(reply, acc),
    isPatch: acc.isPatch,
    version: acc.version ?? 1,
    versionInferred,
    versionLabel: acc.versionLabel,
    index: acc.index,
    total: acc.total,
    rfc: acc.rfc,
    resend: acc.resend,
    labels: acc.labels,
    stableReview: acc.stableReview,
    title,
  };
}

function kindOf(reply: boolean, acc: Acc): SubjectTags['kind'] {
  if (reply) return 'reply';
  if (acc.pull) return 'pull';
  if (acc.announce) return 'announce';
  if (acc.isPatch && acc.index === 0 && acc.total !== null && acc.total >= 1) return 'cover';
  if (acc.isPatch) return 'patch';
  return 'other';
}

/** "[...]" at the start of `s`, and what follows it ("[Patch 2/2]: x" - a colon after a tag belongs to it). */
function leadingTag(s: string): { inner: string; rest: string } | null {
  if (s === '' || !OPEN.includes(s[0])) return null;
  let close = -1;
  const end = Math.min(s.length, MAX_TAG_LENGTH + 1);
  for (let i = 1; i < end; i++) {
    if (CLOSE.includes(s[i])) {
      close = i;
      break;
    }
  }
  if (close < 0) return null;
  let rest = s.slice(close + 1).trimStart();
  if (rest.startsWith(':')) rest = rest.slice(1).trimStart();
  return { inner: s.slice(1, close).trim(), rest };
}

type Piece =
  | { type: 'word'; role: Role; text: string; label: boolean }
  | { type: 'version'; major: string; minor: string | undefined }
  | { type: 'counter'; index: string; total: string };

/** Reads one tag's tokens into `acc`. The first version and the first counter win. */
function readTag(inner: string, acc: Acc): void {
  // Mercurial's "1 of 2" becomes "1/2" so that every counter is one token.
  const tokens = inner.replace(/(\d+)\s*of\s*(\d+)/gi, '$1/$2').split(/[\s,;]+/).filter((t) => t !== '');
  const read = tokens.map((t) => ({ token: t, pieces: piecesOf(t.replace(/:$/, '')) }));
  const roles = new Set(read.flatMap((r) => (r.pieces ?? []).map((p) => (p.type === 'word' ? p.role : p.type))));
  if (![...roles].some((r) => STRUCTURAL.has(r))) {
    // "[linux-pm]", "[tip: x86/urgent]", "[Bug 12345]", "[Linux 5.2.x]": one label, as written.
    if (inner !== '') acc.labels.push(inner);
    return;
  }
  const pull = roles.has('pull');
  // Without a PATCH word a version counts only next to a counter ("[net,v2,1/2]", not "[Discussion v2]"),
  // and a counter only alone ("[1/2] x" from an empty --subject-prefix, not a bot's "[pm:bleeding-edge 1/4]").
  const patchLike =
    roles.has('patch') ||
    roles.has('rfc') ||
    (roles.has('version') && roles.has('counter')) ||
    read.every((r) => r.pieces?.every((p) => p.type === 'counter' || p.type === 'version'));
  if (patchLike && !pull) acc.isPatch = true;
  let afterFor = false;
  for (const { token, pieces } of read) {
    if (!pieces) {
      if (KERNEL_VERSION.test(token) || KERNEL_VERSION_WITH_V.test(token)) {
        acc.labels.push(token.replace(/^v/i, ''));
        if (!afterFor && patchLike) acc.stableReview = true;
      } else {
        acc.labels.push(token);
      }
      afterFor = false;
      continue;
    }
    for (const p of pieces) applyPiece(p, acc, pull);
    afterFor = pieces.length === 1 && pieces[0].type === 'word' && pieces[0].role === 'for';
  }
}

function applyPiece(p: Piece, acc: Acc, pull: boolean): void {
  if (p.type === 'version') {
    const v = toNumber(p.major);
    // v0 and absurd versions are treated as absent: the series is then ordered as a v1.
    if (acc.version === null && v !== null && v >= 1) {
      acc.version = v;
      acc.versionLabel = p.minor === undefined ? null : p.major + p.minor;
    }
    return;
  }
  if (p.type === 'counter') {
    const index = toNumber(p.index);
    const total = toNumber(p.total);
    // n/0 and absurd counters carry no position: treated as absent (a bare [PATCH]).
    if (acc.total === null && index !== null && total !== null && total >= 1) {
      acc.index = index;
      acc.total = total;
    }
    return;
  }
  switch (p.role) {
    case 'patch':
      if (p.label) acc.labels.push(p.text);
      break;
    case 'rfc':
      acc.rfc = true;
      break;
    case 'resend':
      acc.resend = true;
      break;
    case 'pull':
      acc.pull = true;
      break;
    case 'announce':
      acc.announce = true;
      break;
    case 'git':
    case 'request':
      if (!pull) acc.labels.push(p.text);
      break;
    case 'for':
      break;
  }
}

/**
 * A token as a run of known pieces ("RFCv2" = RFC + v2), or null when any part of it is not one
 * ("net-next", "5.10", "v4l2", "pm:bleeding-edge"). "RFC/RFT" splits on its slash.
 */
function piecesOf(token: string): Piece[] | null {
  if (token.includes('/') && /^[a-z]+(?:\/[a-z]+)+$/i.test(token)) {
    const words = token.split('/').map((w) => wordPiece(w));
    return words.every((w) => w !== null) ? (words as Piece[]) : null;
  }
  const pieces: Piece[] = [];
  PIECE.lastIndex = 0;
  while (PIECE.lastIndex < token.length) {
    const m = PIECE.exec(token);
    if (!m) return null;
    if (m[1] !== undefined) {
      const w = wordPiece(m[1]);
      if (!w) return null;
      pieces.push(w);
    } else if (m[2] !== undefined) {
      pieces.push({ type: 'version', major: m[2], minor: m[3] });
    } else {
      pieces.push({ type: 'counter', index: m[4], total: m[5] });
    }
  }
  if (pieces.length === 1 && pieces[0].type === 'version' && KERNEL_VERSION_WITH_V.test(token)) return null;
  return pieces.length > 0 ? pieces : null;
}

function wordPiece(text: string): Piece | null {
  const w = WORDS[text.toLowerCase()];
  return w ? { type: 'word', role: w.role, text, label: w.label === true } : null;
}

function toNumber(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) && n <= MAX_NUMBER ? n : null;
}
