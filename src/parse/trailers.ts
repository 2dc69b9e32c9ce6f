// Kernel-style trailers ("Signed-off-by: Name <addr>") from unquoted body text.
import type { Address, Trailer, TrailerName } from '../domain/message.js';
import { MAX_ADDRESS_LENGTH, MAX_NAME_LENGTH, MAX_TRAILERS, MAX_TRAILER_VALUE_LENGTH } from './limits.js';

const PERSON_TRAILERS: Record<string, TrailerName> = {
  'signed-off-by': 'Signed-off-by',
  'reviewed-by': 'Reviewed-by',
  'acked-by': 'Acked-by',
  'tested-by': 'Tested-by',
  'reported-by': 'Reported-by',
  'suggested-by': 'Suggested-by',
  'co-developed-by': 'Co-developed-by',
  'nacked-by': 'Nacked-by',
  cc: 'Cc',
};
// Combined forms people write; each yields one trailer per canonical name.
const COMBINED_TRAILERS: Record<string, TrailerName[]> = {
  'reported-and-tested-by': ['Reported-by', 'Tested-by'],
  'reviewed-and-tested-by': ['Reviewed-by', 'Tested-by'],
  'tested-and-reviewed-by': ['Tested-by', 'Reviewed-by'],
  'acked-and-tested-by': ['Acked-by', 'Tested-by'],
};
const REFERENCE_TRAILERS: Record<string, TrailerName> = { fixes: 'Fixes', link: 'Link', closes: 'Closes' };

// "  Name-With-Dashes : value"; the name is short, so the line regex cannot blow up.
const TRAILER_LINE = /^[ \t]*([A-Za-z][A-Za-z-]{1,40})[ \t]*:[ \t]*(\S.*)$/;
const FIXES_VALUE = /^[0-9a-f]{6,40}\b/i;
const URL_VALUE = /^<?[a-z][a-z0-9+.-]*:\/\/\S/i;
const STABLE_ADDRESS = /^stable@(?:vger\.)?kernel\.org$/i;

/** Trailers in `text`, in order. Lines quoted with ">" never count; exact duplicates are dropped. */
export function parseTrailers(text: string): Trailer[] {
  return parseTrailerLines(text.split('\n'));
}

/** Same as parseTrailers over lines already split (mime.ts avoids a second split). */
export function parseTrailerLines(lines: readonly string[]): Trailer[] {
  const out: Trailer[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (out.length >= MAX_TRAILERS) break;
    const t = line.trimStart();
    if (t.length < 4 || t.charCodeAt(0) === 0x3e /* > */ || t.indexOf(':') < 0) continue;
    for (const trailer of parseTrailerLine(line)) {
      const key = `${trailer.name}\n${trailer.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(trailer);
    }
  }
  return out;
}

/** The trailer(s) one line holds; [] when it is prose. */
export function parseTrailerLine(line: string): Trailer[] {
  const m = TRAILER_LINE.exec(line.length > MAX_TRAILER_VALUE_LENGTH * 2 ? line.slice(0, MAX_TRAILER_VALUE_LENGTH * 2) : line);
  if (!m) return [];
  const key = m[1].toLowerCase();
  const value = m[2].trim().slice(0, MAX_TRAILER_VALUE_LENGTH);
  const ref = REFERENCE_TRAILERS[key];
  if (ref) {
    const ok = ref === 'Fixes' ? FIXES_VALUE.test(value) : URL_VALUE.test(value);
    return ok ? [{ name: ref, value }] : [];
  }
  const names = COMBINED_TRAILERS[key] ?? (PERSON_TRAILERS[key] ? [PERSON_TRAILERS[key]] : null);
  if (!names) return [];
  const person = parsePerson(value);
  if (!person) return []; // "Tested-by: me on arm64" is prose, not a trailer
  if (names[0] === 'Cc') {
    // Plain Cc trailers are routing noise; only the stable-tree ones carry meaning.
    return STABLE_ADDRESS.test(person.address) ? [{ name: 'Cc', value, person, stable: true }] : [];
  }
  return names.map((name) => ({ name, value, person }));
}

/**
 * `Name <addr>`, `"Name (Company)" <addr>`, `Name (corp) <addr>`, `<addr>`, bare `addr`,
 * obfuscated `user@xxxxxxxx`, with an optional `# comment` after. null when there is no address.
 */
export function parsePerson(value: string): Address | null {
  let v = value;
  const hash = v.search(/\s#/);
  if (hash >= 0) v = v.slice(0, hash);
  v = v.trim();
  let address = '';
  let name = '';
  const open = v.lastIndexOf('<');
  const close = open >= 0 ? v.indexOf('>', open) : -1;
  if (open >= 0 && close > open && v.slice(open + 1, close).includes('@')) {
    address = v.slice(open + 1, close).trim();
    name = v.slice(0, open);
  } else {
    const tokens = v.split(/\s+/);
    const at = tokens.findIndex((t) => t.includes('@'));
    if (at < 0) return null;
    address = trimPunctuation(tokens[at]);
    tokens.splice(at, 1);
    name = tokens.join(' ');
  }
  if (!address.includes('@') || /\s/.test(address)) return null;
  name = name.trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  return { name: name.trim().slice(0, MAX_NAME_LENGTH), address: address.slice(0, MAX_ADDRESS_LENGTH) };
}

const OPENERS = new Set(['<', '(', '[', '"', "'"]);
const CLOSERS = new Set(['>', ')', ']', '"', "'", ',', ';', '.']);

// "(addr@x)," -> "addr@x", without a backtracking regex.
function trimPunctuation(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && OPENERS.has(token[start])) start++;
  while (end > start && CLOSERS.has(token[end - 1])) end--;
  return token.slice(start, end);
}
