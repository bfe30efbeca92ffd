import type { SourceWatermark } from '../../domain/data-freshness';
import type { RecordSource } from '../../domain/records/record-source';
import { DAY_MS, startOfUtcDayMs } from '../../domain/time';
import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import { catalog } from '../catalog';
import { dayOfPath } from '../files/partition-days';
import type { PartitionFileIndex, SourceFiles } from '../files/partition-file-index';
import type { QueryEngine } from '../query-engine';
import type { Scope } from '../sql/scope';
import { sourceWatermarkQuery, type SourceWatermarkRow } from '../sql/watermark.sql';

/** Which partitions of a source the watermark of {@link WatermarkReader} looks at (a few, newest first or in any order). */
export type WatermarkPartitions = (source: RecordSource) => readonly DayPartition[];

/** Default number of UTC days the watermark looks at (`DATA_AS_OF_PROBE_DAYS`). */
export const DEFAULT_WATERMARK_PROBE_DAYS = 3;

/**
 * The last `days` UTC days up to and including today's: the partitions an engine without a file
 * listing (Athena with partition projection) probes for the newest data. Data older than that is
 * reported as no newest partition (null), never found by a scan.
 */
export function recentUtcDays(days: number, now: () => Date = () => new Date()): WatermarkPartitions {
  return () => {
    const today = startOfUtcDayMs(now().getTime());
    const out: DayPartition[] = [];
    for (let i = 0; i < days; i++) {
      const d = new Date(today - i * DAY_MS);
      out.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
    }
    return out;
  };
}

/**
 * The newest `days` partitions of each source that hold readable files, up to today (UTC), from the
 * embedded engine's file index (already listed every rescan, so this costs no I/O): the watermark
 * reads exactly the newest data, whatever its date. Several days, not one, so a caller whose
 * instances have no record in the newest partition still gets its own newest data. Folders of
 * future days (a clock gone wrong upstream) are left out.
 */
export function newestIndexedPartitions(index: PartitionFileIndex, days: number, now: () => Date = () => new Date()): WatermarkPartitions {
  // The partition days of a file list, computed once per list: the index hands out a new list only when its files change.
  const daysOf = new WeakMap<SourceFiles, string[]>();
  return (source) => {
    const files = index.files(source);
    let keys = daysOf.get(files);
    if (keys === undefined) {
      const found = new Set<string>();
      for (const file of [...files.json, ...files.jsonGzip, ...files.parquet]) {
        const day = dayOfPath(file);
        if (day) found.add(partitionDayKey(day));
      }
      keys = [...found];
      daysOf.set(files, keys);
    }
    const today = new Date(startOfUtcDayMs(now().getTime())).toISOString().slice(0, 10);
    return keys
      .filter((key) => key <= today)
      .sort()
      .reverse()
      .slice(0, days)
      .map((key) => ({ year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)), day: Number(key.slice(8, 10)) }));
  };
}

/** A catalog table's name (or a rollup of it) as a whole word, by source. */
const TABLE_PATTERNS = catalog.map((table) => ({ source: table.folder, pattern: new RegExp(`\\b${table.name}(?:_rollup\\w*)?\\b`, 'i') }));

/**
 * The sources a statement reads, from the catalog tables it names (a rollup of a table, e.g.
 * `connect_ctr_rollup15`, counts as its source): derived from the SQL itself so that no builder
 * has to declare them and none can forget to.
 */
export function historySourcesOf(sqlText: string): RecordSource[] {
  return TABLE_PATTERNS.filter(({ pattern }) => pattern.test(sqlText)).map(({ source }) => source);
}

/**
 * Reads the freshness watermark of history sources for one instance scope: one bounded statement
 * per source over the few partitions {@link WatermarkPartitions} names (so on Athena it always
 * carries a partition predicate), run through the given engine — the caching engine, which keys it
 * by scope and keeps it about a minute (its range ends now). Not counted in request stats: it is
 * the answer's metadata, not its data.
 */
export class WatermarkReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly partitions: WatermarkPartitions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The watermark of `source` for `scope`; both fields null when the probed partitions hold no record. Throws what the engine throws. */
  async read(source: RecordSource, scope: Scope): Promise<SourceWatermark> {
    const partitions = this.partitions(source);
    if (partitions.length === 0) return { newestPartition: null, newestRecordTime: null };
    const oldest = Math.min(...partitions.map((p) => Date.UTC(p.year, p.month - 1, p.day)));
    const query = sourceWatermarkQuery(this.engine.dialect, source, scope, partitions, { from: new Date(oldest), to: this.now() });
    const { rows } = await this.engine.query<SourceWatermarkRow>(query, { scope });
    const row = rows[0];
    if (row === undefined) return { newestPartition: null, newestRecordTime: null };
    const time = new Date(row.newest_record_time);
    // Engines may return the partition keys as text (Athena's cells are).
    const partition = partitionDayKey({ year: Number(row.year), month: Number(row.month), day: Number(row.day) });
    return { newestPartition: partition, newestRecordTime: Number.isNaN(time.getTime()) ? null : time };
  }
}
