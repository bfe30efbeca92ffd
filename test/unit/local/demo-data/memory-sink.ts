import { RECORD_SOURCES, type RecordSource } from '../../../../src/domain/records';
import { buildContactCenterModel, runSimulation, type ContactCenterModel, type RecordSink, type SimulationStats } from '../../../../src/local/demo-data';

const DAY_MS = 86_400_000;

/** A line as the simulation handed it over: the UTC day partition and the JSON text. */
export interface SunkLine {
  readonly dayNumber: number;
  readonly line: string;
}

/** A RecordSink that keeps every line in memory, in write order (tests only: small data). */
export class MemorySink implements RecordSink {
  readonly lines = Object.fromEntries(RECORD_SOURCES.map((source) => [source, [] as SunkLine[]])) as Record<RecordSource, SunkLine[]>;
  write(source: RecordSource, dayNumber: number, line: string): void {
    this.lines[source].push({ dayNumber, line });
  }
  needsDrain(): boolean {
    return false;
  }
  async drain(): Promise<void> {}
  advanceTo(): void {}
}

/** The outcome of a simulated run kept in memory. */
export interface SimulatedData {
  readonly model: ContactCenterModel;
  readonly sink: MemorySink;
  readonly stats: SimulationStats;
  readonly startMs: number;
  readonly endMs: number;
}

/** Runs the demo simulation into memory. */
export async function simulate(options: { seed: string; agents: number; days: number; start: string; endAt?: string }): Promise<SimulatedData> {
  const model = buildContactCenterModel(options.seed, options.agents);
  const sink = new MemorySink();
  const startMs = Date.parse(`${options.start}T00:00:00Z`);
  const endMs = startMs + options.days * DAY_MS;
  const stopMs = options.endAt === undefined ? Infinity : Date.parse(options.endAt);
  const stats = await runSimulation({ model, sink, window: { startMs, endMs, stopMs } });
  return { model, sink, stats, startMs, endMs };
}

/** UTC day number of an ISO timestamp. */
export function dayOf(timestamp: string): number {
  return Math.floor(Date.parse(timestamp) / DAY_MS);
}
