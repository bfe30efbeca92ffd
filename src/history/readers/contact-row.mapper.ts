import { handleTimeSeconds, isAbandoned, type ContactEndpoint, type ContactHierarchyGroup, type ContactRecord, type ContactRecordingItem } from '../../domain/contact';
import { HIERARCHY_LEVELS, type ContactRow } from '../sql/contacts.sql';
import { dateOrNull, isJsonObject, jsonArray, jsonObjectOrNull, numberOrNull, stringOrNull, structFields } from './cells';

const date = dateOrNull;
const int = numberOrNull;

/** `Attributes` (a JSON object cell): every value as text (non-strings as their JSON). */
function parseAttributes(json: string | null): Record<string, string> {
  const parsed = jsonObjectOrNull(json);
  if (parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function endpoint(address: string | null, type: string | null): ContactEndpoint | null {
  return address === null && type === null ? null : { address, type };
}

function hierarchyGroups(row: ContactRow): ContactHierarchyGroup[] {
  const groups: ContactHierarchyGroup[] = [];
  for (const level of HIERARCHY_LEVELS) {
    const arn = row[`agent_hierarchy_level${level}_arn`];
    if (arn !== null && arn !== undefined) groups.push({ level, arn, name: row[`agent_hierarchy_level${level}_name`] ?? null });
  }
  return groups;
}

const RECORDING_FIELDS = [
  'DeletionReason', 'FragmentStartNumber', 'FragmentStopNumber', 'Location', 'MediaStreamType',
  'ParticipantType', 'StartTimestamp', 'Status', 'StopTimestamp', 'StorageType',
] as const;

function recordings(json: string | null): ContactRecordingItem[] {
  return jsonArray(json).map((element) => {
    const f = structFields(element, RECORDING_FIELDS);
    return {
      location: stringOrNull(f.Location),
      mediaStreamType: stringOrNull(f.MediaStreamType),
      participantType: stringOrNull(f.ParticipantType),
      startTimestamp: dateOrNull(f.StartTimestamp),
      stopTimestamp: dateOrNull(f.StopTimestamp),
      status: stringOrNull(f.Status),
      storageType: stringOrNull(f.StorageType),
      deletionReason: stringOrNull(f.DeletionReason),
      fragmentStartNumber: stringOrNull(f.FragmentStartNumber),
      fragmentStopNumber: stringOrNull(f.FragmentStopNumber),
    };
  });
}

/** `References`: objects `{Name, Type, Value}` in current CTRs; the Glue table's `array<string>` would give bare strings. */
function references(json: string | null): ContactRecord['references'] {
  return jsonArray(json).map((element) => {
    if (!isJsonObject(element)) return { name: null, type: null, value: stringOrNull(element) };
    const f = structFields(element, ['Name', 'Type', 'Value'] as const);
    return { name: stringOrNull(f.Name), type: stringOrNull(f.Type), value: stringOrNull(f.Value) };
  });
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
          hierarchyGroups: hierarchyGroups(row),
        }
      : null,
    customerEndpoint: endpoint(row.customer_endpoint_address, row.customer_endpoint_type),
    systemEndpoint: endpoint(row.system_endpoint_address, row.system_endpoint_type),
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
    awsContactTraceRecordFormatVersion: row.aws_contact_trace_record_format_version ?? null,
    answeringMachineDetectionStatus: row.answering_machine_detection_status ?? null,
    campaignId: row.campaign_id ?? null,
    scheduledTimestamp: date(row.scheduled_timestamp),
    transferCompletedTimestamp: date(row.transfer_completed_timestamp),
    transferredToEndpoint: endpoint(row.transferred_to_endpoint_address ?? null, row.transferred_to_endpoint_type ?? null),
    mediaStreams: jsonArray(row.media_streams).map((element) => ({ type: stringOrNull(structFields(element, ['Type'] as const).Type) })),
    recording:
      row.recording_location === null && row.recording_status === null && row.recording_type === null && row.recording_deletion_reason === null
        ? null
        : { type: row.recording_type, status: row.recording_status, location: row.recording_location, deletionReason: row.recording_deletion_reason },
    recordings: recordings(row.recordings),
    references: references(row.contact_references),
    contactDetails: jsonObjectOrNull(row.contact_details) ?? {},
    voiceIdResult: jsonObjectOrNull(row.voice_id_result),
  };
}
