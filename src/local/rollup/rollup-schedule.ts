import type { RollupRunSummary } from '../../history/rollup-state/rollup-job';

/** Options of {@link startRollupSchedule}. */
export interface RollupScheduleOptions {
  /** Time between the end of one run and the start of the next, milliseconds. */
  readonly intervalMs: number;
  /**
   * Time from start-up to the first run, milliseconds: the server answers its first requests before
   * any rollup work competes with them for the engine.
   */
  readonly firstDelayMs: number;
  /** One run; it stops between days when the signal aborts. */
  readonly run: (signal: AbortSignal) => Promise<RollupRunSummary>;
  readonly onResult?: (summary: RollupRunSummary) => void;
  readonly onError?: (error: unknown) => void;
}

/** A running schedule. */
export interface RollupSchedule {
  /** Runs now (or joins the run in progress) and resolves with its summary. */
  runNow(): Promise<RollupRunSummary>;
  /** Stops scheduling, aborts the run in progress between days and waits for it. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The embedded stack's background rollup task: a run `firstDelayMs` after start, then one every
 * `intervalMs` after the previous ended (runs never overlap). Timers do not keep the process alive,
 * and {@link RollupSchedule.stop} (on SIGTERM, via the stack) waits only for the day being built.
 */
export function startRollupSchedule(options: RollupScheduleOptions): RollupSchedule {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<RollupRunSummary> | undefined;
  let stopping: Promise<void> | undefined;

  const schedule = (delayMs: number): void => {
    if (controller.signal.aborted) return;
    timer = setTimeout(() => {
      timer = undefined;
      void runNow()
        .then(options.onResult, options.onError)
        .finally(() => schedule(options.intervalMs));
    }, delayMs);
    timer.unref();
  };

  function runNow(): Promise<RollupRunSummary> {
    running ??= options.run(controller.signal).finally(() => {
      running = undefined;
    });
    return running;
  }

  schedule(options.firstDelayMs);
  return {
    runNow,
    stop: () =>
      (stopping ??= (async () => {
        controller.abort(new Error('the server is stopping'));
        if (timer) clearTimeout(timer);
        await running?.catch(() => undefined);
      })()),
  };
}
