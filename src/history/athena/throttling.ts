import { TooManyRequestsException } from '@aws-sdk/client-athena';

/**
 * Whether an SDK error says "slow down": Athena's TooManyRequestsException (API rate or the
 * account's concurrent-query limit) or a generic ThrottlingException (which has no class in the
 * Athena client, hence the name check).
 */
export function isThrottlingError(error: unknown): boolean {
  if (error instanceof TooManyRequestsException) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TooManyRequestsException' || name === 'ThrottlingException';
}

/**
 * Delay before retry number `attempt` (0-based): "full jitter" exponential backoff, a uniform
 * random share of `min(maxMs, baseMs · 2^attempt)`, so that queries throttled together do not
 * come back together.
 * @param random - a number in [0, 1); Math.random by default.
 */
export function throttleDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Delay before poll number `poll` (0-based) of a running query: `initialMs · 2^poll`, capped at
 * `maxMs`. Short queries are seen finished quickly; long ones cost few GetQueryExecution calls.
 */
export function pollDelayMs(poll: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** poll);
}
