import { partitionDayKey } from '../../../../src/domain/time-range';
import { metricBuckets } from '../../../../src/domain/metrics/metric-buckets';
import { isClosedPartitionDay, rollupColumnOf, rollupIneligibility, rollupThresholdColumns, ROLLUP_THRESHOLD_SECONDS, type RollupQuestion } from '../../../../src/domain/metrics/metric-rollup';
import { METRIC_INTERVALS } from '../../../../src/domain/metrics/metric-types';

const day = { from: new Date('2026-03-07T05:00:00Z'), to: new Date('2026-03-10T04:00:00Z') };
const question = (over: Partial<RollupQuestion> = {}): RollupQuestion => ({
  components: [{ name: 'contacts' }, { name: 'answered_in_x', threshold: { comparison: 'LT', seconds: 20 } }],
  groupings: [{ key: 'QUEUE' }, { key: 'CHANNEL' }],
  filters: [{ key: 'AGENT', values: ['a'] }],
  buckets: metricBuckets(day, 'HOUR', 'America/New_York'),
  ...over,
});

describe('the 15-minute CTR rollup vocabulary', () => {
  it('rolls up every threshold component at nine thresholds for LT and LTE', () => {
    const columns = rollupThresholdColumns();
    expect(columns).toHaveLength(3 * 2 * ROLLUP_THRESHOLD_SECONDS.length);
    expect(columns[0].column).toBe('removed_from_queue_in_x_lt_15');
    expect(new Set(columns.map((c) => c.column)).size).toBe(columns.length);
    expect(rollupColumnOf({ name: 'abandoned_in_x', threshold: { comparison: 'LTE', seconds: 300 } })).toBe('abandoned_in_x_lte_300');
    expect(rollupColumnOf({ name: 'answered_in_x', threshold: { comparison: 'LT', seconds: 25 } })).toBeUndefined();
    expect(rollupColumnOf({ name: 'handle_time_sum' })).toBe('handle_time_sum');
  });

  it('answers a question whose components, keys and bucket boundaries it holds', () => {
    expect(rollupIneligibility(question())).toBeUndefined();
  });

  it.each([
    ['a threshold it does not hold', { components: [{ name: 'answered_in_x' as const, threshold: { comparison: 'LTE' as const, seconds: 25 } }] }, 'threshold'],
    ['a hierarchy grouping', { groupings: [{ key: 'AGENT_HIERARCHY_LEVEL_ONE' as const }] }, 'grouping'],
    ['a contact attribute grouping', { groupings: [{ key: 'CONTACT_ATTRIBUTE' as const, attributeKey: 'CallReason' }] }, 'grouping'],
    ['a contact attribute filter', { filters: [{ key: 'CONTACT_ATTRIBUTE' as const, attributeKey: 'CallReason', values: ['x'] }] }, 'filter'],
    ['a TOTAL range starting off the quarter-hour grid', { buckets: metricBuckets({ from: new Date('2026-03-07T05:07:00Z'), to: day.to }, 'TOTAL', 'UTC') }, 'bucket-boundary'],
    ['a zone whose offset is not a multiple of 15 minutes (local mean time)', { buckets: metricBuckets({ from: new Date('1880-01-01T00:00:00Z'), to: new Date('1880-01-03T00:00:00Z') }, 'DAY', 'America/New_York') }, 'bucket-boundary'],
  ])('reads raw for %s', (_name, over, reason) => {
    expect(rollupIneligibility(question(over as Partial<RollupQuestion>))).toBe(reason);
  });

  it('answers an HOUR range requested from 05:07: its buckets are widened onto the grid', () => {
    expect(rollupIneligibility(question({ buckets: metricBuckets({ from: new Date('2026-03-07T05:07:00Z'), to: day.to }, 'HOUR', 'UTC') }))).toBeUndefined();
  });

  it.each(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe'])('finds every interval on the grid across DST in %s, the widened first and last included', (timeZone) => {
    const range = { from: new Date('2026-03-01T00:07:00Z'), to: new Date('2026-04-30T00:07:00Z') };
    for (const interval of METRIC_INTERVALS.filter((i) => i !== 'TOTAL')) {
      const buckets = metricBuckets(range, interval, timeZone);
      expect(rollupIneligibility(question({ buckets }))).toBeUndefined();
    }
  });

  it('treats a partition day as closed a whole day after it ended', () => {
    const d = { year: 2026, month: 3, day: 8 };
    expect(partitionDayKey(d)).toBe('2026-03-08');
    expect(isClosedPartitionDay(d, Date.parse('2026-03-09T12:00:00Z'))).toBe(false);
    expect(isClosedPartitionDay(d, Date.parse('2026-03-09T23:59:59Z'))).toBe(false);
    expect(isClosedPartitionDay(d, Date.parse('2026-03-10T00:00:00Z'))).toBe(true);
  });
});
