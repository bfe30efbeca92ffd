import { DAY_MS, MINUTE_MS } from './time';

/** A calendar date in a time zone (no time), as `YYYY-MM-DD` parts. */
export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offsets already computed, by time zone and whole second (bounded: cleared when full). */
const offsets = new Map<string, Map<number, number>>();
const MAX_OFFSETS_PER_ZONE = 50_000;

/**
 * The UTC offset of a time zone at an instant, in minutes (New York in winter: −300). Remembered per
 * zone and second: metrics ask for the same interval edges on every request, and `formatToParts` is
 * the most expensive step of building their rows.
 */
export function utcOffsetMinutes(timeZone: string, utcMs: number): number {
  if (timeZone === 'UTC') return 0;
  const second = Math.floor(utcMs / 1000);
  let zone = offsets.get(timeZone);
  if (zone === undefined) offsets.set(timeZone, (zone = new Map()));
  const known = zone.get(second);
  if (known !== undefined) return known;
  const offset = computeUtcOffsetMinutes(timeZone, utcMs);
  if (zone.size >= MAX_OFFSETS_PER_ZONE) zone.clear();
  zone.set(second, offset);
  return offset;
}

function computeUtcOffsetMinutes(timeZone: string, utcMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const localAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((localAsUtc - Math.floor(utcMs / 1000) * 1000) / MINUTE_MS);
}

/**
 * The UTC instant of a local wall-clock time (`minuteOfDay` after local midnight) on a local date.
 * Daylight-saving gaps resolve forward, overlaps to the first occurrence.
 */
export function localTimeToUtcMs(timeZone: string, date: LocalDate, minuteOfDay: number): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  let utcMs = wallAsUtc - utcOffsetMinutes(timeZone, wallAsUtc) * MINUTE_MS;
  const corrected = wallAsUtc - utcOffsetMinutes(timeZone, utcMs) * MINUTE_MS;
  if (corrected !== utcMs) utcMs = Math.min(utcMs, corrected);
  return utcMs;
}

/** The local calendar date of an instant in a time zone. */
export function localDateOf(timeZone: string, utcMs: number): LocalDate {
  const shifted = new Date(utcMs + utcOffsetMinutes(timeZone, utcMs) * MINUTE_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The calendar date `days` after `date` (negative: before). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The next calendar date. */
export function nextLocalDate(date: LocalDate): LocalDate {
  return addLocalDays(date, 1);
}

/** Day of week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** `YYYY-MM-DD` of a calendar date. */
export function formatLocalDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Orders two calendar dates (negative, 0, positive). */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
