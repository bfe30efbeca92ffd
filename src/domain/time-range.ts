import { BadUserInputError, RangeTooLargeError } from './errors';
import { DAY_MS } from './time';

/** A half-open instant range [from, to) in UTC. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** One UTC day partition (`year=/month=/day=`). */
export interface DayPartition {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The `YYYY-MM-DD` name of a partition day (keys of rollup availability, manifests and stats). */
export function partitionDayKey(day: DayPartition): string {
  return `${String(day.year).padStart(4, '0')}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}


/**
 * Checks a requested range: both ends valid instants, `from` before `to`, at most `maxDays` long.
 * @throws BadUserInputError when an end is not a valid date or `from` is not before `to`.
 * @throws RangeTooLargeError when the range is longer than `maxDays`.
 */
export function validateTimeRange(range: { from: Date; to: Date }, maxDays: number): TimeRange {
  if (!(range.from instanceof Date) || Number.isNaN(range.from.getTime())) {
    throw new BadUserInputError("'from' is not a valid ISO-8601 date-time, e.g. 2026-11-20T00:00:00Z.", 'from');
  }
  if (!(range.to instanceof Date) || Number.isNaN(range.to.getTime())) {
    throw new BadUserInputError("'to' is not a valid ISO-8601 date-time, e.g. 2026-11-21T00:00:00Z.", 'to');
  }
  if (range.from.getTime() >= range.to.getTime()) {
    throw new BadUserInputError(
      `'from' (${range.from.toISOString()}) must be before 'to' (${range.to.toISOString()}).`,
      'from',
    );
  }
  const days = Math.ceil((range.to.getTime() - range.from.getTime()) / DAY_MS);
  if (days > maxDays) throw new RangeTooLargeError(days, maxDays);
  return { from: range.from, to: range.to };
}
