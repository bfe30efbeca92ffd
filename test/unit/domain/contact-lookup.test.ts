import { contactLookupWindow, contactNotFoundMessage, evaluatedContactWindow, nearContactWindow, recentDaysWindow } from '../../../src/domain/contact-lookup';
import { BadUserInputError, RangeTooLargeError } from '../../../src/domain/errors';
import { planPartitions } from '../../../src/domain/partition-planner';

const at = (iso: string) => new Date(iso);
const limits = { contactLookupMaxDays: 7, maxRangeDays: 400 };
const now = at('2026-12-06T04:30:00Z');
const dayList = (window: { from: Date; to: Date }) => planPartitions(window).map((d) => `${d.year}-${d.month}-${d.day}`);

describe('contactLookupWindow', () => {
  it('without a hint reads the last CONTACT_LOOKUP_MAX_DAYS UTC days, today included, and no more', () => {
    const lookup = contactLookupWindow({}, limits, now);
    expect(lookup.hinted).toBe(false);
    expect(dayList(lookup.window)).toEqual(['2026-11-30', '2026-12-1', '2026-12-2', '2026-12-3', '2026-12-4', '2026-12-5', '2026-12-6']);
    expect(dayList(contactLookupWindow({}, { ...limits, contactLookupMaxDays: 1 }, now).window)).toEqual(['2026-12-6']);
  });

  it('with both hints reads their days; with one, from it to now or the lookup days before it', () => {
    const both = contactLookupWindow({ initiatedAfter: at('2026-11-19T23:00:00Z'), initiatedBefore: at('2026-11-20T01:00:00Z') }, limits, now);
    expect(both).toEqual({ hinted: true, window: { from: at('2026-11-19T23:00:00Z'), to: at('2026-11-20T01:00:00Z') } });
    expect(dayList(both.window)).toEqual(['2026-11-19', '2026-11-20']);
    expect(contactLookupWindow({ initiatedAfter: at('2026-12-01T00:00:00Z') }, limits, now).window).toEqual({ from: at('2026-12-01T00:00:00Z'), to: now });
    expect(contactLookupWindow({ initiatedBefore: at('2026-01-10T00:00:00Z') }, limits, now).window).toEqual({ from: at('2026-01-03T00:00:00Z'), to: at('2026-01-10T00:00:00Z') });
  });

  it('rejects a hint range longer than MAX_RANGE_DAYS with RANGE_TOO_LARGE naming the limit', () => {
    const call = () => contactLookupWindow({ initiatedAfter: at('2025-01-01T00:00:00Z'), initiatedBefore: at('2026-06-01T00:00:00Z') }, limits, now);
    expect(call).toThrow(RangeTooLargeError);
    expect(call).toThrow(/at most 400 days.*MAX_RANGE_DAYS.*initiatedAfter/);
    expect(() => contactLookupWindow({ initiatedAfter: at('2024-01-01T00:00:00Z') }, limits, now)).toThrow(RangeTooLargeError);
  });

  it('rejects reversed, future-only or invalid hints with BAD_USER_INPUT naming the argument', () => {
    expect(() => contactLookupWindow({ initiatedAfter: at('2026-11-21T00:00:00Z'), initiatedBefore: at('2026-11-20T00:00:00Z') }, limits, now)).toThrow(BadUserInputError);
    expect(() => contactLookupWindow({ initiatedAfter: at('2027-01-01T00:00:00Z') }, limits, now)).toThrow(/not in the past/);
    try {
      contactLookupWindow({ initiatedBefore: new Date('nope') }, limits, now);
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(BadUserInputError);
      expect((error as BadUserInputError).data).toEqual({ argument: 'initiatedBefore' });
    }
  });
});

describe('windows of lookups by id from what the request already holds', () => {
  it('reads the days around a contact for its chain neighbours', () => {
    const window = nearContactWindow({ initiationTimestamp: at('2026-11-19T23:50:00Z'), disconnectTimestamp: at('2026-11-20T00:10:00Z') });
    expect(dayList(window)).toEqual(['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
  });

  it('reads the 30 days before an evaluation for its contact', () => {
    const window = evaluatedContactWindow({ startedAt: at('2026-12-01T10:00:00Z'), submittedAt: at('2026-12-02T10:00:00Z') });
    expect(dayList(window)).toHaveLength(32);
    expect(dayList(window)[0]).toBe('2026-11-1');
    expect(dayList(window).at(-1)).toBe('2026-12-2');
  });

  it('reads the most recent days for a live contact', () => {
    expect(dayList(recentDaysWindow(now, 2))).toEqual(['2026-12-5', '2026-12-6']);
  });
});

describe('contactNotFoundMessage', () => {
  it('says which days were read and how to widen the search', () => {
    const message = contactNotFoundMessage(contactLookupWindow({}, limits, now), limits);
    expect(message).toMatch(/last 7 UTC days \(CONTACT_LOOKUP_MAX_DAYS\)/);
    expect(message).toMatch(/pass 'initiatedAfter' and 'initiatedBefore'/);
    expect(message).toMatch(/raise CONTACT_LOOKUP_MAX_DAYS/);
    const hinted = contactNotFoundMessage(contactLookupWindow({ initiatedAfter: at('2026-11-19T00:00:00Z'), initiatedBefore: at('2026-11-21T00:00:00Z') }, limits, now), limits);
    expect(hinted).toMatch(/between 2026-11-19T00:00:00.000Z and 2026-11-21T00:00:00.000Z \(UTC days 2026-11-19 to 2026-11-20\)/);
  });
});
