import { scopeIncludes, type InstanceScope } from '../domain/principal';
import type { AgentEventRecord, AgentSnapshot } from '../domain/records';

/**
 * Whether a well-formed agent event may change live state: its dates are plausible and its instance
 * is one the sender may write. The reducer lets the newest `EventTimestamp` win, so one forged event
 * dated in 2099 would freeze an agent's state for ever; these checks run before anything is applied.
 */

/** Why an event was refused; also the `reason` label of `agent_events_rejected_total`. */
export type AgentEventRejection = 'future_timestamp' | 'before_2017' | 'impossible_date' | 'out_of_scope';

/** Amazon Connect launched in 2017: no genuine agent event is older. */
export const EARLIEST_AGENT_EVENT_MS = Date.UTC(2017, 0, 1);

/** Default of how far in the future (server clock) an event may be dated: clocks drift a little. */
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;

/** The refusal of one event: the rule and a message that names the field and value. */
export interface AgentEventRefusal {
  readonly rule: AgentEventRejection;
  readonly reason: string;
}

/** What the checks compare with. */
export interface AgentEventAdmissionPolicy {
  /** Instances the sender may write (the principal's; the Lambda: every instance). */
  readonly scope: InstanceScope;
  /** Now, epoch ms (the server clock). */
  readonly nowMs: number;
  /** How far in the future an event may be dated, seconds. */
  readonly maxFutureSkewSeconds: number;
}

const TIMESTAMP_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

/**
 * Epoch ms of an ISO UTC timestamp whose calendar date and time exist, else undefined.
 * `Date.parse('2026-02-30T10:00:00Z')` is March 2 (it rolls over): the parts are compared with the
 * parsed date's own parts, so an impossible date, hour or minute is refused instead.
 */
export function strictTimestampMs(timestamp: string): number | undefined {
  const parts = TIMESTAMP_PARTS.exec(timestamp);
  if (parts === null) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Number((parts[7] ?? '0').padEnd(3, '0')));
  const date = new Date(ms);
  const exists =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return exists ? ms : undefined;
}

/** Every timestamp of a snapshot, with its path for messages. */
function snapshotTimestamps(snapshot: AgentSnapshot, prefix: string): [string, string | null | undefined][] {
  return [
    [`${prefix}.AgentStatus.StartTimestamp`, snapshot.AgentStatus.StartTimestamp],
    [`${prefix}.NextAgentStatus.EnqueuedTimestamp`, snapshot.NextAgentStatus?.EnqueuedTimestamp],
    ...snapshot.Contacts.flatMap((contact, i): [string, string | null | undefined][] => [
      [`${prefix}.Contacts[${i}].StateStartTimestamp`, contact.StateStartTimestamp],
      [`${prefix}.Contacts[${i}].ConnectedToAgentTimestamp`, contact.ConnectedToAgentTimestamp],
      [`${prefix}.Contacts[${i}].QueueTimestamp`, contact.QueueTimestamp],
    ]),
  ];
}

/**
 * The refusal of an event, or undefined when it may be applied.
 *
 * Which timestamps are checked, and why all of them: `EventTimestamp` orders events (the newest
 * wins), so a future one freezes the agent — it must lie in [2017-01-01, now + skew]. The snapshot
 * timestamps (`AgentStatus.StartTimestamp`, each contact's `StateStartTimestamp`,
 * `ConnectedToAgentTimestamp`, `QueueTimestamp`, `NextAgentStatus.EnqueuedTimestamp`, in the current
 * and the previous snapshot) become the state's "since" times that wallboards count durations from:
 * an impossible or far-future one would show nonsense until the next event, so the same window
 * applies. Every timestamp must be a real calendar date (`2026-02-30` is refused, not rolled over).
 */
export function refuseAgentEvent(event: AgentEventRecord, policy: AgentEventAdmissionPolicy): AgentEventRefusal | undefined {
  if (!scopeIncludes(policy.scope, event.InstanceARN)) {
    return { rule: 'out_of_scope', reason: `InstanceARN ${event.InstanceARN} is outside the instances this credential may write` };
  }
  const latestMs = policy.nowMs + policy.maxFutureSkewSeconds * 1000;
  const timestamps: [string, string | null | undefined][] = [
    ['EventTimestamp', event.EventTimestamp],
    ...snapshotTimestamps(event.CurrentAgentSnapshot, 'CurrentAgentSnapshot'),
    ...(event.PreviousAgentSnapshot ? snapshotTimestamps(event.PreviousAgentSnapshot, 'PreviousAgentSnapshot') : []),
  ];
  for (const [field, value] of timestamps) {
    if (value === null || value === undefined) continue;
    const ms = strictTimestampMs(value);
    if (ms === undefined) return { rule: 'impossible_date', reason: `${field} ${value} is not a real date and time` };
    if (ms < EARLIEST_AGENT_EVENT_MS) return { rule: 'before_2017', reason: `${field} ${value} is before 2017-01-01, older than any Amazon Connect event` };
    if (ms > latestMs) {
      return {
        rule: 'future_timestamp',
        reason: `${field} ${value} is more than ${policy.maxFutureSkewSeconds} s ahead of the server clock (${new Date(policy.nowMs).toISOString()})`,
      };
    }
  }
  return undefined;
}
