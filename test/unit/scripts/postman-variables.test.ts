import { createRequire } from 'node:module';
import path from 'node:path';

/** The date variables of the example operations and the Postman collection (scripts/postman-variables.cjs). */
const { relativeDates, DEMO_TIME_ZONE } = createRequire(__filename)(path.resolve(__dirname, '../../../scripts/postman-variables.cjs')) as {
  relativeDates: (nowMs: number, timeZone: string) => Record<string, string>;
  DEMO_TIME_ZONE: string;
};

describe('relativeDates', () => {
  it('gives yesterday, the day before and yesterday morning in the contact center’s time zone', () => {
    expect(DEMO_TIME_ZONE).toBe('America/New_York');
    expect(relativeDates(Date.parse('2026-11-20T15:42:31Z'), DEMO_TIME_ZONE)).toEqual({
      dayFrom: '2026-11-19T00:00:00-05:00',
      dayTo: '2026-11-20T00:00:00-05:00',
      twoDaysFrom: '2026-11-18T00:00:00-05:00',
      workloadFrom: '2026-11-19T09:00:00-05:00',
      workloadTo: '2026-11-19T12:00:00-05:00',
      now: '2026-11-20T15:42:00.000Z',
    });
  });

  it('counts days in local time: after UTC midnight it is still the previous day in New York', () => {
    const dates = relativeDates(Date.parse('2026-12-06T02:00:00Z'), DEMO_TIME_ZONE); // 21:00 on 5 December in New York
    expect(dates.dayTo).toBe('2026-12-05T00:00:00-05:00');
    expect(dates.dayFrom).toBe('2026-12-04T00:00:00-05:00');
  });

  it('uses each time’s own offset across daylight saving changes and month ends', () => {
    // Spring forward on Sunday 8 March 2026 at 02:00: midnight is still EST, 09:00 is EDT.
    const spring = relativeDates(Date.parse('2026-03-09T16:00:00Z'), DEMO_TIME_ZONE);
    expect([spring.dayFrom, spring.dayTo, spring.workloadFrom]).toEqual(['2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', '2026-03-08T09:00:00-04:00']);
    expect(Date.parse(spring.dayTo) - Date.parse(spring.dayFrom)).toBe(23 * 3_600_000);
    // Fall back on Sunday 1 November 2026: a 25-hour day.
    const fall = relativeDates(Date.parse('2026-11-02T16:00:00Z'), DEMO_TIME_ZONE);
    expect([fall.dayFrom, fall.dayTo]).toEqual(['2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00']);
    expect(Date.parse(fall.dayTo) - Date.parse(fall.dayFrom)).toBe(25 * 3_600_000);
    const newYear = relativeDates(Date.parse('2027-01-01T12:00:00Z'), DEMO_TIME_ZONE);
    expect([newYear.twoDaysFrom, newYear.dayFrom]).toEqual(['2026-12-30T00:00:00-05:00', '2026-12-31T00:00:00-05:00']);
  });

  it('works in any IANA time zone', () => {
    expect(relativeDates(Date.parse('2026-07-01T12:00:00Z'), 'Asia/Kolkata').dayFrom).toBe('2026-06-30T00:00:00+05:30');
    expect(relativeDates(Date.parse('2026-07-01T12:00:00Z'), 'UTC').dayTo).toBe('2026-07-01T00:00:00+00:00');
    expect(() => relativeDates(0, 'Nowhere/Atlantis')).toThrow(/time zone/i);
  });
});
