import { SingleBar } from 'cli-progress';

/** Receives simulated progress: minutes done and in total. */
export type ProgressCallback = (doneMinutes: number, totalMinutes: number) => void;

/** A progress sink with an explicit end (to stop a bar). */
export interface ProgressReporter {
  readonly update: ProgressCallback;
  /** Sets a phase label (e.g. "parquet") shown next to the bar. */
  phase(label: string): void;
  stop(): void;
}

const MINUTES_PER_DAY = 1440;

/**
 * A cli-progress bar on stderr when `progress` is `true` and stderr is a terminal; the callback
 * itself when `progress` is a function; nothing otherwise (quiet in CI and when piped).
 */
export function createProgressReporter(progress: boolean | ProgressCallback, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (typeof progress === 'function') return { update: progress, phase: () => undefined, stop: () => undefined };
  if (!progress || !stream.isTTY) return { update: () => undefined, phase: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream,
    format: 'demo-data [{bar}] {percentage}% | day {day}/{days} | {phase} | ETA {eta_formatted}',
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  let phase = 'simulating';
  return {
    update(done, total) {
      const payload = { day: Math.min(Math.floor(done / MINUTES_PER_DAY) + 1, Math.ceil(total / MINUTES_PER_DAY)), days: Math.ceil(total / MINUTES_PER_DAY), phase };
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.update(done, payload);
      }
    },
    phase(label) {
      phase = label;
      if (started) bar.update({ phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
