import { BadUserInputError } from './errors';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time';
import { addLocalDays, localDateOf, localTimeToUtcMs, utcOffsetMinutes, type LocalDate } from './time-zone';

/**
 * Instants written the way BI tools and people write them in a URL (`/reports/…?from=today-7d&to=today`),
 * resolved in a time zone. Pure: the clock is an argument.
 *
 * Accepted forms:
 * - `now`, `today` (local midnight), `yesterday` (local midnight of the day before), each optionally
 *   followed by an offset `[+-]N` and a unit: `m` minutes, `h` hours (both exact durations), `d` days or
 *   `w` weeks (calendar days of the time zone: `today-7d` is local midnight seven dates back, whatever
 *   daylight saving did in between; `now-1d` is the same wall-clock time the day before);
 * - a local date `YYYY-MM-DD`: its local midnight;
 * - a local date-time without offset `YYYY-MM-DDThh:mm[:ss]`: that wall-clock time in the time zone;
 * - an ISO-8601 date-time with offset (`2026-11-19T00:00:00-05:00`, `…Z`);
 * - epoch milliseconds (9 to 15 digits: what Grafana's `${__from}` gives).
 */

/** Calendar dates and times no report reads beyond: year 1970 to 9999. */
const MIN_MS = 0;
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const RELATIVE = /^(now|today|yesterday)(?:([+-])(\d{1,6})([mhdw]))?$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const EPOCH_MS = /^\d{9,15}$/;

/** What an unparsable value is told. */
export const INSTANT_FORMS = 'now, today or yesterday with an optional offset such as -7d, -12h, +30m or -2w (today-7d, now-1h), a local date such as 2026-11-19, an ISO-8601 date-time with offset such as 2026-11-19T00:00:00-05:00, or epoch milliseconds';

/** Whether y-m-d is a real calendar date (not 2026-02-30). */
function isCalendarDate(date: LocalDate): boolean {
  const probe = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return probe.getUTCFullYear() === date.year && probe.getUTCMonth() + 1 === date.month && probe.getUTCDate() === date.day;
}

/** Milliseconds after local midnight of an instant's local wall-clock time. */
function localTimeOfDayMs(timeZone: string, utcMs: number): number {
  const wall = utcMs + utcOffsetMinutes(timeZone, utcMs) * MINUTE_MS;
  return ((wall % DAY_MS) + DAY_MS) % DAY_MS;
}

/**
 * The instant `text` names in `timeZone` (an IANA name the caller has checked), epoch milliseconds.
 * @param parameter - the name the value came in, quoted in error messages (`from`, `to`).
 * @param nowMs - the current instant, epoch milliseconds.
 * @throws BadUserInputError naming `parameter` and the accepted forms when `text` is none of them, is
 *   not a calendar date, or lies outside the years 1970 to 9999.
 */
export function parseInstant(text: string, timeZone: string, nowMs: number, parameter: string): number {
  const value = text.trim();
  const ms = instantOf(value, timeZone, nowMs, parameter);
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    throw new BadUserInputError(`${parameter}=${value} is outside the years 1970 to 9999; send a date in that range.`, parameter);
  }
  return ms;
}

function instantOf(value: string, timeZone: string, nowMs: number, parameter: string): number {
  const unparsable = () => new BadUserInputError(`${parameter}=${value.slice(0, 100)} is not an instant; send ${INSTANT_FORMS}.`, parameter);
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, anchor, sign, amountText, unit] = relative;
    const amount = amountText === undefined ? 0 : Number(amountText) * (sign === '-' ? -1 : 1);
    const today = localDateOf(timeZone, nowMs);
    if (anchor === 'now') {
      if (unit === 'm' || unit === 'h' || amount === 0) return nowMs + amount * (unit === 'h' ? HOUR_MS : MINUTE_MS);
      // Calendar days: the same wall-clock time `amount` dates away (a DST day in between does not shift it).
      const days = unit === 'w' ? amount * 7 : amount;
      return localTimeToUtcMs(timeZone, addLocalDays(today, days), localTimeOfDayMs(timeZone, nowMs) / MINUTE_MS);
    }
    const midnightDate = anchor === 'yesterday' ? addLocalDays(today, -1) : today;
    if (unit === 'd' || unit === 'w') return localTimeToUtcMs(timeZone, addLocalDays(midnightDate, unit === 'w' ? amount * 7 : amount), 0);
    return localTimeToUtcMs(timeZone, midnightDate, 0) + amount * (unit === 'h' ? HOUR_MS : MINUTE_MS);
  }
  const date = LOCAL_DATE.exec(value);
  if (date) {
    const local = { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) };
    if (!isCalendarDate(local)) throw unparsable();
    return localTimeToUtcMs(timeZone, local, 0);
  }
  const dateTime = LOCAL_DATE_TIME.exec(value);
  if (dateTime) {
    const local = { year: Number(dateTime[1]), month: Number(dateTime[2]), day: Number(dateTime[3]) };
    const [hours, minutes, seconds, millis] = [Number(dateTime[4]), Number(dateTime[5]), Number(dateTime[6] ?? 0), Number((dateTime[7] ?? '0').padEnd(3, '0'))];
    if (!isCalendarDate(local) || hours > 23 || minutes > 59 || seconds > 59) throw unparsable();
    return localTimeToUtcMs(timeZone, local, hours * 60 + minutes + (seconds * 1000 + millis) / MINUTE_MS);
  }
  if (ISO_WITH_OFFSET.test(value)) {
    // Date.parse rolls 2026-02-30 over into March: the calendar date is checked first.
    const ms = Date.parse(value);
    const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    if (Number.isNaN(ms) || !isCalendarDate({ year, month, day })) throw unparsable();
    return ms;
  }
  if (EPOCH_MS.test(value)) return Number(value);
  throw unparsable();
}
