// The messages passed between the ingest pipeline and its parse workers.
import type { SourceFormat } from '../domain/message.js';
import type { NewChunk } from '../store/messages.js';
import type { Quarantined } from '../store/quarantine.js';

export interface TaskItem {
  hash: Buffer;
  origin: string;
  format: SourceFormat;
  flags?: string[];
  /** Offsets into the task's one shared buffer (transferred, not copied). */
  rawOff: number;
  rawLen: number;
  rebuiltOff?: number;
  rebuiltLen?: number;
}

export interface ParseTask {
  seq: number;
  data: ArrayBuffer;
  items: TaskItem[];
}

export interface ParseResult {
  seq: number;
  chunk: NewChunk;
  quarantined: Quarantined[];
}
