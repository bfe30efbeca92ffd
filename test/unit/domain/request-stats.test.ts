import { RequestStats } from '../../../src/domain/request-stats';

describe('RequestStats read freshness and live state', () => {
  it('keeps the latest end of the ranges read and whether a read had no range', () => {
    const stats = new RequestStats();
    expect(stats.readFreshness()).toEqual({ reads: 0, unbounded: false, latestToMs: undefined });
    stats.recordRead({ from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') });
    stats.recordRead({ from: new Date('2026-11-18T00:00:00Z'), to: new Date('2026-11-19T00:00:00Z') });
    expect(stats.readFreshness()).toEqual({ reads: 2, unbounded: false, latestToMs: Date.parse('2026-11-20T00:00:00Z') });
    stats.recordRead(undefined);
    expect(stats.readFreshness()).toMatchObject({ reads: 3, unbounded: true });
  });

  it('knows a request read live state once it called DynamoDB', () => {
    const stats = new RequestStats();
    stats.recordCall('duckdb', { rows: 3 });
    expect(stats.touchedLiveState).toBe(false);
    stats.recordCall('dynamodb', { rows: 1 });
    expect(stats.touchedLiveState).toBe(true);
  });
});
