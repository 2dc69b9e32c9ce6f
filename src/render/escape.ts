// The one HTML escaper: every piece of mail text reaches a page through here.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string | null | undefined): string {
  return (s ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** For a path segment (Message-IDs contain '/', '+', '%'...). */
export const escapePathSegment = (s: string): string => encodeURIComponent(s);
