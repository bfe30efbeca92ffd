import type { MsRange, TimelineStatus } from './agent-timeline';
import { BadUserInputError, RangeTooLargeError } from './errors';
import { validateTimeRange, type TimeRange } from './time-range';
import { utcOffsetMinutes } from './time-zone';
import { DAY_MS, MINUTE_MS } from './time';

/**
 * Workload (pure), after Twilio Flex Insights' Workload data set: agent status time and contact
 * handling broken down into fixed intervals of local time (15 minutes, 30 minutes or an hour), so
 * intraday reports are exact. Every status interval and every contact is **split at interval edges**
 * and each piece counts in the interval it falls in — nothing is attributed to the interval it
 * started in. Per agent and interval:
 *
 * - activity time by status: time spent in each agent status (Available, Break, Lunch …);
 * - talk time: time connected to contacts, hold included (CTR connected-to-agent → disconnect);
 * - wrap-up time: after-contact work (CTR ACW start → end);
 * - parallel conversations: the most contacts (talk or wrap-up) the agent had at once.
 *
 * Interval edges are wall-clock edges in the requested time zone, so they stay on :00/:15/:30/:45
 * local time through daylight-saving changes: a spring-forward day has 92 quarter hours, a fall-back
 * day 100 (the repeated hour appears twice).
 */

/** Interval lengths, minutes. */
export const WORKLOAD_INTERVAL_MINUTES = { FIFTEEN_MIN: 15, THIRTY_MIN: 30, HOUR: 60 } as const;
/** Longest workload range when the configuration sets none, days (GetMetricDataV2 keeps 15-minute to hourly intervals under 3 days). */
export const DEFAULT_WORKLOAD_MAX_RANGE_DAYS = 3;
/** Name of a workload interval length. */
export type WorkloadIntervalName = keyof typeof WORKLOAD_INTERVAL_MINUTES;


/**
 * Checks a workload range: valid, `from` before `to`, at most `maxDays` × 24 hours long (three local
 * days across a fall-back change are 73 hours and exceed a 3-day limit).
 * @throws BadUserInputError for a malformed range; RangeTooLargeError (`RANGE_TOO_LARGE`, `extensions.maxDays`) naming the limit.
 */
export function validateWorkloadRange(range: { from: Date; to: Date }, interval: WorkloadIntervalName, maxDays: number): TimeRange {
  const valid = validateTimeRange(range, Number.MAX_SAFE_INTEGER);
  const lengthMs = valid.to.getTime() - valid.from.getTime();
  if (lengthMs > maxDays * DAY_MS) {
    throw new RangeTooLargeError(Math.round((lengthMs / DAY_MS) * 100) / 100, maxDays, {
      scope: `for workload at ${interval} intervals`,
      limit: 'MAX_METRICS_RANGE_DAYS_INTRADAY',
      interval,
      hint: "Narrow 'from'/'to' and ask day by day.",
    });
  }
  return valid;
}

/** One interval of the grid: [startMs, endMs) with its local start written with the offset. */
export interface WorkloadCell {
  readonly startMs: number;
  readonly endMs: number;
  /** Local wall-clock start with offset, e.g. `2026-11-19T23:45:00-05:00`. */
  readonly localStart: string;
}

const QUARTER_MS = 15 * MINUTE_MS;
/** Daylight-saving shifts are at most 2 hours; searching this many quarter hours for an edge always finds one. */
const MAX_EDGE_SEARCH_QUARTERS = 16;

/** The local time of an instant in a zone as ISO-8601 with the offset (`…T23:45:00-05:00`). */
export function localIsoString(timeZone: string, utcMs: number): string {
  const offset = utcOffsetMinutes(timeZone, utcMs);
  const local = new Date(utcMs + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function isEdge(timeZone: string, utcMs: number, minutes: number): boolean {
  const offset = utcOffsetMinutes(timeZone, utcMs);
  if (offset % 15 !== 0) {
    throw new BadUserInputError(`Time zone ${timeZone} is ${offset} minutes from UTC at ${new Date(utcMs).toISOString()}; workload intervals need an offset that is a multiple of 15 minutes.`, 'timeZone');
  }
  const localMinutes = Math.round(utcMs / MINUTE_MS) + offset;
  return ((localMinutes % minutes) + minutes) % minutes === 0;
}

/**
 * The intervals of `minutes` local minutes that overlap `range`, in a time zone. Local edges fall on
 * UTC quarter hours in every zone whose offset is a multiple of 15 minutes, so the edges are the UTC
 * quarter hours whose local time is a multiple of `minutes` after local midnight.
 * @throws BadUserInputError when the zone's offset is not a multiple of 15 minutes in the range.
 */
export function workloadGrid(range: MsRange, timeZone: string, minutes: 15 | 30 | 60): WorkloadCell[] {
  let first = Math.floor(range.fromMs / QUARTER_MS) * QUARTER_MS;
  for (let i = 0; i < MAX_EDGE_SEARCH_QUARTERS && !isEdge(timeZone, first, minutes); i++) first -= QUARTER_MS;
  const cells: WorkloadCell[] = [];
  let start = first;
  let t = first + QUARTER_MS;
  for (let i = 0; start < range.toMs; t += QUARTER_MS) {
    if (isEdge(timeZone, t, minutes) || ++i >= MAX_EDGE_SEARCH_QUARTERS) {
      if (t > range.fromMs) cells.push({ startMs: start, endMs: t, localStart: localIsoString(timeZone, start) });
      start = t;
      i = 0;
    }
  }
  return cells;
}

/** A stretch of one status, as the status history gives it. */
export interface StatusSpan {
  readonly status: TimelineStatus;
  readonly startMs: number;
  readonly endMs: number;
}

/** One contact of the agent: talk (connected → disconnect, hold included) and wrap-up (ACW start → end), each optional. */
export interface ContactSpan {
  readonly contactId: string;
  readonly talk: { readonly startMs: number; readonly endMs: number } | null;
  readonly wrapUp: { readonly startMs: number; readonly endMs: number } | null;
}

/** Time in one status during one interval. */
export interface StatusTime {
  readonly status: TimelineStatus;
  readonly ms: number;
}

/** One agent's workload in one interval. */
export interface WorkloadSlice {
  readonly cell: WorkloadCell;
  /** Time by status, in the order the statuses first appear in the interval. */
  readonly statuses: readonly StatusTime[];
  readonly talkMs: number;
  readonly wrapUpMs: number;
  /** The most contacts (talk or wrap-up) in progress at the same time during the interval. */
  readonly parallelConversations: number;
}

interface MutableSlice {
  readonly statuses: Map<string, { status: TimelineStatus; ms: number }>;
  talkMs: number;
  wrapUpMs: number;
}

/** Index of the cell containing `ms`, or of the first cell after it (binary search). */
function firstCellAtOrAfter(cells: readonly WorkloadCell[], ms: number): number {
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cells[mid] as WorkloadCell).endMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `add(cellIndex, ms)` for each piece of [startMs, endMs) ∩ range in each cell. */
function split(cells: readonly WorkloadCell[], range: MsRange, startMs: number, endMs: number, add: (index: number, ms: number) => void): void {
  const s = Math.max(startMs, range.fromMs);
  const e = Math.min(endMs, range.toMs);
  if (e <= s) return;
  for (let i = firstCellAtOrAfter(cells, s); i < cells.length; i++) {
    const cell = cells[i] as WorkloadCell;
    if (cell.startMs >= e) break;
    const piece = Math.min(e, cell.endMs) - Math.max(s, cell.startMs);
    if (piece > 0) add(i, piece);
  }
}

/** The most spans in progress at one instant of [fromMs, toMs) (half-open spans: one ending as another starts do not overlap). */
function maxConcurrency(spans: readonly { startMs: number; endMs: number }[], fromMs: number, toMs: number): number {
  const points: [number, number][] = [];
  for (const span of spans) {
    const s = Math.max(span.startMs, fromMs);
    const e = Math.min(span.endMs, toMs);
    if (e > s) points.push([s, 1], [e, -1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of points) {
    current += delta;
    if (current > max) max = current;
  }
  return max;
}

/**
 * Slices one agent's status spans and contact spans into the grid's intervals, clipped to `range`:
 * every span is split at the interval edges. Returns only intervals in which the agent had status
 * time or contact time, in time order. Pure.
 */
export function sliceWorkload(cells: readonly WorkloadCell[], range: MsRange, statusSpans: readonly StatusSpan[], contactSpans: readonly ContactSpan[]): WorkloadSlice[] {
  const slices = new Map<number, MutableSlice>();
  const slice = (index: number): MutableSlice => {
    let s = slices.get(index);
    if (!s) {
      s = { statuses: new Map(), talkMs: 0, wrapUpMs: 0 };
      slices.set(index, s);
    }
    return s;
  };
  for (const span of statusSpans) {
    const key = `${span.status.name}\u0000${span.status.type}\u0000${span.status.arn ?? ''}`;
    split(cells, range, span.startMs, span.endMs, (i, ms) => {
      const statuses = slice(i).statuses;
      const entry = statuses.get(key);
      if (entry) entry.ms += ms;
      else statuses.set(key, { status: span.status, ms });
    });
  }
  const conversations: { startMs: number; endMs: number }[] = [];
  for (const contact of contactSpans) {
    if (contact.talk) split(cells, range, contact.talk.startMs, contact.talk.endMs, (i, ms) => (slice(i).talkMs += ms));
    if (contact.wrapUp) split(cells, range, contact.wrapUp.startMs, contact.wrapUp.endMs, (i, ms) => (slice(i).wrapUpMs += ms));
    const parts = [contact.talk, contact.wrapUp].filter((p): p is { startMs: number; endMs: number } => p !== null && p.endMs > p.startMs);
    if (parts.length > 0) conversations.push({ startMs: Math.min(...parts.map((p) => p.startMs)), endMs: Math.max(...parts.map((p) => p.endMs)) });
  }
  return [...slices.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, s]) => {
      const cell = cells[index] as WorkloadCell;
      const overlapping = conversations.filter((c) => c.startMs < cell.endMs && c.endMs > cell.startMs);
      return {
        cell,
        statuses: [...s.statuses.values()].map(({ status, ms }) => ({ status, ms })),
        talkMs: s.talkMs,
        wrapUpMs: s.wrapUpMs,
        parallelConversations: maxConcurrency(overlapping, Math.max(cell.startMs, range.fromMs), Math.min(cell.endMs, range.toMs)),
      };
    });
}
