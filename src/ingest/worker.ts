// A parse worker: bytes in, parsed records and compressed packs out. Runs mailparser and
// our pure parsers off the main thread so that both cores work during an ingest.
import { parentPort } from 'node:worker_threads';
import type { RawMessage } from '../domain/message.js';
import { parseMessage } from '../parse/mime.js';
import { isReplySubject } from '../parse/subject.js';
import { patchId } from '../series/patch-id.js';
import { extractChangeId, extractVersionLinks } from '../series/changelog.js';
import { detectAppliedNotice } from '../series/applied.js';
import { searchDocument } from '../index/document.js';
import { compressOne, packParts, packRaw, type RawSplit } from '../store/codec.js';
import type { NewMessage } from '../store/messages.js';
import type { Quarantined } from '../store/quarantine.js';
import type { ParseResult, ParseTask, TaskItem } from './task.js';

async function parseOne(data: Buffer, it: TaskItem) {
  const raw = data.subarray(it.rawOff, it.rawOff + it.rawLen);
  const rebuilt = it.rebuiltLen !== undefined ? data.subarray(it.rebuiltOff!, it.rebuiltOff! + it.rebuiltLen) : undefined;
  const input: RawMessage = { raw, rebuilt, origin: it.origin, format: it.format, flags: it.flags };
  try {
    return { it, raw, parsed: await parseMessage(input) };
  } catch (e) {
    return { it, raw, error: (e as Error).message || String(e) };
  }
}

/** Lore links in the body: naming a version ("Link to v1:") or merely cited. */
function linksOf(body: string, own: string): { versionLinks: string[]; citedMsgids: string[] } {
  const links = extractVersionLinks(body).filter((l) => l.msgid !== own);
  const uniq = (xs: string[]) => [...new Set(xs)];
  return {
    versionLinks: uniq(links.filter((l) => l.version !== null).map((l) => l.msgid)),
    citedMsgids: uniq(links.filter((l) => l.version === null).map((l) => l.msgid)),
  };
}

export async function runTask(task: ParseTask): Promise<ParseResult> {
  const data = Buffer.from(task.data);
  // All items at once: mailparser is stream based and idles between chunks of one message.
  const results = await Promise.all(task.items.map((it) => parseOne(data, it)));
  // raw messages as head and tail: a snippet then inflates a raw pack only up to its body (codec.ts)
  const rawSplits: RawSplit[] = [];
  // The text pack holds each message's {to, cc} JSON, and its body only when the body is
  // not simply the tail of the raw bytes (decoded transfer encodings, HTML, rebuilt pages).
  const textParts: Buffer[] = [];
  const pending: { m: Omit<NewMessage, 'raw' | 'body' | 'meta'>; raw: number; meta: number; body: number | null; bodyLen: number }[] = [];
  const quarantined: Quarantined[] = [];
  for (const r of results) {
    if (!r.parsed) {
      quarantined.push({ hash: r.it.hash, origin: r.it.origin, reason: r.error!, rawZ: compressOne(r.raw), size: r.raw.length });
      continue;
    }
    const p = r.parsed;
    const body = Buffer.from(p.body, 'utf8');
    const bodyIsRawTail = body.length <= r.raw.length && r.raw.subarray(r.raw.length - body.length).equals(body);
    const tail = bodyIsRawTail ? body.length : 0;
    rawSplits.push({ head: r.raw.subarray(0, r.raw.length - tail), tail: r.raw.subarray(r.raw.length - tail) });
    textParts.push(Buffer.from(JSON.stringify({ to: p.to, cc: p.cc })));
    const meta = textParts.length - 1;
    let bodyIdx: number | null = null;
    if (!bodyIsRawTail) {
      textParts.push(body);
      bodyIdx = textParts.length - 1;
    }
    pending.push({
      raw: rawSplits.length - 1,
      meta,
      body: bodyIdx,
      bodyLen: body.length,
      m: {
        hash: r.it.hash,
        msgid: p.msgid,
        msgidSynthetic: p.msgidSynthetic,
        inReplyTo: p.inReplyTo,
        parentHint: p.parentHint ?? null,
        references: p.references,
        subject: p.subject,
        subjectNormalized: p.subjectNormalized,
        replySubject: isReplySubject(p.subject),
        from: p.from,
        date: p.date,
        listId: p.listId,
        patch: p.patch ? { added: p.patch.added, removed: p.patch.removed, files: p.patch.files } : null,
        patchId: p.patch?.diff ? patchId(p.patch.diff) : null,
        changeId: extractChangeId(p.body),
        ...linksOf(p.body, p.msgid),
        supersedes: p.supersedes ?? [],
        doc: searchDocument({ ...p, diff: p.patch?.diff ?? null }),
        // only replies can say a patch was applied; the author's own text is new text only
        appliedNote: p.references.length > 0 && !p.patch ? detectAppliedNotice(p.bodyNew) : null,
        trailers: p.trailers,
        flags: p.flags,
        format: r.it.format,
        origin: r.it.origin,
        size: r.raw.length,
      },
    });
  }
  const rawPacks = packRaw(rawSplits);
  const textPack = packParts(textParts);
  const messages: NewMessage[] = pending.map((e) => {
    const { pack, raw, tail } = rawPacks.placed[e.raw];
    const body = e.body === null ? { pack: 'raw' as const, ...tail } : { pack: 'text' as const, ...textPack.parts[e.body] };
    return { ...e.m, raw: { pack, ...raw }, body, meta: textPack.parts[e.meta] };
  });
  return { seq: task.seq, chunk: { rawPacks: rawPacks.packs, textPack: textPack.data, messages }, quarantined };
}

// One task at a time, in arrival order. A message that goes to mailparser (a stream) yields
// to the event loop, which used to start the next queued task: the tasks of a worker then
// ran interleaved and finished together, so the oldest one, which the pipeline writes next,
// came late, and the results arrived in bursts.
let last: Promise<void> = Promise.resolve();
parentPort?.on('message', (task: ParseTask) => {
  last = last.then(() =>
    runTask(task).then(
      (res) => parentPort!.postMessage(res),
      (e) => parentPort!.postMessage({ seq: task.seq, fatal: (e as Error).stack ?? String(e) }),
    ),
  );
});
