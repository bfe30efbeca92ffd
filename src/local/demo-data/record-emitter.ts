import { RECORD_SOURCES, type RecordSource } from '../../domain/records';
import type { RecordSink } from './record-sink';
import { utcDayNumber } from './time.format';

interface HeldLine {
  readonly dayNumber: number;
  readonly line: string;
  remaining: number;
}

/** Which records reach the output: only those partitioned at or after the window start and emitted by the stop instant. */
export interface EmissionWindow {
  /** Records whose partition timestamp is earlier are dropped (warm-up before the first day). */
  readonly startMs: number;
  /** Records that would only exist after this instant are dropped (`endAt`); Infinity without. */
  readonly stopMs: number;
}

/**
 * The gate between the simulation and a {@link RecordSink}: drops records outside the window, counts
 * what is written per source, and delivers lines late on request — a line can be held back until
 * `afterLines` more lines of the same source were written, which is how re-deliveries and
 * out-of-order agent events end up later in the files.
 */
export class RecordEmitter {
  /** Lines written per source (duplicates and re-deliveries included). */
  readonly counts: Record<RecordSource, number> = { ctr: 0, ae: 0, cfl: 0, cl: 0, ef: 0 };
  private readonly held: Record<RecordSource, HeldLine[]> = { ctr: [], ae: [], cfl: [], cl: [], ef: [] };

  constructor(
    private readonly sink: RecordSink,
    private readonly window: EmissionWindow,
  ) {}

  /**
   * Emits one line. `partitionMs` names the UTC day partition, `emissionMs` is when the record would
   * exist in the real pipeline (compared with the stop instant). Returns whether it passed the window.
   */
  emit(source: RecordSource, partitionMs: number, emissionMs: number, line: string, afterLines = 0): boolean {
    if (partitionMs < this.window.startMs || emissionMs > this.window.stopMs) return false;
    const dayNumber = utcDayNumber(partitionMs);
    if (afterLines > 0) {
      this.held[source].push({ dayNumber, line, remaining: afterLines });
      return true;
    }
    this.write(source, dayNumber, line);
    return true;
  }

  private write(source: RecordSource, dayNumber: number, line: string): void {
    this.sink.write(source, dayNumber, line);
    this.counts[source]++;
    const held = this.held[source];
    if (held.length === 0) return;
    let released: HeldLine[] | undefined;
    for (const item of held) {
      item.remaining--;
      if (item.remaining <= 0) (released ??= []).push(item);
    }
    if (released === undefined) return;
    this.held[source] = held.filter((item) => item.remaining > 0);
    for (const item of released) this.write(source, item.dayNumber, item.line);
  }

  /** Hands a contact event dated `timeMs` to the sink, if it takes them and the time is inside the window. */
  emitContactEvent(timeMs: number, event: Record<string, unknown>): void {
    if (timeMs < this.window.startMs || timeMs > this.window.stopMs) return;
    this.sink.contactEvent?.(timeMs, event);
  }

  /** Writes every held line (end of the run), in the order they were held. */
  flush(): void {
    for (const source of RECORD_SOURCES) {
      const held = this.held[source];
      this.held[source] = [];
      for (const item of held) {
        this.sink.write(source, item.dayNumber, item.line);
        this.counts[source]++;
      }
    }
  }
}
