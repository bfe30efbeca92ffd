/**
 * The values of Amazon Connect's enumerations that are documented today. Connect adds values over
 * time (reference `connect-schemas.md` §7 quirk 12: "Enumerations grow"), so these lists are
 * documentation and metric vocabulary, **never validation**: the record schemas accept any string
 * in these fields, keep it, and return it as it came. Code that gives a value a meaning (the
 * agent-state reducer, metrics) checks membership with {@link isDocumentedValue} and has a written
 * rule for the values it does not know.
 */

/** Contact channels (CTR `Channel`, agent-event `Contacts[].Channel`); EMAIL is newer than the sample. */
export const CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;

/**
 * How a contact was initiated (`InitiationMethod`): the CTR model's INBOUND, OUTBOUND, TRANSFER,
 * QUEUE_TRANSFER, CALLBACK and API, plus the values the current Connect API's `ContactInitiationMethod` adds.
 */
export const INITIATION_METHODS = [
  'INBOUND',
  'OUTBOUND',
  'TRANSFER',
  'QUEUE_TRANSFER',
  'CALLBACK',
  'API',
  'DISCONNECT',
  'MONITOR',
  'EXTERNAL_OUTBOUND',
  'WEBRTC_API',
  'AGENT_REPLY',
  'FLOW',
] as const;

/** Agent event types of the agent event stream (`EventType`). */
export const AGENT_EVENT_TYPES = ['LOGIN', 'LOGOUT', 'STATE_CHANGE', 'HEART_BEAT'] as const;

/** States of a contact inside an agent snapshot (`Contacts[].State`); ENDED means after-contact work. */
export const AGENT_CONTACT_STATES = [
  'INCOMING',
  'PENDING',
  'CONNECTING',
  'CONNECTED',
  'CONNECTED_ONHOLD',
  'MISSED',
  'PAUSED',
  'ERROR',
  'ENDED',
  'REJECTED',
] as const;

/**
 * Agent status types (`AgentStatus.Type`; `AgentStatusType` in the API): Available is ROUTABLE,
 * custom statuses (Break, Lunch, Training …) are CUSTOM, Offline is OFFLINE. Older agent-event
 * examples omit `Type` altogether.
 */
export const AGENT_STATUS_TYPES = ['ROUTABLE', 'CUSTOM', 'OFFLINE'] as const;

/**
 * `NOT_ROUTABLE`: how earlier versions of this project (and its demo data) typed custom statuses.
 * Connect does not send it; states and files that carry it are read as {@link AGENT_STATUS_TYPES} CUSTOM.
 */
export const LEGACY_CUSTOM_STATUS_TYPE = 'NOT_ROUTABLE';

/** Disconnect reasons documented today (`DisconnectReason`); the list is open-ended by design. */
export const DISCONNECT_REASONS = [
  'CUSTOMER_DISCONNECT',
  'AGENT_DISCONNECT',
  'THIRD_PARTY_DISCONNECT',
  'TELECOM_PROBLEM',
  'CONTACT_FLOW_DISCONNECT',
  'EXPIRED',
  'OTHER',
  'API',
] as const;

/** Evaluation question types (`questionType`) of the export schema 3.5; the sample extracts answers of the first three only. */
export const EVALUATION_QUESTION_TYPES = ['TEXT', 'NUMERIC', 'SINGLESELECT', 'MULTISELECT', 'DATETIME'] as const;

/** True when `value` is one of the documented values of `list` (exact, case-sensitive: Connect spells its enums upper case). */
export function isDocumentedValue<T extends string>(list: readonly T[], value: string | null | undefined): value is T {
  return value !== null && value !== undefined && (list as readonly string[]).includes(value);
}

/** `A, B or C` for descriptions and messages. */
export function listOf(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
