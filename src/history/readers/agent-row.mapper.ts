import type { AgentDirectoryEntry } from '../../domain/agent-directory';
import { agentIdFromArn, instanceArnFromAgentArn, statusTypeOf } from '../../domain/agent-state.reducer';
import type { AgentEventPoint, TimelineContact } from '../../domain/agent-timeline';
import type { ContactSpan } from '../../domain/workload';
import type { AgentDirectoryRow, AgentEventRow } from '../sql/agent-events.sql';
import type { AgentContactSpanRow } from '../sql/agent-contacts.sql';
import { epochMsOrNull } from './cells';

const ms = epochMsOrNull;

/** Parses the `contactId|state|stateStart|initiationMethod;…` list of an event row. */
function parseContacts(text: string | null, fallbackMs: number): TimelineContact[] {
  if (!text) return [];
  return text.split(';').flatMap((entry) => {
    const [contactId, state, since, method] = entry.split('|');
    if (!contactId || !state) return [];
    return [{ contactId, state, stateSinceMs: ms(since ?? null) ?? fallbackMs, initiationMethod: method ? method : null }];
  });
}

/** Maps an agent-event row to the status history's event; null for a row without a readable time. */
export function toAgentEventPoint(row: AgentEventRow): AgentEventPoint | null {
  const timestampMs = ms(row.event_timestamp);
  if (timestampMs === null) return null;
  const name = row.status_name ?? 'Offline';
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    timestampMs,
    status: { name, type: statusTypeOf({ Name: name, Type: row.status_type ?? undefined }), arn: row.status_arn },
    statusStartMs: ms(row.status_start) ?? timestampMs,
    contacts: parseContacts(row.contacts, timestampMs),
  };
}

/** Maps a directory row to an agent entry; null when the row has no agent ARN or username. */
export function toAgentDirectoryEntry(row: AgentDirectoryRow): AgentDirectoryEntry | null {
  if (!row.agent_arn || !row.username) return null;
  let agentId: string;
  let instanceArn: string;
  try {
    agentId = agentIdFromArn(row.agent_arn);
    instanceArn = row.instance_arn ?? instanceArnFromAgentArn(row.agent_arn);
  } catch {
    return null;
  }
  const levels: [string | null, string | null][] = [
    [row.hierarchy_level_1_arn, row.hierarchy_level_1_name],
    [row.hierarchy_level_2_arn, row.hierarchy_level_2_name],
    [row.hierarchy_level_3_arn, row.hierarchy_level_3_name],
    [row.hierarchy_level_4_arn, row.hierarchy_level_4_name],
    [row.hierarchy_level_5_arn, row.hierarchy_level_5_name],
  ];
  return {
    agentId,
    agentArn: row.agent_arn,
    instanceArn,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    routingProfile: row.routing_profile_arn
      ? {
          arn: row.routing_profile_arn,
          name: row.routing_profile_name,
          inboundQueues: parseQueues(row.inbound_queues).map((q) => ({ ...q, channels: [] })),
          concurrency: [],
        }
      : null,
    hierarchy: levels.map(([arn, name]) => (arn ? { arn, name } : null)),
    lastSeenMs: ms(row.last_event_timestamp) ?? 0,
  };
}

/** Parses the `queueArn|queueName;…` list of a directory row (an empty name is an agent queue: null). */
export function parseQueues(text: string | null): { arn: string; name: string | null }[] {
  if (!text) return [];
  return text.split(';').flatMap((entry) => {
    const [arn, name] = entry.split('|');
    return arn ? [{ arn, name: name ? name : null }] : [];
  });
}

/** Maps a CTR row to the workload's contact span: talk = connected → disconnect, wrap-up = ACW start → end. */
export function toContactSpan(row: AgentContactSpanRow): ContactSpan {
  const connected = ms(row.connected_to_agent_timestamp);
  const disconnected = ms(row.disconnect_timestamp);
  const acwStart = ms(row.after_contact_work_start_timestamp);
  const acwEnd = ms(row.after_contact_work_end_timestamp);
  return {
    contactId: row.contact_id,
    talk: connected !== null && disconnected !== null && disconnected > connected ? { startMs: connected, endMs: disconnected } : null,
    wrapUp: acwStart !== null && acwEnd !== null && acwEnd > acwStart ? { startMs: acwStart, endMs: acwEnd } : null,
  };
}
