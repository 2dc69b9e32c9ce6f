// Test-only: the corpus message sets the threading tests run on (read in place, never copied).

import fs from 'node:fs';
import path from 'node:path';
import type { ThreadInput, ThreadTreeOptions } from '../../src/thread/tree.js';
import { corpusDir, corpusPath } from '../helpers/corpus.js';
import { loadMbox, loadMessageFile } from './load.js';

export function jwzBox(name: string): ThreadInput[] {
  return loadMbox(corpusPath('jwz', 'mail-thread', name));
}

/** A header-less message as public-inbox's tests build them: msgid, References, a fixed date. */
export function inlineMessage(msgid: string, references: string, date: number): ThreadInput {
  return {
    key: `inline:${msgid}:${date}`,
    msgid,
    inReplyTo: null,
    references: [...references.matchAll(/<([^<>]+)>/g)].map((m) => m[1]),
    subjectNormalized: '',
    isReplySubject: false,
    date,
  };
}

/** public-inbox t/thread-cycle.t "backwards": children delivered first; date = delivery position. */
export const BACKWARDS: ReadonlyArray<readonly [string, string]> = [
  ['1', '<2> <3> <4>'],
  ['4', '<2> <3>'],
  ['5', '<6> <7> <8> <3> <2>'],
  ['9', '<6> <3>'],
  ['10', '<8> <7> <6>'],
  ['2', '<6> <7> <8> <3>'],
  ['3', '<6> <7> <8>'],
  ['6', '<8> <7>'],
  ['7', '<8>'],
  ['8', ''],
];

export function backwardsMessages(): ThreadInput[] {
  return BACKWARDS.map(([msgid, refs], i) => inlineMessage(msgid, refs, i + 1));
}

/** One thread of reference-notmuch-0.37/<corpus>.threads.json; tree rows are [depth, msgid, subject, date, from]. */
export interface NotmuchThread {
  subject: string;
  total: number;
  tree: Array<[number, string, string, string, string]>;
}

export function notmuchReference(corpus: string): NotmuchThread[] {
  const file = corpusPath('notmuch', 'reference-notmuch-0.37', `${corpus}.threads.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as NotmuchThread[];
}

/** Every message file of a notmuch corpus (maildir-like: one message per file), by msgid. */
export function notmuchMessages(corpus: string): Map<string, ThreadInput[]> {
  const byMsgid = new Map<string, ThreadInput[]>();
  const dirs = [corpusPath('notmuch', 'corpora', corpus)];
  while (dirs.length > 0) {
    const dir = dirs.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) dirs.push(full);
      else if (entry.isFile()) {
        const input = loadMessageFile(full);
        const copies = byMsgid.get(input.msgid) ?? [];
        copies.push(input);
        byMsgid.set(input.msgid, copies);
      }
    }
  }
  return byMsgid;
}

/** Each reference thread with the files of its messages (all copies). */
export function notmuchThreads(corpus: string): Array<{ reference: NotmuchThread; messages: ThreadInput[] }> {
  const byMsgid = notmuchMessages(corpus);
  return notmuchReference(corpus).map((reference) => ({
    reference,
    messages: reference.tree.flatMap(([, msgid]) => byMsgid.get(msgid) ?? []),
  }));
}

export interface TreeCase {
  name: string;
  messages: ThreadInput[];
  options?: ThreadTreeOptions;
}

/** Every message set the corpus tests use, for the order-independence property. */
export function allCorpusCases(): TreeCase[] {
  if (!corpusDir) return [];
  const cases: TreeCase[] = [
    { name: 'jwz t/1.t', messages: jwzBox('testbox'), options: { subjectGrouping: false, pruneGhosts: false } },
    { name: 'jwz t/1.t pruned', messages: jwzBox('testbox'), options: { subjectGrouping: false } },
    { name: 'jwz t/4.t', messages: jwzBox('testbox-4'), options: { subjectGrouping: false } },
    { name: 'public-inbox backwards', messages: backwardsMessages() },
    { name: 'public-inbox duplicate mid 5', messages: [inlineMessage('5', '<6>', 1), inlineMessage('5', '<6> <1>', 2)] },
  ];
  for (const box of ['testbox', 'testbox-2', 'testbox-3', 'testbox-4', 'testbox-5', 'testbox-6', 'testbox-7', 'testbox-8', 'testbox-9']) {
    cases.push({ name: `jwz ${box}`, messages: jwzBox(box) });
  }
  for (const corpus of ['default', 'threading', 'broken', 'duplicate']) {
    for (const { reference, messages } of notmuchThreads(corpus)) {
      cases.push({ name: `notmuch ${corpus}: ${reference.subject}`, messages });
    }
  }
  return cases;
}
