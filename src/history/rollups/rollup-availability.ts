import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import { ctrRollupTable } from '../catalog';
import { listRollupFiles } from './rollup-files';

/**
 * Which CTR partition days have a rollup that may be read instead of their records. The metrics
 * reader asks only about closed days (see `isClosedPartitionDay`); an implementation answers
 * which of them are *clean*: rolled up, and not changed since (no CTR file landed after the build).
 */
export interface RollupAvailability {
  /**
   * The days, of those given, whose rollup is current, as `YYYY-MM-DD` keys ({@link partitionDayKey}).
   * Must not throw for a day it knows nothing of: such a day is simply read raw.
   */
  cleanDays(days: readonly DayPartition[]): Promise<ReadonlySet<string>>;
}

/** No rollups: every day is read from the records (the default until rollups are wired). */
export const NO_ROLLUPS: RollupAvailability = { cleanDays: () => Promise.resolve(new Set<string>()) };

/**
 * Every day whose rollup file exists is clean: for tests and for a data folder whose CTRs no longer
 * change. Lists the rollup folder on every call (one small listing per metrics request).
 */
export function rollupFilesAvailability(dataDir: string): RollupAvailability {
  return {
    cleanDays: (days) => {
      const present = new Set(listRollupFiles(dataDir, ctrRollupTable).map((f) => f.dayKey));
      return Promise.resolve(new Set(days.map(partitionDayKey).filter((key) => present.has(key))));
    },
  };
}
