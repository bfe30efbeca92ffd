import { handleTimeSeconds, isAbandoned, type ContactRecord } from '../domain/contact';
import type { ContactRow } from '../history/sql/contacts.sql';

const date = (v: string | null): Date | null => (v === null || v === undefined ? null : new Date(v));
const int = (v: number | string | null): number | null => (v === null || v === undefined ? null : Number(v));

function parseAttributes(json: string | null): Record<string, string> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch {
    return {};
  }
}

/** Maps a contact row of the SQL builders to the service's contact. */
export function toContactRecord(row: ContactRow): ContactRecord {
  const hasAgent = row.agent_arn !== null || row.agent_username !== null;
  const interaction = int(row.agent_interaction_duration);
  return {
    contactId: row.contact_id,
    instanceArn: row.instance_arn,
    awsAccountId: row.aws_account_id,
    channel: row.channel,
    initiationMethod: row.initiation_method,
    initiationTimestamp: new Date(row.initiation_timestamp),
    connectedToSystemTimestamp: date(row.connected_to_system_timestamp),
    disconnectTimestamp: date(row.disconnect_timestamp),
    lastUpdateTimestamp: date(row.last_update_timestamp),
    disconnectReason: row.disconnect_reason,
    initialContactId: row.initial_contact_id,
    previousContactId: row.previous_contact_id,
    nextContactId: row.next_contact_id,
    agentConnectionAttempts: int(row.agent_connection_attempts),
    attributes: parseAttributes(row.attributes),
    queue:
      row.queue_arn === null && row.queue_name === null
        ? null
        : {
            arn: row.queue_arn,
            name: row.queue_name,
            enqueueTimestamp: date(row.queue_enqueue_timestamp),
            dequeueTimestamp: date(row.queue_dequeue_timestamp),
            durationSeconds: int(row.queue_duration),
          },
    agent: hasAgent
      ? {
          arn: row.agent_arn,
          username: row.agent_username,
          connectedToAgentTimestamp: date(row.agent_connected_to_agent_timestamp),
          interactionDurationSeconds: interaction,
          customerHoldDurationSeconds: int(row.agent_customer_hold_duration),
          numberOfHolds: int(row.agent_number_of_holds),
          longestHoldDurationSeconds: int(row.agent_longest_hold_duration),
          afterContactWorkStartTimestamp: date(row.agent_after_contact_work_start_timestamp),
          afterContactWorkEndTimestamp: date(row.agent_after_contact_work_end_timestamp),
          afterContactWorkDurationSeconds: int(row.agent_after_contact_work_duration),
          routingProfile:
            row.agent_routing_profile_arn === null && row.agent_routing_profile_name === null
              ? null
              : { arn: row.agent_routing_profile_arn, name: row.agent_routing_profile_name },
        }
      : null,
    customerEndpoint:
      row.customer_endpoint_address === null && row.customer_endpoint_type === null
        ? null
        : { address: row.customer_endpoint_address, type: row.customer_endpoint_type },
    systemEndpoint:
      row.system_endpoint_address === null && row.system_endpoint_type === null
        ? null
        : { address: row.system_endpoint_address, type: row.system_endpoint_type },
    recordingLocation: row.recording_location,
    abandoned: isAbandoned({
      queueEnqueueTimestamp: row.queue_enqueue_timestamp,
      connectedToAgentTimestamp: row.agent_connected_to_agent_timestamp,
      agentArn: row.agent_arn,
    }),
    handleTimeSeconds: hasAgent
      ? handleTimeSeconds({
          interaction,
          hold: int(row.agent_customer_hold_duration),
          afterContactWork: int(row.agent_after_contact_work_duration),
        })
      : null,
  };
}
