import { DAY_MS, SECOND_MS } from '../../domain/time';

export { DAY_MS, MINUTE_MS, SECOND_MS } from '../../domain/time';

const dayPrefixCache = new Map<number, string>();
const partitionPathCache = new Map<number, string>();

/** The UTC day number (days since 1970-01-01) of an instant. */
export function utcDayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

function dayPrefix(dayNumber: number): string {
  let prefix = dayPrefixCache.get(dayNumber);
  if (prefix === undefined) {
    prefix = new Date(dayNumber * DAY_MS).toISOString().slice(0, 11);
    dayPrefixCache.set(dayNumber, prefix);
  }
  return prefix;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function timeOfDay(msOfDay: number): string {
  const totalSeconds = Math.floor(msOfDay / SECOND_MS);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  return `${pad2(hours)}:${pad2(minutes)}:${pad2(totalSeconds % 60)}`;
}

/** A CTR timestamp: UTC, whole seconds (truncated), no milliseconds — `2022-01-05T17:12:59Z`. */
export function formatCtrTimestamp(ms: number): string {
  const dayNumber = utcDayNumber(ms);
  return `${dayPrefix(dayNumber)}${timeOfDay(ms - dayNumber * DAY_MS)}Z`;
}

/** A millisecond timestamp — `2019-08-13T20:58:44.031Z` (same text as `Date#toISOString`). */
export function formatMsTimestamp(ms: number): string {
  const dayNumber = utcDayNumber(ms);
  const msOfDay = ms - dayNumber * DAY_MS;
  const millis = msOfDay % SECOND_MS;
  return `${dayPrefix(dayNumber)}${timeOfDay(msOfDay)}.${millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : millis}Z`;
}

/** The hive partition path of an instant's UTC day — `year=2024/month=01/day=05`. */
export function partitionPathOfDay(dayNumber: number): string {
  let partitionPath = partitionPathCache.get(dayNumber);
  if (partitionPath === undefined) {
    const iso = new Date(dayNumber * DAY_MS).toISOString();
    partitionPath = `year=${iso.slice(0, 4)}/month=${iso.slice(5, 7)}/day=${iso.slice(8, 10)}`;
    partitionPathCache.set(dayNumber, partitionPath);
  }
  return partitionPath;
}

/** Whole seconds between two instants as CTRs count them: the difference of their truncated timestamps. */
export function ctrSecondsBetween(fromMs: number, toMs: number): number {
  return Math.floor(toMs / SECOND_MS) - Math.floor(fromMs / SECOND_MS);
}

/** Truncates an instant to whole seconds. */
export function truncateToSecond(ms: number): number {
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

/** Parses `YYYY-MM-DD` as the UTC midnight starting that day; `undefined` when it is not a real date. */
export function parseUtcDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return ms;
}

/** `YYYY-MM-DD` of a UTC day number. */
export function formatUtcDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}
