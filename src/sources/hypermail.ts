// 'hypermail': a message page from a hypermail archive (e.g. lkml.iu.edu) saved as text: the subject
// on the first line, a blank line, "From: Name" and "Date: Fri Oct 30 2020 - 18:52:57 EST", then the
// body with its line breaks intact. Addresses are obfuscated (user@xxxxxxxx), so From is a name only.
import type { RebuiltParts } from './flattened.js';

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const HYPERMAIL_DATE = new RegExp(`^${DAY} ${MONTH} +(\\d{1,2}) (\\d{4}) - (\\d{1,2}:\\d\\d:\\d\\d) ([A-Z]{1,5})$`);
const PAGE_START = new RegExp(`^[^\\n]+\\r?\\n\\r?\\nFrom: [^\\n]*\\r?\\nDate: ${DAY} ${MONTH} +\\d{1,2} \\d{4} - \\d{1,2}:\\d\\d:\\d\\d [A-Z]{1,5}\\r?\\n`);

/** North American zone names hypermail prints; anything else becomes -0000 (offset unknown, RFC 5322). */
const ZONES: Record<string, string> = {
  UTC: '+0000', GMT: '+0000', UT: '+0000', Z: '+0000',
  EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500',
  MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700',
};

export function looksHypermail(text: string): boolean {
  return PAGE_START.test(text);
}

/** "Fri Oct 30 2020 - 18:52:57 EST" → "Fri, 30 Oct 2020 18:52:57 -0500"; null when not in that form. */
export function hypermailDateToRfc2822(date: string): string | null {
  const m = HYPERMAIL_DATE.exec(date.trim());
  if (!m) return null;
  const [, day, month, dd, yyyy, time, zone] = m;
  return `${day}, ${dd} ${month} ${yyyy} ${time.padStart(8, '0')} ${ZONES[zone] ?? '-0000'}`;
}

export function rebuildHypermail(text: string): RebuiltParts {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const headers: [string, string][] = [['Subject', lines[0].trim()]];
  let i = 1;
  while (i < lines.length && lines[i].trim() === '') i++;
  for (; i < lines.length; i++) {
    const m = /^([A-Za-z][\w-]*): ?(.*)$/.exec(lines[i]);
    if (!m) break;
    const [, name, value] = m;
    if (/^date$/i.test(name)) headers.push(['Date', hypermailDateToRfc2822(value) ?? value.trim()]);
    else if (/^from$/i.test(name)) headers.push(['From', withoutObfuscatedAddress(value)]);
    else headers.push([name, value.trim()]);
  }
  while (i < lines.length && lines[i].trim() === '') i++;
  return { headers, body: lines.slice(i).join('\n') };
}

/** Drops "user@xxxxxxxx" (with or without <>) so the parser does not take it for a real address. */
function withoutObfuscatedAddress(value: string): string {
  return value
    .replace(/<?[^\s<>@]*@x{3,}(?:\.x+)*>?/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
