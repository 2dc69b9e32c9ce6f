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

/** Characters XML 1.0 forbids even escaped (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): dropped. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** For XML text and attribute values (Atom feeds): escapes markup and drops characters XML cannot carry. */
export function escapeXml(s: string | null | undefined): string {
  return (s ?? '').replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
