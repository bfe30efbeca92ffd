import type { ComponentRequest } from '../../../domain/metrics/metric-components';
import type { MetricBucket } from '../../../domain/metrics/metric-buckets';
import type { GroupingKey, MetricFilter, MetricGrouping, MetricThreshold } from '../../../domain/metrics/metric-types';
import type { DayPartition, TimeRange } from '../../../domain/time-range';
import type { SqlQuery } from '../../query-engine';
import { dedupedContactsCte } from '../contacts.sql';
import { partitionPredicate } from '../partitions.sql';
import { instanceIdScopePredicate, type Scope } from '../scope';
import { join, param, raw, sql, timestampOf, timestampParam, type Dialect, type SqlFragment } from '../sql-fragment';

/**
 * What the metric builders share: the bucket relation, dimension and filter expressions, and the
 * shape of their result rows. Identifiers come from the code (the tables below and generated
 * aliases `d0_value`, `c0` …); every request value — bucket instants, filter values, attribute
 * keys, thresholds — is a bound parameter.
 */

/** What every metric query is asked: where, how bucketed and grouped, which components. */
export interface MetricQueryCommon<Component extends string> {
  readonly dialect: Dialect;
  readonly scope: Scope;
  /** The intervals, in order; rows outside every bucket are not counted. */
  readonly buckets: readonly MetricBucket[];
  readonly groupings: readonly MetricGrouping[];
  readonly filters: readonly MetricFilter[];
  /** The aggregates to return, as columns `c0`, `c1` … in this order. */
  readonly components: readonly ComponentRequest<Component>[];
  /** The instants the data comes from, for the result cache's TTL. */
  readonly freshness: TimeRange;
}

/**
 * A result row: `bucket_index`, per grouping `d<i>_value` and `d<i>_arn`, per component `c<j>`.
 * Counts and sums may arrive as numeric strings (DuckDB BIGINT/HUGEINT), so readers use `Number()`.
 */
export type MetricQueryRow = Record<string, string | number | null>;

/** Column of the i-th grouping's value. */
export const dimensionValueColumn = (i: number): string => `d${i}_value`;
/** Column of the i-th grouping's ARN (null for keys without one). */
export const dimensionArnColumn = (i: number): string => `d${i}_arn`;
/** Column of the j-th component. */
export const componentColumn = (j: number): string => `c${j}`;

/**
 * `buckets (bucket_index, bucket_start, bucket_end)`: the request's intervals as a VALUES relation of
 * bound instants, so both engines compare instants and never compute a time zone.
 */
export function bucketsCte(dialect: Dialect, buckets: readonly MetricBucket[]): SqlFragment {
  if (buckets.length === 0) throw new Error('a metric query needs at least one bucket');
  const rows = buckets.map((b) => {
    if (!Number.isSafeInteger(b.index)) throw new Error(`bad bucket index ${b.index}`);
    return sql`(${raw(String(b.index))}, ${timestampParam(dialect, b.start)}, ${timestampParam(dialect, b.end)})`;
  });
  return sql`buckets AS (
  SELECT * FROM (VALUES ${join(rows, ', ')}) AS bucket_list (bucket_index, bucket_start, bucket_end)
)`;
}

/** Where a grouping key's value (and ARN, for resources) is in a builder's facts relation. */
export interface DimensionColumn {
  readonly value: string;
  readonly arn?: string;
}

/** The columns a builder exposes to groupings and filters; `attributesJson` is the contact attributes' JSON text. */
export interface DimensionColumns {
  readonly keys: Partial<Record<Exclude<GroupingKey, 'CONTACT_ATTRIBUTE'>, DimensionColumn>>;
  readonly attributesJson?: string;
}

/**
 * The agent's keys (routing profile, agent, hierarchy levels), named alike in the contacts relation
 * and the agent-state relation of the agent-time metrics.
 */
export const AGENT_DIMENSION_KEYS: DimensionColumns['keys'] = {
  ROUTING_PROFILE: { value: 'agent_routing_profile_name', arn: 'agent_routing_profile_arn' },
  AGENT: { value: 'agent_username', arn: 'agent_arn' },
  AGENT_HIERARCHY_LEVEL_ONE: { value: 'agent_hierarchy_level1_name', arn: 'agent_hierarchy_level1_arn' },
  AGENT_HIERARCHY_LEVEL_TWO: { value: 'agent_hierarchy_level2_name', arn: 'agent_hierarchy_level2_arn' },
  AGENT_HIERARCHY_LEVEL_THREE: { value: 'agent_hierarchy_level3_name', arn: 'agent_hierarchy_level3_arn' },
  AGENT_HIERARCHY_LEVEL_FOUR: { value: 'agent_hierarchy_level4_name', arn: 'agent_hierarchy_level4_arn' },
  AGENT_HIERARCHY_LEVEL_FIVE: { value: 'agent_hierarchy_level5_name', arn: 'agent_hierarchy_level5_arn' },
};

/** The contacts relation of `dedupedContactsCte` as dimensions. */
export const CONTACT_DIMENSIONS: DimensionColumns = {
  keys: {
    QUEUE: { value: 'queue_name', arn: 'queue_arn' },
    CHANNEL: { value: 'channel' },
    ...AGENT_DIMENSION_KEYS,
    INITIATION_METHOD: { value: 'initiation_method' },
    DISCONNECT_REASON: { value: 'disconnect_reason' },
  },
  attributesJson: 'attributes',
};

/** Escapes text for use inside a regular expression (RE2 and Java syntax alike). */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** Text as it appears between the quotes of a JSON string. */
export function jsonStringBody(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** The regular expression that finds a key's string value in a JSON object's text; group 1 is the value (JSON-escaped). */
export function attributeValuePattern(key: string, ignoreCase: boolean): string {
  const name = escapeRegex(jsonStringBody(key));
  return `[{,]\\s*"${ignoreCase ? `(?i:${name})` : name}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`;
}

/**
 * A contact attribute's value from the attributes' JSON text, the key matched as spelled first and
 * then without regard to case (Athena's JSON SerDe lower-cases keys; the demo data has `CallReason`
 * and `callreason` side by side). The value comes back JSON-escaped (`\"` stays `\"`); an empty value
 * counts as absent. Both patterns are bound parameters; the same `regexp_extract` works in DuckDB
 * (RE2) and Trino.
 */
export function contactAttributeValue(column: string, key: string): SqlFragment {
  const extract = (pattern: string): SqlFragment => sql`NULLIF(regexp_extract(${raw(column)}, ${pattern}, 1), '')`;
  return sql`coalesce(${extract(attributeValuePattern(key, false))}, ${extract(attributeValuePattern(key, true))})`;
}

function columnFor(columns: DimensionColumns, key: Exclude<GroupingKey, 'CONTACT_ATTRIBUTE'>): DimensionColumn {
  const column = columns.keys[key];
  if (!column) throw new Error(`grouping ${key} is not available here`);
  return column;
}

/** The value and ARN expressions of one grouping. */
function dimensionExpressions(grouping: MetricGrouping, columns: DimensionColumns): { value: SqlFragment; arn: SqlFragment } {
  const noArn = raw('CAST(NULL AS VARCHAR)');
  if (grouping.key === 'CONTACT_ATTRIBUTE') {
    if (!columns.attributesJson || grouping.attributeKey === undefined) throw new Error('CONTACT_ATTRIBUTE needs the attributes column and a key');
    return { value: contactAttributeValue(columns.attributesJson, grouping.attributeKey), arn: noArn };
  }
  const column = columnFor(columns, grouping.key);
  return { value: raw(column.value), arn: column.arn ? raw(column.arn) : noArn };
}

/** `<value> AS d0_value, <arn> AS d0_arn, …` for the select list (empty when there are no groupings). */
export function dimensionSelect(groupings: readonly MetricGrouping[], columns: DimensionColumns): SqlFragment {
  return join(
    groupings.map((g, i) => {
      const e = dimensionExpressions(g, columns);
      return sql`${e.value} AS ${raw(dimensionValueColumn(i))}, ${e.arn} AS ${raw(dimensionArnColumn(i))}`;
    }),
    ', ',
  );
}

/** The dimension column names, for GROUP BY and re-selection. */
export function dimensionColumnNames(groupings: readonly MetricGrouping[]): string[] {
  return groupings.flatMap((_, i) => [dimensionValueColumn(i), dimensionArnColumn(i)]);
}

/** `x IN (?, ?)` with every value bound. */
function inList(expression: SqlFragment, values: readonly string[]): SqlFragment {
  return sql`${expression} IN (${join(values.map(param), ', ')})`;
}

/**
 * The filters as one bound predicate (`TRUE` when there are none). Resources match by name or ARN;
 * attribute values are compared in their JSON-escaped form, as they are extracted.
 */
export function filterPredicate(filters: readonly MetricFilter[], columns: DimensionColumns): SqlFragment {
  if (filters.length === 0) return raw('TRUE');
  return join(
    filters.map((f) => {
      if (f.key === 'CONTACT_ATTRIBUTE') {
        if (!columns.attributesJson || f.attributeKey === undefined) throw new Error('CONTACT_ATTRIBUTE needs the attributes column and a key');
        return inList(contactAttributeValue(columns.attributesJson, f.attributeKey), f.values.map(jsonStringBody));
      }
      const column = columnFor(columns, f.key);
      const byValue = inList(raw(column.value), f.values);
      return column.arn ? sql`(${byValue} OR ${inList(raw(column.arn), f.values)})` : byValue;
    }),
    '\n    AND ',
  );
}

/** `<aggregate> AS c0, …` for the select list. */
export function componentSelect<C extends string>(components: readonly ComponentRequest<C>[], aggregate: (c: ComponentRequest<C>) => SqlFragment): SqlFragment {
  if (components.length === 0) throw new Error('a metric query needs at least one component');
  return join(components.map((c, j) => sql`${aggregate(c)} AS ${raw(componentColumn(j))}`), ',\n  ');
}

/** `<column> < ?` or `<column> <= ?` for a threshold, the seconds bound. */
export function thresholdPredicate(column: string, threshold: MetricThreshold | undefined): SqlFragment {
  if (!threshold) throw new Error('this component needs a threshold');
  return threshold.comparison === 'LTE' ? sql`${raw(column)} <= ${threshold.seconds}` : sql`${raw(column)} < ${threshold.seconds}`;
}

/** `sum(CASE WHEN <condition> THEN <value> ELSE 0 END)`: counts (value 1) and conditional sums. */
export function sumWhen(condition: SqlFragment, value: SqlFragment = raw('1')): SqlFragment {
  return sql`sum(CASE WHEN ${condition} THEN ${value} ELSE 0 END)`;
}

/**
 * The final aggregation: one row per bucket and dimension values, from a `facts` relation that has
 * `bucket_index` and the dimension columns.
 */
export function aggregateFacts(groupings: readonly MetricGrouping[], components: SqlFragment, from = 'facts'): SqlFragment {
  const keys = ['bucket_index', ...dimensionColumnNames(groupings)].join(', ');
  return sql`SELECT ${raw(keys)},
  ${components}
FROM ${raw(from)}
GROUP BY ${raw(keys)}`;
}

/** Number of elements of an array expression: DuckDB `len`, Trino `cardinality`. */
export function arrayLength(dialect: Dialect, expression: string): string {
  return dialect === 'duckdb' ? `len(${expression})` : `cardinality(${expression})`;
}

/** What {@link bucketedContactFacts} needs besides the common request. */
export interface BucketedContactFactsInput {
  readonly dialect: Dialect;
  readonly buckets: readonly MetricBucket[];
  readonly groupings: readonly MetricGrouping[];
  readonly filters: readonly MetricFilter[];
  /** Where the grouping and filter keys are in the joined rows. */
  readonly dimensions: DimensionColumns;
  /** The instant that puts a row in a bucket. */
  readonly at: SqlFragment;
  /** Alias of the relation whose columns the aggregates read (`c` for the contacts themselves). */
  readonly factsAlias: string;
  /** An extra join of the contacts `c` to per-contact rows (Contact Lens, evaluations), if any. */
  readonly join?: SqlFragment;
  /** The aggregates (`c0` …), from {@link componentSelect}. */
  readonly aggregates: SqlFragment;
}

/**
 * The tail every contact-based metric statement shares, after the `contacts` CTE (and the CTE of
 * any per-contact rows it joins): the buckets, the facts (each row in the bucket holding `at`, with
 * its dimensions, filtered) and the aggregation per bucket and grouping.
 */
export function bucketedContactFacts(input: BucketedContactFactsInput): SqlFragment {
  return sql`${bucketedContactFactsCtes(input)}
${aggregateFacts(input.groupings, input.aggregates)}`;
}

/**
 * The `buckets` and `facts` CTEs of {@link bucketedContactFacts} without the final aggregation, for
 * a statement that aggregates the facts as one part of a larger answer (the raw part beside a rollup).
 */
export function bucketedContactFactsCtes(input: Omit<BucketedContactFactsInput, 'aggregates'>): SqlFragment {
  const { dialect, groupings, at } = input;
  const select = join([raw('b.bucket_index'), ...(groupings.length ? [dimensionSelect(groupings, input.dimensions)] : []), raw(`${input.factsAlias}.*`)], ', ');
  const extraJoin = input.join ? sql`\n  ${input.join}` : raw('');
  return sql`${bucketsCte(dialect, input.buckets)},
facts AS (
  SELECT ${select}
  FROM contacts c${extraJoin}
  JOIN buckets b ON ${at} >= b.bucket_start AND ${at} < b.bucket_end
  WHERE ${filterPredicate(input.filters, input.dimensions)}
)`;
}

/**
 * The per-contact rows (Contact Lens analyses, evaluations) a {@link perContactRowsMetricsQuery} joins
 * to the contacts: the rows of one table in some partitions and the instance scope, ranked per key
 * newest first; the newest row of each key is joined to its contact.
 */
export interface PerContactRows {
  /** Name of the rows' CTE and the alias the aggregates read them by. */
  readonly name: string;
  readonly alias: string;
  readonly table: string;
  /** The select items (`column AS name`), one of them naming the contact id {@link contactIdColumn}. */
  readonly columns: readonly string[];
  readonly contactIdColumn: string;
  /** The key rows are de-duplicated by, the timestamp column that orders them, and the rank's column name. */
  readonly key: string;
  readonly newest: string;
  readonly rank: string;
  readonly partitions: readonly DayPartition[];
  /** Where the grouping and filter keys are in the joined rows. */
  readonly dimensions: DimensionColumns;
  /** The aggregates (`c0` …), from {@link componentSelect}. */
  readonly aggregates: SqlFragment;
}

/**
 * A metric statement over per-contact rows: the de-duplicated contacts of `contactPartitions`, the
 * ranked rows, and the newest row per key joined by contact id to its contact (not by partition day:
 * rows are partitioned by their own time), bucketed by the contact's InitiationTimestamp (see
 * {@link bucketedContactFacts}).
 */
export function perContactRowsMetricsQuery<Component extends string>(
  request: MetricQueryCommon<Component> & { readonly contactPartitions: readonly DayPartition[] },
  id: string,
  rows: PerContactRows,
): SqlQuery {
  const { dialect } = request;
  const columns = raw(rows.columns.map((column) => `${column},\n    `).join(''));
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.contactPartitions))},
${raw(rows.name)} AS (
  SELECT
    ${columns}row_number() OVER (PARTITION BY ${raw(rows.key)} ORDER BY ${timestampOf(dialect, rows.newest)} DESC) AS ${raw(rows.rank)}
  FROM ${raw(rows.table)}
  WHERE ${partitionPredicate(rows.partitions)} AND ${instanceIdScopePredicate(request.scope, 'instanceid')}
),
${bucketedContactFacts({
  ...request,
  dimensions: rows.dimensions,
  at: timestampOf(dialect, 'c.initiation_timestamp'),
  factsAlias: rows.alias,
  join: raw(`JOIN ${rows.name} ${rows.alias} ON ${rows.alias}.${rows.contactIdColumn} = c.contact_id AND ${rows.alias}.${rows.rank} = 1`),
  aggregates: rows.aggregates,
})}`;
  return { id, sql: q.text, params: q.params, freshness: request.freshness };
}
