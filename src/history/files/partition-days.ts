import { createHash } from 'node:crypto';
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

/**
 * A version of the closed days' content of a file index: a hash of the paths of the readable files in
 * partitions for which `isClosed(day, nowMs)` holds, over every source. It changes when a file lands
 * in a closed day (a late CTR re-delivery: Firehose always writes a new object) and when another day
 * becomes closed, and not when today's partitions grow. Recomputed only when the index hands out new
 * lists or the UTC date moves (closedness flips at midnight), so a call costs a few comparisons.
 */
export function closedDaysVersionOf(
  files: (source: SourceFolder) => SourceFiles,
  sources: readonly SourceFolder[],
  isClosed: (day: DayPartition, nowMs: number) => boolean,
  nowMs: () => number = Date.now,
): () => string {
  let lists: readonly SourceFiles[] = [];
  let utcDay = -1;
  let version = '';
  return () => {
    const now = nowMs();
    const today = Math.floor(now / 86_400_000);
    const current = sources.map(files);
    const changed = today !== utcDay || current.length !== lists.length || current.some((list, i) => list !== lists[i]);
    if (!changed) return version;
    const included: string[] = [];
    for (const [i, list] of current.entries()) {
      for (const file of [...list.json, ...list.jsonGzip, ...list.parquet]) {
        const day = dayOfPath(file);
        if (day && isClosed(day, now)) included.push(`${sources[i]}:${file}`);
      }
    }
    included.sort();
    lists = current;
    utcDay = today;
    version = createHash('sha256').update(included.join('\n')).digest('base64url').slice(0, 16);
    return version;
  };
}
