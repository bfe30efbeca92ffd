import { DEFAULT_FRESHNESS_POLICY, ttlSecondsFor } from '../../../src/cache/freshness';

const at = (iso: string): Date => new Date(iso);
const NOW = at('2026-11-20T13:45:00Z');

describe('ttlSecondsFor', () => {
  it('gives the short TTL to a range that ends later today', () => {
    expect(ttlSecondsFor({ from: at('2026-11-20T00:00:00Z'), to: at('2026-11-20T12:00:00Z') }, NOW)).toBe(60);
  });

  it('gives the short TTL to a range that spans closed days and reaches into today', () => {
    expect(ttlSecondsFor({ from: at('2026-11-13T00:00:00Z'), to: at('2026-11-20T00:00:00.001Z') }, NOW)).toBe(60);
  });

  it('gives the short TTL to a range that ends in the future', () => {
    expect(ttlSecondsFor({ from: at('2026-11-19T00:00:00Z'), to: at('2026-11-22T00:00:00Z') }, NOW)).toBe(60);
  });

  it('gives the long TTL to a range that ends exactly at today\'s UTC midnight (half-open: today is not read)', () => {
    expect(ttlSecondsFor({ from: at('2026-11-19T00:00:00Z'), to: at('2026-11-20T00:00:00Z') }, NOW)).toBe(86_400);
  });

  it('gives the long TTL to a range entirely in closed days', () => {
    expect(ttlSecondsFor({ from: at('2026-10-01T00:00:00Z'), to: at('2026-10-08T00:00:00Z') }, NOW)).toBe(86_400);
  });

  it('decides by UTC days, whatever offset the range was written with', () => {
    // 2026-11-20T01:00+02:00 is 2026-11-19T23:00Z: still a closed UTC day although it is "today" in +02:00.
    expect(ttlSecondsFor({ from: at('2026-11-19T00:00:00+02:00'), to: at('2026-11-20T01:00:00+02:00') }, NOW)).toBe(86_400);
    // 2026-11-19T22:00-05:00 is 2026-11-20T03:00Z: touches today in UTC although it is "yesterday" in -05:00.
    expect(ttlSecondsFor({ from: at('2026-11-19T00:00:00-05:00'), to: at('2026-11-19T22:00:00-05:00') }, NOW)).toBe(60);
  });

  it('uses the day of `now`: just after midnight yesterday is closed, just before it is still open', () => {
    const range = { from: at('2026-11-19T00:00:00Z'), to: at('2026-11-19T18:00:00Z') };
    expect(ttlSecondsFor(range, at('2026-11-19T23:59:59.999Z'))).toBe(60);
    expect(ttlSecondsFor(range, at('2026-11-20T00:00:00Z'))).toBe(86_400);
  });

  it('gives the short TTL when there is no range (lookups by id)', () => {
    expect(ttlSecondsFor(undefined, NOW)).toBe(60);
  });

  it('gives the short TTL when a date is invalid rather than caching it for a day', () => {
    expect(ttlSecondsFor({ from: at('2026-11-01T00:00:00Z'), to: new Date(Number.NaN) }, NOW)).toBe(60);
    expect(ttlSecondsFor({ from: at('2026-11-01T00:00:00Z'), to: at('2026-11-02T00:00:00Z') }, new Date(Number.NaN))).toBe(60);
  });

  it('takes the TTLs from the policy', () => {
    const policy = { ttlOpenDaySeconds: 5, ttlClosedDaysSeconds: 3_600 };
    expect(ttlSecondsFor({ from: at('2026-11-20T00:00:00Z'), to: at('2026-11-21T00:00:00Z') }, NOW, policy)).toBe(5);
    expect(ttlSecondsFor({ from: at('2026-11-18T00:00:00Z'), to: at('2026-11-19T00:00:00Z') }, NOW, policy)).toBe(3_600);
    expect(ttlSecondsFor(undefined, NOW, policy)).toBe(5);
  });

  it('defaults to 60 s open and 24 h closed', () => {
    expect(DEFAULT_FRESHNESS_POLICY).toEqual({ ttlOpenDaySeconds: 60, ttlClosedDaysSeconds: 86_400 });
  });
});
