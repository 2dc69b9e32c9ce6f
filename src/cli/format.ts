// Plain-text output for the CLI (every data command also has --json).
import type { MessageDTO } from '../views/message.js';
import type { ThreadDTO, ThreadSummaryDTO } from '../views/threads.js';
import type { IngestReport } from '../ingest/pipeline.js';
import type { StoreStats } from '../store/stats.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '(no date)      ');
const who = (a: { name: string; address: string } | null) => (a ? a.name || a.address : '(unknown)');

export function formatThreadList(threads: ThreadSummaryDTO[]): string {
  return threads
    .map((t) => `${day(t.lastDate)}  ${String(t.messageCount).padStart(4)} msgs  ${t.subject || '(no subject)'}\n` +
      `${' '.repeat(18)}id ${t.id}  ${t.rootMsgid ?? ''}`)
    .join('\n');
}

export function formatThread(t: ThreadDTO): string {
  const head = `${t.subject}\n${t.messageCount} messages, ${t.participants} participants, ${day(t.firstDate)} .. ${day(t.lastDate)}\n`;
  const lines = t.nodes.map((n) => {
    const indent = '  '.repeat(n.depth);
    if (n.ghost) return `${indent}[not in store] <${n.msgid}>`;
    return `${indent}${n.subject || '(no subject)'} — ${who(n.from)}, ${day(n.date)}  <${n.msgid}>`;
  });
  return head + lines.join('\n');
}

export function formatMessage(m: MessageDTO): string {
  const addrs = (l: { name: string; address: string }[]) => l.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
  const lines = [
    `Message-ID: <${m.msgid}>${m.msgidSynthetic ? '  (synthetic: the message had none)' : ''}`,
    `From: ${m.from ? (m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address) : '(unknown)'}`,
    m.to.length ? `To: ${addrs(m.to)}` : '',
    m.cc.length ? `Cc: ${addrs(m.cc)}` : '',
    `Date: ${m.date ?? `(${m.dateFlag ?? 'unknown'})`}${m.dateOffsetMinutes !== null ? ` (sender's offset ${m.dateOffsetMinutes} min)` : ''}`,
    `Subject: ${m.subject}`,
    m.inReplyTo ? `In-Reply-To: <${m.inReplyTo}>` : '',
    m.listId ? `List-Id: ${m.listId}` : '',
    `Thread: ${m.threadId}${m.copies > 1 ? `  (${m.copies} copies with this Message-ID)` : ''}`,
    m.patch ? `Patch: ${m.patch.files.length} files, +${m.patch.added} -${m.patch.removed}` : '',
    m.trailers.length ? `Trailers: ${m.trailers.map((t) => `${t.name}: ${t.value}`).join('; ')}` : '',
    m.flags.length ? `Flags: ${m.flags.join(', ')}` : '',
  ].filter(Boolean);
  return `${lines.join('\n')}\n\n${m.body}`;
}

export function formatReport(r: IngestReport): string {
  const rate = r.seconds > 0 ? Math.round(r.seen / r.seconds) : 0;
  const lines = [
    `ingested ${r.seen} messages in ${r.seconds.toFixed(1)} s (${rate} msg/s, ${(r.bytesRead / 1e6 / Math.max(r.seconds, 1e-3)).toFixed(1)} MB/s)`,
    `  added:       ${r.added}`,
    `  duplicates:  ${r.duplicates}`,
    `  quarantined: ${r.quarantined}`,
    ...Object.entries(r.quarantineReasons).map(([k, v]) => `    ${v} × ${k}`),
    `  threads touched: ${r.threadsTouched}`,
  ];
  if (r.series) {
    lines.push(
      `  series: ${r.series.series} series from ${r.series.postings} postings (${r.series.links} version links, ${r.series.possible} possible) in ${r.series.seconds.toFixed(1)} s`,
    );
  }
  if (r.topics) {
    lines.push(
      `  topics: ${r.topics.threads} threads assigned (${r.topics.changed} changed), ${r.topics.topics} topics, terms of ${r.topics.termTopics} in ${r.topics.seconds.toFixed(1)} s`,
    );
  }
  if (r.errors.length) {
    lines.push(`  unreadable inputs: ${r.errors.length}`);
    for (const e of r.errors) lines.push(`    ${e.origin}${e.offset !== null ? ` at byte ${e.offset}` : ''}: ${e.message}`);
  }
  return lines.join('\n');
}

export function formatStats(s: StoreStats): string {
  return [
    `messages:     ${s.messages} (${s.messageIds} distinct Message-IDs)`,
    `threads:      ${s.threads}`,
    `ghosts:       ${s.ghosts} (referenced, not stored)`,
    `patches:      ${s.patches}`,
    `quarantined:  ${s.quarantined}`,
    `dates:        ${s.firstDate ? new Date(s.firstDate).toISOString() : '-'} .. ${s.lastDate ? new Date(s.lastDate).toISOString() : '-'}`,
    `raw mail:     ${(s.rawBytes / 1e6).toFixed(1)} MB; database ${(s.dbBytes / 1e6).toFixed(1)} MB`,
    `lists:`,
    ...s.lists.map((l) => `  ${String(l.messages).padStart(8)}  ${l.listId}`),
  ].join('\n');
}
