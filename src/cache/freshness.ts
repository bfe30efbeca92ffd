import { startOfUtcDayMs } from '../domain/time';

/** How long cached results live, by whether their data can still change. */
export interface FreshnessPolicy {
  /** TTL for results that read the current UTC day (or later), in seconds; Firehose delivers new files about every 60 s. */
  readonly ttlOpenDaySeconds: number;
  /** TTL for results that read only closed UTC days, in seconds. */
  readonly ttlClosedDaysSeconds: number;
}

/** The default policy: 60 s for ranges touching today, 24 h for closed days. */
export const DEFAULT_FRESHNESS_POLICY: FreshnessPolicy = Object.freeze({ ttlOpenDaySeconds: 60, ttlClosedDaysSeconds: 86_400 });

/**
 * The TTL of a cached result, in seconds, from the time range it reads.
 *
 * A half-open range `[from, to)` whose `to` is after the start of the current UTC day (it touches
 * today or the future) gets `policy.ttlOpenDaySeconds`; a range that ends at or before today's UTC
 * midnight gets `policy.ttlClosedDaysSeconds`. No range (a lookup by id, which may be of a contact
 * still being updated) and a range with an invalid date get the short TTL, because being wrong
 * there would serve stale data for a day. Pure: `now` is an argument. Never throws.
 */
export function ttlSecondsFor(
  range: { readonly from: Date; readonly to: Date } | undefined,
  now: Date,
  policy: FreshnessPolicy = DEFAULT_FRESHNESS_POLICY,
): number {
  if (range === undefined) return policy.ttlOpenDaySeconds;
  const toMs = range.to.getTime();
  const nowMs = now.getTime();
  if (Number.isNaN(toMs) || Number.isNaN(nowMs)) return policy.ttlOpenDaySeconds;
  return toMs > startOfUtcDayMs(nowMs) ? policy.ttlOpenDaySeconds : policy.ttlClosedDaysSeconds;
}
