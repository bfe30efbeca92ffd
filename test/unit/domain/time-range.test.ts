import { BadUserInputError, RangeTooLargeError } from '../../../src/domain/errors';
import { validateTimeRange } from '../../../src/domain/time-range';

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
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('2026-11-20T00:00:00.000Z');
  });

  it('rejects an invalid date', () => {
    expect(() => validateTimeRange({ from: new Date('nope'), to: new Date() }, 31)).toThrow(/'from' is not a valid/);
  });

  it('rejects ranges longer than the maximum with RANGE_TOO_LARGE carrying the maximum', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-03-01T00:00:00Z');
    let error: unknown;
    try {
      validateTimeRange({ from, to }, 31);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeTooLargeError);
    expect(error as RangeTooLargeError).toMatchObject({ code: 'RANGE_TOO_LARGE', data: { maxDays: 31, days: 59 } });
  });
});
