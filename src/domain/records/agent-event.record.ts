import { z } from 'zod';
import { parseRecord } from './record-parse';
import { MS_TIMESTAMP_PATTERN } from './record-timestamps';

/** Documented values of the agent event's enumerations: see `connect-enums.ts` (they are not validated). */
export { AGENT_CONTACT_STATES, AGENT_EVENT_TYPES, AGENT_STATUS_TYPES } from './connect-enums';

const msTimestamp = z.string().regex(MS_TIMESTAMP_PATTERN, 'expected yyyy-mm-ddThh:mm:ss.sssZ');

const aeQueueSchema = z.looseObject({
  ARN: z.string(),
  /** Agent queues have no name (`null`). */
  Name: z.string().nullable(),
  Channels: z.array(z.string()).optional(),
});

const aeHierarchyGroupSchema = z.looseObject({ ARN: z.string(), Name: z.string() });

const aeHierarchyGroupsSchema = z.looseObject({
  Level1: aeHierarchyGroupSchema.nullable().optional(),
  Level2: aeHierarchyGroupSchema.nullable().optional(),
  Level3: aeHierarchyGroupSchema.nullable().optional(),
  Level4: aeHierarchyGroupSchema.nullable().optional(),
  Level5: aeHierarchyGroupSchema.nullable().optional(),
});

const aeRoutingProfileSchema = z.looseObject({
  ARN: z.string(),
  Concurrency: z
    .array(z.looseObject({ AvailableSlots: z.number().int(), Channel: z.string(), MaximumSlots: z.number().int() }))
    .optional(),
  DefaultOutboundQueue: aeQueueSchema.nullable().optional(),
  InboundQueues: z.array(aeQueueSchema),
  Name: z.string(),
});

const aeConfigurationSchema = z.looseObject({
  AgentHierarchyGroups: aeHierarchyGroupsSchema.nullable(),
  FirstName: z.string(),
  LastName: z.string(),
  RoutingProfile: aeRoutingProfileSchema,
  Username: z.string().min(1),
});

/** Enumerated fields take any string: Connect adds channels, initiation methods and states over time (quirk 12). */
const aeContactSchema = z.looseObject({
  /** VOICE, CHAT, TASK, EMAIL today; kept as sent. */
  Channel: z.string(),
  ConnectedToAgentTimestamp: msTimestamp.nullable(),
  ContactId: z.string().min(1),
  InitialContactId: z.string().nullable(),
  /** INBOUND, OUTBOUND, TRANSFER, CALLBACK, API, WEBRTC_API … today; kept as sent. */
  InitiationMethod: z.string(),
  Queue: aeQueueSchema.nullable(),
  QueueTimestamp: msTimestamp.nullable(),
  /** One of `AGENT_CONTACT_STATES` today; the reducer has a rule for any other (see `deriveActivity`). */
  State: z.string(),
  StateStartTimestamp: msTimestamp,
});

const aeNextAgentStatusSchema = z.looseObject({
  Name: z.string(),
  ARN: z.string(),
  EnqueuedTimestamp: msTimestamp,
});

const aeAgentSnapshotSchema = z.looseObject({
  AgentStatus: z.looseObject({
    ARN: z.string(),
    Name: z.string(),
    StartTimestamp: msTimestamp,
    /** ROUTABLE, CUSTOM or OFFLINE today; absent in older events; any other value is kept as sent. */
    Type: z.string().nullable().optional(),
  }),
  Configuration: aeConfigurationSchema,
  Contacts: z.array(aeContactSchema),
  /** The status the agent chose while still on contacts; routing pauses until it applies. */
  NextAgentStatus: aeNextAgentStatusSchema.nullable().optional(),
});

/** An agent event as the agent event stream publishes it (PascalCase keys, millisecond timestamps). */
export const agentEventRecordSchema = z.looseObject({
  AWSAccountId: z.string(),
  AgentARN: z.string(),
  CurrentAgentSnapshot: aeAgentSnapshotSchema,
  EventId: z.string().min(1),
  EventTimestamp: msTimestamp,
  /** LOGIN, LOGOUT, STATE_CHANGE, HEART_BEAT today; any other type is read as a state change. */
  EventType: z.string(),
  InstanceARN: z.string(),
  /** Not applicable to LOGIN and LOGOUT (null there). */
  PreviousAgentSnapshot: aeAgentSnapshotSchema.nullable().optional(),
  /** `2019-05-25` in STATE_CHANGE examples, `2017-10-01` in the HEART_BEAT example; absent in the blog example. */
  Version: z.string().optional(),
});

/** A parsed agent event. */
export type AgentEventRecord = z.infer<typeof agentEventRecordSchema>;

/** One agent snapshot (current or previous) of an agent event. */
export type AgentSnapshot = z.infer<typeof aeAgentSnapshotSchema>;

/** One entry of `AgentSnapshot.Contacts`. */
export type AgentSnapshotContact = z.infer<typeof aeContactSchema>;

/**
 * Reads one agent event (the object, not its JSON text). Accepts the shapes of the published
 * examples: `AgentHierarchyGroups: null`, `NextAgentStatus` null or an object, queue `Name: null`,
 * routing profiles without `Concurrency`, statuses without `Type`. Enumerated fields (event type,
 * status type, contact channel, initiation method and state) accept any string and keep it as sent.
 * @throws RecordError `INVALID_RECORD` when it does not have the published shape.
 */
export function parseAgentEvent(json: unknown): AgentEventRecord {
  return parseRecord(agentEventRecordSchema, 'ae', json);
}
