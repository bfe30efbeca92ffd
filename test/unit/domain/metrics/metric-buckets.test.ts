import fc from 'fast-check';
import { formatLocalInstant, metricBuckets, type MetricBucket } from '../../../../src/domain/metrics/metric-buckets';
import { METRIC_INTERVALS } from '../../../../src/domain/metrics/metric-types';
import { localDaysToRange } from '../../../../src/domain/partition-planner';

const NY = 'America/New_York';
const HOUR_MS = 3_600_000;
const day = (year: number, month: number, d: number) => ({ year, month, day: d });
const hours = (b: MetricBucket) => (b.end.getTime() - b.start.getTime()) / HOUR_MS;
const localStarts = (buckets: MetricBucket[], timeZone = NY) => buckets.map((b) => formatLocalInstant(b.start, timeZone));

describe('metric buckets across daylight-saving changes (America/New_York)', () => {
  const springForward = localDaysToRange(day(2026, 3, 8), day(2026, 3, 8), NY);
  const fallBack = localDaysToRange(day(2026, 11, 1), day(2026, 11, 1), NY);

  it('has 23 hourly buckets on 2026-03-08 and no 02:00', () => {
    const buckets = metricBuckets(springForward, 'HOUR', NY);
    expect(buckets).toHaveLength(23);
    expect(buckets.every((b) => hours(b) === 1)).toBe(true);
    expect(localStarts(buckets).slice(0, 4)).toEqual(['2026-03-08T00:00:00-05:00', '2026-03-08T01:00:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-08T04:00:00-04:00']);
    expect(localStarts(buckets).some((s) => s.includes('T02:'))).toBe(false);
    expect(buckets[22].end.toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('has 25 hourly buckets on 2026-11-01, 01:00 twice (once per offset)', () => {
    const buckets = metricBuckets(fallBack, 'HOUR', NY);
    expect(buckets).toHaveLength(25);
    expect(buckets.every((b) => hours(b) === 1)).toBe(true);
    expect(localStarts(buckets).slice(0, 4)).toEqual(['2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00']);
    expect(buckets[1].start.toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(buckets[2].start.toISOString()).toBe('2026-11-01T06:00:00.000Z');
  });

  it('has 92 and 100 quarter hours, and 46 and 50 half hours, on the change days', () => {
    expect(metricBuckets(springForward, 'FIFTEEN_MIN', NY)).toHaveLength(92);
    expect(metricBuckets(fallBack, 'FIFTEEN_MIN', NY)).toHaveLength(100);
    expect(metricBuckets(springForward, 'THIRTY_MIN', NY)).toHaveLength(46);
    expect(metricBuckets(fallBack, 'THIRTY_MIN', NY)).toHaveLength(50);
  });

  it('makes a change day 23 or 25 hours long at DAY', () => {
    const march = metricBuckets(localDaysToRange(day(2026, 3, 7), day(2026, 3, 9), NY), 'DAY', NY);
    expect(march.map(hours)).toEqual([24, 23, 24]);
    expect(localStarts(march)).toEqual(['2026-03-07T00:00:00-05:00', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00']);
    const november = metricBuckets(localDaysToRange(day(2026, 10, 31), day(2026, 11, 2), NY), 'DAY', NY);
    expect(november.map(hours)).toEqual([24, 25, 24]);
  });

  it('runs weeks Monday to Monday and months from the 1st, clipped to the range', () => {
    const weeks = metricBuckets(localDaysToRange(day(2026, 10, 28), day(2026, 11, 10), NY), 'WEEK', NY);
    expect(localStarts(weeks)).toEqual(['2026-10-28T00:00:00-04:00', '2026-11-02T00:00:00-05:00', '2026-11-09T00:00:00-05:00']);
    expect(hours(weeks[0])).toBe(5 * 24 + 1);
    expect(hours(weeks[1])).toBe(7 * 24);
    const months = metricBuckets(localDaysToRange(day(2026, 10, 15), day(2026, 12, 9), NY), 'MONTH', NY);
    expect(localStarts(months)).toEqual(['2026-10-15T00:00:00-04:00', '2026-11-01T00:00:00-04:00', '2026-12-01T00:00:00-05:00']);
    expect(formatLocalInstant(months[2].end, NY)).toBe('2026-12-10T00:00:00-05:00');
  });

  it('clips the first and last bucket and keeps TOTAL as the range', () => {
    const range = { from: new Date('2026-11-20T15:07:00Z'), to: new Date('2026-11-20T17:30:00Z') };
    const buckets = metricBuckets(range, 'HOUR', NY);
    expect(buckets.map((b) => [b.start.toISOString(), b.end.toISOString()])).toEqual([
      ['2026-11-20T15:07:00.000Z', '2026-11-20T16:00:00.000Z'],
      ['2026-11-20T16:00:00.000Z', '2026-11-20T17:00:00.000Z'],
      ['2026-11-20T17:00:00.000Z', '2026-11-20T17:30:00.000Z'],
    ]);
    expect(metricBuckets(range, 'TOTAL', NY)).toEqual([{ index: 0, start: range.from, end: range.to }]);
  });
});

describe('metric buckets in zones with half- and quarter-hour offsets', () => {
  it('starts Kolkata hours at :30 UTC and Kathmandu half hours at :15 and :45 UTC', () => {
    const range = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-20T03:00:00Z') };
    expect(metricBuckets(range, 'HOUR', 'Asia/Kolkata').map((b) => b.start.toISOString().slice(11, 16))).toEqual(['00:00', '00:30', '01:30', '02:30']);
    expect(metricBuckets(range, 'THIRTY_MIN', 'Asia/Kathmandu').map((b) => b.start.toISOString().slice(11, 16))).toEqual([
      '00:00', '00:15', '00:45', '01:15', '01:45', '02:15', '02:45',
    ]);
    expect(formatLocalInstant(new Date('2026-11-20T00:15:00Z'), 'Asia/Kathmandu')).toBe('2026-11-20T06:00:00+05:45');
  });
});

describe('metric buckets (properties)', () => {
  const zones = ['UTC', NY, 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham'];
  it('tile the range exactly: contiguous, in order, non-empty, indexed 0…n−1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 1) }),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        fc.constantFrom(...METRIC_INTERVALS),
        fc.constantFrom(...zones),
        (fromMs, minutes, interval, zone) => {
          const range = { from: new Date(fromMs), to: new Date(fromMs + minutes * 60_000) };
          const buckets = metricBuckets(range, interval, zone);
          expect(buckets.length).toBeGreaterThan(0);
          expect(buckets[0].start).toEqual(range.from);
          expect(buckets.at(-1)!.end).toEqual(range.to);
          buckets.forEach((b, i) => {
            expect(b.index).toBe(i);
            expect(b.start.getTime()).toBeLessThan(b.end.getTime());
            if (i > 0) expect(b.start).toEqual(buckets[i - 1].end);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
