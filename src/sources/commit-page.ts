// 'commit-page': a scraped web page listing the commit messages of one patch at several points of its
// life, one flattened commit message per line. GitHub cuts long titles: "…the mm_struct i… …s
// destroyed Body…" means the title is "…the mm_struct is destroyed". Page chrome ("Tags: …") is skipped.
import type { RebuiltParts } from './flattened.js';

const TITLE_CUT = '… …';
/** Trailer names: any "Xxx-by" (Signed-off-by, Co-developed-by…) plus the usual non-person ones. */
const TRAILER = /(?<=^| )((?:[A-Z][a-z]*-)(?:[a-z]+-)*by|Fixes|Link|Closes|Cc|BugLink|Change-Id|Message-ID): /g;

export function looksCommitPage(text: string): boolean {
  const hasTrailer = /(?<=^| )Signed-off-by: /m.test(text);
  return hasTrailer && (/^Tags(?::[^\n]*)?\r?\n/.test(text) || text.includes(TITLE_CUT));
}

/** A line of the page that carries a commit message (not chrome). */
export function isCommitLine(line: string): boolean {
  return !/^Tags\b/.test(line) && (line.includes(TITLE_CUT) || /(?<=^| )Signed-off-by: /.test(line));
}

export function rebuildCommitMessage(line: string): RebuiltParts {
  const { title, rest } = splitTitle(line.trim());
  const { text, trailers } = splitTrailers(rest);
  const author = [...trailers].reverse().find(([name]) => name.toLowerCase() === 'signed-off-by');
  const headers: [string, string][] = [];
  if (author) headers.push(['From', author[1]]);
  headers.push(['Subject', title]);
  const trailerLines = trailers.map(([name, value]) => `${name}: ${value}`).join('\n');
  return { headers, body: [text, trailerLines].filter((s) => s !== '').join('\n\n') };
}

/**
 * The title ends where the body's first sentence starts: after the cut, the title's remainder runs
 * up to the first capitalised word ("…s destroyed BJ: In this branch…"). Without a cut, after any
 * "subsystem: " prefixes, the same rule applies.
 */
function splitTitle(line: string): { title: string; rest: string } {
  const cut = line.indexOf(TITLE_CUT);
  let head = '';
  let tail = line;
  if (cut >= 0) {
    head = line.slice(0, cut);
    tail = line.slice(cut + TITLE_CUT.length);
  } else {
    const prefix = /^(?:[^\s:]+: )+/.exec(line)?.[0] ?? '';
    head = prefix;
    tail = line.slice(prefix.length);
  }
  const words = tail.split(' ');
  let n = 1;
  while (n < words.length && !/^[A-Z]/.test(words[n])) n++;
  return { title: (head + words.slice(0, n).join(' ')).trim(), rest: words.slice(n).join(' ').trim() };
}

/** Splits off the trailing run of trailers (each value shaped like one), one per entry. */
function splitTrailers(text: string): { text: string; trailers: [string, string][] } {
  const found = [...text.matchAll(TRAILER)].map((m) => ({ at: m.index!, name: m[1], valueAt: m.index! + m[0].length }));
  const trailers: [string, string][] = [];
  let end = text.length;
  for (let i = found.length - 1; i >= 0; i--) {
    const value = text.slice(found[i].valueAt, end).trim();
    if (!looksLikeTrailerValue(found[i].name, value)) break;
    trailers.unshift([found[i].name, value]);
    end = found[i].at;
  }
  return { text: text.slice(0, end).trim(), trailers };
}

function looksLikeTrailerValue(name: string, value: string): boolean {
  if (value === '' || value.length > 300) return false;
  if (/-by$/i.test(name) || name === 'Cc') return /^[^<>]*<[^<>\s]+@[^<>\s]+>(?:\s*#.*)?$|^\S+@\S+(?:\s*#.*)?$/.test(value);
  if (name === 'Fixes') return /^[0-9a-f]{7,40} \(".*"\)$/.test(value);
  return /^\S+$/.test(value);
}
