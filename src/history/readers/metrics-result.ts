import { BadUserInputError } from '../../domain/errors';
import { formatLocalInstant, type MetricBucket } from '../../domain/metrics/metric-buckets';
import type { ComponentName, ComponentRequest } from '../../domain/metrics/metric-components';
import { evaluateFormula } from '../../domain/metrics/metric-formula';
import { MAX_METRIC_ROWS } from '../../domain/metrics/metric-limits';
import type { MetricsPlan } from '../../domain/metrics/metric-request';
import type { GroupingKey, MetricGrouping, MetricInterval, MetricThreshold, MetricUnit } from '../../domain/metrics/metric-types';
import { componentColumn, dimensionArnColumn, dimensionValueColumn, type MetricQueryRow } from '../sql/metrics/metric-sql';
import { numberOrNull, stringOrNull } from './cells';
import { componentsOf, familyComponentKey, familyOf } from './metrics-queries';

/** The value of one grouping in a result row. */
export interface MetricDimensionValue {
  readonly key: GroupingKey;
  readonly attributeKey: string | null;
  /** Name (queue, agent username, routing profile, hierarchy group, form) or value; null when the row has none (e.g. no agent). */
  readonly value: string | null;
  /** ARN for resources (queue, agent, routing profile, hierarchy group); null otherwise. */
  readonly arn: string | null;
}

/** One metric value of a row. */
export interface MetricValueResult {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly threshold: MetricThreshold | null;
  /** Null when it cannot be computed (an average or rate of nothing, a maximum of nothing). */
  readonly value: number | null;
}

/** One interval × dimension values. */
export interface MetricsResultRow {
  readonly intervalStart: Date;
  readonly intervalEnd: Date;
  readonly intervalStartLocal: string;
  readonly intervalEndLocal: string;
  readonly dimensions: readonly MetricDimensionValue[];
  readonly metrics: readonly MetricValueResult[];
}

/** A metric value of the request (one per threshold), the order of every row's `metrics`. */
export interface MetricsResultColumn {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly threshold: MetricThreshold | null;
}

/** A metrics answer. */
export interface MetricsResult {
  readonly from: Date;
  readonly to: Date;
  readonly interval: MetricInterval;
  readonly timeZone: string;
  /** The request's groupings, the order of every row's `dimensions`. */
  readonly groupings: readonly MetricGrouping[];
  /** The request's metric values, the order of every row's `metrics` (known even when there is no row). */
  readonly metrics: readonly MetricsResultColumn[];
  readonly rows: readonly MetricsResultRow[];
}

/** The rows one family query returned, with its component order. */
export interface FamilyRows {
  readonly family: string;
  readonly components: readonly ComponentRequest[];
  readonly rows: readonly MetricQueryRow[];
}

const toNumber = numberOrNull;
const toText = stringOrNull;

/** An attribute value as extracted (JSON string body) back to text. */
function unescapeJsonString(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}

interface MergedRow {
  readonly bucket: MetricBucket;
  readonly dimensions: MetricDimensionValue[];
  readonly components: Map<string, number | null>;
}

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function compareRows(a: MergedRow, b: MergedRow): number {
  if (a.bucket.index !== b.bucket.index) return a.bucket.index - b.bucket.index;
  for (let i = 0; i < a.dimensions.length; i++) {
    const order = compareText(a.dimensions[i].value, b.dimensions[i].value) || compareText(a.dimensions[i].arn, b.dimensions[i].arn);
    if (order !== 0) return order;
  }
  return 0;
}

/** Whether a grouping value is missing from the data: neither a value nor an ARN (e.g. the queue of a contact that never queued). */
const isUnassigned = (d: MetricDimensionValue): boolean => d.value === null && d.arn === null;

/**
 * Merges the family queries' rows into one row per interval and dimension values and computes every
 * requested metric from the components. Without groupings every interval gets a row (counts 0,
 * averages null); with groupings a row exists where any family had data. Rows where a grouping has
 * no value are left out unless the plan includes unassigned rows; they are dropped here, before the
 * row limit, so they neither count toward it nor reach the answer. Rows are ordered by interval,
 * then dimension values (nulls last). Pure.
 * @throws BadUserInputError when the answer would exceed {@link MAX_METRIC_ROWS} rows.
 */
export function assembleMetricsResult(plan: MetricsPlan, families: readonly FamilyRows[]): MetricsResult {
  const rows = new Map<string, MergedRow>();
  const rowFor = (bucket: MetricBucket, dimensions: MetricDimensionValue[]): MergedRow => {
    const id = JSON.stringify([bucket.index, dimensions.map((d) => [d.value, d.arn])]);
    let row = rows.get(id);
    if (!row) {
      row = { bucket, dimensions, components: new Map() };
      rows.set(id, row);
    }
    return row;
  };
  if (plan.groupings.length === 0) for (const bucket of plan.buckets) rowFor(bucket, []);

  for (const family of families) {
    for (const raw of family.rows) {
      const bucket = plan.buckets[Number(raw.bucket_index)];
      if (!bucket) continue;
      const dimensions = plan.groupings.map((g, i): MetricDimensionValue => {
        const value = toText(raw[dimensionValueColumn(i)]);
        return {
          key: g.key,
          attributeKey: g.attributeKey ?? null,
          value: g.key === 'CONTACT_ATTRIBUTE' && value !== null ? unescapeJsonString(value) : value,
          arn: toText(raw[dimensionArnColumn(i)]),
        };
      });
      if (!plan.includeUnassigned && dimensions.some(isUnassigned)) continue;
      const row = rowFor(bucket, dimensions);
      family.components.forEach((component, j) => row.components.set(familyComponentKey(family.family, component), toNumber(raw[componentColumn(j)])));
    }
  }
  if (rows.size > MAX_METRIC_ROWS) {
    throw new BadUserInputError(
      `The answer would hold ${rows.size} rows; at most ${MAX_METRIC_ROWS} are returned. Use fewer groupings, a longer interval or a shorter range.`,
      'groupings',
    );
  }

  const ordered = [...rows.values()].sort(compareRows);
  return {
    from: plan.range.from,
    to: plan.range.to,
    interval: plan.interval,
    timeZone: plan.timeZone,
    groupings: plan.groupings,
    metrics: plan.metrics.map((metric) => ({ name: metric.definition.name, unit: metric.definition.unit, threshold: metric.threshold ?? null })),
    rows: ordered.map((row) => ({
      intervalStart: row.bucket.start,
      intervalEnd: row.bucket.end,
      intervalStartLocal: formatLocalInstant(row.bucket.start, plan.timeZone),
      intervalEndLocal: formatLocalInstant(row.bucket.end, plan.timeZone),
      dimensions: row.dimensions,
      metrics: plan.metrics.map((metric) => {
        const family = familyOf(metric);
        const byName = new Map(componentsOf(metric).map((c) => [c.name, familyComponentKey(family, c)]));
        const value = evaluateFormula(metric.definition.formula, (name: ComponentName) => row.components.get(byName.get(name) ?? '') ?? null);
        return { name: metric.definition.name, unit: metric.definition.unit, threshold: metric.threshold ?? null, value };
      }),
    })),
  };
}
