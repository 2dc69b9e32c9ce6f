// Markdown for mail and issue trackers. Mail text is escaped so it cannot become markup;
// kernel identifiers (clear_refs, do_wp_page()) go in backticks instead, where they read as code.
import type { CollectionHead, Discussion, Participant, SeriesSummary, Source, ThreadSummary } from '../summary/types.js';

// URLs stay whole (as autolinks); identifiers with "_" or "()" become code spans.
const IDENT = /https?:\/\/[^\s<>`]+|[A-Za-z_][\w]*_[\w]*(?:\(\))?|[A-Za-z_]\w*\(\)/g;

/** One line of mail text as inert Markdown. */
export function mdText(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  let out = '';
  let at = 0;
  for (const m of flat.matchAll(IDENT)) {
    out += escapeMd(flat.slice(at, m.index));
    out += m[0].startsWith('http') ? `<${m[0]}>` : `\`${m[0]}\``;
    at = m.index + m[0].length;
  }
  return out + escapeMd(flat.slice(at));
}

const escapeMd = (s: string) => s.replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`).replace(/^([-=#+])/, '\\$1');

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'undated');
const stamp = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : 'undated');

export function mdLinks(s: Source): string {
  return s.lore ? `[msg](${s.url}) [lore](${s.lore})` : `[msg](${s.url})`;
}

function participants(ps: Participant[]): string[] {
  return ps.map((p) => {
    const count = p.messages ? `${p.messages} message${p.messages === 1 ? '' : 's'}` : 'quoted only';
    const roles = p.roles.filter((r) => r !== 'quoted');
    return `- ${mdText(p.name || p.address)}${p.address && p.name ? ` (${mdText(p.address)})` : ''}: ${count}${roles.length ? ` (${roles.join(', ')})` : ''}`;
  });
}

function section(h: string, title: string, lines: string[]): string {
  return lines.length ? `${h} ${title}\n\n${lines.join('\n')}\n\n` : '';
}

function discussion(d: Discussion, h: string): string {
  return (
    section(
      h,
      'Key points',
      d.points.map((p) => `- **${mdText(p.who)}** (${day(p.date)}): ${mdText(p.text)} ${mdLinks(p)}`),
    ) +
    section(
      h,
      'Questions',
      d.questions.map(
        (q) =>
          `- **${mdText(q.who)}**: ${mdText(q.text)} ${q.answered ? `_answered_ (${q.answers.length} repl${q.answers.length === 1 ? 'y' : 'ies'} below)` : '_unanswered_'} ${mdLinks(q)}`,
      ),
    ) +
    section(h, 'Objections', d.objections.map((o) => `- **${mdText(o.who)}**: ${mdText(o.text)} ${mdLinks(o)}`)) +
    section(h, 'Agreements', d.agreements.map((o) => `- **${mdText(o.who)}**: ${mdText(o.text)} ${mdLinks(o)}`)) +
    section(h, 'Links cited', d.links.map((l) => `- ${l.kind}: ${mdText(l.value)} (${mdText(l.who)}) ${mdLinks(l)}`))
  );
}

export function threadMarkdown(s: ThreadSummary, level = 1): string {
  const h1 = '#'.repeat(level);
  const h2 = '#'.repeat(level + 1);
  const facts = [
    s.lists.length ? `- Lists: ${s.lists.map(mdText).join(', ')}` : null,
    s.topic ? `- Topic: ${mdText(s.topic)}` : null,
    `- ${s.messageCount} message${s.messageCount === 1 ? '' : 's'}, ${day(s.firstDate)} to ${day(s.lastDate)}`,
    s.root ? `- Thread: ${mdLinks(s.root)}` : null,
  ].filter((x): x is string => x !== null);
  return (
    `${h1} ${mdText(s.title)}\n\n${facts.join('\n')}\n\n` +
    section(h2, 'Participants', participants(s.participants)) +
    discussion(s.discussion, h2) +
    section(
      h2,
      'Messages',
      s.messages.map((m) => `- ${stamp(m.date)} ${mdText(m.from)}${m.patch ? ' [patch]' : ''}: ${mdText(m.subject)} ${mdLinks(m)}`),
    )
  );
}

export function seriesMarkdown(s: SeriesSummary): string {
  const facts = [
    s.author ? `- Author: ${mdText(s.author)}` : null,
    s.topic ? `- Topic: ${mdText(s.topic)}` : null,
    s.lists.length ? `- Lists: ${s.lists.map(mdText).join(', ')}` : null,
    `- State: ${mdText(s.state.state)}; latest version v${s.state.latestVersion}` +
      (s.state.superseded.length ? `; superseded: ${s.state.superseded.map((v) => `v${v}`).join(', ')}` : '') +
      (s.state.unreviewed.length ? `; unreviewed patches in v${s.state.latestVersion}: ${s.state.unreviewed.join(', ')}` : ''),
    `- ${day(s.firstDate)} to ${day(s.lastDate)}`,
  ].filter((x): x is string => x !== null);
  let out = `# ${mdText(s.title)}\n\n${facts.join('\n')}\n\n`;
  out += section('##', 'Participants', participants(s.participants));
  out += `## Versions\n\n`;
  for (const v of s.versions) {
    const tags = [v.rfc ? 'RFC' : null, v.resend ? 'RESEND' : null, v.complete ? null : 'incomplete'].filter(Boolean).join(', ');
    out += `### v${v.version}${v.label && v.label !== String(v.version) ? ` (${mdText(v.label)})` : ''}: ${day(v.date)}, ${mdText(v.state)}${tags ? `, ${tags}` : ''}\n\n`;
    if (v.cover) out += `- Cover letter: ${mdLinks(v.cover)}\n`;
    for (const p of v.patches) {
      const trailers = p.trailers.filter((t) => t.name !== 'Signed-off-by');
      out += `- ${p.index}/${v.total} ${p.title ? mdText(p.title) : '(missing)'}: ${p.status}${p.source ? ` ${mdLinks(p.source)}` : ''}\n`;
      for (const t of trailers) out += `  - ${mdText(`${t.name}: ${t.value}`)}${t.carriedFromVersion ? ` (from v${t.carriedFromVersion})` : ''}${t.from ? ` ${mdLinks(t.from)}` : ''}\n`;
    }
    if (v.changelog.length) {
      out += `\nChangelog:\n\n`;
      for (const c of v.changelog) out += `${c.text.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    }
    out += '\n';
  }
  if (s.changes.length) {
    out += '## Changes between versions\n\n';
    for (const c of s.changes) {
      out += `### v${c.from} to v${c.to}\n\n`;
      for (const p of c.patches) {
        const parts = [
          p.status,
          p.files.length ? `files: ${p.files.map(mdText).join(', ')}` : null,
          p.added || p.removed ? `+${p.added}/-${p.removed} lines` : null,
          p.messageChanged ? 'commit message changed' : null,
          ...p.renames.map((r) => `renamed ${mdText(r.from)} to ${mdText(r.to)}`),
        ].filter(Boolean);
        const src = p.new ?? p.old;
        out += `- ${mdText(p.title)}: ${parts.join('; ')}${src ? ` ${mdLinks(src)}` : ''}\n`;
      }
      out += '\n';
    }
  }
  out += discussion(s.discussion, '##');
  return out;
}

export function collectionHeadMarkdown(h: CollectionHead): string {
  return `# ${h.kind === 'topic' ? 'Topic' : 'Search'}: ${mdText(h.name)}\n\n`;
}
