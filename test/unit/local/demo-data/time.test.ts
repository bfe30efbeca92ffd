import { ctrSecondsBetween, formatCtrTimestamp, formatMsTimestamp, parseUtcDate, partitionPathOfDay, utcDayNumber } from '../../../../src/local/demo-data/time.format';
import { localDateOf, localTimeToUtcMs, utcOffsetMinutes } from '../../../../src/domain/time-zone';

describe('timestamps and partitions', () => {
  it('formats millisecond timestamps exactly like Date#toISOString', () => {
    for (const ms of [0, 1, 999, 1_709_510_400_123, 1_709_596_799_999, 1_735_689_599_001]) {
      expect(formatMsTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('formats CTR timestamps without milliseconds, truncating', () => {
    expect(formatCtrTimestamp(Date.parse('2022-01-05T17:12:59.999Z'))).toBe('2022-01-05T17:12:59Z');
    expect(ctrSecondsBetween(Date.parse('2022-01-05T17:14:46.900Z'), Date.parse('2022-01-05T17:20:32.100Z'))).toBe(346);
  });

  it('names the hive partition of a UTC day with zero padding', () => {
    expect(partitionPathOfDay(utcDayNumber(Date.parse('2024-03-05T23:59:59.999Z')))).toBe('year=2024/month=03/day=05');
    expect(partitionPathOfDay(utcDayNumber(Date.parse('2024-03-06T00:00:00.000Z')))).toBe('year=2024/month=03/day=06');
  });

  it('parses only real YYYY-MM-DD dates', () => {
    expect(parseUtcDate('2024-02-29')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseUtcDate('2023-02-29')).toBeUndefined();
    expect(parseUtcDate('2024-2-1')).toBeUndefined();
  });
});

describe('local time of the contact center', () => {
  const zone = 'America/New_York';

  it('converts local wall-clock times to UTC across daylight saving time', () => {
    expect(new Date(localTimeToUtcMs(zone, { year: 2024, month: 3, day: 9 }, 9 * 60)).toISOString()).toBe('2024-03-09T14:00:00.000Z');
    expect(new Date(localTimeToUtcMs(zone, { year: 2024, month: 3, day: 11 }, 9 * 60)).toISOString()).toBe('2024-03-11T13:00:00.000Z');
    expect(utcOffsetMinutes(zone, Date.parse('2024-07-01T12:00:00Z'))).toBe(-240);
  });

  it('puts the local evening in the next UTC day', () => {
    expect(localDateOf(zone, Date.parse('2024-03-05T02:30:00Z'))).toEqual({ year: 2024, month: 3, day: 4 });
  });
});
