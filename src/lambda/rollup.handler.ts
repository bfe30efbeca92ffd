import type { Context } from 'aws-lambda';
import { partitionDayKey, type DayPartition } from '../domain/time-range';
import { DAY_MS } from '../domain/time';
import { lastClosedDay, runRollups, type RollupDayBuilder, type RollupRunSummary } from '../history/rollup-state/rollup-job';
import type { RollupStateStore } from '../history/rollup-state/rollup-state.store';
import { createDefaultRollupDeps } from './rollup.deps';

/** The log lines the handler writes. */
export interface RollupLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** What the handler is made of; tests inject all of it. */
export interface RollupHandlerDeps {
  readonly store: RollupStateStore;
  readonly builder: RollupDayBuilder;
  /** Days before the last closed day that are checked (missing or dirty ones are built). */
  readonly lookbackDays: number;
  readonly logger: RollupLogger;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** What one invocation did (also its return value, visible in the Lambda console and logs): the run's totals and the days it covered. */
export interface RollupHandlerResult extends Omit<RollupRunSummary, 'aborted' | 'outcomes'> {
  readonly from: string;
  readonly to: string;
  /** True when the run stopped early to finish before the function's timeout (the next run continues). */
  readonly stoppedForTimeout: boolean;
}

/** Thrown when a day failed: the invocation fails (an alarm can watch Errors), the other days stay built. */
export class RollupFailedError extends Error {
  override readonly name = 'RollupFailedError';
}

/** Time kept free before the function's timeout: no new day starts later than this, milliseconds. */
export const TIMEOUT_MARGIN_MS = 120_000;

/** The handler of one scheduled invocation. */
export type RollupHandler = (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<RollupHandlerResult>;

function dayOf(ms: number): DayPartition {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}


/**
 * The `rollup` Lambda: on its schedule, builds the Athena rollups of the closed CTR partition days of
 * the last `lookbackDays` whose rollup is missing or dirty (a late re-delivery landed), oldest first,
 * and writes each day's manifest. It stops starting new days {@link TIMEOUT_MARGIN_MS} before the
 * function's timeout; the next invocation picks up where it stopped (clean days are skipped).
 * @throws RollupFailedError when a day failed (after the other days were built).
 */
export function createRollupHandler(deps: RollupHandlerDeps): RollupHandler {
  return async (_event, context) => {
    const now = deps.now?.() ?? new Date();
    const to = lastClosedDay(now);
    const from = dayOf(Date.UTC(to.year, to.month - 1, to.day) - (deps.lookbackDays - 1) * DAY_MS);
    const controller = new AbortController();
    let stoppedForTimeout = false;
    const summary: RollupRunSummary = await runRollups({
      store: deps.store,
      builder: deps.builder,
      now,
      from,
      to,
      signal: controller.signal,
      onDay: (outcome) => {
        if (outcome.outcome === 'built') deps.logger.info('rollup day built', { day: outcome.day, reason: outcome.reason, rows: outcome.output.rows, bytes: outcome.output.bytes });
        if (outcome.outcome === 'failed') deps.logger.warn('rollup day failed', { day: outcome.day, error: outcome.error.message });
        if (context && context.getRemainingTimeInMillis() < TIMEOUT_MARGIN_MS) {
          stoppedForTimeout = true;
          controller.abort(new Error('the function is about to time out'));
        }
      },
    });
    const result: RollupHandlerResult = {
      from: partitionDayKey(from),
      to: partitionDayKey(to),
      days: summary.days,
      built: summary.built,
      skippedClean: summary.skippedClean,
      failed: summary.failed,
      rows: summary.rows,
      bytes: summary.bytes,
      durationMs: Math.round(summary.durationMs),
      stoppedForTimeout,
    };
    deps.logger.info('rollup run', { ...result });
    if (summary.failed > 0) throw new RollupFailedError(`${summary.failed} rollup day(s) failed: ${summary.outcomes.flatMap((o) => (o.outcome === 'failed' ? [`${o.day}: ${o.error.message.split('\n')[0]}`] : [])).join('; ')}`);
    return result;
  };
}

let cached: RollupHandler | undefined;

/** The deployed entry point (dependencies from the environment, built once per execution environment). */
export const handler: RollupHandler = (event, context) => {
  cached ??= createRollupHandler(createDefaultRollupDeps());
  return cached(event, context);
};
