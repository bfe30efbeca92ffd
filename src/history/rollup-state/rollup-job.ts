import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import { DAY_MS } from '../../domain/time';
import { rollupDayState } from './rollup-availability';
import { dayOfKey, ROLLUP_MANIFEST_VERSION, sourceFingerprint } from './rollup-manifest';
import type { RollupStateStore } from './rollup-state.store';

/** What one day's build wrote. */
export interface RollupDayOutput {
  /** Rows written to the rollup. */
  readonly rows: number;
  /** Bytes of the rollup objects written. */
  readonly bytes: number;
  /** Contacts after de-duplication, when the builder knows. */
  readonly contacts?: number;
  /** Greatest LastUpdateTimestamp of the partition (ISO-8601), when the builder knows. */
  readonly maxLastUpdateTimestamp?: string | null;
}

/** Builds (or rebuilds, replacing the old objects) the rollup of one CTR partition day on one engine. */
export interface RollupDayBuilder {
  readonly engine: 'duckdb' | 'athena';
  /** The rollup table's name, recorded in manifests. */
  readonly table: string;
  build(day: DayPartition, signal?: AbortSignal): Promise<RollupDayOutput>;
}

/** Why a day was (not) built in a run. */
export type RollupDayOutcome =
  | { readonly day: string; readonly outcome: 'built'; readonly reason: 'missing' | 'dirty' | 'forced'; readonly output: RollupDayOutput; readonly durationMs: number }
  | { readonly day: string; readonly outcome: 'clean' }
  | { readonly day: string; readonly outcome: 'failed'; readonly error: Error };

/** Totals of one run. */
export interface RollupRunSummary {
  /** Closed days considered (in range and holding source objects). */
  readonly days: number;
  readonly built: number;
  readonly skippedClean: number;
  readonly failed: number;
  /** Rollup rows and bytes written by this run. */
  readonly rows: number;
  readonly bytes: number;
  readonly durationMs: number;
  /** True when the run stopped early because its signal aborted. */
  readonly aborted: boolean;
  readonly outcomes: readonly RollupDayOutcome[];
}

/**
 * Whole UTC days after a CTR partition day ends before it is rolled up: a contact (with its
 * after-contact work) rarely lasts more than a day, and its CTR is re-delivered until it ends, so a
 * younger partition is still changing. Matches the planner's contacts-by-completion look-back. A
 * re-delivery later than that still lands: it makes the day dirty and the next run rebuilds it.
 */
export const ROLLUP_CLOSED_AFTER_DAYS = 1;

/** The last CTR partition day that is closed at `now` (see {@link ROLLUP_CLOSED_AFTER_DAYS}). */
export function lastClosedDay(now: Date): DayPartition {
  const d = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (1 + ROLLUP_CLOSED_AFTER_DAYS) * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Options of {@link runRollups}. */
export interface RollupRunOptions {
  readonly store: RollupStateStore;
  readonly builder: RollupDayBuilder;
  /** The clock deciding which days are closed. */
  readonly now: Date;
  /** First day to consider. @default the oldest source partition */
  readonly from?: DayPartition;
  /** Last day to consider; days after the last closed day are never built. @default the last closed day */
  readonly to?: DayPartition;
  /** Rebuild clean days too. @default false */
  readonly force?: boolean;
  /** Stops the run between days (the day being built finishes). */
  readonly signal?: AbortSignal;
  /** Called after each day with how many of the considered days are done. */
  readonly onDay?: (outcome: RollupDayOutcome, done: number, total: number) => void;
}

/**
 * Builds the rollups of the closed days in range that are missing or dirty (all of them with
 * `force`), oldest first, one day at a time, and writes each day's manifest after its rollup. The
 * source listing is taken before the build, so an object landing during the build leaves the day
 * dirty and the next run rebuilds it. A failed day is reported and the run goes on with the others.
 */
export async function runRollups(options: RollupRunOptions): Promise<RollupRunSummary> {
  const started = performance.now();
  const { store, builder } = options;
  const lastClosed = partitionDayKey(lastClosedDay(options.now));
  const last = options.to && partitionDayKey(options.to) < lastClosed ? partitionDayKey(options.to) : lastClosed;
  const first = options.from ? partitionDayKey(options.from) : '';
  const lastDay = dayOfKey(last)!;
  const days = (await store.sourceDays(options.from ? { from: options.from, to: lastDay } : undefined)).filter((d) => partitionDayKey(d) >= first && partitionDayKey(d) <= last);
  const outcomes: RollupDayOutcome[] = [];
  let aborted = false;
  for (const day of days) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const outcome = await rollupOneDay(store, builder, day, options.force ?? false, options.signal);
    outcomes.push(outcome);
    options.onDay?.(outcome, outcomes.length, days.length);
  }
  const built = outcomes.filter((o): o is Extract<RollupDayOutcome, { outcome: 'built' }> => o.outcome === 'built');
  return {
    days: days.length,
    built: built.length,
    skippedClean: outcomes.filter((o) => o.outcome === 'clean').length,
    failed: outcomes.filter((o) => o.outcome === 'failed').length,
    rows: built.reduce((n, o) => n + o.output.rows, 0),
    bytes: built.reduce((n, o) => n + o.output.bytes, 0),
    durationMs: performance.now() - started,
    aborted,
    outcomes,
  };
}

async function rollupOneDay(store: RollupStateStore, builder: RollupDayBuilder, day: DayPartition, force: boolean, signal?: AbortSignal): Promise<RollupDayOutcome> {
  const key = partitionDayKey(day);
  try {
    const state = await rollupDayState(store, day);
    if (state.state === 'clean' && !force) return { day: key, outcome: 'clean' };
    const builtAt = new Date().toISOString();
    const objects = await store.sourceObjects(day);
    const started = performance.now();
    const output = await builder.build(day, signal);
    await store.writeManifest({
      version: ROLLUP_MANIFEST_VERSION,
      table: builder.table,
      day: key,
      builtAt,
      engine: builder.engine,
      source: {
        objects,
        fingerprint: sourceFingerprint(objects),
        ...(output.contacts !== undefined ? { contacts: output.contacts } : {}),
        ...(output.maxLastUpdateTimestamp !== undefined ? { maxLastUpdateTimestamp: output.maxLastUpdateTimestamp } : {}),
      },
      rollup: { rows: output.rows, bytes: output.bytes },
    });
    return { day: key, outcome: 'built', reason: state.state === 'clean' ? 'forced' : state.state, output, durationMs: performance.now() - started };
  } catch (error) {
    // Operators run rollups (CLI, Lambda logs): the engine's own reason, masked from API callers, says what to fix.
    const reason = (error as { reason?: unknown } | null)?.reason;
    const failure = error instanceof Error ? error : new Error(String(error));
    return { day: key, outcome: 'failed', error: typeof reason === 'string' ? new Error(`${failure.message} (${reason})`, { cause: error }) : failure };
  }
}
