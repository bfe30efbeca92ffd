import { createHash } from 'node:crypto';
import { partitionDayKey, type DayPartition } from '../../domain/time-range';

/**
 * One object of a source (CTR) partition as it was when a rollup was built: enough to notice a new,
 * replaced or removed object (Firehose never rewrites an object in place; a re-delivery is a new one).
 */
export interface SourceObjectStamp {
  /** Path relative to the partition folder (`year=…/month=…/day=…/`), `/`-separated. */
  readonly path: string;
  readonly sizeBytes: number;
  /** Modification time (epoch milliseconds as text) on a local folder; the ETag on S3. */
  readonly version: string;
}

/** Version of the manifest format; a manifest of another version reads as missing (the day is rebuilt). */
export const ROLLUP_MANIFEST_VERSION = 1;

/**
 * What was rolled up for one CTR partition day, written next to the rollup when it is built. A day
 * is clean while its source partition still has exactly {@link RollupManifest.source} objects.
 */
export interface RollupManifest {
  readonly version: typeof ROLLUP_MANIFEST_VERSION;
  /** The rollup table, e.g. `connect_ctr_rollup15`. */
  readonly table: string;
  /** The CTR partition day, `YYYY-MM-DD`. */
  readonly day: string;
  /** When the build started (its source listing was taken then), ISO-8601 UTC. */
  readonly builtAt: string;
  /** Which engine built it. */
  readonly engine: 'duckdb' | 'athena';
  readonly source: {
    /** The partition's objects listed before the build, sorted by path. */
    readonly objects: readonly SourceObjectStamp[];
    /** {@link sourceFingerprint} of `objects`. */
    readonly fingerprint: string;
    /** Contacts after de-duplication by ContactId, when the builder reports them. */
    readonly contacts?: number;
    /** Greatest LastUpdateTimestamp seen in the partition, ISO-8601, when the builder reports it. */
    readonly maxLastUpdateTimestamp?: string | null;
  };
  readonly rollup: {
    /** Rows written to the rollup. */
    readonly rows: number;
    /** Bytes of the rollup objects written. */
    readonly bytes: number;
  };
}

/** The partition day of a `YYYY-MM-DD` key; undefined when it is not a real calendar day. */
export function dayOfKey(key: string): DayPartition | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return undefined;
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day));
  return date.getUTCMonth() === day.month - 1 && date.getUTCDate() === day.day ? day : undefined;
}

/** The hive partition path of a day, `year=YYYY/month=MM/day=DD` (two-digit month and day, as Firehose writes them). */
export function partitionPathOf(day: DayPartition): string {
  const key = partitionDayKey(day);
  return `year=${key.slice(0, 4)}/month=${key.slice(5, 7)}/day=${key.slice(8, 10)}`;
}

/**
 * A short stable digest of a partition's objects (order-independent): sha256 hex of the sorted
 * `path \t size \t version` lines. Two listings have the same fingerprint exactly when they list the
 * same objects with the same sizes and versions.
 */
export function sourceFingerprint(objects: readonly SourceObjectStamp[]): string {
  const lines = objects.map((o) => `${o.path}\t${o.sizeBytes}\t${o.version}`).sort();
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}

/**
 * Parses a stored manifest; undefined when it is not one of this version (an unreadable or older
 * manifest makes the day dirty, so it is rebuilt, never trusted).
 */
export function parseRollupManifest(text: string): RollupManifest | undefined {
  try {
    const value = JSON.parse(text) as Partial<RollupManifest>;
    if (value.version !== ROLLUP_MANIFEST_VERSION || typeof value.day !== 'string' || typeof value.source?.fingerprint !== 'string') return undefined;
    return value as RollupManifest;
  } catch {
    return undefined;
  }
}
