import type { RecordSource } from '../../domain/records/record-source';
import type { DayPartition } from '../../domain/time-range';
import { catalog } from '../catalog';
import type { SqlQuery } from '../query-engine';
import { jsonScalar } from './json.sql';
import { partitionPredicate } from './partitions.sql';
import { instanceIdScopePredicate, resourceArnScopePredicate, scopePredicate, type Scope } from './scope';
import { raw, sql, timestampOf, type Dialect, type SqlFragment } from './sql-fragment';

/** Columns of a row of {@link sourceWatermarkQuery}; no row when the partitions hold no record of the scope. */
export interface SourceWatermarkRow {
  year: number;
  month: number;
  day: number;
  /** The newest partition-key timestamp of that partition, as the record spells it (ISO-8601). */
  newest_record_time: string;
}

/** The predicate keeping a source's rows of the caller's instances (each source names its instance differently). */
function scopeOf(dialect: Dialect, source: RecordSource, scope: Scope): SqlFragment {
  switch (source) {
    case 'ctr':
    case 'ae':
      return scopePredicate(scope, 'instancearn');
    case 'cl':
    case 'ef':
      return instanceIdScopePredicate(scope, 'instanceid');
    case 'cfl':
      // Flow logs carry no instance column: the flow ARN inside the entry names the instance.
      return resourceArnScopePredicate(scope, jsonScalar(dialect, 'message', ['ContactFlowId']));
  }
}

/**
 * The newest partition of a source among `partitions` that holds a record of the caller's
 * instances, and the newest partition-key timestamp in it: one bounded read of the given partitions
 * only (never a scan of history), the same in both dialects. Ordered by partition, then by the
 * timestamp as an instant (offsets applied), so the text returned is the newest record's own.
 * Query id `source_watermark_<source>`.
 * @param freshness - the instants the answer depends on, for the result cache's TTL (pass a range ending now: cached briefly).
 */
export function sourceWatermarkQuery(dialect: Dialect, source: RecordSource, scope: Scope, partitions: readonly DayPartition[], freshness: { from: Date; to: Date }): SqlQuery {
  const table = catalog.find((t) => t.folder === source)!;
  const column = `"${table.partitionTimestamp.toLowerCase()}"`;
  const q = sql`SELECT year, month, day, ${raw(column)} AS newest_record_time
FROM ${raw(table.name)}
WHERE ${partitionPredicate(partitions)} AND ${scopeOf(dialect, source, scope)} AND ${raw(column)} IS NOT NULL
ORDER BY year DESC, month DESC, day DESC, ${timestampOf(dialect, column)} DESC
LIMIT 1`;
  return { id: `source_watermark_${source}`, sql: q.text, params: q.params, freshness };
}
