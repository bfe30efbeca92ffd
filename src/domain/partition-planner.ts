import { BadUserInputError } from './errors';
import { localDateOf, localTimeToUtcMs, nextLocalDate, type LocalDate } from './time-zone';
import type { DayPartition, TimeRange } from './time-range';
import { DAY_MS } from './time';


/**
 * How far beyond the requested range a query must read, in whole UTC days, because some facts are
 * attributed to a later timestamp than the one that names their partition.
 *
 * - `lookbackDays`: CTRs are partitioned by initiation, but handle time, after-contact work and
 *   disconnects are attributed when they happen; a contact initiated before `from` can end inside the
 *   range. Agent status intervals that started before `from` are open at `from`.
 * - `lookaheadDays`: Contact Lens rows are partitioned by recording time (a call starting 23:59 lands
 *   on the next day) and evaluations by submission time (days after the contact).
 */
export interface PartitionMargins {
  readonly lookbackDays: number;
  readonly lookaheadDays: number;
}

/** The documented margins per kind of question. */
export const PARTITION_MARGINS = {
  /** Contacts selected by their initiation time: exactly the range. */
  contactsByInitiation: { lookbackDays: 0, lookaheadDays: 0 },
  /** Facts attributed to a contact's end (handle time, ACW, abandons): contacts rarely last more than a day. */
  contactsByCompletion: { lookbackDays: 1, lookaheadDays: 0 },
  /** Agent status history: the status in force at `from` was set by an earlier event (agents re-log daily). */
  agentEvents: { lookbackDays: 1, lookaheadDays: 0 },
  /** Contact Lens rows of contacts in the range: recorded up to a day later. */
  contactLensOfContacts: { lookbackDays: 0, lookaheadDays: 1 },
  /** Evaluations of contacts in the range: submitted up to 30 days later. */
  evaluationsOfContacts: { lookbackDays: 0, lookaheadDays: 30 },
  /** Flow log rows of contacts in the range: partitioned by CloudWatch arrival, seconds after the block ran (a block at 23:59:59 lands on the next day). */
  flowLogsOfContacts: { lookbackDays: 0, lookaheadDays: 1 },
  /** The other contacts of a transfer chain: initiated around the contact (transfers and callbacks start while it is in progress). */
  transferChainsOfContacts: { lookbackDays: 1, lookaheadDays: 1 },
  /** Evaluations selected by their submission time: exactly the range (partitioned by `evaluationSubmitTimestamp`). */
  evaluationsBySubmission: { lookbackDays: 0, lookaheadDays: 0 },
} as const satisfies Record<string, PartitionMargins>;

/** Time zone names already found valid (bounded: names come from requests). */
const VALID_TIME_ZONES = new Set<string>();

/** Checks an IANA time zone name. @throws BadUserInputError naming the zone. */
export function assertTimeZone(timeZone: string): string {
  // Building a DateTimeFormat costs more than the rest of a metrics request's planning: check each name once.
  if (VALID_TIME_ZONES.has(timeZone)) return timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    if (VALID_TIME_ZONES.size < 1_000) VALID_TIME_ZONES.add(timeZone);
    return timeZone;
  } catch {
    throw new BadUserInputError(`'${timeZone}' is not an IANA time zone; use a name such as America/New_York, Europe/Berlin or UTC.`, 'timeZone');
  }
}

/**
 * The instants of local calendar days `[fromDate, toDate]` (inclusive dates) in a time zone, daylight
 * saving included: a spring-forward day is 23 hours long, a fall-back day 25.
 */
export function localDaysToRange(fromDate: LocalDate, toDate: LocalDate, timeZone: string): TimeRange {
  assertTimeZone(timeZone);
  return { from: new Date(localTimeToUtcMs(timeZone, fromDate, 0)), to: new Date(localTimeToUtcMs(timeZone, nextLocalDate(toDate), 0)) };
}

/**
 * The UTC day partitions to read for a range: every UTC day the range overlaps, widened by the
 * margins. Pure.
 */
export function planPartitions(range: TimeRange, margins: PartitionMargins = PARTITION_MARGINS.contactsByInitiation): DayPartition[] {
  const first = Date.UTC(range.from.getUTCFullYear(), range.from.getUTCMonth(), range.from.getUTCDate()) - margins.lookbackDays * DAY_MS;
  const endExclusive = range.to.getTime() + margins.lookaheadDays * DAY_MS;
  const days: DayPartition[] = [];
  for (let t = first; t < endExclusive; t += DAY_MS) {
    const d = new Date(t);
    days.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  }
  return days;
}

/** The local calendar date of an instant (re-exported for callers that plan by local days). */
export { localDateOf };
