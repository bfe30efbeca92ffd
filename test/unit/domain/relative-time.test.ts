import { AppError } from '../../../src/domain/errors';
import { parseInstant } from '../../../src/domain/relative-time';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** The error `parseInstant` throws for `text`. */
function errorOf(text: string, timeZone = 'UTC', parameter = 'from'): AppError {
  try {
    parseInstant(text, timeZone, at('2026-11-19T12:00:00Z'), parameter);
  } catch (error) {
    return error as AppError;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseInstant', () => {
  describe('relative to now, in America/New_York across the spring-forward day (2026-03-08, 23 hours long)', () => {
    const zone = 'America/New_York';
    // 2026-03-09 08:00 EDT.
    const now = at('2026-03-09T12:00:00Z');

    it('today is local midnight, yesterday the midnight before (23 hours earlier on this day)', () => {
      expect(iso(parseInstant('today', zone, now, 'from'))).toBe('2026-03-09T04:00:00.000Z');
      expect(iso(parseInstant('yesterday', zone, now, 'from'))).toBe('2026-03-08T05:00:00.000Z');
      expect(iso(parseInstant('today-1d', zone, now, 'from'))).toBe('2026-03-08T05:00:00.000Z');
    });

    it('counts days and weeks on the calendar: today-7d is local midnight seven dates back (EST), today-1w the same', () => {
      expect(iso(parseInstant('today-7d', zone, now, 'from'))).toBe('2026-03-02T05:00:00.000Z');
      expect(iso(parseInstant('today-1w', zone, now, 'from'))).toBe('2026-03-02T05:00:00.000Z');
      expect(iso(parseInstant('today+1d', zone, now, 'to'))).toBe('2026-03-10T04:00:00.000Z');
      expect(iso(parseInstant('yesterday-2w', zone, now, 'from'))).toBe('2026-02-22T05:00:00.000Z');
    });

    it('keeps the wall-clock time for now±Nd, and counts minutes and hours as durations', () => {
      // 12:00 EDT on the 8th → 12:00 EST on the 7th: 23 hours earlier.
      const noon = at('2026-03-08T16:00:00Z');
      expect(iso(parseInstant('now-1d', zone, noon, 'from'))).toBe('2026-03-07T17:00:00.000Z');
      expect(parseInstant('now', zone, now, 'to')).toBe(now);
      expect(parseInstant('now-1h', zone, now, 'from')).toBe(now - 3_600_000);
      expect(parseInstant('now+30m', zone, now, 'to')).toBe(now + 30 * 60_000);
      expect(iso(parseInstant('today+3h', zone, now, 'from'))).toBe('2026-03-09T07:00:00.000Z');
    });

    it('reads a local date as its local midnight and a local date-time as that wall-clock time', () => {
      expect(iso(parseInstant('2026-03-08', zone, now, 'from'))).toBe('2026-03-08T05:00:00.000Z');
      expect(iso(parseInstant('2026-03-09', zone, now, 'from'))).toBe('2026-03-09T04:00:00.000Z');
      expect(iso(parseInstant('2026-11-19T08:30', zone, now, 'from'))).toBe('2026-11-19T13:30:00.000Z');
    });
  });

  it('uses the local date of the zone, not of UTC (Asia/Kolkata, UTC+05:30, already the next day)', () => {
    // 2026-11-20 01:30 in Kolkata, still the 19th in UTC.
    const now = at('2026-11-19T20:00:00Z');
    expect(iso(parseInstant('today', 'Asia/Kolkata', now, 'from'))).toBe('2026-11-19T18:30:00.000Z');
    expect(iso(parseInstant('today-7d', 'Asia/Kolkata', now, 'from'))).toBe('2026-11-12T18:30:00.000Z');
    expect(iso(parseInstant('today', 'UTC', now, 'from'))).toBe('2026-11-19T00:00:00.000Z');
    expect(iso(parseInstant('2026-11-19', 'Asia/Kolkata', now, 'from'))).toBe('2026-11-18T18:30:00.000Z');
  });

  it('reads epoch milliseconds (Grafana ${__from}) and ISO-8601 date-times with an offset, whatever the zone', () => {
    const now = at('2026-11-19T12:00:00Z');
    expect(parseInstant('1795046400000', 'Asia/Kolkata', now, 'from')).toBe(at('2026-11-19T00:00:00Z'));
    expect(parseInstant('2026-11-19T00:00:00-05:00', 'Asia/Kolkata', now, 'from')).toBe(at('2026-11-19T05:00:00Z'));
    expect(parseInstant('2026-11-19T05:00:00.250Z', 'UTC', now, 'from')).toBe(at('2026-11-19T05:00:00.250Z'));
    expect(parseInstant(' today ', 'UTC', now, 'from')).toBe(at('2026-11-19T00:00:00Z'));
  });

  it.each([
    ['tomorrow', /from=tomorrow is not an instant; send now, today or yesterday/],
    ['today-7y', /is not an instant/],
    ['today - 7d', /is not an instant/],
    ['', /is not an instant/],
    ['1234', /is not an instant/],
    ['2026-13-01', /is not an instant/],
    ['2026-02-30', /is not an instant/],
    ['2026-02-30T00:00:00Z', /is not an instant/],
    ['2026-11-19T24:00', /is not an instant/],
    ['999999999999999', /outside the years 1970 to 9999/],
  ])('refuses %j with BAD_USER_INPUT naming the parameter', (text, message) => {
    const error = errorOf(text);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
    expect(error.data).toEqual({ argument: 'from' });
  });

  it('names the parameter it was given', () => {
    expect(errorOf('soon', 'UTC', 'to').message).toMatch(/^to=soon /);
  });
});
