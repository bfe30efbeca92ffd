import { PARTITION_MARGINS, planPartitions, type PartitionMargins } from '../partition-planner';
import type { DayPartition, TimeRange } from '../time-range';
import { DAY_MS } from '../time';

/**
 * The UTC day partitions the metric queries read beyond the requested range, and why.
 * - Contacts by initiation: exactly the range (CTRs are partitioned by InitiationTimestamp).
 * - Contacts counted at a later timestamp (enqueue, connected to agent): one day before, for contacts
 *   initiated before the range that reached the queue or an agent inside it.
 * - Agent status: one day before (the state in force at the range start was set by an earlier event;
 *   agents re-log daily and heartbeats come every 120 s) and one day after (a state lasts until the
 *   next event, which may be after the range end).
 * - Contact Lens of contacts: one day after (rows are partitioned by recording time).
 * - Evaluations of contacts: 30 days after (rows are partitioned by submission time).
 */
export const METRIC_PARTITION_MARGINS = {
  contactsByInitiation: PARTITION_MARGINS.contactsByInitiation,
  contactsByLaterTimestamp: PARTITION_MARGINS.contactsByCompletion,
  agentStatus: { lookbackDays: 1, lookaheadDays: 1 },
  contactLensOfContacts: PARTITION_MARGINS.contactLensOfContacts,
  evaluationsOfContacts: PARTITION_MARGINS.evaluationsOfContacts,
} as const satisfies Record<string, PartitionMargins>;


/** The partitions to read for a range with margins. Pure. */
export function metricPartitions(range: TimeRange, margins: PartitionMargins): DayPartition[] {
  return planPartitions(range, margins);
}

/**
 * The instants a query's data comes from, for the result cache's TTL: the range widened by the
 * margins, so a question about last week whose evaluations may still arrive today is cached briefly.
 */
export function freshnessRange(range: TimeRange, margins: PartitionMargins): TimeRange {
  return {
    from: new Date(range.from.getTime() - margins.lookbackDays * DAY_MS),
    to: new Date(range.to.getTime() + margins.lookaheadDays * DAY_MS),
  };
}
