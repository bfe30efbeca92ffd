import { RangeTooLargeError } from '../errors';
import type { TimeRange } from '../time-range';
import { INTRADAY_INTERVALS, type MetricInterval } from './metric-types';
import { DAY_MS } from '../time';

/** How long a metrics range may be, per kind of interval (GetMetricDataV2: under 3 days intraday, under 35 days otherwise). */
export interface MetricsRangeLimits {
  /** Longest range for FIFTEEN_MIN, THIRTY_MIN and HOUR, in days (`MAX_METRICS_RANGE_DAYS_INTRADAY`). */
  readonly maxMetricsRangeDaysIntraday: number;
  /** Longest range for DAY, WEEK, MONTH and TOTAL, in days (`MAX_METRICS_RANGE_DAYS`). */
  readonly maxMetricsRangeDays: number;
}

/** The defaults of the configuration: 3 and 35 days. */
export const DEFAULT_METRICS_RANGE_LIMITS: MetricsRangeLimits = Object.freeze({ maxMetricsRangeDaysIntraday: 3, maxMetricsRangeDays: 35 });

/** Most rows one metrics answer may hold; more means too many groupings for the range and interval. */
export const MAX_METRIC_ROWS = 50_000;


/** The longest range, in days, for an interval period. */
export function maxRangeDaysFor(interval: MetricInterval, limits: MetricsRangeLimits): number {
  return INTRADAY_INTERVALS.includes(interval) ? limits.maxMetricsRangeDaysIntraday : limits.maxMetricsRangeDays;
}

/**
 * Checks the range length for the interval: at most `maxDays × 24` hours (a range of three local days
 * across a fall-back change is 73 hours and exceeds a 3-day limit).
 * @throws RangeTooLargeError (`RANGE_TOO_LARGE`, `extensions.maxDays`, `extensions.interval`) naming the limit.
 */
export function assertMetricsRange(range: TimeRange, interval: MetricInterval, limits: MetricsRangeLimits): void {
  const maxDays = maxRangeDaysFor(interval, limits);
  const lengthMs = range.to.getTime() - range.from.getTime();
  if (lengthMs > maxDays * DAY_MS) {
    const intraday = INTRADAY_INTERVALS.includes(interval);
    throw new RangeTooLargeError(Math.round((lengthMs / DAY_MS) * 100) / 100, maxDays, {
      scope: `with interval ${interval}`,
      limit: intraday ? 'MAX_METRICS_RANGE_DAYS_INTRADAY' : 'MAX_METRICS_RANGE_DAYS',
      interval,
      hint:
        `FIFTEEN_MIN, THIRTY_MIN and HOUR: ${limits.maxMetricsRangeDaysIntraday} days; DAY, WEEK, MONTH and TOTAL: ${limits.maxMetricsRangeDays} days. ` +
        `Narrow 'from'/'to' or choose a longer interval.`,
    });
  }
}
