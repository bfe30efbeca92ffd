import type { RollupRunSummary } from '../../../src/history/rollup-state/rollup-job';
import { startRollupSchedule } from '../../../src/local/rollup/rollup-schedule';

const summary = (aborted = false): RollupRunSummary => ({ days: 0, built: 0, skippedClean: 0, failed: 0, rows: 0, bytes: 0, durationMs: 0, aborted, outcomes: [] });

describe('startRollupSchedule (the embedded background rollup task)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs first after the start-up delay, then once per interval after the previous run ended', async () => {
    const run = jest.fn(async () => summary());
    const schedule = startRollupSchedule({ intervalMs: 10_000, firstDelayMs: 1_000, run });
    await jest.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(run).toHaveBeenCalledTimes(2);
    await schedule.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('joins a run in progress instead of starting a second one', async () => {
    let finish!: () => void;
    const run = jest.fn(() => new Promise<RollupRunSummary>((resolve) => (finish = () => resolve(summary()))));
    const schedule = startRollupSchedule({ intervalMs: 10_000, firstDelayMs: 0, run });
    await jest.advanceTimersByTimeAsync(0);
    const joined = schedule.runNow();
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await expect(joined).resolves.toMatchObject({ aborted: false });
    await schedule.stop();
  });

  it('stop aborts the run in progress (between days) and waits for it to end', async () => {
    let signal!: AbortSignal;
    let ended = false;
    const run = jest.fn(async (s: AbortSignal) => {
      signal = s;
      await new Promise<void>((resolve) => s.addEventListener('abort', () => setTimeout(resolve, 500), { once: true }));
      ended = true;
      return summary(true);
    });
    const schedule = startRollupSchedule({ intervalMs: 10_000, firstDelayMs: 0, run });
    await jest.advanceTimersByTimeAsync(0);
    const stopping = schedule.stop();
    expect(signal.aborted).toBe(true);
    expect(ended).toBe(false);
    await jest.advanceTimersByTimeAsync(500);
    await stopping;
    expect(ended).toBe(true);
  });
});
