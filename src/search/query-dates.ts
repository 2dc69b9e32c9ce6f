// Date values of the d:/rt:/dt: prefixes: absolute dates and the git "approxidate" forms lore
// accepts. Pure: the caller passes `now` (ms since epoch); everything is UTC.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A parsed date value: the span it names, [start, end) in ms UTC, and whether it was relative. */
export interface DateSpan {
  start: number;
  end: number;
  relative: boolean;
  /** For relative values: the instant itself (used as a range bound). */
  instant: number;
}

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

const UNITS: Record<string, Unit> = {
  s: 'second', sec: 'second', secs: 'second', second: 'second', seconds: 'second',
  min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', week: 'week', weeks: 'week',
  mo: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', year: 'year', years: 'year',
};

/** `t` moved back by n units; months and years move on the calendar (clamped to month end). */
function back(t: number, n: number, unit: Unit): number {
  switch (unit) {
    case 'second': return t - n * SECOND;
    case 'minute': return t - n * MINUTE;
    case 'hour': return t - n * HOUR;
    case 'day': return t - n * DAY;
    case 'week': return t - 7 * n * DAY;
    case 'month':
    case 'year': {
      const d = new Date(t);
      const months = unit === 'month' ? n : 12 * n;
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - months);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      return d.getTime();
    }
  }
}

const dayStart = (t: number): number => Math.floor(t / DAY) * DAY;

function dayOf(t: number): DateSpan {
  const start = dayStart(t);
  return { start, end: start + DAY, relative: true, instant: t };
}

/** A calendar value checked by round trip (rejects 2020-02-30, month 13, hour 25...). */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  if (
    back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d ||
    back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s
  ) return null;
  return t;
}

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s));

/**
 * One date value (one side of a range). Returns null when it is not a date we understand.
 * Absolute forms name a span (a year, month, day, minute or second); relative forms name an
 * instant and, when used alone, the span documented in docs/search.md.
 */
export function parseDateValue(raw: string, now: number): DateSpan | null {
  const v = raw.trim().toLowerCase();
  if (v === '') return null;
  let m: RegExpExecArray | null;

  // @1600000000: seconds since the epoch (git's own form).
  if ((m = /^@(\d{1,12})$/.exec(v))) {
    const t = Number(m[1]) * SECOND;
    return { start: t, end: t + SECOND, relative: false, instant: t };
  }
  // YYYY, YYYYMM? no: 6 digits is ambiguous; YYYYMMDD, YYYYMMDDHHMM, YYYYMMDDHHMMSS.
  if ((m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(v))) {
    return absolute(m[1], m[2], m[3], m[4], m[5], m[6]);
  }
  // YYYY-MM-DD[( |t)HH:MM[:SS]][z], YYYY-MM, YYYY.
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t_](\d{1,2}):(\d{2})(?::(\d{2}))?z?)?$/.exec(v))) {
    return absolute(m[1], m[2], m[3], m[4], m[5], m[6]);
  }
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(v))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const start = utc(y, mo, 1, 0, 0, 0);
    if (start === null) return null;
    return { start, end: Date.UTC(y, mo, 1), relative: false, instant: start };
  }
  if ((m = /^(\d{4})$/.exec(v))) {
    const y = Number(m[1]);
    const start = Date.UTC(y, 0, 1);
    return { start, end: Date.UTC(y + 1, 0, 1), relative: false, instant: start };
  }

  // Relative forms: words separated by dots, spaces, underscores or dashes.
  const words = v.split(/[.\s_]+/).filter((w) => w !== '');
  const phrase = words.join('.');
  if (phrase === 'now') return { start: now, end: now + SECOND, relative: true, instant: now };
  if (phrase === 'today') return dayOf(now);
  if (phrase === 'yesterday') return dayOf(now - DAY);
  if ((m = /^last\.([a-z]+)$/.exec(phrase)) && UNITS[m[1]]) {
    // "last.week": the past week up to now.
    const t = back(now, 1, UNITS[m[1]]);
    return { start: t, end: now, relative: true, instant: t };
  }
  // N.unit[.ago], also "N unit ago" and "1.week.2.days.ago".
  const rest = words[words.length - 1] === 'ago' ? words.slice(0, -1) : words;
  if (rest.length >= 2 && rest.length % 2 === 0) {
    let t = now;
    let smallest: Unit = 'year';
    const order: Unit[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];
    for (let i = 0; i < rest.length; i += 2) {
      const n = /^\d{1,6}$/.test(rest[i]) ? Number(rest[i]) : null;
      const unit = UNITS[rest[i + 1]];
      if (n === null || !unit) return null;
      t = back(t, n, unit);
      if (order.indexOf(unit) < order.indexOf(smallest)) smallest = unit;
    }
    // Alone, an "N units ago" value names the UTC day it falls on (a whole day, like an
    // absolute date); under a day's precision it names just that instant's unit.
    if (smallest === 'second' || smallest === 'minute' || smallest === 'hour') {
      const size = smallest === 'second' ? SECOND : smallest === 'minute' ? MINUTE : HOUR;
      const start = Math.floor(t / size) * size;
      return { start, end: start + size, relative: true, instant: t };
    }
    return dayOf(t);
  }
  return null;
}

function absolute(
  ys: string, mos: string, ds: string, hs: string | undefined, mis: string | undefined, ss: string | undefined,
): DateSpan | null {
  const start = utc(num(ys), num(mos), num(ds), num(hs), num(mis), num(ss));
  if (start === null) return null;
  const size = hs === undefined ? DAY : ss === undefined ? MINUTE : SECOND;
  return { start, end: start + size, relative: false, instant: start };
}

/** Result of a d: value: a half-open range [from, to), either side open (null). */
export interface DateRange {
  from: number | null;
  to: number | null;
}

/** Why a d: value was rejected, with the offset inside the value. */
export interface DateError {
  offset: number;
  hint: string;
}

/**
 * A d: value: `X` (the span X names), `X..Y` (from the start of X to the end of Y; a relative
 * bound is its instant), `X..` or `..Y` (open). Returns a range or an error.
 */
export function parseDateRange(value: string, now: number): DateRange | DateError {
  const dots = value.indexOf('..');
  if (dots < 0) {
    const span = parseDateValue(value, now);
    if (!span) return { offset: 0, hint: badDate(value) };
    return { from: span.start, to: span.end };
  }
  const left = value.slice(0, dots);
  const right = value.slice(dots + 2);
  if (right.includes('..')) return { offset: dots + 2 + right.indexOf('..'), hint: 'a date range has one "..": d:FROM..TO' };
  if (left.trim() === '' && right.trim() === '') {
    return { offset: 0, hint: 'a date range needs at least one end: d:2020-10-01.. or d:..2021-01-07' };
  }
  let from: number | null = null;
  let to: number | null = null;
  if (left.trim() !== '') {
    const s = parseDateValue(left, now);
    if (!s) return { offset: 0, hint: badDate(left) };
    from = s.relative ? s.instant : s.start;
  }
  if (right.trim() !== '') {
    const s = parseDateValue(right, now);
    if (!s) return { offset: dots + 2, hint: badDate(right) };
    to = s.relative ? s.instant : s.end;
  }
  if (from !== null && to !== null && from >= to) {
    return { offset: 0, hint: 'this date range ends before it starts; write the earlier date first' };
  }
  return { from, to };
}

const badDate = (v: string): string =>
  `"${v.slice(0, 40)}" is not a date: use YYYYMMDD, YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY, ` +
  'N.days.ago (seconds/minutes/hours/days/weeks/months/years), yesterday, today, last.week';
