// /series/:id — the versions timeline, the patch-by-version matrix, the interdiff between two
// versions (?from=&to=), changelog notes and review status.
import { exportLinks } from './lists.js';
import { html, raw, msgHref, threadHref, seriesHref, topicHref, day, person, type Safe } from './html.js';
import { escapeHtml } from './escape.js';
import { layout } from './layout.js';
import type { SeriesDetailDTO, SeriesDiffDTO, VersionDTO } from '../views/series.js';

const REVIEWS = new Set(['Reviewed-by', 'Acked-by', 'Tested-by']);

/** "mm: fix x" from "[PATCH v3 2/7] mm: fix x". */
export const patchTitle = (subject: string): string => subject.replace(/^\s*(?:(?:re|fwd?)\s*:\s*)*(?:\[[^\]]*\]\s*)+/i, '').trim();

type Cell = { state: 'new' | 'same' | 'changed' | 'dropped' | 'absent'; slot?: number; total?: number; msgid?: string; reviews?: number };

/** Rows = patch titles (ordered by the latest version, then earlier ones); columns = versions. */
export function patchMatrix(s: SeriesDetailDTO): { versions: VersionDTO[]; rows: { title: string; cells: Cell[] }[] } {
  const versions = [...s.versions].sort((a, b) => a.version - b.version || (a.date ?? '').localeCompare(b.date ?? ''));
  const order: string[] = [];
  const seen = new Set<string>();
  for (const v of [...versions].reverse())
    for (const p of v.patches)
      if (p) {
        const t = patchTitle(p.subject);
        if (!seen.has(t)) {
          seen.add(t);
          order.push(t);
        }
      }
  const reviewsOf = (v: VersionDTO, slot: number): number => {
    const r = s.review.find((x) => x.key === v.key);
    const p = r?.patches.find((x) => x.index === slot);
    return p ? [...p.own, ...p.collected].filter((t) => REVIEWS.has(t.name)).length : 0;
  };
  const rows = order.map((title) => {
    const cells: Cell[] = [];
    let prev: { patchId: string | null } | null = null;
    let everSeen = false;
    for (const v of versions) {
      const i = v.patches.findIndex((p) => p && patchTitle(p.subject) === title);
      const p = i >= 0 ? v.patches[i]! : null;
      if (!p) {
        cells.push({ state: everSeen ? 'dropped' : 'absent' });
        prev = null;
        continue;
      }
      const state: Cell['state'] = !prev ? 'new' : p.patchId && prev.patchId && p.patchId === prev.patchId ? 'same' : 'changed';
      cells.push({ state, slot: i + 1, total: v.total, msgid: p.msgid, reviews: reviewsOf(v, i + 1) });
      prev = p;
      everSeen = true;
    }
    return { title, cells };
  });
  return { versions, rows };
}

const STATE_LABEL: Record<Cell['state'], string> = { new: 'new', same: 'same', changed: 'changed', dropped: 'dropped', absent: '' };

function diffPre(text: string): Safe {
  let out = '<pre class="diff">';
  for (const line of text.split('\n')) {
    const c = line[0];
    const cls = line.startsWith('@@') ? 'dk' : c === '+' ? 'da' : c === '-' ? 'dd' : '';
    out += cls ? `<span class="${cls}">${escapeHtml(line)}</span>\n` : `${escapeHtml(line)}\n`;
  }
  return raw(out + '</pre>');
}

export function renderSeriesPage(s: SeriesDetailDTO, diff: SeriesDiffDTO | { error: string } | null): string {
  const { versions, rows } = patchMatrix(s);
  const nums = [...new Set(versions.map((v) => v.version))];
  const from = diff && 'from' in diff ? diff.from : nums.length > 1 ? nums[nums.length - 2] : nums[0];
  const to = diff && 'to' in diff ? diff.to : nums[nums.length - 1];
  const anchor = (i: number) => `ver-${i + 1}`;
  const timeline = versions.map((v, i) => {
    const r = s.review.find((x) => x.key === v.key);
    const present = v.patches.filter(Boolean).length;
    const first = v.coverMsgid ?? v.patches.find(Boolean)?.msgid ?? null;
    return html`<li class="version state-${v.state}" id="${anchor(i)}">${first ? html`<a class="chip" href="${msgHref(first)}">${v.versionLabel ?? `v${v.version}`}</a> <a class="thread-link" href="${threadHref(first)}">thread</a>` : html`<span class="chip">${v.versionLabel ?? `v${v.version}`}</span>`}
<span class="date">${day(v.date)}</span> <span class="tag state">${v.state}</span>${v.rfc ? html` <span class="tag">RFC</span>` : ''}${v.resend ? html` <span class="tag">RESEND</span>` : ''}
<span class="count">${present}/${v.total} patches${v.complete ? '' : ' (incomplete)'}</span>${r && present ? html` · <span class="${r.unreviewed.length ? 'unrev' : 'rev'}">${r.unreviewed.length ? `${r.unreviewed.length} unreviewed` : 'all reviewed'}</span>` : ''}
${v.title !== s.title ? html`<span class="vt">${v.title}</span>` : ''}</li>`;
  });
  const matrix = html`<div class="scroll"><table class="matrix" data-filter-list>
<thead><tr><th>patch</th>${versions.map((v) => html`<th>${v.versionLabel ?? `v${v.version}`}</th>`)}</tr></thead>
<tbody>${rows.map(
    (r) => html`<tr data-filter-item><th class="pt" data-filter-text>${r.title}</th>${r.cells.map((c) =>
      c.msgid
        ? html`<td class="c-${c.state}"><a href="${msgHref(c.msgid)}" title="${STATE_LABEL[c.state]}">${c.slot}/${c.total}</a> <small>${STATE_LABEL[c.state]}</small>${c.reviews ? html` <span class="rv" title="Reviewed/Acked/Tested-by">✓${c.reviews}</span>` : ''}</td>`
        : html`<td class="c-${c.state}">${c.state === 'dropped' ? 'dropped' : '–'}</td>`,
    )}</tr>\n`,
  )}</tbody></table></div>`;
  const sel = (name: string, cur: number) =>
    html`<select name="${name}" aria-label="${name} version">${nums.map((n) => html`<option value="${n}"${n === cur ? raw(' selected') : ''}>v${n}</option>`)}</select>`;
  let diffPart: Safe = html``;
  if (diff && 'error' in diff) diffPart = html`<p class="error">${diff.error}</p>`;
  else if (diff)
    diffPart = html`<ol class="rangediff">${diff.patches.map(
      (p) => html`<li class="rd-${p.status}"><span class="tag">${p.status}</span>${p.moved ? html` <span class="tag">moved</span>` : ''}
${p.old ? html`<a href="${msgHref(p.old.msgid)}">v${diff.from} ${p.old.index}</a>` : html`<span>–</span>`} → ${p.new ? html`<a href="${msgHref(p.new.msgid)}">v${diff.to} ${p.new.index}</a>` : html`<span>–</span>`}
<b>${(p.new ?? p.old)?.title ?? ''}</b>
${p.interdiff ? html`<details open><summary>interdiff</summary>${diffPre(p.interdiff)}</details>` : ''}
${p.commitMessageDiff && p.status !== 'same' && p.commitMessageDiff.trim() ? html`<details><summary>commit message</summary><pre class="msgdiff">${p.commitMessageDiff}</pre></details>` : ''}</li>`,
    )}</ol>`;
  const changelog = s.review.filter((r) => r.changelog.length);
  const main = html`<h1>${s.title}</h1>
<p class="sub">by ${person(s.author)} · <span class="tag state">${s.state}</span>${s.topic ? html` · topic <a href="${topicHref(s.topic)}">${s.topic}</a>` : ''} · ${day(s.firstDate)} – ${day(s.lastDate)}
· ${versions.map((v, i) => html`<a class="chip" href="#${anchor(i)}">${v.versionLabel ?? `v${v.version}`}</a> `)}</p>
<p class="sub">${exportLinks('series', String(s.id))}</p>
<h2>Versions</h2>
<ol class="timeline">${timeline}</ol>
<h2>Patches by version</h2>
<p class="legend"><span class="c-new">new</span> <span class="c-changed">changed</span> <span class="c-same">same patch-id</span> <span class="c-dropped">dropped</span> · ✓n = review trailers</p>
<input type="search" class="filter" data-filter-for placeholder="Filter patches" aria-label="Filter patches" hidden>
${matrix}
<h2 id="diff">Interdiff</h2>
${nums.length > 1 ? html`<form class="vdiff" method="get" action="${seriesHref(s.id)}#diff">${sel('from', from)} → ${sel('to', to)} <button type="submit">Compare</button></form>
<p class="pairs">${nums.slice(1).map((n, i) => html`${i ? ' · ' : ''}<a href="${seriesHref(s.id)}?from=${nums[i]}&amp;to=${n}#diff">v${nums[i]} → v${n}</a>`)}</p>` : html`<p>Only one version.</p>`}
${diffPart}
${changelog.length ? html`<h2>Changelog notes</h2>${changelog.map((r) => html`<h3>v${r.version}</h3>${r.changelog.map((c) => html`<pre class="changelog">${c.version !== null ? `v${c.version}: ` : ''}${c.text}</pre>`)}`)}` : ''}`;
  return layout({ title: s.title, kind: 'series-page', filter: true }, main);
}
