// Plain-text output for `lkb series`.
import type { SeriesDetailDTO, SeriesDiffDTO, SeriesSummaryDTO, VersionDTO } from '../views/series.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '(no date)');
const chip = (v: VersionDTO) => `v${v.versionLabel ?? v.version}${v.resend ? ' RESEND' : ''}${v.rfc ? ' RFC' : ''}`;
// '#' present, 'A' applied, 'b' taken from the version it rerolls, '.' missing
const slots = (v: VersionDTO) => v.patches.map((p) => (p ? (p.backfilled ? 'b' : p.applied ? 'A' : '#') : '.')).join('');

export function formatSeriesList(list: SeriesSummaryDTO[]): string {
  return list
    .map(
      (s) =>
        `${day(s.lastDate)}  ${s.title}\n` +
        `            ${s.state}; ${s.author?.name || s.author?.address || '(unknown)'}; ${s.versions.map((v) => `${chip(v)} [${slots(v)}]`).join(' -> ')}  (series ${s.id})`,
    )
    .join('\n');
}

export function formatSeries(d: SeriesDetailDTO): string {
  const out = [`${d.title}`, `by ${d.author?.name ?? ''} <${d.author?.address ?? ''}>, series ${d.id}, ${d.versions.length} version(s)`];
  for (const v of d.versions) {
    const r = d.review.find((x) => x.key === v.key);
    out.push('', `${chip(v)}  ${v.state}  ${day(v.date)}  ${v.complete ? 'complete' : 'INCOMPLETE'}  ${v.total} patch(es)${v.coverMsgid ? `  cover <${v.coverMsgid}>` : ''}`);
    v.patches.forEach((p, i) => {
      const rp = r?.patches.find((x) => x.index === i + 1);
      const who = [...(rp?.own ?? []), ...(rp?.collected ?? [])].filter((t) => /^(Reviewed|Acked|Tested)-by$/.test(t.name)).map((t) => `${t.name.replace('-by', '')}: ${t.value}${t.carriedFromVersion ? ` (from v${t.carriedFromVersion})` : ''}`);
      const applied = p?.applied ? `  [applied${p.applied.branch ? ` to ${p.applied.branch}` : ''}${p.applied.sha ? ` as ${p.applied.sha.slice(0, 12)}` : ''}]` : '';
      out.push(`  ${String(i + 1).padStart(3)}/${v.total} ${p ? `${p.subject}${p.backfilled ? ' (from earlier version)' : ''}${applied}` : '(missing)'}`);
      if (who?.length) out.push(`          ${who.join('; ')}`);
    });
    if (r?.unreviewed.length) out.push(`  unreviewed: ${r.unreviewed.join(', ')}`);
    for (const c of r?.changelog ?? []) out.push(`  changelog${c.version ? ` v${c.version}` : ''}: ${c.text.split('\n').join('\n    ')}`);
  }
  if (d.links.length) {
    out.push('', 'version links:');
    for (const l of d.links) out.push(`  ${l.status.padEnd(8)} ${l.score.toFixed(2)}  <${l.from}> -> <${l.to}>  (${l.reasons.join(', ')})`);
  }
  return out.join('\n');
}

export function formatSeriesDiff(d: SeriesDiffDTO): string {
  const out = [`series ${d.seriesId}: v${d.from} -> v${d.to}`];
  for (const p of d.patches) {
    const label = `${p.old ? String(p.old.index).padStart(3) : '  -'} ${p.new ? String(p.new.index).padStart(3) : '  -'}`;
    out.push(`${label}  ${p.status}${p.moved ? ' (moved)' : ''}${p.renamed ? ' (renamed)' : ''}  ${(p.new ?? p.old)!.title}`);
    if (p.interdiff) out.push(p.interdiff.split('\n').map((l) => `      ${l}`).join('\n'));
    else if (p.status === 'changed' && p.commitMessageDiff) {
      for (const change of p.commitMessageDiff.match(/\[-[^\]]*-\]\{\+[^}]*\+\}|\[-[^\]]*-\]|\{\+[^}]*\+\}/g) ?? []) out.push(`      ${change}`);
    }
  }
  return out.join('\n');
}
