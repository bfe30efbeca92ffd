import { BadUserInputError } from '../../../domain/errors';
import type { MetricInterval } from '../../../domain/metrics/metric-types';
import { assertTimeZone } from '../../../domain/partition-planner';
import { parseInstant } from '../../../domain/relative-time';
import { formatLocalDate, localDateOf } from '../../../domain/time-zone';
import { REPORT_PARAMETER_NAMES, type ReportDefinition, type ReportParameterName } from './report-catalog';

/** The query-string parameter carrying a signed link (`?link=<token>`): a credential, never a report parameter. */
export const LINK_PARAMETER = 'link';

/** A report's operation variables, from its defaults and the query string. */
export interface ReportVariables {
  /** ISO-8601 UTC instant. */
  readonly from: string;
  /** ISO-8601 UTC instant (exclusive). */
  readonly to: string;
  readonly timeZone: string;
  readonly interval: MetricInterval;
  /** Whether rows without a grouping value are answered (`MetricsInput.includeUnassigned`). */
  readonly includeUnassigned: boolean;
}

/** What a request asks of a report. */
export interface ReportRequest {
  readonly variables: ReportVariables;
  /** `YYYY-MM-DD` of `from` and `to` in the time zone (the download's file name). */
  readonly fromLocalDate: string;
  readonly toLocalDate: string;
}

const isParameterName = (name: string): name is ReportParameterName => (REPORT_PARAMETER_NAMES as readonly string[]).includes(name);

/**
 * Reads a report's parameters from a query string: given values override the report's defaults; `from`
 * and `to` accept the relative grammar of domain/relative-time, resolved in `timeZone` at `nowMs`. Pure
 * but for the clock argument.
 * @throws BadUserInputError naming the parameter (`extensions.argument`) for an unknown or repeated
 *   parameter, a bad time zone or interval, an unparsable instant, or `from` not before `to`. How long
 *   a range may be is the metrics API's own check (RANGE_TOO_LARGE), made when the report runs.
 */
export function parseReportParameters(report: ReportDefinition, query: URLSearchParams, nowMs: number): ReportRequest {
  const given = new Map<ReportParameterName, string>();
  const takes = `/reports/${report.name} takes ${REPORT_PARAMETER_NAMES.join(', ')} (and ${LINK_PARAMETER} for a signed link)`;
  for (const name of new Set(query.keys())) {
    if (name === LINK_PARAMETER) continue;
    if (!isParameterName(name)) throw new BadUserInputError(`Unknown parameter '${name.slice(0, 100)}': ${takes}.`, name.slice(0, 100));
    const values = query.getAll(name);
    if (values.length > 1) throw new BadUserInputError(`The parameter '${name}' is given ${values.length} times; give it once.`, name);
    given.set(name, values[0]!);
  }
  const value = (name: ReportParameterName): string => given.get(name) ?? report.defaults[name];
  // A '+' typed into a URL unencoded (today+1d, …T00:00:00+05:30) arrives as a space: before a digit, it was a plus.
  const instantText = (name: 'from' | 'to'): string => value(name).replace(/ (?=\d)/g, '+');

  const timeZoneText = value('timeZone').trim();
  let timeZone: string;
  try {
    timeZone = assertTimeZone(timeZoneText);
  } catch {
    throw new BadUserInputError(`timeZone=${timeZoneText.slice(0, 100)} is not an IANA time zone; send a name such as America/New_York, Europe/Berlin or UTC.`, 'timeZone');
  }
  const intervalText = value('interval').trim().toUpperCase();
  const interval = report.intervals.find((i) => i === intervalText);
  if (interval === undefined) throw new BadUserInputError(`interval=${value('interval').slice(0, 100)} is not an interval of this report; send one of ${report.intervals.join(', ')}.`, 'interval');

  const unassignedText = value('includeUnassigned').trim().toLowerCase();
  if (unassignedText !== 'true' && unassignedText !== 'false') {
    throw new BadUserInputError(`includeUnassigned=${value('includeUnassigned').slice(0, 100)} is not a boolean; send true (rows without a grouping value too) or false (the default).`, 'includeUnassigned');
  }

  const fromMs = parseInstant(instantText('from'), timeZone, nowMs, 'from');
  const toMs = parseInstant(instantText('to'), timeZone, nowMs, 'to');
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  if (fromMs >= toMs) {
    throw new BadUserInputError(`from (${instantText('from')} = ${from}) must be before to (${instantText('to')} = ${to}); the range is from inclusive to exclusive, e.g. from=today-7d&to=today.`, 'from');
  }
  return {
    variables: { from, to, timeZone, interval, includeUnassigned: unassignedText === 'true' },
    fromLocalDate: formatLocalDate(localDateOf(timeZone, fromMs)),
    toLocalDate: formatLocalDate(localDateOf(timeZone, toMs)),
  };
}
