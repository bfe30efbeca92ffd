import { registerEnumType } from 'type-graphql';
import { ATTRIBUTION_RULES, METRIC_CATALOG } from '../src/domain/metrics/metric-catalog';
import {
  GROUPING_KEYS,
  METRIC_ATTRIBUTIONS,
  METRIC_INTERVALS,
  METRIC_UNITS,
  THRESHOLD_COMPARISONS,
  type GroupingKey,
  type MetricAttribution,
  type MetricInterval,
  type MetricSource,
  type MetricUnit,
  type ThresholdComparison,
} from '../src/domain/metrics/metric-types';

/** An enum object (`{ A: 'A', … }`) from a list of names. */
function enumOf<T extends string>(names: readonly T[]): { readonly [K in T]: K } {
  return Object.fromEntries(names.map((n) => [n, n])) as { readonly [K in T]: K };
}

/** Every metric name of the catalog, with its definition as the value's description (GraphiQL shows it). */
export const MetricNameEnum: Readonly<Record<string, string>> = enumOf(METRIC_CATALOG.map((m) => m.name));
registerEnumType(MetricNameEnum, {
  name: 'MetricName',
  description: 'A metric, named as in Amazon Connect GetMetricDataV2 where Connect has it. `metricDefinitions` lists units and allowed groupings.',
  valuesConfig: Object.fromEntries(METRIC_CATALOG.map((m) => [m.name, { description: `${m.title} (${m.unit}). ${m.description}` }])),
});

/** Interval periods. */
export const MetricIntervalEnum = enumOf<MetricInterval>(METRIC_INTERVALS);
registerEnumType(MetricIntervalEnum, {
  name: 'MetricIntervalPeriod',
  description: 'How results are bucketed in time, in the request time zone; the first and last intervals are clipped to the range.',
  valuesConfig: {
    FIFTEEN_MIN: { description: 'Quarter hours of the local clock (range limit MAX_METRICS_RANGE_DAYS_INTRADAY, 3 days by default).' },
    THIRTY_MIN: { description: 'Half hours of the local clock (range limit MAX_METRICS_RANGE_DAYS_INTRADAY).' },
    HOUR: { description: 'Hours of the local clock; a spring-forward day has 23, a fall-back day 25 (range limit MAX_METRICS_RANGE_DAYS_INTRADAY).' },
    DAY: { description: 'Local days, midnight to midnight (23 or 25 hours on a daylight-saving change; range limit MAX_METRICS_RANGE_DAYS, 35 days by default).' },
    WEEK: { description: 'Local weeks, Monday 00:00 to Monday 00:00 (ISO-8601; range limit MAX_METRICS_RANGE_DAYS).' },
    MONTH: { description: 'Local calendar months (ours: GetMetricDataV2 has no MONTH; range limit MAX_METRICS_RANGE_DAYS).' },
    TOTAL: { description: 'One interval: the whole range (range limit MAX_METRICS_RANGE_DAYS).' },
  },
});

const GROUPING_DESCRIPTIONS: Readonly<Record<GroupingKey, string>> = {
  QUEUE: 'The queue (value: name, arn: ARN). Filter values: names or ARNs.',
  CHANNEL: 'The channel, as the data says: VOICE, CHAT, TASK or EMAIL today; a channel Connect adds is its own value (grouped and filtered like the others).',
  ROUTING_PROFILE: "The agent's routing profile (value: name, arn: ARN). Filter values: names or ARNs.",
  AGENT: 'The agent (value: username, arn: ARN). Filter values: usernames or ARNs.',
  AGENT_HIERARCHY_LEVEL_ONE: "The agent's hierarchy group at level 1 (value: group name, arn: ARN).",
  AGENT_HIERARCHY_LEVEL_TWO: "The agent's hierarchy group at level 2.",
  AGENT_HIERARCHY_LEVEL_THREE: "The agent's hierarchy group at level 3.",
  AGENT_HIERARCHY_LEVEL_FOUR: "The agent's hierarchy group at level 4.",
  AGENT_HIERARCHY_LEVEL_FIVE: "The agent's hierarchy group at level 5.",
  INITIATION_METHOD: "The contact's InitiationMethod as the data says (INBOUND, OUTBOUND, TRANSFER, QUEUE_TRANSFER, CALLBACK, API, WEBRTC_API …; a method Connect adds is its own value).",
  DISCONNECT_REASON: "The contact's DisconnectReason as the data says (CUSTOMER_DISCONNECT, AGENT_DISCONNECT, CONTACT_FLOW_DISCONNECT, EXPIRED …; open-ended).",
  CONTACT_ATTRIBUTE: "A contact attribute's value; name the attribute in `attributeKey` (e.g. CallReason; looked up without regard to case).",
  EVALUATION_FORM: 'The evaluation form (its title); evaluation metrics only.',
};

/** Grouping and filter keys. */
export const MetricGroupingEnum = enumOf<GroupingKey>(GROUPING_KEYS);
registerEnumType(MetricGroupingEnum, {
  name: 'MetricGrouping',
  description: 'A key to group or filter metrics by (GetMetricDataV2 spelling). Each metric allows some keys only: see `MetricDefinition.allowedGroupings`.',
  valuesConfig: Object.fromEntries(GROUPING_KEYS.map((k) => [k, { description: GROUPING_DESCRIPTIONS[k] }])),
});

/** Units. */
export const MetricUnitEnum = enumOf<MetricUnit>(METRIC_UNITS);
registerEnumType(MetricUnitEnum, {
  name: 'MetricUnit',
  description: 'The unit of a metric value.',
  valuesConfig: {
    COUNT: { description: 'A number of contacts, evaluations, holds or interruptions (averages may be fractional).' },
    SECONDS: { description: 'A duration in seconds (agent times with millisecond precision).' },
    PERCENT: { description: 'A percentage, 0 to 100.' },
    SCORE: { description: 'A Contact Lens sentiment score, −5 (negative) to +5 (positive).' },
  },
});

/** Threshold comparisons. */
export const ThresholdComparisonEnum = enumOf<ThresholdComparison>(THRESHOLD_COMPARISONS);
registerEnumType(ThresholdComparisonEnum, {
  name: 'ThresholdComparison',
  description: 'How a time in queue is compared with a threshold.',
  valuesConfig: { LT: { description: 'Less than the threshold.' }, LTE: { description: 'Less than or equal to the threshold.' } },
});

/** The GraphQL names of the metric sources. */
export const METRIC_SOURCE_NAMES: Readonly<Record<MetricSource, string>> = { ctr: 'CONTACT_RECORDS', ae: 'AGENT_EVENTS', cl: 'CONTACT_LENS', ef: 'EVALUATIONS' };

/** Sources. */
export const MetricSourceEnum = enumOf(Object.values(METRIC_SOURCE_NAMES));
registerEnumType(MetricSourceEnum, {
  name: 'MetricSource',
  description: 'The data a metric is computed from.',
  valuesConfig: {
    CONTACT_RECORDS: { description: 'Contact trace records, de-duplicated by ContactId (latest LastUpdateTimestamp).' },
    AGENT_EVENTS: { description: 'Agent events: status intervals rebuilt per agent, de-duplicated by EventId and ordered by EventTimestamp.' },
    CONTACT_LENS: { description: 'Contact Lens post-call analysis rows, matched to contacts by contact id.' },
    EVALUATIONS: { description: 'Submitted contact evaluations, matched to contacts by contact id.' },
  },
});

/** Attribution rules. */
export const MetricAttributionEnum = enumOf<MetricAttribution>(METRIC_ATTRIBUTIONS);
registerEnumType(MetricAttributionEnum, {
  name: 'MetricAttribution',
  description: 'Which instant puts a metric in an interval.',
  valuesConfig: Object.fromEntries(METRIC_ATTRIBUTIONS.map((a) => [a, { description: ATTRIBUTION_RULES[a] }])),
});
