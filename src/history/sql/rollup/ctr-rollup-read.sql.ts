import type { MetricBucket } from '../../../domain/metrics/metric-buckets';
import { ROLLUP_DIMENSION_KEYS, ROLLUP_MAX_COMPONENTS, rollupColumnOf } from '../../../domain/metrics/metric-rollup';
import type { DayPartition } from '../../../domain/time-range';
import { ctrRollupTable, ROLLUP_ATTRIBUTION_COLUMN, ROLLUP_BUCKET_COLUMN } from '../../catalog';
import type { SqlQuery } from '../../query-engine';
import { dedupedContactsCte } from '../contacts.sql';
import { ctrAggregate, CTR_ATTRIBUTION_COLUMNS, type CtrMetricsQueryRequest } from '../metrics/ctr-metrics.sql';
import {
  aggregateFacts,
  bucketedContactFactsCtes,
  componentColumn,
  componentSelect,
  CONTACT_DIMENSIONS,
  dimensionColumnNames,
  dimensionSelect,
  filterPredicate,
  type DimensionColumns,
} from '../metrics/metric-sql';
import { partitionPredicate } from '../partitions.sql';
import { scopePredicate } from '../scope';
import { join, raw, sql, timestampOf, type SqlFragment } from '../sql-fragment';

/** The rollup's columns as dimensions: the rollup keys, named as in the contacts relation. */
export const ROLLUP_DIMENSIONS: DimensionColumns = {
  keys: Object.fromEntries(ROLLUP_DIMENSION_KEYS.map((key) => [key, CONTACT_DIMENSIONS.keys[key]])),
};

/** A contact-record metrics query read partly from the rollup. */
export interface CtrMetricsWithRollupRequest extends CtrMetricsQueryRequest {
  /**
   * The CTR partitions read from `connect_ctr_rollup15` instead of their records; `contactPartitions`
   * then lists only the partitions read raw (the two are disjoint and together the partitions the
   * raw query would read). The caller checked the question is answerable from the rollup
   * (`rollupIneligibility`).
   */
  readonly rollupPartitions: readonly DayPartition[];
}

/** `rollup_buckets (bucket_index, start_epoch_seconds, end_epoch_seconds)`: the request's intervals in whole epoch seconds, bound. */
function rollupBucketsCte(buckets: readonly MetricBucket[]): SqlFragment {
  const rows = buckets.map((b) => {
    if (!Number.isSafeInteger(b.index)) throw new Error(`bad bucket index ${b.index}`);
    return sql`(${raw(String(b.index))}, ${Math.floor(b.start.getTime() / 1000)}, ${Math.floor(b.end.getTime() / 1000)})`;
  });
  return sql`rollup_buckets AS (
  SELECT * FROM (VALUES ${join(rows, ', ')}) AS rollup_bucket_list (bucket_index, start_epoch_seconds, end_epoch_seconds)
)`;
}

/**
 * Contact-record metrics per interval and dimensions from the rollup of the closed, clean
 * partitions and the raw records of the others, in one statement: each part aggregated per bucket
 * and dimension values (`ctr_partial` exactly as the raw query aggregates its facts; `rollup_partial`
 * summing the rollup rows of the attribution whose 15-minute bucket lies in the interval, which is
 * exact because every interval boundary is a quarter-hour), then the parts combined — sums add,
 * the maximum takes the maximum. A part without partitions is left out.
 * @throws Error when a component is not in the rollup (a planner bug).
 */
export function ctrMetricsWithRollupQuery(request: CtrMetricsWithRollupRequest): SqlQuery {
  const { dialect, groupings, components } = request;
  const keys = ['bucket_index', ...dimensionColumnNames(groupings)].join(', ');
  const ctes: SqlFragment[] = [];
  const parts: string[] = [];
  if (request.contactPartitions.length > 0) {
    const at = timestampOf(dialect, CTR_ATTRIBUTION_COLUMNS[request.attribution]);
    ctes.push(dedupedContactsCte(dialect, request.scope, partitionPredicate(request.contactPartitions)));
    ctes.push(bucketedContactFactsCtes({ ...request, dimensions: CONTACT_DIMENSIONS, at, factsAlias: 'c' }));
    ctes.push(sql`ctr_partial AS (
${aggregateFacts(groupings, componentSelect(components, (c) => ctrAggregate(dialect, c)))}
)`);
    parts.push('SELECT * FROM ctr_partial');
  }
  if (request.rollupPartitions.length > 0) {
    const column = (j: number): string => {
      const name = rollupColumnOf(components[j]);
      if (name === undefined) throw new Error(`component ${components[j].name} is not in the rollup`);
      return name;
    };
    const rollupAggregates = join(
      components.map((c, j) => sql`${raw(ROLLUP_MAX_COMPONENTS.includes(c.name) ? 'max' : 'sum')}(${raw(column(j))}) AS ${raw(componentColumn(j))}`),
      ',\n  ',
    );
    // Only the component columns it aggregates (not r.*): Athena bills, and both engines read, the Parquet columns a statement names.
    const componentColumns = raw([...new Set(components.map((_, j) => `r.${column(j)}`))].join(', '));
    const select = join([raw('b.bucket_index'), ...(groupings.length ? [dimensionSelect(groupings, ROLLUP_DIMENSIONS)] : []), componentColumns], ', ');
    ctes.push(rollupBucketsCte(request.buckets));
    ctes.push(sql`rollup_facts AS (
  SELECT ${select}
  FROM ${raw(ctrRollupTable.name)} r
  JOIN rollup_buckets b ON r.${raw(ROLLUP_BUCKET_COLUMN)} >= b.start_epoch_seconds AND r.${raw(ROLLUP_BUCKET_COLUMN)} < b.end_epoch_seconds
  WHERE ${partitionPredicate(request.rollupPartitions)}
    AND r.${raw(ROLLUP_ATTRIBUTION_COLUMN)} = ${request.attribution}
    AND ${scopePredicate(request.scope, 'r.instance_arn')}
    AND ${filterPredicate(request.filters, ROLLUP_DIMENSIONS)}
)`);
    ctes.push(sql`rollup_partial AS (
${aggregateFacts(groupings, rollupAggregates, 'rollup_facts')}
)`);
    parts.push('SELECT * FROM rollup_partial');
  }
  if (parts.length === 0) throw new Error('a metrics query reads at least one partition');
  const combined = join(
    components.map((c, j) => raw(`${ROLLUP_MAX_COMPONENTS.includes(c.name) ? 'max' : 'sum'}(${componentColumn(j)}) AS ${componentColumn(j)}`)),
    ',\n  ',
  );
  const q = sql`WITH ${join(ctes, ',\n')}
SELECT ${raw(keys)},
  ${combined}
FROM (${raw(parts.join('\n  UNION ALL\n  '))}) parts
GROUP BY ${raw(keys)}`;
  return { id: `metrics_ctr_${request.attribution.toLowerCase()}_rollup`, sql: q.text, params: q.params, freshness: request.freshness };
}
