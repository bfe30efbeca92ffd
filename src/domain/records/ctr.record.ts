import { z } from 'zod';
import { parseRecord } from './record-parse';
import { CTR_TIMESTAMP_PATTERN } from './record-timestamps';

/**
 * The 31 top-level keys of the 2022-era contact trace record, which are exactly the 31 columns of
 * the Data Analytics Sample's `connect_ctr` Glue table (lower-cased there). Newer CTR fields
 * (`Tags`, `SegmentAttributes` …) have no column and are accepted but not required by {@link parseCtr}.
 */
export const CTR_TOP_LEVEL_KEYS = [
  'AWSAccountId',
  'AWSContactTraceRecordFormatVersion',
  'Agent',
  'AgentConnectionAttempts',
  'AnsweringMachineDetectionStatus',
  'Attributes',
  'Campaign',
  'Channel',
  'ConnectedToSystemTimestamp',
  'ContactDetails',
  'ContactId',
  'CustomerEndpoint',
  'DisconnectReason',
  'DisconnectTimestamp',
  'InitialContactId',
  'InitiationMethod',
  'InitiationTimestamp',
  'InstanceARN',
  'LastUpdateTimestamp',
  'MediaStreams',
  'NextContactId',
  'PreviousContactId',
  'Queue',
  'Recording',
  'Recordings',
  'References',
  'ScheduledTimestamp',
  'SystemEndpoint',
  'TransferCompletedTimestamp',
  'TransferredToEndpoint',
  'VoiceIdResult',
] as const;

/** Documented values of `Channel` and `InitiationMethod`: see `connect-enums.ts` (they are not validated). */
export { CHANNELS, INITIATION_METHODS } from './connect-enums';

/** A CTR timestamp: UTC, whole seconds, no milliseconds. */
const ctrTimestamp = z.string().regex(CTR_TIMESTAMP_PATTERN, 'expected yyyy-mm-ddThh:mm:ssZ (CTR timestamps carry no milliseconds)');
const wholeSeconds = z.number().int().min(0);

const endpointSchema = z.looseObject({ Address: z.string(), Type: z.string() });

const ctrHierarchyGroupSchema = z.looseObject({ ARN: z.string(), GroupName: z.string() });

const ctrHierarchyGroupsSchema = z.looseObject({
  Level1: ctrHierarchyGroupSchema.nullable().optional(),
  Level2: ctrHierarchyGroupSchema.nullable().optional(),
  Level3: ctrHierarchyGroupSchema.nullable().optional(),
  Level4: ctrHierarchyGroupSchema.nullable().optional(),
  Level5: ctrHierarchyGroupSchema.nullable().optional(),
});

const ctrAgentSchema = z.looseObject({
  ARN: z.string(),
  AfterContactWorkDuration: wholeSeconds.nullable(),
  AfterContactWorkEndTimestamp: ctrTimestamp.nullable(),
  AfterContactWorkStartTimestamp: ctrTimestamp.nullable(),
  AgentInteractionDuration: wholeSeconds,
  ConnectedToAgentTimestamp: ctrTimestamp.nullable(),
  CustomerHoldDuration: wholeSeconds,
  HierarchyGroups: ctrHierarchyGroupsSchema.nullable(),
  LongestHoldDuration: wholeSeconds,
  NumberOfHolds: wholeSeconds,
  RoutingProfile: z.looseObject({ ARN: z.string(), Name: z.string() }),
  Username: z.string().min(1),
});

const ctrQueueSchema = z.looseObject({
  ARN: z.string(),
  DequeueTimestamp: ctrTimestamp.nullable(),
  Duration: wholeSeconds.nullable(),
  EnqueueTimestamp: ctrTimestamp.nullable(),
  Name: z.string().nullable(),
});

const ctrRecordingSchema = z.looseObject({
  DeletionReason: z.string().nullable(),
  Location: z.string(),
  Status: z.string(),
  Type: z.string(),
});

const ctrRecordingsItemSchema = z.looseObject({
  DeletionReason: z.string().nullable().optional(),
  FragmentStartNumber: z.string().nullable().optional(),
  FragmentStopNumber: z.string().nullable().optional(),
  Location: z.string(),
  MediaStreamType: z.string(),
  ParticipantType: z.string().nullable().optional(),
  StartTimestamp: ctrTimestamp.nullable().optional(),
  Status: z.string(),
  StopTimestamp: ctrTimestamp.nullable().optional(),
  StorageType: z.string(),
});

/**
 * A contact trace record as the CTR stream publishes it (PascalCase keys). Keys outside the 2022
 * Glue schema are kept (loose objects); keys that some published examples omit are optional.
 * Enumerated fields (`Channel`, `InitiationMethod`, `DisconnectReason` …) accept any string: Connect
 * adds values over time, and an unknown value is data, not an error.
 */
export const ctrRecordSchema = z.looseObject({
  AWSAccountId: z.string(),
  AWSContactTraceRecordFormatVersion: z.string(),
  /** `null` when the contact never connected to an agent (abandoned in queue, ended in the IVR). */
  Agent: ctrAgentSchema.nullable(),
  AgentConnectionAttempts: wholeSeconds,
  AnsweringMachineDetectionStatus: z.string().nullable().optional(),
  /** Contact attributes; key casing is whatever the flows used (keys may collide once lower-cased). */
  Attributes: z.record(z.string(), z.string()),
  Campaign: z.looseObject({ CampaignId: z.string().nullable() }).nullable().optional(),
  /** VOICE, CHAT, TASK, EMAIL today ({@link CHANNELS}); any other value is kept as sent (quirk 12). */
  Channel: z.string(),
  ConnectedToSystemTimestamp: ctrTimestamp.nullable(),
  ContactDetails: z.record(z.string(), z.unknown()).nullable().optional(),
  ContactId: z.string().min(1),
  CustomerEndpoint: endpointSchema.nullable(),
  /** Open-ended (CUSTOMER_DISCONNECT, AGENT_DISCONNECT, EXPIRED …); kept as sent. */
  DisconnectReason: z.string().nullable().optional(),
  DisconnectTimestamp: ctrTimestamp.nullable(),
  InitialContactId: z.string().nullable(),
  /** {@link INITIATION_METHODS} today (WEBRTC_API, AGENT_REPLY, FLOW … are newer than the sample); any other value is kept as sent. */
  InitiationMethod: z.string(),
  InitiationTimestamp: ctrTimestamp,
  InstanceARN: z.string(),
  LastUpdateTimestamp: ctrTimestamp,
  MediaStreams: z.array(z.looseObject({ Type: z.string() })),
  NextContactId: z.string().nullable(),
  PreviousContactId: z.string().nullable(),
  Queue: ctrQueueSchema.nullable(),
  Recording: ctrRecordingSchema.nullable(),
  Recordings: z.array(ctrRecordingsItemSchema).nullable().optional(),
  /** `array<string>` in Glue, but current CTRs (tasks) carry objects `{Name, Type, Value}`. */
  References: z.array(z.unknown()).nullable().optional(),
  ScheduledTimestamp: ctrTimestamp.nullable().optional(),
  SystemEndpoint: endpointSchema.nullable(),
  TransferCompletedTimestamp: ctrTimestamp.nullable(),
  TransferredToEndpoint: endpointSchema.nullable(),
  VoiceIdResult: z.unknown().optional(),
});

/** A parsed contact trace record. */
export type CtrRecord = z.infer<typeof ctrRecordSchema>;

/** The `Agent` object of a CTR (absent for abandoned contacts). */
export type CtrAgent = z.infer<typeof ctrAgentSchema>;

/**
 * Reads one contact trace record (the object, not its JSON text).
 * @throws RecordError `INVALID_RECORD` when it does not have the published shape.
 */
export function parseCtr(json: unknown): CtrRecord {
  return parseRecord(ctrRecordSchema, 'ctr', json);
}

/**
 * De-duplicates CTR deliveries the way AWS documents it: one record per `ContactId`, the one with the
 * greatest `LastUpdateTimestamp` (CTR timestamps have a fixed width, so string order is time order).
 * On a tie the first delivery seen is kept. File or arrival order is never used.
 */
export function latestCtrPerContact<T extends Pick<CtrRecord, 'ContactId' | 'LastUpdateTimestamp'>>(
  records: Iterable<T>,
): Map<string, T> {
  const latest = new Map<string, T>();
  for (const record of records) {
    const kept = latest.get(record.ContactId);
    if (kept === undefined || record.LastUpdateTimestamp > kept.LastUpdateTimestamp) latest.set(record.ContactId, record);
  }
  return latest;
}
