import { ROLLUP_ATTRIBUTIONS, ROLLUP_BUCKET_SECONDS, ROLLUP_PLAIN_COMPONENTS, rollupThresholdColumns } from '../../../domain/metrics/metric-rollup';
import { DAY_MS } from '../../../domain/time';
import type { DayPartition } from '../../../domain/time-range';
import { ctrRollupTable, PARTITION_KEYS, ROLLUP_ATTRIBUTION_COLUMN, ROLLUP_BUCKET_COLUMN, ROLLUP_DIMENSION_COLUMNS } from '../../catalog';
import type { SqlQuery } from '../../query-engine';
import { dedupedContactsCte } from '../contacts.sql';
import { ctrAggregate, CTR_ATTRIBUTION_COLUMNS } from '../metrics/ctr-metrics.sql';
import { partitionPredicate } from '../partitions.sql';
import { ALL_INSTANCES } from '../scope';
import { join, raw, sql, timestampOf, type Dialect, type SqlFragment } from '../sql-fragment';

/** What {@link ctrRollupDayQuery} builds. */
export interface CtrRollupDayRequest {
  readonly dialect: Dialect;
  /** The CTR partition day to summarise. */
  readonly day: DayPartition;
  /**
   * Append the partition columns `year, month, day` (bound) after the table's columns, as Athena's
   * `INSERT INTO connect_ctr_rollup15 SELECT …` wants them; leave out for a Parquet file whose
   * partition is its folder. @default false
   */
  readonly withPartitionColumns?: boolean;
}

/** Seconds since the epoch of an instant, floored to the start of its 15-minute bucket, as BIGINT. */
function bucketStartEpochSeconds(dialect: Dialect, instant: SqlFragment): SqlFragment {
  const seconds = dialect === 'duckdb' ? sql`epoch(${instant})` : sql`to_unixtime(${instant})`;
  return sql`CAST(floor(${seconds} / ${raw(String(ROLLUP_BUCKET_SECONDS))}) * ${raw(String(ROLLUP_BUCKET_SECONDS))} AS BIGINT)`;
}

/**
 * Every attributed copy of the contacts: per attribution, the contacts that have its timestamp,
 * with the start of the 15-minute UTC bucket holding it (the attribution names are bound).
 */
function attributedContacts(dialect: Dialect): SqlFragment {
  const parts = ROLLUP_ATTRIBUTIONS.map((attribution) => {
    const column = CTR_ATTRIBUTION_COLUMNS[attribution];
    return sql`SELECT ${attribution} AS ${raw(ROLLUP_ATTRIBUTION_COLUMN)}, ${bucketStartEpochSeconds(dialect, timestampOf(dialect, column))} AS ${raw(ROLLUP_BUCKET_COLUMN)}, c.*
  FROM contacts c
  WHERE ${raw(column)} IS NOT NULL`;
  });
  return sql`attributed AS (
  ${join(parts, '\n  UNION ALL\n  ')}
)`;
}

/**
 * The rollup rows of one CTR partition day, in the column order of `connect_ctr_rollup15`: the
 * de-duplicated contacts of that partition (the same de-duplication as every raw metrics query,
 * all instances: the instance is a column), each counted once per attribution whose timestamp it
 * has, summed per 15-minute UTC bucket and dimension values with the very aggregates the raw
 * metrics queries compute (see `ctrAggregate`), so an answer from the rollup equals the raw one.
 * Every value is bound; identifiers come from the catalog. Used for DuckDB
 * `COPY (…) TO '…parquet'` and Athena `INSERT INTO`.
 */
export function ctrRollupDayQuery(request: CtrRollupDayRequest): SqlQuery {
  const { dialect, day } = request;
  const groupKeys = [ROLLUP_BUCKET_COLUMN, ROLLUP_ATTRIBUTION_COLUMN, ...ROLLUP_DIMENSION_COLUMNS];
  const aggregates: SqlFragment[] = [
    ...ROLLUP_PLAIN_COMPONENTS.map((name) => sql`CAST(${ctrAggregate(dialect, { name })} AS BIGINT) AS ${raw(name)}`),
    ...rollupThresholdColumns().map((c) => sql`CAST(${ctrAggregate(dialect, { name: c.component, threshold: { comparison: c.comparison, seconds: c.seconds } })} AS BIGINT) AS ${raw(c.column)}`),
  ];
  const partitionColumns = request.withPartitionColumns ? [sql`${day.year} AS year`, sql`${day.month} AS month`, sql`${day.day} AS day`] : [];
  const select = join([raw(groupKeys.join(',\n  ')), ...aggregates, ...partitionColumns], ',\n  ');
  const q = sql`WITH ${dedupedContactsCte(dialect, ALL_INSTANCES, partitionPredicate([day]))},
${attributedContacts(dialect)}
SELECT
  ${select}
FROM attributed
GROUP BY ${raw(groupKeys.join(', '))}`;
  const from = new Date(Date.UTC(day.year, day.month - 1, day.day));
  return { id: 'rollup_ctr_day', sql: q.text, params: q.params, freshness: { from, to: new Date(from.getTime() + DAY_MS) } };
}

/** The column names {@link ctrRollupDayQuery} returns, in order (the table's, then the partition keys when asked). */
export function ctrRollupColumnNames(withPartitionColumns = false): string[] {
  return [...ctrRollupTable.columns.map((c) => c.name), ...(withPartitionColumns ? PARTITION_KEYS : [])];
}
