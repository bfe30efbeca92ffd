/**
 * The vocabulary of `Query.metrics`, after Amazon Connect's GetMetricDataV2: interval periods,
 * grouping (and filter) keys, units, sources and threshold comparisons. Pure constants and types.
 */

/** Interval periods of a metrics request; MONTH is ours (GetMetricDataV2 stops at WEEK and TOTAL). */
export const METRIC_INTERVALS = ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'TOTAL'] as const;
export type MetricInterval = (typeof METRIC_INTERVALS)[number];

/** The intervals shorter than a day, which GetMetricDataV2 limits to short ranges. */
export const INTRADAY_INTERVALS: readonly MetricInterval[] = ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR'];

/** Length of the intraday intervals, in minutes. */
export const INTRADAY_INTERVAL_MINUTES = { FIFTEEN_MIN: 15, THIRTY_MIN: 30, HOUR: 60 } as const satisfies Partial<Record<MetricInterval, number>>;

/** The agent hierarchy levels, in GetMetricDataV2's spelling. */
export const HIERARCHY_GROUPINGS = [
  'AGENT_HIERARCHY_LEVEL_ONE',
  'AGENT_HIERARCHY_LEVEL_TWO',
  'AGENT_HIERARCHY_LEVEL_THREE',
  'AGENT_HIERARCHY_LEVEL_FOUR',
  'AGENT_HIERARCHY_LEVEL_FIVE',
] as const;

/** Keys a request can group and filter by (a subset of GetMetricDataV2's grouping keys). */
export const GROUPING_KEYS = [
  'QUEUE',
  'CHANNEL',
  'ROUTING_PROFILE',
  'AGENT',
  ...HIERARCHY_GROUPINGS,
  'INITIATION_METHOD',
  'DISCONNECT_REASON',
  'CONTACT_ATTRIBUTE',
  'EVALUATION_FORM',
] as const;
export type GroupingKey = (typeof GROUPING_KEYS)[number];

/** Units of metric values. */
export const METRIC_UNITS = ['COUNT', 'SECONDS', 'PERCENT', 'SCORE'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** Where a metric's data comes from: contact trace records, agent events, Contact Lens, evaluations. */
export const METRIC_SOURCES = ['ctr', 'ae', 'cl', 'ef'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

/** How a duration is compared with a threshold: less than, less than or equal. */
export const THRESHOLD_COMPARISONS = ['LT', 'LTE'] as const;
export type ThresholdComparison = (typeof THRESHOLD_COMPARISONS)[number];

/** A threshold of SERVICE_LEVEL and the `…_IN_X` metrics. */
export interface MetricThreshold {
  readonly comparison: ThresholdComparison;
  /** Whole seconds, 1–604800 (7 days), as in GetMetricDataV2. */
  readonly seconds: number;
}

/** One grouping of a request; CONTACT_ATTRIBUTE names the attribute (e.g. CallReason). */
export interface MetricGrouping {
  readonly key: GroupingKey;
  readonly attributeKey?: string;
}

/** One filter of a request: rows whose value for `key` is one of `values` (names or ARNs for resources). */
export interface MetricFilter {
  readonly key: GroupingKey;
  readonly attributeKey?: string;
  readonly values: readonly string[];
}

/**
 * The instant a metric is attributed to, which decides its interval:
 * - `CONTACT_INITIATION` — the contact's InitiationTimestamp (Contact Lens and evaluations: the analysed or evaluated contact's);
 * - `QUEUE_ENQUEUE` — Queue.EnqueueTimestamp;
 * - `AGENT_CONNECTED` — Agent.ConnectedToAgentTimestamp;
 * - `STATUS_TIME` — agent time is split at interval edges and counted where it happened;
 * - `AGENT_EVENT` — the agent event that reported it.
 */
export const METRIC_ATTRIBUTIONS = ['CONTACT_INITIATION', 'QUEUE_ENQUEUE', 'AGENT_CONNECTED', 'STATUS_TIME', 'AGENT_EVENT'] as const;
export type MetricAttribution = (typeof METRIC_ATTRIBUTIONS)[number];
