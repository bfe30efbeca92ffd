/** Time constants and conversions shared by every layer (epoch milliseconds, UTC). */

/** One second, in milliseconds. */
export const SECOND_MS = 1_000;
/** One minute, in milliseconds. */
export const MINUTE_MS = 60_000;
/** One hour, in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One UTC day, in milliseconds (UTC days have no daylight saving: always 24 h). */
export const DAY_MS = 86_400_000;

/** Midnight UTC of the day containing `epochMs`, in epoch milliseconds. */
export function startOfUtcDayMs(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}
