import { Field, InputType, Int } from 'type-graphql';
import type { GroupingKey, MetricInterval, ThresholdComparison } from '../src/domain/metrics/metric-types';
import { MetricGroupingEnum, MetricIntervalEnum, MetricNameEnum, ThresholdComparisonEnum } from './metrics.enums';

/** A threshold of SERVICE_LEVEL and the `…_IN_X` metrics. */
@InputType({ description: 'A threshold on the time a contact spent in the queue, as GetMetricDataV2 takes it.' })
export class MetricThresholdInput {
  @Field(() => ThresholdComparisonEnum, { defaultValue: 'LT', description: 'LT (less than, the default) or LTE (less than or equal).' })
  comparison: ThresholdComparison;

  @Field(() => Int, { description: 'The threshold in whole seconds, 1 to 604800 (7 days).' })
  seconds: number;
}

/** One requested metric. */
@InputType({ description: 'A metric to compute; threshold metrics list one or more thresholds (each gives its own value).' })
export class MetricRequestInput {
  @Field(() => MetricNameEnum, { description: 'The metric (see `metricDefinitions`).' })
  name: string;

  @Field(() => [MetricThresholdInput], {
    nullable: true,
    description: 'Thresholds of SERVICE_LEVEL, SUM_CONTACTS_ANSWERED_IN_X, SUM_CONTACTS_ABANDONED_IN_X and CONTACTS_REMOVED_FROM_QUEUE_IN_X (required there, refused elsewhere); up to 20 SERVICE_LEVEL thresholds per request.',
  })
  thresholds?: MetricThresholdInput[] | null;
}

/** One grouping. */
@InputType({ description: 'A grouping of the results: one row per value of the key (up to 4 groupings).' })
export class MetricGroupingInput {
  @Field(() => MetricGroupingEnum, { description: 'What to group by.' })
  key: GroupingKey;

  @Field(() => String, { nullable: true, description: 'For CONTACT_ATTRIBUTE: the attribute name, e.g. CallReason (case-insensitive). Not allowed with other keys.' })
  attributeKey?: string | null;
}

/** One filter. */
@InputType({ description: 'A filter: only data whose value for the key is one of the values (up to 5 keys and 100 values; the channels VOICE, CHAT, TASK and EMAIL not counted).' })
export class MetricFilterInput {
  @Field(() => MetricGroupingEnum, { description: 'What to filter on.' })
  key: GroupingKey;

  @Field(() => String, { nullable: true, description: 'For CONTACT_ATTRIBUTE: the attribute name, e.g. CallReason. Not allowed with other keys.' })
  attributeKey?: string | null;

  @Field(() => [String], {
    description:
      'Accepted values (matched exactly): names or ARNs for queues, agents (usernames), routing profiles and hierarchy groups; for CHANNEL, INITIATION_METHOD and DISCONNECT_REASON any value Connect sends (VOICE, CHAT, TASK, EMAIL today for CHANNEL).',
  })
  values: string[];
}

/** The arguments of `Query.metrics`. */
@InputType({ description: 'A metrics request in the vocabulary of Amazon Connect GetMetricDataV2: a range, an interval period in a time zone, groupings, filters and metrics.' })
export class MetricsInput {
  @Field(() => Date, {
    description:
      'Start of the range (inclusive): an ISO-8601 date-time with offset, e.g. 2026-11-19T00:00:00-05:00. Except with TOTAL, it moves back to the start of the interval that holds it (a DAY request from 10:07 counts from local midnight); `MetricsResult.from` is the start counted.',
  })
  from: Date;

  @Field(() => Date, {
    description:
      'End of the range (exclusive). Except with TOTAL, it moves forward to the end of the interval that holds the range\'s last instant (unchanged on a boundary); `MetricsResult.to` is the end counted. FIFTEEN_MIN, THIRTY_MIN and HOUR allow 3 days, the others 35 days (configurable), checked on the range as given: widening adds less than one interval at each end.',
  })
  to: Date;

  @Field(() => MetricIntervalEnum, {
    defaultValue: 'TOTAL',
    description: 'How to bucket the range in time; TOTAL (the default) is one interval, the range as given. The other intervals are whole periods of the time zone\'s wall clock (the range is widened to them).',
  })
  interval: MetricInterval;

  @Field(() => String, { defaultValue: 'UTC', description: 'IANA time zone the intervals follow, e.g. America/New_York (daylight saving included). Default UTC.' })
  timeZone: string;

  @Field(() => [MetricGroupingInput], { nullable: true, description: 'Up to 4 groupings; none gives one row per interval.' })
  groupings?: MetricGroupingInput[] | null;

  @Field(() => [MetricFilterInput], { nullable: true, description: 'Filters, combined with AND (values of one filter with OR).' })
  filters?: MetricFilterInput[] | null;

  @Field(() => [MetricRequestInput], { description: 'The metrics to compute (each metric must allow every grouping and filter key).' })
  metrics: MetricRequestInput[];

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'With groupings: whether to answer rows where a grouping has no value (contacts that never queued under QUEUE, the agent of an abandoned contact under AGENT, a contact without the attribute under CONTACT_ATTRIBUTE …). Default false: those rows are left out. With true they appear with a null `value`, and the rows of an interval then add up to the ungrouped total for counts.',
  })
  includeUnassigned: boolean;
}
