import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { MetricTableColumnKind } from '../src/domain/metrics/metric-table';
import type { GroupingKey, MetricAttribution, MetricInterval, MetricUnit, ThresholdComparison } from '../src/domain/metrics/metric-types';
import { MetricAttributionEnum, MetricGroupingEnum, MetricIntervalEnum, MetricNameEnum, MetricSourceEnum, MetricUnitEnum, ThresholdComparisonEnum } from './metrics.enums';

// The result types are plain data with no @RequiresScope or @Pii field: `simpleResolvers` lets GraphQL read
// their properties directly instead of through type-graphql's per-field middleware chain (a metrics
// answer resolves thousands of these fields).

/** A threshold of a metric value. */
@ObjectType({ description: 'The threshold a value was computed with.', simpleResolvers: true })
export class MetricThreshold {
  @Field(() => ThresholdComparisonEnum, { description: 'LT (less than) or LTE (less than or equal).' })
  comparison: ThresholdComparison;

  @Field(() => Int, { description: 'The threshold in seconds.' })
  seconds: number;
}

/** One metric value of a row. */
@ObjectType({ description: 'One metric of a row.', simpleResolvers: true })
export class MetricValue {
  @Field(() => MetricNameEnum, { description: 'The metric.' })
  name: string;

  @Field(() => MetricUnitEnum, { description: 'The unit of `value`.' })
  unit: MetricUnit;

  @Field(() => MetricThreshold, { nullable: true, description: 'The threshold, for threshold metrics (one value per requested threshold).' })
  threshold: MetricThreshold | null;

  @Field(() => Float, { nullable: true, description: 'The value. Null means it cannot be computed (an average or rate of nothing, the maximum of nothing); 0 means zero.' })
  value: number | null;
}

/** The value of one grouping in a row. */
@ObjectType({ description: 'The value of one grouping in a row, in the order of the request\'s groupings.', simpleResolvers: true })
export class MetricDimension {
  @Field(() => MetricGroupingEnum, { description: 'The grouping key.' })
  key: GroupingKey;

  @Field(() => String, { nullable: true, description: 'For CONTACT_ATTRIBUTE: the attribute name requested.' })
  attributeKey: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The value: queue, routing profile, hierarchy group or form name, agent username, channel, initiation method, disconnect reason or attribute value. Null when the data has none (e.g. the agent of an abandoned contact); such rows are answered only with `includeUnassigned: true`.',
  })
  value: string | null;

  @Field(() => String, { nullable: true, description: 'The ARN, for queues, agents, routing profiles and hierarchy groups.' })
  arn: string | null;
}

/** One interval × dimension values. */
@ObjectType({ description: 'The metrics of one interval and one combination of grouping values.', simpleResolvers: true })
export class MetricResultRow {
  @Field(() => Date, { description: 'Start of the interval (inclusive), UTC: a boundary of the interval period in the request time zone (local midnight for DAY), never a raw `from`; with TOTAL, the range start.' })
  intervalStart: Date;

  @Field(() => Date, { description: 'End of the interval (exclusive), UTC: the next boundary of the interval period, so every interval is whole; with TOTAL, the range end.' })
  intervalEnd: Date;

  @Field(() => String, { description: 'Start of the interval in the request time zone, ISO-8601 with its offset (e.g. 2026-11-01T01:00:00-05:00).' })
  intervalStartLocal: string;

  @Field(() => String, { description: 'End of the interval in the request time zone, ISO-8601 with its offset.' })
  intervalEndLocal: string;

  @Field(() => [MetricDimension], { description: 'The grouping values, in request order (empty without groupings).' })
  dimensions: MetricDimension[];

  @Field(() => [MetricValue], { description: 'The metrics, in request order (thresholds expanded).' })
  metrics: MetricValue[];
}

/** What a table column holds. */
export const MetricTableColumnKindEnum = { TIME: 'TIME', TEXT: 'TEXT', NUMBER: 'NUMBER' } as const satisfies Record<MetricTableColumnKind, MetricTableColumnKind>;
registerEnumType(MetricTableColumnKindEnum, {
  name: 'MetricTableColumnKind',
  description: 'What a column of `MetricsResult.table` holds.',
  valuesConfig: {
    TIME: { description: 'An instant as ISO-8601 text with its offset.' },
    TEXT: { description: 'A grouping value (queue name, agent username …); null when the data has none.' },
    NUMBER: { description: 'A metric value; null when it cannot be computed, 0 is zero.' },
  },
});

/** One column of a metrics table. */
@ObjectType({ description: 'A column of `MetricsResult.table`: its stable snake_case name, what it holds and, for metrics, the unit.', simpleResolvers: true })
export class MetricTableColumn {
  @Field(() => String, { description: 'The key of this column in every row, e.g. interval_start, queue, contacts_handled, service_level_lt_20s, avg_handle_time_seconds.' })
  name: string;

  @Field(() => MetricTableColumnKindEnum, { description: 'TIME, TEXT or NUMBER.' })
  kind: MetricTableColumnKind;

  @Field(() => MetricUnitEnum, { nullable: true, description: 'The unit of a metric column (SECONDS columns end in _seconds); null for interval and grouping columns.' })
  unit: MetricUnit | null;
}

/** A metrics answer as one flat object per row. */
@ObjectType({
  description:
    'The same rows flattened for BI tools and spreadsheets (the shape of the CSV and JSON saved reports at /reports): columns interval_start and interval_end (ISO-8601 UTC, as intervalStart/intervalEnd), interval_start_local (the start in the request time zone with its offset), one column per grouping (queue, channel, agent, routing_profile, agent_hierarchy_level_one … , contact_attribute_<name in snake_case>), then one per metric value (the metric in lower case, its threshold as _lt_20s / _lte_60s, durations ending in _seconds). The columns follow from the request, so an empty answer has them too.',
  simpleResolvers: true,
})
export class MetricTable {
  @Field(() => [MetricTableColumn], { description: 'The columns, in order.' })
  columns: MetricTableColumn[];

  @Field(() => [GraphQLJSONObject], { description: 'One object per row (in the order of `rows`), keyed by column name; every column is present, null where it has no value.' })
  rows: Record<string, string | number | null>[];
}

/** A metrics answer. */
@ObjectType({ description: 'Metrics by interval and groupings.', simpleResolvers: true })
export class MetricsResult {
  @Field(() => Date, { description: 'Start of the range counted (inclusive): the requested `from` moved back to the start of its interval (as given for TOTAL).' })
  from: Date;

  @Field(() => Date, { description: 'End of the range counted (exclusive): the requested `to` moved forward to the end of its interval (as given for TOTAL).' })
  to: Date;

  @Field(() => MetricIntervalEnum, { description: 'The interval period.' })
  interval: MetricInterval;

  @Field(() => String, { description: 'The time zone of the intervals.' })
  timeZone: string;

  @Field(() => [MetricResultRow], {
    description:
      'Rows ordered by interval, then grouping values (nulls last). Without groupings every interval has a row; with groupings a row exists where there was data, and rows where a grouping has no value only with `includeUnassigned: true`.',
  })
  rows: MetricResultRow[];
}

/** A metric of the catalog. */
@ObjectType({ description: 'A metric `Query.metrics` can compute: definition, unit, source and allowed groupings.' })
export class MetricDefinition {
  @Field(() => MetricNameEnum, { description: 'The name to request.' })
  name: string;

  @Field(() => String, { description: 'The name Amazon Connect reports show (or ours).' })
  title: string;

  @Field(() => String, { description: 'The definition, the interval attribution rule and, for metrics Connect does not have, a note.' })
  description: string;

  @Field(() => MetricUnitEnum, { description: 'Unit of the values.' })
  unit: MetricUnit;

  @Field(() => MetricSourceEnum, { description: 'The data it is computed from.' })
  source: string;

  @Field(() => MetricAttributionEnum, { description: 'Which instant puts it in an interval.' })
  attribution: MetricAttribution;

  @Field(() => [MetricGroupingEnum], { description: 'Keys it may be grouped and filtered by.' })
  allowedGroupings: GroupingKey[];

  @Field(() => Boolean, { description: 'Whether a request must give thresholds (SERVICE_LEVEL, …_IN_X).' })
  thresholdRequired: boolean;

  @Field(() => Boolean, { description: 'True for GetMetricDataV2 metrics; false for ours.' })
  connectMetric: boolean;
}
