import { z } from 'zod';
import { CHANNELS, INITIATION_METHODS } from './ctr.record';
import { parseRecord } from './record-parse';
import { MS_TIMESTAMP_PATTERN } from './record-timestamps';

/** Agent event types of the agent event stream. */
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

/** Agent status types: Available is ROUTABLE, custom statuses are NOT_ROUTABLE, Offline is OFFLINE. */
export const AGENT_STATUS_TYPES = ['ROUTABLE', 'NOT_ROUTABLE', 'OFFLINE'] as const;

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

const aeContactSchema = z.looseObject({
  Channel: z.enum(CHANNELS),
  ConnectedToAgentTimestamp: msTimestamp.nullable(),
  ContactId: z.string().min(1),
  InitialContactId: z.string().nullable(),
  InitiationMethod: z.enum(INITIATION_METHODS),
  Queue: aeQueueSchema.nullable(),
  QueueTimestamp: msTimestamp.nullable(),
  State: z.enum(AGENT_CONTACT_STATES),
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
    Type: z.enum(AGENT_STATUS_TYPES).optional(),
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
  EventType: z.enum(AGENT_EVENT_TYPES),
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
 * routing profiles without `Concurrency`, statuses without `Type`.
 * @throws RecordError `INVALID_RECORD` when it does not have the published shape.
 */
export function parseAgentEvent(json: unknown): AgentEventRecord {
  return parseRecord(agentEventRecordSchema, 'ae', json);
}
