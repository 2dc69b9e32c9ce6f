// The kernel's MAINTAINERS file: sections of "X:\tvalue" lines under a title. Pure.
//
// Path matching follows get_maintainer.pl: an F:/X: pattern ending in '/' is that directory
// and everything below; any other pattern matches paths of the same depth ("drivers/net/*"
// is the files directly in drivers/net), with '*' and '?' as globs; a pattern without a glob
// whose last part has no '.' is taken as a directory (get_maintainer asks the disk; we have
// none). N: is a regular expression on the path. X: excludes. The most specific section wins:
// the one whose matching pattern is deepest.
import { dirTopic } from './paths.js';

export interface MaintainersPerson {
  role: 'M' | 'R';
  name: string | null;
  address: string;
}

export interface MaintainersSection {
  name: string;
  status: string | null;
  people: MaintainersPerson[];
  /** "linux-mm@kvack.org" (the L: address, without "(moderated for non-subscribers)"). */
  lists: string[];
  files: string[];
  excludes: string[];
  /** N: regular expressions on paths. */
  regexes: string[];
  /** K: regular expressions on patch content (kept; not used for paths). */
  keywords: string[];
  /** The topic this section maps to ("mm/gup"), null when its files say nothing. */
  topic: string | null;
}

const FIELD = /^([A-Z]):\s*(.*?)\s*$/;

/** Parses a MAINTAINERS file. Prose before the first section is skipped. */
export function parseMaintainers(text: string): MaintainersSection[] {
  const lines = text.split(/\r?\n/);
  const out: MaintainersSection[] = [];
  let cur: MaintainersSection | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = FIELD.exec(line);
    if (f && cur) {
      addField(cur, f[1], f[2]);
      continue;
    }
    if (!line.trim()) {
      cur = null;
      continue;
    }
    // A title is a flush-left line followed by a field line.
    if (!/^\s/.test(line) && !f && FIELD.test(lines[i + 1] ?? '')) {
      cur = { name: line.trim(), status: null, people: [], lists: [], files: [], excludes: [], regexes: [], keywords: [], topic: null };
      out.push(cur);
    }
  }
  for (const s of out) s.topic = sectionTopic(s);
  return out;
}

function addField(s: MaintainersSection, key: string, value: string): void {
  switch (key) {
    case 'M':
    case 'R': {
      const p = parsePerson(value);
      if (p) s.people.push({ role: key, ...p });
      break;
    }
    case 'L': {
      const list = value.split(/\s+/)[0];
      if (list.includes('@')) s.lists.push(list.toLowerCase());
      break;
    }
    case 'S':
      s.status = value;
      break;
    case 'F':
      s.files.push(value);
      break;
    case 'X':
      s.excludes.push(value);
      break;
    case 'N':
      s.regexes.push(value);
      break;
    case 'K':
      s.keywords.push(value);
      break;
  }
}

function parsePerson(v: string): { name: string | null; address: string } | null {
  const m = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>/.exec(v);
  if (m) return { name: m[1].replace(/^"|"$/g, '').trim() || null, address: m[2].toLowerCase() };
  const bare = /([^\s<>]+@[^\s<>]+)/.exec(v);
  return bare ? { name: null, address: bare[1].toLowerCase() } : null;
}

const depthOf = (p: string) => p.split('/').length - 1;

interface Compiled {
  re: RegExp;
  /** Same-depth rule applies (not a directory pattern). */
  sameDepth: boolean;
  /** Specificity: the pattern's depth as get_maintainer counts it. */
  depth: number;
}

const cache = new WeakMap<MaintainersSection, { f: Compiled[]; x: Compiled[]; n: RegExp[] }>();

function compileGlob(pattern: string): Compiled {
  let p = pattern.replace(/^\/+/, '');
  if (!/[*?]/.test(p) && !p.endsWith('/') && !/\.[^/]*$/.test(p.slice(p.lastIndexOf('/') + 1))) p += '/';
  const dir = p.endsWith('/');
  const src = p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const depth = dir ? depthOf(p) : depthOf(p) + 1;
  return { re: new RegExp(`^${src}${dir ? '' : '$'}`), sameDepth: !dir, depth };
}

function compiled(s: MaintainersSection) {
  let c = cache.get(s);
  if (!c) {
    const n: RegExp[] = [];
    for (const r of s.regexes) {
      try {
        n.push(new RegExp(r));
      } catch {
        // a Perl-only construct: the section is still matched by its F: lines
      }
    }
    c = { f: s.files.map(compileGlob), x: s.excludes.map(compileGlob), n };
    cache.set(s, c);
  }
  return c;
}

/** get_maintainer's rule: a pattern that is not a directory matches paths of its own depth. */
const globMatches = (c: Compiled, path: string) => c.re.test(path) && (!c.sameDepth || depthOf(path) === c.depth - 1);

/** How specifically `section` covers `path`: 0 = not at all, else the depth of its best pattern. */
export function sectionMatch(section: MaintainersSection, path: string): number {
  const c = compiled(section);
  const p = path.replace(/^\/+/, '');
  if (c.x.some((x) => globMatches(x, p))) return 0;
  let best = 0;
  for (const f of c.f) if (globMatches(f, p)) best = Math.max(best, Math.min(f.depth, depthOf(p) + 1));
  for (const n of c.n) if (n.test(p)) best = Math.max(best, depthOf(p) + 1);
  return best;
}

/**
 * Sections covering `path`, most specific first (ties keep file order). get_maintainer.pl
 * reports all of them; the first is the one a path "belongs" to.
 */
export function sectionsForPath(sections: readonly MaintainersSection[], path: string): MaintainersSection[] {
  const hits: { s: MaintainersSection; d: number; i: number }[] = [];
  sections.forEach((s, i) => {
    const d = sectionMatch(s, path);
    if (d > 0) hits.push({ s, d, i });
  });
  hits.sort((a, b) => b.d - a.d || a.i - b.i);
  return hits.map((h) => h.s);
}

/**
 * The topic of a section: the topic its F: paths fall in (the most common), refined by the
 * part after " - " in the title when the section is a few files of a bigger area:
 * "MEMORY MANAGEMENT - GUP (GET USER PAGES)" with F: mm/gup.c -> "mm/gup".
 */
export function sectionTopic(s: Pick<MaintainersSection, 'name' | 'files'>): string | null {
  const votes = new Map<string, number>();
  let filesOnly = true;
  for (const f of s.files) {
    const clean = f.replace(/[*?].*$/, '');
    const t = dirTopic(clean.endsWith('/') || !clean ? `${clean}x` : clean);
    if (!t) continue;
    const dir = f.endsWith('/') || !/\.[^/]*$/.test(f);
    if (dir) filesOnly = false;
    // A section's own source directories say most; headers and docs/tools/tests least.
    const weight = /(?:^|\/)include\/|^Documentation\/|^tools\//.test(f) ? 0.25 : dir && !/[*?]/.test(f) ? 3 : 1;
    votes.set(t, (votes.get(t) ?? 0) + weight);
  }
  if (!votes.size) return null;
  const topic = [...votes].sort((a, b) => b[1] - a[1])[0][0];
  const sub = / - ([A-Za-z][A-Za-z0-9_]*)/.exec(s.name);
  if (sub && filesOnly && !topic.includes('/')) return `${topic}/${sub[1].toLowerCase()}`;
  return topic;
}
