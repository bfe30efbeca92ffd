import { AppError } from '../../../../../src/domain/errors';
import { REPORT_CATALOG } from '../../../../../src/server/graphql/reports/report-catalog';
import { parseReportParameters } from '../../../../../src/server/graphql/reports/report-parameters';

const report = REPORT_CATALOG.find((r) => r.name === 'queue-summary')!;
const now = Date.parse('2026-11-19T20:00:00Z');
const parse = (query: string) => parseReportParameters(report, new URLSearchParams(query), now);

function errorOf(query: string): AppError {
  try {
    parse(query);
  } catch (error) {
    return error as AppError;
  }
  throw new Error(`${query} was accepted`);
}

describe('parseReportParameters', () => {
  it('applies the defaults: the last seven whole UTC days, by day', () => {
    expect(parse('')).toEqual({
      variables: { from: '2026-11-12T00:00:00.000Z', to: '2026-11-19T00:00:00.000Z', timeZone: 'UTC', interval: 'DAY', includeUnassigned: false },
      fromLocalDate: '2026-11-12',
      toLocalDate: '2026-11-19',
    });
  });

  it('lets the query string override each parameter; relative dates follow the given time zone', () => {
    expect(parse('from=yesterday&to=today&timeZone=Asia/Kolkata&interval=hour&includeUnassigned=true')).toEqual({
      variables: { from: '2026-11-18T18:30:00.000Z', to: '2026-11-19T18:30:00.000Z', timeZone: 'Asia/Kolkata', interval: 'HOUR', includeUnassigned: true },
      fromLocalDate: '2026-11-19',
      toLocalDate: '2026-11-20',
    });
  });

  it('reads an unencoded + (a space once decoded) before a digit as a plus', () => {
    expect(parse('from=today-1d&to=today+1d').variables).toMatchObject({ from: '2026-11-18T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' });
    expect(parse('from=2026-11-19T00:00:00+05:30&to=today+1d').variables.from).toBe('2026-11-18T18:30:00.000Z');
    expect(parse('from=2026-11-19T00:00:00%2B05:30&to=today%2B1d')).toEqual(parse('from=2026-11-19T00:00:00+05:30&to=today+1d'));
  });

  it('ignores the signed link (a credential, not a parameter)', () => {
    expect(parse('link=wbl1.abc.def')).toEqual(parse(''));
  });

  it.each([
    ['colour=red', /^Unknown parameter 'colour': \/reports\/queue-summary takes from, to, timeZone, interval/, 'colour'],
    ['timezone=UTC', /^Unknown parameter 'timezone'/, 'timezone'],
    ['to=today&to=now', /^The parameter 'to' is given 2 times/, 'to'],
    ['timeZone=Europe/Atlantis', /^timeZone=Europe\/Atlantis is not an IANA time zone/, 'timeZone'],
    ['interval=YEAR', /^interval=YEAR is not an interval of this report; send one of FIFTEEN_MIN, THIRTY_MIN, HOUR, DAY, WEEK, MONTH, TOTAL/, 'interval'],
    ['includeUnassigned=yes', /^includeUnassigned=yes is not a boolean; send true/, 'includeUnassigned'],
    ['from=next week', /^from=next week is not an instant/, 'from'],
    ['from=today&to=today', /^from \(today = 2026-11-19T00:00:00.000Z\) must be before to \(today = 2026-11-19T00:00:00.000Z\)/, 'from'],
    ['from=now&to=today', /must be before to/, 'from'],
  ])('refuses %s with BAD_USER_INPUT naming the parameter', (query, message, argument) => {
    const error = errorOf(query);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
    expect(error.data).toEqual({ argument });
  });
});
