import { planPartitions, type PartitionMargins } from './partition-planner';
import type { DayPartition, TimeRange } from './time-range';

/**
 * What a per-contact loader key may carry besides the contact id: the contact's own times, so the
 * planner can bound the partitions of a table whose rows are partitioned by a later timestamp
 * (flow log arrival, Contact Lens recording start, evaluation submission).
 */
export interface ContactTimes {
  /** The contact's `InitiationTimestamp`: required, so every per-contact read is bounded. */
  readonly initiationTimestamp: Date;
  /** The contact's `DisconnectTimestamp`, when known; widens the window for long contacts. */
  readonly disconnectTimestamp?: Date | null;
}

/**
 * The UTC day partitions that can hold rows of the given contacts: for each contact, every day from
 * its initiation to its disconnect (or initiation), widened by the margins; the union over all
 * contacts, in day order (a contact with an invalid initiation time adds no day: it can have no
 * rows). Never the whole history. Pure.
 */
export function partitionsOfContacts(contacts: readonly ContactTimes[], margins: PartitionMargins): DayPartition[] {
  const days = new Map<string, DayPartition>();
  for (const contact of contacts) {
    const from = contact.initiationTimestamp;
    if (Number.isNaN(from.getTime())) continue;
    const end = contact.disconnectTimestamp && contact.disconnectTimestamp.getTime() > from.getTime() ? contact.disconnectTimestamp : from;
    // +1 ms: the range is half-open, and the day holding `end` itself must be read.
    for (const day of planPartitions({ from, to: new Date(end.getTime() + 1) }, margins)) {
      days.set(dayKey(day), day);
    }
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, day]) => day);
}

/** The UTC day partitions the given ranges overlap, their union in day order. Pure. */
export function partitionsOfWindows(windows: readonly TimeRange[]): DayPartition[] {
  const days = new Map<string, DayPartition>();
  for (const window of windows) for (const day of planPartitions(window)) days.set(dayKey(day), day);
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, day]) => day);
}

function dayKey(day: DayPartition): string {
  return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

/** The instants a set of partitions covers (`[first day 00:00, last day + 1 00:00)`), for the result cache's TTL; undefined for none. */
export function rangeOfPartitions(days: readonly DayPartition[]): { from: Date; to: Date } | undefined {
  if (days.length === 0) return undefined;
  const first = days[0];
  const last = days[days.length - 1];
  return { from: new Date(Date.UTC(first.year, first.month - 1, first.day)), to: new Date(Date.UTC(last.year, last.month - 1, last.day + 1)) };
}
