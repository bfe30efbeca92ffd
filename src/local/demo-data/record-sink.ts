import type { RecordSource } from '../../domain/records';

/**
 * Where generated records go: one JSON line at a time, into the UTC-day partition of a source.
 * The file writer is one implementation; tests collect lines in memory.
 */
export interface RecordSink {
  /** Appends one JSON line (without newline) to the partition of `source` for UTC day `dayNumber`. */
  write(source: RecordSource, dayNumber: number, line: string): void;
  /** True when buffered output is large enough that the producer should await {@link drain}. */
  needsDrain(): boolean;
  /** Resolves once buffered output has been handed to the operating system. */
  drain(): Promise<void>;
  /** The simulation clock reached `nowMs`: partitions that can no longer receive records may be closed. */
  advanceTo(nowMs: number): void;
  /**
   * Receives a contact event (the EventBridge form of an Amazon Connect contact event) dated
   * `timeMs`, as the live simulator ingests them; the file writers leave it out (contact events are
   * not part of the demo data files).
   */
  contactEvent?(timeMs: number, event: Record<string, unknown>): void;
}
