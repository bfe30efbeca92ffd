import fc from 'fast-check';
import { alignedMetricsRange, formatLocalInstant, metricBuckets, type MetricBucket } from '../../../../src/domain/metrics/metric-buckets';
import { METRIC_INTERVALS, type MetricInterval } from '../../../../src/domain/metrics/metric-types';
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

  it('runs weeks Monday to Monday and months from the 1st, widened to whole weeks and months', () => {
    // 2026-10-28 is a Wednesday: the first week starts on Monday 2026-10-26; the range ends inside the week of 11-09.
    const weeks = metricBuckets(localDaysToRange(day(2026, 10, 28), day(2026, 11, 10), NY), 'WEEK', NY);
    expect(localStarts(weeks)).toEqual(['2026-10-26T00:00:00-04:00', '2026-11-02T00:00:00-05:00', '2026-11-09T00:00:00-05:00']);
    expect(hours(weeks[0])).toBe(7 * 24 + 1);
    expect(hours(weeks[1])).toBe(7 * 24);
    expect(formatLocalInstant(weeks[2].end, NY)).toBe('2026-11-16T00:00:00-05:00');
    const months = metricBuckets(localDaysToRange(day(2026, 10, 15), day(2026, 12, 9), NY), 'MONTH', NY);
    expect(localStarts(months)).toEqual(['2026-10-01T00:00:00-04:00', '2026-11-01T00:00:00-04:00', '2026-12-01T00:00:00-05:00']);
    expect(formatLocalInstant(months[2].end, NY)).toBe('2027-01-01T00:00:00-05:00');
  });

  it('widens a mid-day DAY range on the spring-forward day to whole local days (23 hours, then 24)', () => {
    const range = { from: new Date('2026-03-08T15:07:00Z'), to: new Date('2026-03-09T12:00:00Z') };
    const buckets = metricBuckets(range, 'DAY', NY);
    expect(localStarts(buckets)).toEqual(['2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00']);
    expect(buckets.map(hours)).toEqual([23, 24]);
    expect(alignedMetricsRange(range, 'DAY', NY)).toEqual({ from: new Date('2026-03-08T05:00:00Z'), to: new Date('2026-03-10T04:00:00Z') });
  });

  it('widens an HOUR range inside the repeated 01:00 of the fall-back day to that hour of its offset', () => {
    // 06:20Z is 01:20 EST, in the second 01:00 hour (06:00Z–07:00Z).
    const range = { from: new Date('2026-11-01T06:20:00Z'), to: new Date('2026-11-01T06:40:00Z') };
    expect(metricBuckets(range, 'HOUR', NY).map((b) => [formatLocalInstant(b.start, NY), formatLocalInstant(b.end, NY)])).toEqual([['2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00']]);
  });

  it('widens the first and last bucket to whole intervals and keeps TOTAL as the range', () => {
    const range = { from: new Date('2026-11-20T15:07:00Z'), to: new Date('2026-11-20T17:30:00Z') };
    const buckets = metricBuckets(range, 'HOUR', NY);
    expect(buckets.map((b) => [b.start.toISOString(), b.end.toISOString()])).toEqual([
      ['2026-11-20T15:00:00.000Z', '2026-11-20T16:00:00.000Z'],
      ['2026-11-20T16:00:00.000Z', '2026-11-20T17:00:00.000Z'],
      ['2026-11-20T17:00:00.000Z', '2026-11-20T18:00:00.000Z'],
    ]);
    expect(metricBuckets(range, 'FIFTEEN_MIN', NY).map((b) => b.start.toISOString().slice(11, 16))).toEqual([
      '15:00', '15:15', '15:30', '15:45', '16:00', '16:15', '16:30', '16:45', '17:00', '17:15',
    ]);
    expect(alignedMetricsRange(range, 'FIFTEEN_MIN', NY)).toEqual({ from: new Date('2026-11-20T15:00:00Z'), to: new Date('2026-11-20T17:30:00Z') });
    // 15:07Z is 10:07 in New York: the DAY bucket is the whole local day, labelled with its midnight.
    const days = metricBuckets(range, 'DAY', NY);
    expect(days.map((b) => [formatLocalInstant(b.start, NY), formatLocalInstant(b.end, NY)])).toEqual([['2026-11-20T00:00:00-05:00', '2026-11-21T00:00:00-05:00']]);
    expect(metricBuckets(range, 'TOTAL', NY)).toEqual([{ index: 0, start: range.from, end: range.to }]);
    expect(alignedMetricsRange(range, 'TOTAL', NY)).toEqual(range);
  });

  it('leaves a range already on the boundaries unchanged, for every interval', () => {
    const cases: [MetricInterval, string, string][] = [
      ['FIFTEEN_MIN', '2026-11-20T15:15:00Z', '2026-11-20T17:45:00Z'],
      ['THIRTY_MIN', '2026-11-20T15:30:00Z', '2026-11-20T17:00:00Z'],
      ['HOUR', '2026-11-01T05:00:00Z', '2026-11-01T07:00:00Z'],
      ['DAY', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z'],
      ['WEEK', '2026-10-26T04:00:00Z', '2026-11-09T05:00:00Z'],
      ['MONTH', '2026-10-01T04:00:00Z', '2026-12-01T05:00:00Z'],
      ['TOTAL', '2026-11-20T15:07:00Z', '2026-11-20T15:08:00Z'],
    ];
    for (const [interval, from, to] of cases) {
      const range = { from: new Date(from), to: new Date(to) };
      expect({ interval, range: alignedMetricsRange(range, interval, NY) }).toEqual({ interval, range });
    }
  });
});

describe('metric buckets in zones with half- and quarter-hour offsets', () => {
  it('starts Kolkata hours at :30 UTC and Kathmandu half hours at :15 and :45 UTC, widened to them', () => {
    const range = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-20T03:00:00Z') };
    expect(metricBuckets(range, 'HOUR', 'Asia/Kolkata').map((b) => b.start.toISOString().slice(11, 16))).toEqual(['23:30', '00:30', '01:30', '02:30']);
    expect(alignedMetricsRange(range, 'HOUR', 'Asia/Kolkata')).toEqual({ from: new Date('2026-11-19T23:30:00Z'), to: new Date('2026-11-20T03:30:00Z') });
    expect(metricBuckets(range, 'THIRTY_MIN', 'Asia/Kathmandu').map((b) => b.start.toISOString().slice(11, 16))).toEqual([
      '23:45', '00:15', '00:45', '01:15', '01:45', '02:15', '02:45',
    ]);
    expect(metricBuckets(range, 'THIRTY_MIN', 'Asia/Kathmandu').at(-1)!.end.toISOString()).toBe('2026-11-20T03:15:00.000Z');
    expect(formatLocalInstant(new Date('2026-11-20T00:15:00Z'), 'Asia/Kathmandu')).toBe('2026-11-20T06:00:00+05:45');
  });

  it('widens a Kolkata DAY to local midnight (18:30 UTC the day before)', () => {
    const range = { from: new Date('2026-11-20T10:00:00Z'), to: new Date('2026-11-20T11:00:00Z') };
    const buckets = metricBuckets(range, 'DAY', 'Asia/Kolkata');
    expect(buckets.map((b) => [b.start.toISOString(), b.end.toISOString()])).toEqual([['2026-11-19T18:30:00.000Z', '2026-11-20T18:30:00.000Z']]);
    expect(formatLocalInstant(buckets[0].start, 'Asia/Kolkata')).toBe('2026-11-20T00:00:00+05:30');
  });
});

describe('metric buckets (properties)', () => {
  const zones = ['UTC', NY, 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham'];
  /** Local `YYYY-MM-DD` and `HH:MM` of an instant, read from its local ISO text. */
  const local = (ms: number, zone: string) => {
    const text = formatLocalInstant(new Date(ms), zone);
    return { date: text.slice(0, 10), time: text.slice(11, 16), minuteOfDay: Number(text.slice(11, 13)) * 60 + Number(text.slice(14, 16)) };
  };
  const MINUTES: Record<string, number> = { FIFTEEN_MIN: 15, THIRTY_MIN: 30, HOUR: 60 };

  it('cover the range with whole intervals: contiguous, in order, non-empty, indexed 0…n−1, `from` in the first and `to` in the last', () => {
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
          if (interval === 'TOTAL') {
            expect(buckets).toEqual([{ index: 0, start: range.from, end: range.to }]);
            return;
          }
          // Widened by less than one interval at each end.
          expect(buckets[0].start.getTime()).toBeLessThanOrEqual(fromMs);
          expect(buckets[0].end.getTime()).toBeGreaterThan(fromMs);
          expect(buckets.at(-1)!.end.getTime()).toBeGreaterThanOrEqual(range.to.getTime());
          expect(buckets.at(-1)!.start.getTime()).toBeLessThan(range.to.getTime());
          buckets.forEach((b, i) => {
            expect(b.index).toBe(i);
            expect(b.start.getTime()).toBeLessThan(b.end.getTime());
            if (i > 0) expect(b.start).toEqual(buckets[i - 1].end);
          });
          // Every edge is a boundary of the period on the local wall clock.
          for (const edge of [...buckets.map((b) => b.start.getTime()), buckets.at(-1)!.end.getTime()]) {
            const at = local(edge, zone);
            if (interval in MINUTES) {
              expect(at.minuteOfDay % MINUTES[interval]).toBe(0);
            } else {
              // The first instant of a local date (midnight, or the first instant after a change at 00:00).
              expect(local(edge - 60_000, zone).date).not.toBe(at.date);
              if (interval === 'MONTH') expect(at.date.slice(8)).toBe('01');
              if (interval === 'WEEK') expect(new Date(`${at.date}T00:00:00Z`).getUTCDay()).toBe(1);
            }
          }
          // The aligned range (computed from the two ends) is what the buckets cover; aligning it again changes nothing.
          const aligned = { from: buckets[0].start, to: buckets.at(-1)!.end };
          expect(alignedMetricsRange(range, interval, zone)).toEqual(aligned);
          expect(alignedMetricsRange(aligned, interval, zone)).toEqual(aligned);
        },
      ),
      { numRuns: 150 },
    );
  });
});
