import { BadUserInputError } from '../errors';
import { assertTimeZone } from '../partition-planner';
import { CHANNELS, isDocumentedValue } from '../records/connect-enums';
import { validateTimeRange, type TimeRange } from '../time-range';
import { metricBuckets, type MetricBucket } from './metric-buckets';
import { findMetric, type MetricDefinition } from './metric-catalog';
import { assertMetricsRange, type MetricsRangeLimits } from './metric-limits';
import {
  GROUPING_KEYS,
  METRIC_INTERVALS,
  THRESHOLD_COMPARISONS,
  type GroupingKey,
  type MetricFilter,
  type MetricGrouping,
  type MetricInterval,
  type MetricThreshold,
} from './metric-types';

/** Limits on the shape of one request, after GetMetricDataV2's where it has them. */
export const METRIC_REQUEST_LIMITS = Object.freeze({
  /** Groupings per request (GetMetricDataV2: 4). */
  maxGroupings: 4,
  /** Filter keys per request (GetMetricDataV2: 5). */
  maxFilterKeys: 5,
  /** Filter values per request; documented CHANNEL values (VOICE, CHAT, TASK, EMAIL) not counted (GetMetricDataV2: 100). */
  maxFilterValues: 100,
  /** Metric values per row, thresholds expanded. */
  maxMetricValues: 50,
  /** SERVICE_LEVEL thresholds per request (GetMetricDataV2: 20). */
  maxServiceLevels: 20,
  /** Largest threshold, in seconds (GetMetricDataV2: 604800, 7 days). */
  maxThresholdSeconds: 604_800,
  /** Longest contact attribute key and filter value, in characters. */
  maxTextLength: 256,
});

/** One requested metric; a threshold metric lists one or more thresholds. */
export interface MetricRequestItem {
  readonly name: string;
  readonly thresholds?: readonly MetricThreshold[] | null;
}

/** A metrics request as the API receives it. */
export interface MetricsRequest {
  /** Start of the range (inclusive). */
  readonly from: Date;
  /** End of the range (exclusive). */
  readonly to: Date;
  readonly interval: MetricInterval;
  /** IANA time zone the intervals are computed in. */
  readonly timeZone: string;
  readonly groupings?: readonly MetricGrouping[] | null;
  readonly filters?: readonly MetricFilter[] | null;
  readonly metrics: readonly MetricRequestItem[];
  /** Whether rows where a grouping has no value (e.g. contacts that never queued, by QUEUE) are kept; default false. */
  readonly includeUnassigned?: boolean | null;
}

/** One metric value to compute: a definition and, for threshold metrics, one of its thresholds. */
export interface PlannedMetric {
  readonly definition: MetricDefinition;
  readonly threshold?: MetricThreshold;
}

/** A validated request: the range, its buckets, the groupings, filters and metrics to compute. */
export interface MetricsPlan {
  /**
   * The range counted: the request's range widened to whole intervals (TOTAL: as requested). Every
   * query, partition and freshness bound is taken from it; it is the answer's `from`/`to`.
   */
  readonly range: TimeRange;
  readonly interval: MetricInterval;
  readonly timeZone: string;
  readonly buckets: readonly MetricBucket[];
  readonly groupings: readonly MetricGrouping[];
  readonly filters: readonly MetricFilter[];
  readonly metrics: readonly PlannedMetric[];
  /** Whether rows where a grouping's value is null are answered. */
  readonly includeUnassigned: boolean;
}

/** The instants the engines take (ISO-8601 years 0001 to 9999): the widened range must stay within them. */
const FIRST_INSTANT_MS = Date.parse('0001-01-01T00:00:00Z');
const AFTER_LAST_INSTANT_MS = Date.parse('+010000-01-01T00:00:00Z');

const quote = (keys: readonly string[]): string => keys.join(', ');

/** How a grouping or filter is named in messages: `QUEUE`, `CONTACT_ATTRIBUTE CallReason`. */
function label(g: { readonly key: GroupingKey; readonly attributeKey?: string }): string {
  return g.key === 'CONTACT_ATTRIBUTE' ? `CONTACT_ATTRIBUTE ${JSON.stringify(g.attributeKey ?? '')}` : g.key;
}

function checkKey(key: string, argument: string): GroupingKey {
  if (!(GROUPING_KEYS as readonly string[]).includes(key)) throw new BadUserInputError(`'${key}' is not a grouping key; use one of ${quote(GROUPING_KEYS)}.`, argument);
  return key as GroupingKey;
}

function checkAttributeKey(entry: { readonly key: GroupingKey; readonly attributeKey?: string | null }, argument: string): string | undefined {
  const attributeKey = entry.attributeKey ?? undefined;
  if (entry.key !== 'CONTACT_ATTRIBUTE') {
    if (attributeKey !== undefined) throw new BadUserInputError(`'attributeKey' applies to CONTACT_ATTRIBUTE only; remove it from ${entry.key}.`, argument);
    return undefined;
  }
  if (attributeKey === undefined || attributeKey.trim() === '') {
    throw new BadUserInputError(`CONTACT_ATTRIBUTE needs 'attributeKey', the contact attribute to use (e.g. CallReason).`, argument);
  }
  if (attributeKey.length > METRIC_REQUEST_LIMITS.maxTextLength) {
    throw new BadUserInputError(`'attributeKey' is longer than ${METRIC_REQUEST_LIMITS.maxTextLength} characters.`, argument);
  }
  return attributeKey;
}

/** Identity of a grouping or filter key: attribute keys compare without regard to case, as attributes are looked up. */
const identity = (g: { readonly key: GroupingKey; readonly attributeKey?: string }): string => `${g.key}:${(g.attributeKey ?? '').toLowerCase()}`;

function planGroupings(groupings: readonly MetricGrouping[]): MetricGrouping[] {
  if (groupings.length > METRIC_REQUEST_LIMITS.maxGroupings) {
    throw new BadUserInputError(`${groupings.length} groupings were given; at most ${METRIC_REQUEST_LIMITS.maxGroupings} are allowed.`, 'groupings');
  }
  const seen = new Set<string>();
  return groupings.map((g) => {
    const key = checkKey(g.key, 'groupings');
    const planned: MetricGrouping = { key, attributeKey: checkAttributeKey({ key, attributeKey: g.attributeKey }, 'groupings') };
    if (seen.has(identity(planned))) throw new BadUserInputError(`Grouping ${label(planned)} is listed twice.`, 'groupings');
    seen.add(identity(planned));
    return planned;
  });
}

function planFilters(filters: readonly MetricFilter[]): MetricFilter[] {
  const seen = new Set<string>();
  let countedValues = 0;
  const planned = filters.map((f) => {
    const key = checkKey(f.key, 'filters');
    const filter: MetricFilter = { key, attributeKey: checkAttributeKey({ key, attributeKey: f.attributeKey }, 'filters'), values: [...new Set(f.values)] };
    if (seen.has(identity(filter))) throw new BadUserInputError(`Filter ${label(filter)} is listed twice; put all its values in one filter.`, 'filters');
    seen.add(identity(filter));
    if (filter.values.length === 0) throw new BadUserInputError(`Filter ${label(filter)} has no values; give at least one.`, 'filters');
    for (const value of filter.values) {
      if (value === '' || value.length > METRIC_REQUEST_LIMITS.maxTextLength) {
        throw new BadUserInputError(`Filter ${label(filter)} has an empty value or one longer than ${METRIC_REQUEST_LIMITS.maxTextLength} characters.`, 'filters');
      }
    }
    // Any channel is a valid filter value (Connect adds channels; an unknown one is data). As in
    // GetMetricDataV2 the documented channels are free; other values count toward the limit.
    countedValues += key === 'CHANNEL' ? filter.values.filter((v) => !isDocumentedValue(CHANNELS, v)).length : filter.values.length;
    return filter;
  });
  if (planned.length > METRIC_REQUEST_LIMITS.maxFilterKeys) {
    throw new BadUserInputError(`${planned.length} filters were given; at most ${METRIC_REQUEST_LIMITS.maxFilterKeys} filter keys are allowed.`, 'filters');
  }
  if (countedValues > METRIC_REQUEST_LIMITS.maxFilterValues) {
    throw new BadUserInputError(`The filters hold ${countedValues} values; at most ${METRIC_REQUEST_LIMITS.maxFilterValues} are allowed (the channels ${quote(CHANNELS)} not counted).`, 'filters');
  }
  return planned;
}

function checkThreshold(name: string, threshold: MetricThreshold): MetricThreshold {
  if (!(THRESHOLD_COMPARISONS as readonly string[]).includes(threshold.comparison)) {
    throw new BadUserInputError(`${name}: threshold comparison must be ${quote(THRESHOLD_COMPARISONS)}.`, 'metrics');
  }
  const max = METRIC_REQUEST_LIMITS.maxThresholdSeconds;
  if (!Number.isInteger(threshold.seconds) || threshold.seconds < 1 || threshold.seconds > max) {
    throw new BadUserInputError(`${name}: a threshold is a whole number of seconds from 1 to ${max}; got ${threshold.seconds}.`, 'metrics');
  }
  return { comparison: threshold.comparison, seconds: threshold.seconds };
}

function planMetrics(items: readonly MetricRequestItem[]): PlannedMetric[] {
  if (items.length === 0) throw new BadUserInputError(`'metrics' is empty; name at least one metric (Query.metricDefinitions lists them).`, 'metrics');
  const planned: PlannedMetric[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const definition = findMetric(item.name);
    if (!definition) throw new BadUserInputError(`'${item.name}' is not a metric; Query.metricDefinitions lists the metrics.`, 'metrics');
    const thresholds = item.thresholds ?? [];
    if (definition.thresholds === 'required' && thresholds.length === 0) {
      throw new BadUserInputError(`${definition.name} needs at least one threshold, e.g. { comparison: LT, seconds: 20 }.`, 'metrics');
    }
    if (definition.thresholds === 'none' && thresholds.length > 0) throw new BadUserInputError(`${definition.name} takes no threshold; remove 'thresholds'.`, 'metrics');
    const expanded = thresholds.length === 0 ? [undefined] : thresholds.map((t) => checkThreshold(definition.name, t));
    for (const threshold of expanded) {
      const id = threshold ? `${definition.name}:${threshold.comparison}:${threshold.seconds}` : definition.name;
      if (seen.has(id)) throw new BadUserInputError(`${threshold ? `${definition.name} with threshold ${threshold.comparison} ${threshold.seconds}` : definition.name} is requested twice.`, 'metrics');
      seen.add(id);
      planned.push(threshold ? { definition, threshold } : { definition });
    }
  }
  if (planned.length > METRIC_REQUEST_LIMITS.maxMetricValues) {
    throw new BadUserInputError(`${planned.length} metric values were requested (thresholds counted); at most ${METRIC_REQUEST_LIMITS.maxMetricValues} are allowed.`, 'metrics');
  }
  const serviceLevels = planned.filter((m) => m.definition.name === 'SERVICE_LEVEL').length;
  if (serviceLevels > METRIC_REQUEST_LIMITS.maxServiceLevels) {
    throw new BadUserInputError(`${serviceLevels} SERVICE_LEVEL thresholds were requested; at most ${METRIC_REQUEST_LIMITS.maxServiceLevels} are allowed.`, 'metrics');
  }
  return planned;
}

/** Every metric must allow every grouping and filter key; one message lists each conflict and what is allowed. */
function checkCombinations(metrics: readonly PlannedMetric[], groupings: readonly MetricGrouping[], filters: readonly MetricFilter[]): void {
  const problems: string[] = [];
  const definitions = [...new Map(metrics.map((m) => [m.definition.name, m.definition])).values()];
  for (const definition of definitions) {
    const allowed = new Set(definition.allowedGroupings);
    const badGroupings = [...new Set(groupings.filter((g) => !allowed.has(g.key)).map((g) => g.key))];
    const badFilters = [...new Set(filters.filter((f) => !allowed.has(f.key)).map((f) => f.key))];
    if (badGroupings.length === 0 && badFilters.length === 0) continue;
    const what = [badGroupings.length ? `grouped by ${quote(badGroupings)}` : '', badFilters.length ? `filtered by ${quote(badFilters)}` : ''].filter(Boolean).join(' or ');
    problems.push(`${definition.name} cannot be ${what}; it allows ${quote(definition.allowedGroupings)}.`);
  }
  if (problems.length > 0) throw new BadUserInputError(problems.join(' '), groupings.length > 0 ? 'groupings' : 'filters');
}

/**
 * Validates a request and plans it: metrics with their thresholds, groupings, filters, the range
 * checked against the interval's limit, and the interval buckets in the time zone. The limit applies
 * to the range as requested; the plan's range is then widened to whole intervals (see
 * `metricBuckets`), which adds less than one interval at each end. Pure.
 * @throws BadUserInputError for a bad range, time zone, metric, threshold, grouping, filter or
 *   metric/grouping combination; the message says what is allowed.
 * @throws RangeTooLargeError (`RANGE_TOO_LARGE`) when the range is longer than the interval allows; BadUserInputError when the range holds no interval bucket or its widening leaves the years 0001 to 9999.
 */
export function planMetricsRequest(request: MetricsRequest, limits: MetricsRangeLimits): MetricsPlan {
  const range = validateTimeRange({ from: request.from, to: request.to }, Number.POSITIVE_INFINITY);
  if (!(METRIC_INTERVALS as readonly string[]).includes(request.interval)) {
    throw new BadUserInputError(`'${request.interval}' is not an interval; use one of ${quote(METRIC_INTERVALS)}.`, 'interval');
  }
  const timeZone = assertTimeZone(request.timeZone);
  const metrics = planMetrics(request.metrics);
  const groupings = planGroupings(request.groupings ?? []);
  const filters = planFilters(request.filters ?? []);
  checkCombinations(metrics, groupings, filters);
  assertMetricsRange(range, request.interval, limits);
  const buckets = metricBuckets(range, request.interval, timeZone);
  if (buckets.length === 0) {
    throw new BadUserInputError(`The range from ${range.from.toISOString()} to ${range.to.toISOString()} holds no ${request.interval} interval in ${timeZone}; give 'from'/'to' in the years 0001 to 9999, spanning at least one interval.`, 'from');
  }
  const aligned: TimeRange = { from: buckets[0].start, to: buckets[buckets.length - 1].end };
  if (aligned.from.getTime() < FIRST_INSTANT_MS || aligned.to.getTime() >= AFTER_LAST_INSTANT_MS) {
    throw new BadUserInputError(
      `Widened to whole ${request.interval} intervals in ${timeZone}, the range runs from ${aligned.from.toISOString()} to ${aligned.to.toISOString()}, outside the years 0001 to 9999; give 'from'/'to' inside them, or use interval TOTAL (not widened).`,
      'to',
    );
  }
  return { range: aligned, interval: request.interval, timeZone, buckets, groupings, filters, metrics, includeUnassigned: request.includeUnassigned === true };
}
