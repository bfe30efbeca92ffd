import { AppError, RangeTooLargeError } from '../../../../src/domain/errors';
import { DEFAULT_METRICS_RANGE_LIMITS } from '../../../../src/domain/metrics/metric-limits';
import { planMetricsRequest, type MetricsRequest } from '../../../../src/domain/metrics/metric-request';

const base: MetricsRequest = {
  from: new Date('2026-11-19T05:00:00Z'),
  to: new Date('2026-11-21T05:00:00Z'),
  interval: 'DAY',
  timeZone: 'America/New_York',
  metrics: [{ name: 'CONTACTS_HANDLED' }],
};
const plan = (overrides: Partial<MetricsRequest>, limits = DEFAULT_METRICS_RANGE_LIMITS) => planMetricsRequest({ ...base, ...overrides }, limits);

/** The error a request raises, for assertions on code, message and extensions. */
function errorOf(overrides: Partial<MetricsRequest>, limits = DEFAULT_METRICS_RANGE_LIMITS): AppError {
  try {
    plan(overrides, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the request to be rejected');
}

describe('planMetricsRequest', () => {
  it('plans a valid request: buckets in the time zone, thresholds expanded in order', () => {
    const p = plan({
      groupings: [{ key: 'QUEUE' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason' }],
      filters: [{ key: 'CHANNEL', values: ['VOICE', 'VOICE'] }],
      metrics: [{ name: 'CONTACTS_HANDLED' }, { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LTE', seconds: 60 }] }],
    });
    expect(p.buckets.map((b) => b.start.toISOString())).toEqual(['2026-11-19T05:00:00.000Z', '2026-11-20T05:00:00.000Z']);
    expect(p.metrics.map((m) => [m.definition.name, m.threshold])).toEqual([
      ['CONTACTS_HANDLED', undefined],
      ['SERVICE_LEVEL', { comparison: 'LT', seconds: 20 }],
      ['SERVICE_LEVEL', { comparison: 'LTE', seconds: 60 }],
    ]);
    expect(p.filters).toEqual([{ key: 'CHANNEL', attributeKey: undefined, values: ['VOICE'] }]);
  });

  describe('metric/grouping combinations', () => {
    it('names what a metric allows when a grouping is not allowed', () => {
      const e = errorOf({ groupings: [{ key: 'QUEUE' }], metrics: [{ name: 'AGENT_OCCUPANCY' }] });
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toBe(
        'AGENT_OCCUPANCY cannot be grouped by QUEUE; it allows ROUTING_PROFILE, AGENT, AGENT_HIERARCHY_LEVEL_ONE, AGENT_HIERARCHY_LEVEL_TWO, AGENT_HIERARCHY_LEVEL_THREE, AGENT_HIERARCHY_LEVEL_FOUR, AGENT_HIERARCHY_LEVEL_FIVE.',
      );
    });

    it('checks filters the same way and lists every conflicting metric', () => {
      const e = errorOf({ filters: [{ key: 'AGENT', values: ['kevin.khan'] }], metrics: [{ name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }] }, { name: 'AVG_QUEUE_ANSWER_TIME' }, { name: 'CONTACTS_HANDLED' }] });
      expect(e.message).toMatch(/^SERVICE_LEVEL cannot be filtered by AGENT; it allows QUEUE, CHANNEL, ROUTING_PROFILE, .* AVG_QUEUE_ANSWER_TIME cannot be filtered by AGENT;/);
      expect(e.message).not.toContain('CONTACTS_HANDLED');
    });

    it('allows EVALUATION_FORM for evaluation metrics only', () => {
      expect(() => plan({ groupings: [{ key: 'EVALUATION_FORM' }], metrics: [{ name: 'AVG_EVALUATION_SCORE' }] })).not.toThrow();
      expect(errorOf({ groupings: [{ key: 'EVALUATION_FORM' }], metrics: [{ name: 'AVG_SENTIMENT_CUSTOMER' }] }).message).toContain('AVG_SENTIMENT_CUSTOMER cannot be grouped by EVALUATION_FORM');
    });
  });

  describe('range per interval', () => {
    it('allows 3 days at FIFTEEN_MIN, THIRTY_MIN and HOUR and 35 days at the others', () => {
      const threeDays = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-04T00:00:00Z') };
      for (const interval of ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR'] as const) expect(() => plan({ ...threeDays, interval, timeZone: 'UTC' })).not.toThrow();
      const thirtyFiveDays = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-05T00:00:00Z') };
      for (const interval of ['DAY', 'WEEK', 'MONTH', 'TOTAL'] as const) expect(() => plan({ ...thirtyFiveDays, interval, timeZone: 'UTC' })).not.toThrow();
    });

    it('rejects a longer range with RANGE_TOO_LARGE naming the limit of the interval', () => {
      const e = errorOf({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-04T00:00:01Z'), interval: 'HOUR' });
      expect(e).toBeInstanceOf(RangeTooLargeError);
      expect(e).toMatchObject({ code: 'RANGE_TOO_LARGE', data: { maxDays: 3, interval: 'HOUR'  } });
      expect(e.message).toContain('with interval HOUR at most 3 days may be read');
      const long = errorOf({ from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z'), interval: 'TOTAL' });
      expect(long).toMatchObject({ code: 'RANGE_TOO_LARGE', data: { maxDays: 35, days: 36  } });
    });

    it('counts real hours: three local days across the fall-back change exceed 3 days', () => {
      const e = errorOf({ from: new Date('2026-10-31T04:00:00Z'), to: new Date('2026-11-03T05:00:00Z'), interval: 'FIFTEEN_MIN' });
      expect(e).toMatchObject({ code: 'RANGE_TOO_LARGE', data: { maxDays: 3, days: 3.04  } });
    });

    it('checks the limit on the range as requested, then widens the plan\'s range to whole intervals', () => {
      // 35 days from a Wednesday 10:07 by WEEK: allowed, and widened to Monday 00:00 … the Monday after the end.
      const p = plan({ from: new Date('2026-10-07T14:07:00Z'), to: new Date('2026-11-11T14:07:00Z'), interval: 'WEEK' });
      expect(p.range).toEqual({ from: new Date('2026-10-05T04:00:00Z'), to: new Date('2026-11-16T05:00:00Z') });
      expect(p.range.to.getTime() - p.range.from.getTime()).toBeGreaterThan(35 * 86_400_000);
      expect([p.buckets[0].start, p.buckets.at(-1)!.end]).toEqual([p.range.from, p.range.to]);
      // A mid-day DAY range: from local midnight to the next local midnight after `to`.
      expect(plan({ from: new Date('2026-11-19T15:07:00Z'), to: new Date('2026-11-20T15:07:00Z') }).range).toEqual({ from: new Date('2026-11-19T05:00:00Z'), to: new Date('2026-11-21T05:00:00Z') });
      // TOTAL keeps the range as given.
      const total = { from: new Date('2026-11-19T15:07:00Z'), to: new Date('2026-11-20T15:07:00Z') };
      expect(plan({ ...total, interval: 'TOTAL' }).range).toEqual(total);
    });

    it('follows configured limits', () => {
      const limits = { maxMetricsRangeDaysIntraday: 1, maxMetricsRangeDays: 7 };
      expect(errorOf({ interval: 'HOUR' }, limits)).toMatchObject({ code: 'RANGE_TOO_LARGE', data: { maxDays: 1  } });
      expect(errorOf({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-09T00:00:00Z') }, limits).message).toContain('DAY, WEEK, MONTH and TOTAL: 7 days');
    });
  });

  describe('bad input', () => {
    it.each<[string, Partial<MetricsRequest>, RegExp]>([
      ['unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, /'Mars\/Olympus_Mons' is not an IANA time zone/],
      ['from not before to', { to: new Date('2026-11-19T05:00:00Z') }, /must be before 'to'/],
      ['invalid date', { from: new Date('nope') }, /'from' is not a valid ISO-8601 date-time/],
      ['unknown interval', { interval: 'FORTNIGHT' as never }, /'FORTNIGHT' is not an interval; use one of FIFTEEN_MIN/],
      ['no metrics', { metrics: [] }, /'metrics' is empty/],
      ['unknown metric', { metrics: [{ name: 'HAPPINESS' }] }, /'HAPPINESS' is not a metric; Query.metricDefinitions lists the metrics/],
      ['missing threshold', { metrics: [{ name: 'SERVICE_LEVEL' }] }, /SERVICE_LEVEL needs at least one threshold/],
      ['threshold where none applies', { metrics: [{ name: 'CONTACTS_HANDLED', thresholds: [{ comparison: 'LT', seconds: 20 }] }] }, /CONTACTS_HANDLED takes no threshold/],
      ['threshold out of range', { metrics: [{ name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 604_801 }] }] }, /from 1 to 604800; got 604801/],
      ['fractional threshold', { metrics: [{ name: 'SUM_CONTACTS_ANSWERED_IN_X', thresholds: [{ comparison: 'LT', seconds: 2.5 }] }] }, /whole number of seconds/],
      ['same threshold twice', { metrics: [{ name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LT', seconds: 20 }] }] }, /SERVICE_LEVEL with threshold LT 20 is requested twice/],
      ['too many service levels', { metrics: [{ name: 'SERVICE_LEVEL', thresholds: Array.from({ length: 21 }, (_, i) => ({ comparison: 'LT' as const, seconds: i + 1 })) }] }, /21 SERVICE_LEVEL thresholds were requested; at most 20/],
      ['five groupings', { groupings: [{ key: 'QUEUE' }, { key: 'CHANNEL' }, { key: 'AGENT' }, { key: 'ROUTING_PROFILE' }, { key: 'INITIATION_METHOD' }] }, /5 groupings were given; at most 4/],
      ['grouping twice', { groupings: [{ key: 'QUEUE' }, { key: 'QUEUE' }] }, /Grouping QUEUE is listed twice/],
      ['attribute key twice, other case', { groupings: [{ key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: 'callreason' }] }, /listed twice/],
      ['attribute grouping without key', { groupings: [{ key: 'CONTACT_ATTRIBUTE' }] }, /CONTACT_ATTRIBUTE needs 'attributeKey'/],
      ['attribute key on another grouping', { groupings: [{ key: 'QUEUE', attributeKey: 'x' }] }, /'attributeKey' applies to CONTACT_ATTRIBUTE only/],
      ['unknown grouping key', { groupings: [{ key: 'PHONE_NUMBER' as never }] }, /'PHONE_NUMBER' is not a grouping key/],
      ['filter without values', { filters: [{ key: 'QUEUE', values: [] }] }, /Filter QUEUE has no values/],
      ['100 queues and a channel Connect added', { filters: [{ key: 'QUEUE', values: Array.from({ length: 100 }, (_, i) => `q${i}`) }, { key: 'CHANNEL', values: ['VOICE', 'VIDEO'] }] }, /hold 101 values; at most 100/],
      ['six filter keys', { filters: ['QUEUE', 'CHANNEL', 'AGENT', 'ROUTING_PROFILE', 'INITIATION_METHOD', 'DISCONNECT_REASON'].map((key) => ({ key: key as never, values: [key === 'CHANNEL' ? 'VOICE' : 'x'] })) }, /6 filters were given; at most 5/],
      ['101 filter values', { filters: [{ key: 'QUEUE', values: Array.from({ length: 101 }, (_, i) => `q${i}`) }] }, /hold 101 values; at most 100/],
    ])('%s → BAD_USER_INPUT', (_name, overrides, message) => {
      const e = errorOf(overrides);
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toMatch(message);
    });

    // Year 0000 is 1 BC to the calendar the buckets are placed with: no DAY boundary falls in the range.
    it('rejects a range that holds no interval bucket with BAD_USER_INPUT, not an internal error', () => {
      const e = errorOf({ from: new Date('0000-06-01T00:00:00Z'), to: new Date('0000-06-02T00:00:00Z'), interval: 'DAY', timeZone: 'UTC' });
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', data: { argument: 'from' } });
      expect(e.message).toMatch(/holds no DAY interval in UTC; give 'from'\/'to' in the years 0001 to 9999/);
    });

    it('rejects a range whose widening to whole intervals leaves the year 9999, and answers it by TOTAL', () => {
      const edge = { from: new Date('9999-12-31T00:00:00Z'), to: new Date('9999-12-31T12:00:00Z'), timeZone: 'America/New_York' };
      const e = errorOf({ ...edge, interval: 'DAY' });
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', data: { argument: 'to' } });
      expect(e.message).toMatch(/Widened to whole DAY intervals in America\/New_York, the range runs from 9999-12-30T05:00:00.000Z to \+010000-01-01T05:00:00.000Z, outside the years 0001 to 9999/);
      expect(plan({ ...edge, interval: 'TOTAL' }).range).toEqual({ from: edge.from, to: edge.to });
    });

    // Reference quirk 12: Connect adds channels (EMAIL is newer than the sample); an unknown channel is data.
    it('accepts any CHANNEL value, and passes it on as written', () => {
      const request = plan({ filters: [{ key: 'CHANNEL', values: ['VIDEO', 'EMAIL'] }], groupings: [{ key: 'CHANNEL' }] });
      expect(request.filters).toEqual([{ key: 'CHANNEL', attributeKey: undefined, values: ['VIDEO', 'EMAIL'] }]);
    });

    it('does not count the documented CHANNEL values toward the 100 filter values', () => {
      expect(() =>
        plan({ filters: [{ key: 'QUEUE', values: Array.from({ length: 100 }, (_, i) => `q${i}`) }, { key: 'CHANNEL', values: ['VOICE', 'CHAT', 'TASK', 'EMAIL'] }] }),
      ).not.toThrow();
    });
  });
});
