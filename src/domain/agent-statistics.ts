import type { AgentActivity } from './agent-state';
import { statusClassOf } from './agent-state.reducer';
import type { StatusInterval } from './agent-timeline';

/**
 * Agent statistics (pure), with Amazon Connect's definitions (agent_statistic_record and the
 * historical metrics of GetMetricDataV2), computed from the status history:
 *
 * | statistic | Connect metric | definition |
 * | --- | --- | --- |
 * | online time | SUM_ONLINE_TIME_AGENT | time in any status other than Offline, custom statuses and statuses of unknown type included |
 * | non-productive time | SUM_NON_PRODUCTIVE_TIME_AGENT | time in a custom status (type CUSTOM, or no type and neither Available nor Offline) |
 * | on-contact time | SUM_CONTACT_TIME_AGENT | time on one or more contacts, hold and after-contact work included, while Available (not in a custom status or Offline) |
 * | idle time | SUM_IDLE_TIME_AGENT | time Available without handling a contact, plus error time; not the time a contact is being offered |
 * | error time | SUM_ERROR_STATUS_TIME_AGENT | time a contact was missed, rejected or failed and the agent had not yet picked a status |
 * | connecting time | SUM_CONNECTING_TIME_AGENT | time Available while a contact is being offered (ringing) |
 * | occupancy | AGENT_OCCUPANCY | on-contact ÷ (on-contact + idle) × 100; null when both are 0 |
 *
 * A status whose type Connect added after this code (neither ROUTABLE, CUSTOM nor OFFLINE; see
 * `statusClassOf`) counts where its meaning is defined only: as online time (it is not Offline) and
 * as error time, never as non-productive, on-contact, idle or connecting time.
 */

/** The time statistics of {@link agentTimeStatistics}, in milliseconds. */
export interface AgentTimeTotals {
  readonly onlineMs: number;
  readonly nonProductiveMs: number;
  readonly onContactMs: number;
  readonly idleMs: number;
  readonly errorMs: number;
  readonly connectingMs: number;
}

const ON_CONTACT: ReadonlySet<AgentActivity> = new Set(['ON_CONTACT', 'ON_HOLD', 'AFTER_CONTACT_WORK']);

/** Adds up an agent's status history into Connect's time statistics (see the module table). Pure. */
export function agentTimeStatistics(history: readonly StatusInterval[]): AgentTimeTotals {
  let onlineMs = 0;
  let nonProductiveMs = 0;
  let onContactMs = 0;
  let idleMs = 0;
  let errorMs = 0;
  let connectingMs = 0;
  for (const interval of history) {
    const statusClass = statusClassOf(interval.status);
    const offline = statusClass === 'OFFLINE';
    const routable = statusClass === 'ROUTABLE';
    if (!offline) onlineMs += interval.endMs - interval.startMs;
    if (statusClass === 'CUSTOM') nonProductiveMs += interval.endMs - interval.startMs;
    for (const segment of interval.activities) {
      const ms = segment.endMs - segment.startMs;
      if (segment.activity === 'MISSED') errorMs += ms;
      if (!routable) continue;
      if (ON_CONTACT.has(segment.activity)) onContactMs += ms;
      else if (segment.activity === 'AVAILABLE' || segment.activity === 'MISSED') idleMs += ms;
      else if (segment.activity === 'INCOMING') connectingMs += ms;
    }
  }
  return { onlineMs, nonProductiveMs, onContactMs, idleMs, errorMs, connectingMs };
}

/** Occupancy in percent: on-contact ÷ (on-contact + idle) × 100, null when the agent was neither (Connect's AGENT_OCCUPANCY). */
export function occupancyPercent(totals: Pick<AgentTimeTotals, 'onContactMs' | 'idleMs'>): number | null {
  const denominator = totals.onContactMs + totals.idleMs;
  return denominator === 0 ? null : (totals.onContactMs / denominator) * 100;
}

/** An average, null when there is nothing to average (Connect reports no value rather than 0). */
export function averageOrNull(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}

/** Milliseconds as seconds, rounded to the millisecond (timestamps have millisecond precision). */
export function msToSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
