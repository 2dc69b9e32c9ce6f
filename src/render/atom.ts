// Atom feeds (RFC 4287) for a search and a topic, pure: a FeedDTO in, an XML string out.
// Every piece of mail text goes through escapeXml (markup escaped, characters XML cannot
// carry dropped), so a hostile subject or body is text in the feed, never markup. Entry ids
// are urn:uuid from the Message-ID (stable whatever host serves the feed, as public-inbox does);
// links point at our /m/<msgid> page.
import { createHash } from 'node:crypto';
import { escapeXml, escapePathSegment } from './escape.js';

export interface FeedEntryDTO {
  msgid: string;
  title: string;
  author: { name: string; address: string } | null;
  /** ISO 8601; null when the message has no usable date. */
  updated: string | null;
  /** The first lines of the message's own (unquoted) text. */
  summary: string;
}

export interface FeedDTO {
  title: string;
  /** Path of the feed itself ("/search/atom.xml?q=..."), for rel="self" and the feed id. */
  selfPath: string;
  /** Path of the HTML page the feed mirrors, for rel="alternate". */
  htmlPath: string;
  entries: FeedEntryDTO[];
}

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** A name-based (SHA-1, RFC 4122 version 5 layout) urn:uuid: the same Message-ID always gives the same id. */
export function urnUuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const EPOCH = '1970-01-01T00:00:00Z';

/**
 * The feed as XML. `base` is the absolute origin ("http://host:port") links are made from.
 */
export function renderAtom(feed: FeedDTO, base: string): string {
  const idOf = urnUuid;
  const updated = feed.entries.reduce<string | null>((max, e) => (e.updated && (!max || e.updated > max) ? e.updated : max), null) ?? EPOCH;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<title>${escapeXml(feed.title)}</title>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(base + feed.selfPath)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(base + feed.htmlPath)}"/>`,
    `<id>${escapeXml(idOf(`feed:${feed.selfPath}`))}</id>`,
    `<updated>${escapeXml(updated)}</updated>`,
    '<generator>lkml-kb</generator>',
  ];
  for (const e of feed.entries) {
    const name = e.author?.name || e.author?.address || 'unknown';
    out.push(
      '<entry>',
      `<title>${escapeXml(e.title || '(no subject)')}</title>`,
      `<author><name>${escapeXml(name)}</name>${e.author?.address ? `<email>${escapeXml(e.author.address)}</email>` : ''}</author>`,
      `<updated>${escapeXml(e.updated ?? EPOCH)}</updated>`,
      `<id>${escapeXml(idOf(e.msgid))}</id>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(`${base}/m/${escapePathSegment(e.msgid).replace(/%40/g, '@')}`)}"/>`,
      `<summary type="text">${escapeXml(e.summary)}</summary>`,
      '</entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
