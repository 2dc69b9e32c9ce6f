import type { RawMessage, SourceFormat } from './message.js';

/** A problem with a whole input (unreadable, truncated) rather than with one message. */
export interface SourceError {
  origin: string; // file path
  offset: number | null; // byte offset where reading failed, when known
  message: string;
}

/**
 * What a reader yields: messages, or an error that ends that one input.
 * Readers never throw for bad input; they yield an error item and stop that file.
 */
export type SourceItem =
  | { kind: 'message'; message: RawMessage; bytesRead: number }
  | { kind: 'error'; error: SourceError }
  /**
   * Every message yielded before this item is part of `key`'s progress up to `value`.
   * The pipeline stores the pair in the same transaction as those messages, so a
   * killed ingest never records progress for mail it did not store.
   */
  | { kind: 'checkpoint'; key: string; value: string };

/** Per-input state a reader persists between runs (public-inbox: last commit per epoch). */
export interface SourceStateStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export interface OpenSourceOptions {
  /** Force a format instead of detecting it per file. */
  format?: SourceFormat;
  /** Read-only view of saved checkpoints (written back by the pipeline). */
  state?: SourceStateStore;
}
