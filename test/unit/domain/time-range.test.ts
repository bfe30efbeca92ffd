import { BadUserInputError, RangeTooLargeError } from '../../../src/domain/errors';
import { utcDaysOverlapping, validateTimeRange } from '../../../src/domain/time-range';

describe('validateTimeRange', () => {
  it('accepts a range whose from is before to', () => {
    const from = new Date('2026-11-20T00:00:00Z');
    const to = new Date('2026-11-21T00:00:00Z');
    expect(validateTimeRange({ from, to }, 31)).toEqual({ from, to });
  });

  it('rejects from >= to with BAD_USER_INPUT naming both instants', () => {
    const at = new Date('2026-11-20T00:00:00Z');
    const error = (() => {
      try {
        validateTimeRange({ from: at, to: at }, 31);
      } catch (e) {
        return e as BadUserInputError;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('2026-11-20T00:00:00.000Z');
  });

  it('rejects an invalid date', () => {
    expect(() => validateTimeRange({ from: new Date('nope'), to: new Date() }, 31)).toThrow(/'from' is not a valid/);
  });

  it('rejects ranges longer than the maximum with RANGE_TOO_LARGE carrying the maximum', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-03-01T00:00:00Z');
    expect(() => validateTimeRange({ from, to }, 31)).toThrow(RangeTooLargeError);
    try {
      validateTimeRange({ from, to }, 31);
    } catch (e) {
      expect((e as RangeTooLargeError).extensions).toMatchObject({ code: 'RANGE_TOO_LARGE', maxDays: 31, days: 59 });
    }
  });
});

describe('utcDaysOverlapping', () => {
  it('maps a local-time day crossing UTC midnight to both UTC days', () => {
    // 2026-11-20 00:00 to 24:00 in New York (UTC-5) is 05:00Z on the 20th to 05:00Z on the 21st.
    const days = utcDaysOverlapping({ from: new Date('2026-11-20T00:00:00-05:00'), to: new Date('2026-11-21T00:00:00-05:00') });
    expect(days).toEqual([
      { year: 2026, month: 11, day: 20 },
      { year: 2026, month: 11, day: 21 },
    ]);
  });

  it('returns exactly one day for a range inside one UTC day, and excludes the day the exclusive end touches', () => {
    expect(utcDaysOverlapping({ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') })).toEqual([{ year: 2026, month: 11, day: 20 }]);
  });

  it('crosses month and year ends', () => {
    const days = utcDaysOverlapping({ from: new Date('2026-12-31T23:00:00Z'), to: new Date('2027-01-01T01:00:00Z') });
    expect(days).toEqual([
      { year: 2026, month: 12, day: 31 },
      { year: 2027, month: 1, day: 1 },
    ]);
  });
});
