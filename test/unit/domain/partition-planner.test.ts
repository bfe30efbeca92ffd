import { assertTimeZone, localDaysToRange, PARTITION_MARGINS, planPartitions } from '../../../src/domain/partition-planner';

const day = (y: number, m: number, d: number) => ({ year: y, month: m, day: d });

describe('planPartitions', () => {
  it('maps a local-time day crossing UTC midnight to both UTC days', () => {
    // 2026-11-20 in New York (UTC-5) is 05:00Z on the 20th to 05:00Z on the 21st.
    const range = localDaysToRange(day(2026, 11, 20), day(2026, 11, 20), 'America/New_York');
    expect(range.from.toISOString()).toBe('2026-11-20T05:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-11-21T05:00:00.000Z');
    expect(planPartitions(range)).toEqual([day(2026, 11, 20), day(2026, 11, 21)]);
  });

  it('excludes the UTC day an exclusive end only touches', () => {
    expect(planPartitions({ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') })).toEqual([day(2026, 11, 20)]);
  });

  it('crosses month and year ends', () => {
    expect(planPartitions({ from: new Date('2026-12-31T23:00:00Z'), to: new Date('2027-01-01T01:00:00Z') })).toEqual([day(2026, 12, 31), day(2027, 1, 1)]);
  });

  it('widens by the documented look-back and look-ahead', () => {
    const range = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
    expect(planPartitions(range, PARTITION_MARGINS.contactsByCompletion)).toEqual([day(2026, 11, 19), day(2026, 11, 20)]);
    expect(planPartitions(range, PARTITION_MARGINS.contactLensOfContacts)).toEqual([day(2026, 11, 20), day(2026, 11, 21)]);
    expect(planPartitions(range, PARTITION_MARGINS.evaluationsOfContacts)).toHaveLength(31);
  });
});

describe('localDaysToRange across daylight-saving changes', () => {
  it('makes the spring-forward day 23 hours long (New York, 2026-03-08)', () => {
    const r = localDaysToRange(day(2026, 3, 8), day(2026, 3, 8), 'America/New_York');
    expect(r.from.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect((r.to.getTime() - r.from.getTime()) / 3_600_000).toBe(23);
  });

  it('makes the fall-back day 25 hours long (Berlin, 2026-10-25)', () => {
    const r = localDaysToRange(day(2026, 10, 25), day(2026, 10, 25), 'Europe/Berlin');
    expect(r.from.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect((r.to.getTime() - r.from.getTime()) / 3_600_000).toBe(25);
    expect(planPartitions(r)).toEqual([day(2026, 10, 24), day(2026, 10, 25)]);
  });

  it('covers a week across a change with whole local days', () => {
    const r = localDaysToRange(day(2026, 10, 29), day(2026, 11, 4), 'America/New_York');
    expect(r.from.toISOString()).toBe('2026-10-29T04:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-11-05T05:00:00.000Z');
  });
});

describe('assertTimeZone', () => {
  it('accepts IANA names and rejects others with BAD_USER_INPUT', () => {
    expect(assertTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(/'Mars\/Olympus_Mons' is not an IANA time zone/);
    let error: unknown;
    try {
      assertTimeZone('EST5EDT; DROP');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', data: { argument: 'timeZone' } });
  });
});
