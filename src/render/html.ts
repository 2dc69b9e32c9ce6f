// The one way pages build HTML: `html` escapes every interpolation through escapeHtml unless it
// is a Safe fragment (another html`` result or an explicit raw()). Arrays are joined.
import { escapeHtml } from './escape.js';

export class Safe {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}

/** Marks an already-rendered fragment as safe. Never pass mail text here. */
export const raw = (s: string): Safe => new Safe(s);

type Part = Safe | string | number | boolean | null | undefined | readonly Part[];

function emit(v: Part): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof Safe) return v.s;
  if (Array.isArray(v)) {
    let out = '';
    for (const x of v as readonly Part[]) out += emit(x);
    return out;
  }
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Safe {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += emit(values[i]) + strings[i + 1];
  return new Safe(out);
}

/** A path for one Message-ID (ids contain '/', '+', '%'). */
export const msgHref = (msgid: string): string => `/m/${encodeURIComponent(msgid)}`;
export const threadHref = (id: number | string): string => `/thread/${encodeURIComponent(String(id))}`;
export const seriesHref = (id: number | string): string => `/series/${encodeURIComponent(String(id))}`;
export const topicHref = (name: string): string => `/topic/${name.split('/').map(encodeURIComponent).join('/')}`;

/** "2020-11-03 02:11" from an ISO date; '' for null. */
export const shortDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
export const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '');

export function person(a: { name: string; address: string } | null | undefined): string {
  if (!a) return '(unknown)';
  return a.name || a.address;
}
