import type { TimeRange } from '../time-range';
import { addLocalDays, localDateOf, localTimeToUtcMs, utcOffsetMinutes, weekdayOf, type LocalDate } from '../time-zone';
import { INTRADAY_INTERVAL_MINUTES, type MetricInterval } from './metric-types';
import { MINUTE_MS } from '../time';

/**
 * The intervals of a metrics request, computed here (not in SQL) so that DuckDB and Athena bucket
 * identically across daylight-saving changes: the builders receive the instants as bound parameters
 * and only compare instants.
 *
 * - FIFTEEN_MIN, THIRTY_MIN, HOUR: the instants where the local wall clock shows a multiple of the
 *   length since midnight. Each bucket is that long in real time: a spring-forward day has 23 hourly
 *   buckets (no 02:00 in New York), a fall-back day 25 (01:00 twice, once per offset).
 * - DAY, WEEK (Monday to Monday, ISO-8601), MONTH: from local midnight to local midnight, so a DAY
 *   bucket is 23 or 25 hours long on a change day. A midnight that does not exist (a change at
 *   00:00) starts the day at the first instant that does.
 * - TOTAL: the whole range, as given.
 *
 * Every other interval is aligned: the range is widened to whole intervals (the first bucket starts
 * at the boundary at or before `from`, the last ends at the boundary at or after `to`), so a
 * request from 10:07 by DAY starts with the whole local day, labelled with its midnight. Clipped
 * buckets were labelled with the raw instant and counted part of an interval under its name; the
 * widened range is what the answer reports as its `from`/`to`, so a client sees what was counted.
 */

/** One interval of a result: [start, end), aligned to the interval period (TOTAL: the range). */
export interface MetricBucket {
  /** 0, 1, 2 … in time order. */
  readonly index: number;
  readonly start: Date;
  readonly end: Date;
}

const DAY_MINUTES = 1_440;
/** How far back the first intraday boundary is searched (more than any interval plus any offset change). */
const MAX_SEARCH_MS = 2 * 86_400_000;

/**
 * The buckets of a range for an interval period in a time zone, widened to whole intervals (TOTAL:
 * the range as given). Pure.
 * @param timeZone - an IANA name, already checked (see `assertTimeZone`).
 * @returns the buckets in time order; empty when `from` is not before `to` or a boundary cannot be
 *   computed (an instant outside the dates the time zone database covers).
 */
export function metricBuckets(range: TimeRange, interval: MetricInterval, timeZone: string): MetricBucket[] {
  const fromMs = range.from.getTime();
  const toMs = range.to.getTime();
  if (!(fromMs < toMs)) return [];
  const boundaries = interval === 'TOTAL' ? [fromMs, toMs] : boundariesFor(interval, fromMs, toMs, timeZone);
  if (boundaries.length < 2 || !boundaries.every(Number.isFinite)) return [];
  return boundaries.slice(0, -1).map((start, index) => ({ index, start: new Date(start), end: new Date(boundaries[index + 1]) }));
}

/**
 * The range a metrics request counts: widened to whole intervals in the time zone, i.e. from the
 * start of the interval holding `from` to the end of the interval holding the last instant before
 * `to` (unchanged when both are boundaries); TOTAL keeps the range. Equal to the first bucket's
 * start and the last bucket's end of {@link metricBuckets}, but computed from the two ends only, so
 * it is cheap for any range (the cost model uses it before the range limit is checked). Null when
 * the range holds no interval. Pure.
 */
export function alignedMetricsRange(range: TimeRange, interval: MetricInterval, timeZone: string): TimeRange | null {
  const fromMs = range.from.getTime();
  const toMs = range.to.getTime();
  if (!(fromMs < toMs)) return null;
  if (interval === 'TOTAL') return { from: range.from, to: range.to };
  const [first] = metricBuckets({ from: range.from, to: new Date(fromMs + 1) }, interval, timeZone);
  const [last] = metricBuckets({ from: new Date(toMs - 1), to: range.to }, interval, timeZone);
  return first && last ? { from: first.start, to: last.end } : null;
}

/** Interval boundaries: the last at or before `fromMs`, every one between, and the first at or after `toMs`. */
function boundariesFor(interval: Exclude<MetricInterval, 'TOTAL'>, fromMs: number, toMs: number, timeZone: string): number[] {
  switch (interval) {
    case 'FIFTEEN_MIN':
    case 'THIRTY_MIN':
    case 'HOUR':
      return intradayBoundaries(INTRADAY_INTERVAL_MINUTES[interval], fromMs, toMs, timeZone);
    case 'DAY':
      return calendarBoundaries(localDateOf(timeZone, fromMs), (d) => addLocalDays(d, 1), toMs, timeZone);
    case 'WEEK': {
      const first = localDateOf(timeZone, fromMs);
      return calendarBoundaries(addLocalDays(first, -((weekdayOf(first) + 6) % 7)), (d) => addLocalDays(d, 7), toMs, timeZone);
    }
    case 'MONTH': {
      const first = localDateOf(timeZone, fromMs);
      return calendarBoundaries({ year: first.year, month: first.month, day: 1 }, addMonth, toMs, timeZone);
    }
  }
}

function calendarBoundaries(first: LocalDate, next: (d: LocalDate) => LocalDate, toMs: number, timeZone: string): number[] {
  const out: number[] = [];
  for (let date = first; ; date = next(date)) {
    const at = localTimeToUtcMs(timeZone, date, 0);
    out.push(at);
    // A boundary that cannot be computed (NaN) ends the walk; metricBuckets then answers no bucket.
    if (!(at < toMs)) return out;
  }
}

/**
 * Intraday boundaries on a grid of UTC instants: every offset in use today is a multiple of 15
 * minutes, so local quarter-hours fall on UTC quarter-hours; a zone or date with an odd offset
 * (local mean time before standard time) is walked minute by minute instead.
 */
function intradayBoundaries(minutes: number, fromMs: number, toMs: number, timeZone: string): number[] {
  return intradayBoundariesOnGrid(minutes, 15, fromMs, toMs, timeZone) ?? intradayBoundariesOnGrid(minutes, 1, fromMs, toMs, timeZone) ?? [];
}

function intradayBoundariesOnGrid(minutes: number, gridMinutes: number, fromMs: number, toMs: number, timeZone: string): number[] | null {
  const stepMs = gridMinutes * MINUTE_MS;
  let oddOffset = false;
  const isBoundary = (utcMs: number): boolean => {
    const offset = utcOffsetMinutes(timeZone, utcMs);
    if (offset % gridMinutes !== 0) oddOffset = true;
    const localMinuteOfDay = (((Math.floor(utcMs / MINUTE_MS) + offset) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    return localMinuteOfDay % minutes === 0;
  };
  let first = Math.floor(fromMs / stepMs) * stepMs;
  while (!isBoundary(first) && fromMs - first < MAX_SEARCH_MS) first -= stepMs;
  const out: number[] = [first];
  // Up to and including the first boundary at or after `toMs` (the end of the last interval).
  for (let at = first + stepMs; out[out.length - 1] < toMs && at - toMs < MAX_SEARCH_MS; at += stepMs) if (isBoundary(at)) out.push(at);
  return oddOffset ? null : out;
}


function addMonth(date: LocalDate): LocalDate {
  return date.month === 12 ? { year: date.year + 1, month: 1, day: 1 } : { year: date.year, month: date.month + 1, day: 1 };
}

/**
 * An instant as local ISO-8601 text with the zone's offset at that instant, e.g.
 * `2026-11-01T01:00:00-05:00`. Pure.
 */
export function formatLocalInstant(instant: Date, timeZone: string): string {
  const offset = utcOffsetMinutes(timeZone, instant.getTime());
  const local = new Date(instant.getTime() + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
