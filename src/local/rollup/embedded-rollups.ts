import type { Logger } from 'pino';
import type { DuckDbEngine } from '../../history/duckdb.engine';
import { createDuckDbRollupBuilder } from '../../history/rollup-state/duckdb-rollup.builder';
import { ManifestRollupAvailability } from '../../history/rollup-state/rollup-availability';
import { runRollups, type RollupRunSummary } from '../../history/rollup-state/rollup-job';
import { LocalRollupStateStore } from '../../history/rollup-state/rollup-state.store';
import { startRollupSchedule, type RollupSchedule } from './rollup-schedule';

/** Longest wait from start-up to the first background run, milliseconds (shorter when the interval is). */
export const FIRST_ROLLUP_DELAY_MS = 60_000;

/** Options of {@link startEmbeddedRollups}. */
export interface EmbeddedRollupsOptions {
  /** The embedded engine over `dataDir` (not the caching wrapper: rollups are written with COPY). */
  readonly engine: DuckDbEngine;
  readonly dataDir: string;
  /** `ROLLUP_INTERVAL_SECONDS` (0 = no background task) and `ROLLUP_CLEAN_CACHE_SECONDS`. */
  readonly rollup: { readonly intervalSeconds: number; readonly cleanCacheSeconds: number };
  readonly logger: Logger;
  /** Called when a day's rollup state changed (see `ManifestRollupAvailability`): drop cached results. */
  readonly onRollupsChanged?: () => void;
}

/** The embedded stack's rollups: which days are clean (for the read planner) and the background task. */
export interface EmbeddedRollups {
  readonly availability: ManifestRollupAvailability;
  /** Builds the missing and dirty closed days now (joining a run in progress), then lets the engine and planner see them. */
  runNow(): Promise<RollupRunSummary>;
  /** Stops the background task, waiting for the day being built. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded rollup state and, when `intervalSeconds` > 0, the background task: the first
 * run a minute after start-up (or one interval, when shorter), then one per interval. After a run that
 * built days the engine lists the folder again (to read the new Parquet files) and the availability
 * forgets its cached answers.
 */
export function startEmbeddedRollups(options: EmbeddedRollupsOptions): EmbeddedRollups {
  const { engine, dataDir, logger } = options;
  const store = new LocalRollupStateStore({ dataDir });
  const availability = new ManifestRollupAvailability(store, { ttlMs: options.rollup.cleanCacheSeconds * 1000, onChange: options.onRollupsChanged });
  const builder = createDuckDbRollupBuilder(engine, dataDir);
  const run = async (signal: AbortSignal): Promise<RollupRunSummary> => {
    const summary = await runRollups({ store, builder, now: new Date(), signal });
    if (summary.built > 0) {
      await engine.rescan();
      availability.forget();
      // The planner reads the rebuilt days from their new files: answers cached from before are dropped now, not at the next check.
      options.onRollupsChanged?.();
    }
    return summary;
  };
  const log = (summary: RollupRunSummary): void => {
    const fields = { days: summary.days, built: summary.built, skippedClean: summary.skippedClean, failed: summary.failed, rows: summary.rows, bytes: summary.bytes, durationMs: Math.round(summary.durationMs) };
    if (summary.failed > 0) {
      for (const o of summary.outcomes) if (o.outcome === 'failed') logger.warn({ day: o.day, err: o.error }, 'rollup of a day failed; it is read raw until a run succeeds');
    }
    if (summary.built > 0 || summary.failed > 0) logger.info(fields, 'rollup run');
  };
  let schedule: RollupSchedule | undefined;
  if (options.rollup.intervalSeconds > 0) {
    const intervalMs = options.rollup.intervalSeconds * 1000;
    schedule = startRollupSchedule({
      intervalMs,
      firstDelayMs: Math.min(FIRST_ROLLUP_DELAY_MS, intervalMs),
      run,
      onResult: log,
      onError: (error) => logger.warn({ err: error }, 'rollup run failed'),
    });
  }
  let manual: Promise<RollupRunSummary> | undefined;
  const stopController = new AbortController();
  return {
    availability,
    runNow: async () => {
      if (schedule) return schedule.runNow().then((s) => (log(s), s));
      manual ??= run(stopController.signal).finally(() => {
        manual = undefined;
      });
      const summary = await manual;
      log(summary);
      return summary;
    },
    stop: async () => {
      stopController.abort(new Error('the server is stopping'));
      await Promise.all([schedule?.stop(), manual?.catch(() => undefined)]);
    },
  };
}
