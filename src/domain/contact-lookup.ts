import { BadUserInputError, RangeTooLargeError } from './errors';
import { PARTITION_MARGINS } from './partition-planner';
import type { TimeRange } from './time-range';
import { DAY_MS, startOfUtcDayMs } from './time';

/** Default of `CONTACT_LOOKUP_MAX_DAYS`: UTC days (ending today) a lookup by contact id alone reads. */
export const DEFAULT_CONTACT_LOOKUP_MAX_DAYS = 7;

/**
 * A lookup of one contact by id, bounded in time: the contact is searched in the UTC day
 * partitions `window` overlaps, never in the whole history (on Athena an unbounded lookup is a
 * full-table scan).
 */
export interface ContactLookupKey {
  readonly contactId: string;
  /** The instants whose UTC days are read. */
  readonly window: TimeRange;
}

/** What the caller of `Query.contact` may say about when the contact was initiated. */
export interface ContactLookupHint {
  readonly initiatedAfter?: Date | null;
  readonly initiatedBefore?: Date | null;
}

/** The limits of contact lookups. */
export interface ContactLookupLimits {
  /** Days read without a hint, ending today (`CONTACT_LOOKUP_MAX_DAYS`). */
  readonly contactLookupMaxDays: number;
  /** Longest hinted range, days (`MAX_RANGE_DAYS`). */
  readonly maxRangeDays: number;
}

/** A planned lookup window and whether the caller's hint chose it (for the not-found message). */
export interface ContactLookupWindow {
  readonly window: TimeRange;
  readonly hinted: boolean;
}

/** The `days` UTC days ending on the day of `now`, that day included: `[day − (days − 1) 00:00, day + 1 00:00)`. */
export function recentDaysWindow(now: Date, days: number): TimeRange {
  const tomorrowMs = startOfUtcDayMs(now.getTime()) + DAY_MS;
  return { from: new Date(tomorrowMs - days * DAY_MS), to: new Date(tomorrowMs) };
}

function validInstant(value: Date, argument: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new BadUserInputError(`'${argument}' is not a valid ISO-8601 date-time, e.g. 2026-11-20T00:00:00Z.`, argument);
  }
  return value;
}

/**
 * The window a lookup of `Query.contact` reads. Without a hint: the last `contactLookupMaxDays`
 * UTC days, today included. With `initiatedAfter` and `initiatedBefore`: that range. With only
 * `initiatedAfter`: from it to now. With only `initiatedBefore`: the `contactLookupMaxDays` days
 * before it.
 * @throws BadUserInputError for an invalid instant or `initiatedAfter` not before `initiatedBefore` (or now).
 * @throws RangeTooLargeError when the hinted range is longer than `maxRangeDays`.
 */
export function contactLookupWindow(hint: ContactLookupHint, limits: ContactLookupLimits, now: Date): ContactLookupWindow {
  const after = hint.initiatedAfter ? validInstant(hint.initiatedAfter, 'initiatedAfter') : undefined;
  const before = hint.initiatedBefore ? validInstant(hint.initiatedBefore, 'initiatedBefore') : undefined;
  if (!after && !before) return { window: recentDaysWindow(now, limits.contactLookupMaxDays), hinted: false };
  if (!after) return { window: { from: new Date(before!.getTime() - limits.contactLookupMaxDays * DAY_MS), to: before! }, hinted: true };
  const to = before ?? now;
  if (after.getTime() >= to.getTime()) {
    throw new BadUserInputError(
      before
        ? `'initiatedAfter' (${after.toISOString()}) must be before 'initiatedBefore' (${before.toISOString()}).`
        : `'initiatedAfter' (${after.toISOString()}) is not in the past; give an instant before the contact was initiated.`,
      'initiatedAfter',
    );
  }
  const days = Math.ceil((to.getTime() - after.getTime()) / DAY_MS);
  if (days > limits.maxRangeDays) {
    throw new RangeTooLargeError(days, limits.maxRangeDays, {
      limit: 'MAX_RANGE_DAYS',
      hint: "Narrow 'initiatedAfter'/'initiatedBefore' to the days around the contact's initiation.",
    });
  }
  return { window: { from: after, to }, hinted: true };
}

/**
 * The window of a contact linked to `contact` (previous, next and initial contact of its transfer
 * chain): transfers and callbacks start while the contact is in progress, so the days around its
 * initiation and disconnect (`PARTITION_MARGINS.transferChainsOfContacts`).
 */
export function nearContactWindow(contact: { readonly initiationTimestamp: Date; readonly disconnectTimestamp?: Date | null }): TimeRange {
  const { lookbackDays, lookaheadDays } = PARTITION_MARGINS.transferChainsOfContacts;
  const start = contact.initiationTimestamp.getTime();
  const end = contact.disconnectTimestamp && contact.disconnectTimestamp.getTime() > start ? contact.disconnectTimestamp.getTime() : start;
  return { from: new Date(start - lookbackDays * DAY_MS), to: new Date(end + 1 + lookaheadDays * DAY_MS) };
}

/**
 * The window of the contact an evaluation evaluates: evaluations are submitted up to 30 days after
 * the contact (`PARTITION_MARGINS.evaluationsOfContacts`), so the days from 30 days before the
 * evaluation started (or was submitted) to its submission.
 */
export function evaluatedContactWindow(evaluation: { readonly startedAt?: Date | null; readonly submittedAt: Date }): TimeRange {
  const { lookaheadDays } = PARTITION_MARGINS.evaluationsOfContacts;
  const started = evaluation.startedAt && evaluation.startedAt.getTime() < evaluation.submittedAt.getTime() ? evaluation.startedAt : evaluation.submittedAt;
  return { from: new Date(started.getTime() - lookaheadDays * DAY_MS), to: new Date(evaluation.submittedAt.getTime() + 1) };
}

/**
 * The `NOT_FOUND` message of a bounded lookup that found nothing: says which days were searched and
 * how to widen the search. The same for an id of an instance outside the caller's access.
 */
export function contactNotFoundMessage(lookup: ContactLookupWindow, limits: Pick<ContactLookupLimits, 'contactLookupMaxDays'>): string {
  const searched = lookup.hinted
    ? `initiated between ${lookup.window.from.toISOString()} and ${lookup.window.to.toISOString()} (UTC days ${lookup.window.from.toISOString().slice(0, 10)} to ${new Date(lookup.window.to.getTime() - 1).toISOString().slice(0, 10)})`
    : `initiated in the last ${limits.contactLookupMaxDays} UTC ${limits.contactLookupMaxDays === 1 ? 'day' : 'days'} (CONTACT_LOOKUP_MAX_DAYS)`;
  return `No contact with this contactId ${searched} among the instances you may read. Lookups by id read only those days: for an older contact pass 'initiatedAfter' and 'initiatedBefore' (ISO-8601 date-times around its initiation, at most MAX_RANGE_DAYS apart), or raise CONTACT_LOOKUP_MAX_DAYS.`;
}
