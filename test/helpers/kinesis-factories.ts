import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { AgentEventRecord, AgentSnapshot, AgentSnapshotContact } from '../../src/domain/records';
import { benchLambdaContext } from '../../bench/lambda-context';

/**
 * Record factories for the agent-event ingest tests, in the manner of Powertools'
 * `tests/helpers/factories.ts`: realistic values with only what a test cares about overridden.
 */

export const TEST_ACCOUNT_ID = '111122223333';
export const TEST_INSTANCE_ARN = 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e';
const QUEUE_ARN = `${TEST_INSTANCE_ARN}/queue/121588f7-596c-4147-9248-6858ed704a73`;
const AVAILABLE_STATUS_ARN = `${TEST_INSTANCE_ARN}/agent-state/b0b8d607-2317-4299-a475-28d88f83cef5`;

/** Overrides of {@link agentEventRecord}: any top-level field, plus shortcuts for the common ones. */
export interface AgentEventOverrides extends Partial<AgentEventRecord> {
  /** The agent id (last segment of `AgentARN`). @default '6ce798d2-7fa8-4578-827a-5b43ae17b33f' */
  readonly agentId?: string;
  /** `Configuration.Username`. @default 'dan' */
  readonly username?: string;
  /** `AgentStatus.Name` (Type follows as Connect types it: Available ROUTABLE, Offline OFFLINE, else CUSTOM). @default 'Available' */
  readonly statusName?: string;
  /** `CurrentAgentSnapshot.Contacts`. @default one inbound voice contact CONNECTED */
  readonly contacts?: AgentSnapshotContact[];
}

/** A voice contact in an agent snapshot (the blog example's contact). */
export function snapshotContact(overrides: Partial<AgentSnapshotContact> = {}): AgentSnapshotContact {
  return {
    Channel: 'VOICE',
    ConnectedToAgentTimestamp: '2019-02-13T11:11:53.053Z',
    ContactId: 'e7919b58-9a32-4c48-a3a8-9521fa2dec2c',
    InitialContactId: null,
    InitiationMethod: 'INBOUND',
    Queue: { ARN: QUEUE_ARN, Name: 'BasicQueue' },
    QueueTimestamp: '2019-02-13T11:11:46.046Z',
    State: 'CONNECTED',
    StateStartTimestamp: '2019-02-13T11:11:53.053Z',
    ...overrides,
  };
}

function statusType(name: string): 'ROUTABLE' | 'CUSTOM' | 'OFFLINE' {
  if (name === 'Available') return 'ROUTABLE';
  return name === 'Offline' ? 'OFFLINE' : 'CUSTOM';
}

function snapshot(username: string, statusName: string, contacts: AgentSnapshotContact[]): AgentSnapshot {
  return {
    AgentStatus: {
      ARN: AVAILABLE_STATUS_ARN,
      Name: statusName,
      StartTimestamp: '2019-02-13T11:11:38.038Z',
      Type: statusType(statusName),
    },
    Configuration: {
      AgentHierarchyGroups: null,
      FirstName: 'Dan',
      LastName: 'Bloy',
      RoutingProfile: {
        ARN: `${TEST_INSTANCE_ARN}/routing-profile/12e39435-6c3d-468d-975f-08ad53fc4f9d`,
        DefaultOutboundQueue: { ARN: QUEUE_ARN, Name: 'BasicQueue' },
        InboundQueues: [{ ARN: QUEUE_ARN, Name: 'BasicQueue' }],
        Name: 'Basic Routing Profile',
      },
      Username: username,
    },
    Contacts: contacts,
  };
}

/**
 * A realistic agent event in the shape of the AWS blog example (STATE_CHANGE, agent "dan" on an
 * inbound voice call). Passes `parseAgentEvent`.
 */
export function agentEventRecord(overrides: AgentEventOverrides = {}): AgentEventRecord {
  const { agentId = '6ce798d2-7fa8-4578-827a-5b43ae17b33f', username = 'dan', statusName = 'Available', contacts, ...fields } = overrides;
  const current = snapshot(username, statusName, contacts ?? [snapshotContact()]);
  return {
    AWSAccountId: TEST_ACCOUNT_ID,
    AgentARN: `${TEST_INSTANCE_ARN}/agent/${agentId}`,
    CurrentAgentSnapshot: current,
    EventId: 'fd663051-a2bf-4d33-8ea0-1e9443abfb3a',
    EventTimestamp: '2019-02-13T11:11:53.053Z',
    EventType: 'STATE_CHANGE',
    InstanceARN: TEST_INSTANCE_ARN,
    PreviousAgentSnapshot: snapshot(username, statusName, [snapshotContact({ ConnectedToAgentTimestamp: null, State: 'CONNECTING', StateStartTimestamp: '2019-02-13T11:11:47.047Z' })]),
    Version: '2019-05-25',
    ...fields,
  };
}

/** A 56-digit Kinesis sequence number; small numbers give distinct, ordered values. */
export function sequenceNumber(n: number): string {
  return `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`;
}

/** How {@link kinesisRecord} treats a string `data`. */
export interface KinesisRecordOptions {
  /** `text` (default): base64-encode the string; `base64`: use it as `kinesis.data` as is (e.g. invalid base64). */
  readonly dataIs?: 'text' | 'base64';
  readonly partitionKey?: string;
}

/**
 * A Kinesis stream record as Lambda delivers it. An object is JSON-encoded, then base64-encoded;
 * a string is base64-encoded (or used verbatim with `dataIs: 'base64'`).
 */
export function kinesisRecord(data: string | object, sequence: string | number, options: KinesisRecordOptions = {}): KinesisStreamRecord {
  const sequenceNumberText = typeof sequence === 'number' ? sequenceNumber(sequence) : sequence;
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  const encoded = typeof data === 'string' && options.dataIs === 'base64' ? data : Buffer.from(text, 'utf8').toString('base64');
  const agentArn = typeof data === 'object' && data !== null && 'AgentARN' in data ? String((data as { AgentARN: unknown }).AgentARN) : undefined;
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: options.partitionKey ?? agentArn ?? 'agent-events',
      sequenceNumber: sequenceNumberText,
      data: encoded,
      approximateArrivalTimestamp: 1_550_056_313.061,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumberText}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::111122223333:role/agent-events-lambda',
    awsRegion: 'us-west-2',
    eventSourceARN: 'arn:aws:kinesis:us-west-2:111122223333:stream/connect-agent-events',
  };
}

/** A Kinesis event of these records. */
export function kinesisEvent(records: KinesisStreamRecord[]): KinesisStreamEvent {
  return { Records: records };
}

/** A fake Lambda `Context` (as Powertools' `packages/testing/src/context.ts`): the benchmarks' one, with overrides. */
export function lambdaContext(overrides: Partial<Context> = {}): Context {
  return { ...benchLambdaContext(), ...overrides };
}
