// Date header -> UTC milliseconds + the sender's offset. Pure: no clock, no local time zone
// (Date.parse would read zone-less dates in the process's zone, so we use our own grammar).
import type { MessageDate } from '../domain/message.js';

/** Kept as "the header as written": long enough for any real date, short enough for a fuzzed one. */
const MAX_DATE_HEADER = 256;
// No clock in pure parsers, so "absurd" is a fixed window: before 1980 (no list archive is older;
// epoch-zero and 1970 dates are broken clocks) or after 2100 (a typo'd or fuzzed year).
const MIN_SANE_UTC = Date.UTC(1980, 0, 1);
const MAX_SANE_UTC = Date.UTC(2100, 0, 1);
/** Real offsets lie within -12:00..+14:00; allow some slack, beyond that the zone is junk. */
const MAX_OFFSET_MINUTES = 18 * 60;

const MONTHS: Record<string, number> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, mär: 2, mrz: 2, apr: 3, april: 3,
  may: 4, mai: 4, jun: 5, june: 5, jul: 6, july: 6, aug: 7, august: 7, sep: 8, sept: 8, september: 8,
  oct: 9, okt: 9, october: 9, nov: 10, november: 10, dec: 11, dez: 11, december: 11,
};

/** Zone names seen in Date headers, in minutes east of UTC (RFC 5322 obs-zone plus common ones). */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150,
  BST: 60, IST: 330, CET: 60, CEST: 120, MET: 60, MEST: 120, MEZ: 60, MESZ: 120, WEST: 60,
  EET: 120, EEST: 180, MSK: 180, MSD: 240, JST: 540, KST: 540, HKT: 480, SGT: 480,
  CST8: 480, AWST: 480, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

// "[Mon,] 5 Dec 2011 16:49[:35] <rest>" (RFC 5322, with obs- and common sloppiness).
const RFC_DATE = /^(?:[A-Za-z]{1,12}\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-zä]{3,9})\.?,?[\s-]+(\d{2,9}),?\s+(\d{1,2}):(\d{1,2})(?!\d)(?::(\d{1,2})(?!\d)(?:\.\d{1,9})?)?(.*)$/;
// asctime / mbox From-line style: "Thu Aug  1 00:30:11 [zone] 2019".
const ASCTIME = /^[A-Za-z]{3},?\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:([A-Za-z]{1,5}|[+-]\d{4})\s+)?(\d{4})(.*)$/;
// ISO 8601-ish: "2019-08-01 00:30:11 +0000", "2019-08-01T00:30:11Z".
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})[T\s]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(.*)$/;

interface Fields {
  year: number;
  month: number; // 0-based
  day: number;
  hour: number;
  minute: number;
  second: number;
  rest: string; // zone and anything after it
}

/**
 * The date of a message. `header` is the Date header's value (null when absent). `fallback`
 * is another parser's reading of the same header, used only when ours fails; do not pass
 * mailparser's `date` there: it substitutes the current time for dates it cannot read.
 * Never invents a date: utc is null when missing or unparsable.
 */
export function parseDate(header: string | null | undefined, fallback?: Date): MessageDate {
  if (header === null || header === undefined || header.trim() === '') {
    return { utc: null, offsetMinutes: null, header: header ?? null, flag: 'missing' };
  }
  const written = header.trim().slice(0, MAX_DATE_HEADER);
  // control characters (fuzz: "22:00:54^]+0200") and folding act as spaces
  const h = written.replace(/[\x00-\x1f\x7f]/g, ' ').replace(/^[\s,]+/, '');
  const fields = readFields(h);
  if (!fields) {
    const t = fallback?.getTime();
    if (t === undefined || Number.isNaN(t)) return { utc: null, offsetMinutes: null, header: written, flag: 'unparsable' };
    return { utc: t, offsetMinutes: null, header: written, flag: t < MIN_SANE_UTC || t > MAX_SANE_UTC ? 'absurd' : null };
  }
  if (fields.year > 9999) return { utc: null, offsetMinutes: null, header: written, flag: 'absurd' };
  const local = utcOf(fields);
  if (local === null) return { utc: null, offsetMinutes: null, header: written, flag: 'unparsable' };
  const offset = zoneOffset(fields.rest);
  const utc = local - (offset ?? 0) * 60_000;
  return { utc, offsetMinutes: offset, header: written, flag: utc < MIN_SANE_UTC || utc > MAX_SANE_UTC ? 'absurd' : null };
}

function readFields(h: string): Fields | null {
  let m = RFC_DATE.exec(h);
  if (m) {
    const month = MONTHS[m[2].toLowerCase()];
    if (month === undefined) return null;
    return { year: fullYear(m[3]), month, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), rest: m[7] };
  }
  m = ASCTIME.exec(h);
  if (m) {
    const month = MONTHS[m[1].toLowerCase()];
    if (month === undefined) return null;
    return { year: Number(m[7]), month, day: Number(m[2]), hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5] ?? 0), rest: `${m[6] ?? ''} ${m[8]}` };
  }
  m = ISO_DATE.exec(h);
  if (m) {
    return { year: Number(m[1]), month: Number(m[2]) - 1, day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), rest: m[7] };
  }
  return null;
}

// RFC 5322 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx; three-digit years add 1900.
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  if (y.length === 3) return 1900 + n;
  return n;
}

/** The wall-clock fields as if they were UTC; null when they name no real instant (Feb 30, 25:00). */
function utcOf(f: Fields): number | null {
  if (f.month < 0 || f.month > 11 || f.day < 1 || f.hour > 23 || f.minute > 59 || f.second > 60) return null;
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month, f.day); // setUTCFullYear keeps years 0-99 literal, Date.UTC would not
  if (d.getUTCDate() !== f.day) return null;
  d.setUTCHours(f.hour, f.minute, Math.min(f.second, 59));
  return d.getTime();
}

/** Minutes east of UTC from "+0100", "-05:00", "+02", "GMT", "(PDT)"...; null when unknown or "-0000". */
function zoneOffset(rest: string): number | null {
  const r = rest.trim();
  const num = /^([+-])(\d{2}):?(\d{2})?(?!\d)/.exec(r);
  if (num) {
    const minutes = Number(num[2]) * 60 + Number(num[3] ?? 0);
    if (num[1] === '-' && minutes === 0) return null; // RFC 5322: "-0000" = offset unknown
    if (minutes > MAX_OFFSET_MINUTES || Number(num[3] ?? 0) > 59) return null;
    return num[1] === '-' ? -minutes : minutes;
  }
  // a zone name, bare or as the comment "(PDT)"
  const name = /^\(?([A-Za-z]{1,5}\d?)\)?(?![A-Za-z])/.exec(r);
  if (name) {
    const z = ZONES[name[1].toUpperCase()];
    if (z !== undefined) return z;
  }
  return null;
}
