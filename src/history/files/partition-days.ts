import type { DayPartition } from '../../domain/time-range';
import type { SourceFolder } from '../catalog';
import type { SourceFiles } from './partition-file-index';

/** What a local listing of the data folder knows about its partitions, without reading any file. */
export interface PartitionListing {
  /** The newest UTC day partition holding a readable file of any of the sources, or undefined when none does. */
  newestDay(sources: readonly SourceFolder[]): DayPartition | undefined;
}

const HIVE_DAY = /[\\/]year=(\d{4})[\\/]month=(\d{1,2})[\\/]day=(\d{1,2})[\\/]/;

/** The day partition of a file path in the hive layout, or undefined for a path outside it. */
export function dayOfPath(file: string): DayPartition | undefined {
  const m = HIVE_DAY.exec(file);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
}

const dayNumber = (d: DayPartition): number => d.year * 10_000 + d.month * 100 + d.day;

/**
 * The listing of a file index (`PartitionFileIndex.files`): the newest day is read off the paths of
 * the readable files as of the index's last scan, so it costs no query and does not depend on the clock.
 */
export function partitionListingOf(files: (source: SourceFolder) => SourceFiles): PartitionListing {
  return {
    newestDay(sources) {
      let newest: DayPartition | undefined;
      for (const source of sources) {
        const { json, jsonGzip, parquet } = files(source);
        for (const list of [json, jsonGzip, parquet]) {
          for (const file of list) {
            const day = dayOfPath(file);
            if (day && (!newest || dayNumber(day) > dayNumber(newest))) newest = day;
          }
        }
      }
      return newest;
    },
  };
}
