// A series version as an mbox for `git am`, as `b4 am` makes it: the latest (or a given)
// version, cover letter left out, patches 1..N in order, each with the trailers collected from
// replies (src/series/trailers.ts, through views/series.ts) added to its commit message and a
// Link: to the patch on lore. A patch re-used from an earlier version in a partial reroll
// (a backfilled slot) is relabelled with the new version and keeps the trailers it collected there.
//
// The file is in the form git-mailsplit reads by default (b4's habit): "From git@z ..." lines
// and no ">From " quoting, since `git am` only unquotes with --patch-format=mboxrd. A series is
// at most a few hundred patches, so the messages are built before anything is written: a
// missing patch is reported before the output is touched.
import type { Writable } from 'node:stream';
import type { ReadableDB } from '../store/db.js';
import { findMessage } from '../views/message.js';
import { seriesDetail, type SeriesDetailDTO, type VersionDTO } from '../views/series.js';
import { getBody, getRaw } from '../store/messages.js';
import { parseSubjectTags } from '../series/subject-tags.js';
import { amSubject, buildAmMessage, NoPatchBreakError, rawHeaderValue, type AmTrailer } from './am-message.js';
import { writeChunks, type WriteOptions } from './mbox.js';

export const AM_FROM_LINE = 'From git@z Thu Jan  1 00:00:00 1970\n';
export const DEFAULT_LINK_MASK = 'https://lore.kernel.org/r/%s';

export interface AmOptions extends WriteOptions {
  /** The version number to export (default: the latest; the newest posting of it when re-sent). */
  version?: number;
  /** Write the patches there are when some are missing (default: refuse). */
  partial?: boolean;
  /** Add "Link: <mask with %s = Message-ID>" (default true, lore's /r/ URL); false leaves it out; a string is the mask. */
  link?: boolean | string;
  /** Add the trailers collected from replies (default true). */
  addTrailers?: boolean;
}

export interface AmPatchReport {
  index: number;
  msgid: string;
  subject: string;
  /** Trailers added to the commit message (Link: included). */
  added: AmTrailer[];
  /** Written as stored (its diff is not in the text part, e.g. an attachment): nothing added. */
  asIs: boolean;
}

export interface AmReport {
  seriesId: number;
  version: number;
  title: string;
  total: number;
  patches: AmPatchReport[];
  /** Slots with no patch in the store (written only with `partial`). */
  missing: number[];
  warnings: string[];
}

/** A request that cannot be met (unknown series or version, missing patches): a message for the user. */
export class AmError extends Error {}

export interface Planned {
  report: AmReport;
  messages: Buffer[];
}

function pickVersion(detail: SeriesDetailDTO, wanted?: number): VersionDTO {
  const numbers = [...new Set(detail.versions.map((v) => v.version))];
  const n = wanted ?? Math.max(...numbers);
  const v = detail.versions.filter((x) => x.version === n).pop();
  if (!v) throw new AmError(`series ${detail.id} has no v${n} (versions: ${numbers.map((x) => `v${x}`).join(', ')})`);
  return v;
}

/** Collected trailers of a patch in a posting; for a backfilled slot, those of the posting it was first sent in. */
function collectedFor(detail: SeriesDetailDTO, version: VersionDTO, index: number, msgid: string): AmTrailer[] {
  const own = detail.review.find((r) => r.key === version.key)?.patches.find((p) => p.index === index && p.msgid === msgid);
  const slot = version.patches[index - 1];
  if (slot && !slot.backfilled) return own?.collected.map(({ name, value }) => ({ name, value })) ?? [];
  for (let i = detail.versions.length - 1; i >= 0; i--) {
    const v = detail.versions[i];
    const k = v.patches.findIndex((p) => p?.msgid === msgid && !p.backfilled);
    if (k < 0) continue;
    const entry = detail.review.find((r) => r.key === v.key)?.patches.find((p) => p.msgid === msgid);
    if (entry) return entry.collected.map(({ name, value }) => ({ name, value }));
  }
  return own?.collected.map(({ name, value }) => ({ name, value })) ?? [];
}

function linkFor(o: AmOptions, msgid: string): string | null {
  if (o.link === false) return null;
  const mask = typeof o.link === 'string' ? o.link : DEFAULT_LINK_MASK;
  return mask.includes('%s') ? mask.replace('%s', msgid) : `${mask}${msgid}`;
}

/** Builds every message of the export, or throws AmError. */
export function planSeriesAm(db: ReadableDB, seriesId: number, o: AmOptions = {}): Planned {
  const detail = seriesDetail(db, seriesId);
  if (!detail) throw new AmError(`no series ${seriesId}`);
  const version = pickVersion(detail, o.version);
  const missing = version.patches.flatMap((p, i) => (p ? [] : [i + 1]));
  if (version.patches.length === 0 || missing.length === version.patches.length) {
    throw new AmError(`v${version.version} of series ${seriesId} has no patches in the store (only a cover letter?)`);
  }
  if (missing.length && !o.partial) {
    throw new AmError(
      `v${version.version} of series ${seriesId} is missing patch${missing.length > 1 ? 'es' : ''} ${missing
        .map((i) => `${i}/${version.total}`)
        .join(', ')}: pass --partial to export the ${version.patches.length - missing.length} there are`,
    );
  }
  const report: AmReport = {
    seriesId,
    version: version.version,
    title: version.title,
    total: version.total,
    patches: [],
    missing,
    warnings: [],
  };
  const messages: Buffer[] = [];
  version.patches.forEach((slot, i) => {
    if (!slot) return;
    const index = i + 1;
    const found = findMessage(db, slot.msgid);
    if (!found) {
      report.warnings.push(`patch ${index}/${version.total} <${slot.msgid}> is not in the store`);
      return;
    }
    const row = found.row;
    const raw = getRaw(db, row);
    const subject = amSubject(parseSubjectTags(row.subject).title, {
      version: version.version,
      index,
      total: version.total,
      rfc: version.rfc,
    });
    try {
      const built = buildAmMessage({
        msgid: row.msgid,
        fromName: row.from_name,
        fromAddress: row.from_addr,
        dateHeader: rawHeaderValue(raw, 'date'),
        dateMs: row.date,
        dateOffset: row.date_offset,
        subject,
        body: getBody(db, row),
        trailers: o.addTrailers === false ? [] : collectedFor(detail, version, index, row.msgid),
        link: linkFor(o, row.msgid),
      });
      messages.push(Buffer.from(AM_FROM_LINE + built.text + '\n'));
      report.patches.push({ index, msgid: row.msgid, subject, added: built.added, asIs: false });
    } catch (e) {
      if (!(e instanceof NoPatchBreakError)) throw e;
      // the diff is in an attachment (or the text is not mail): git mailinfo reads the stored message itself
      const ends = raw.length > 0 && raw[raw.length - 1] === 0x0a;
      messages.push(Buffer.concat([Buffer.from(AM_FROM_LINE), raw, Buffer.from(ends ? '\n' : '\n\n')]));
      report.patches.push({ index, msgid: row.msgid, subject: row.subject, added: [], asIs: true });
      report.warnings.push(`patch ${index}/${version.total} <${row.msgid}> has no diff in its text part: written as stored, no trailers added`);
    }
  });
  return { report, messages };
}

/**
 * Writes the version's patches for `git am` to `out` (gzip'd with `gzip`). Throws AmError
 * before writing anything when the series, the version or (without `partial`) a patch is missing.
 */
export async function writeSeriesAm(db: ReadableDB, seriesId: number, o: AmOptions, out: Writable): Promise<AmReport> {
  return writeAmPlan(planSeriesAm(db, seriesId, o), out, o);
}

/** Writes messages planned by planSeriesAm (plan first to report errors before opening the output). */
export async function writeAmPlan(plan: Planned, out: Writable, o: WriteOptions = {}): Promise<AmReport> {
  await writeChunks(plan.messages, out, o);
  return plan.report;
}
