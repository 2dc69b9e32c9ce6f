// The one HTML escaper: every piece of mail text reaches a page through here.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;

export function escapeHtml(s: string | null | undefined): string {
  if (!s) return '';
  // most text has nothing to escape: skip the replace (and its garbage)
  return SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ENTITIES[c]) : s;
}

/** For a path segment (Message-IDs contain '/', '+', '%'...). */
export const escapePathSegment = (s: string): string => encodeURIComponent(s);
