import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { AgentEventRecord, CtrRecord } from '../../src/domain/records';
import { createAgentEventsHandler } from '../../src/lambda/agent-events.handler';
import { pinoIngestLogger, type AgentStateChange } from '../../src/services/agent-event-ingest.service';
import { postQuery } from '../helpers/graphql-client';
import { agentEventRecord, kinesisEvent, kinesisRecord, lambdaContext, snapshotContact } from '../helpers/kinesis-factories';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Reference connect-schemas.md §7 quirk 12, "Enumerations grow": custom statuses are typed CUSTOM,
 * older events have no Type, and Connect keeps adding channels, initiation methods, contact states
 * and status types. Every such value must be accepted by POST /ingest/agent-events and by the
 * Kinesis Lambda, stored, and returned by the API exactly as sent.
 */

const fixtures = path.resolve(__dirname, '../fixtures/connect/real');

/** The real 2022 CTR (kyopark2014, see fixtures PROVENANCE.md) as the base of contacts with other enum values. */
const realCtr = JSON.parse(fs.readFileSync(path.join(fixtures, 'ctr-voice-inbound-transfer-kyopark2014-sample.json'), 'utf8')) as CtrRecord;

/** Contacts of the tiny data folder: documented values newer than the fixture, and made-up future ones. */
const CONTACTS: readonly Pick<CtrRecord, 'ContactId' | 'Channel' | 'InitiationMethod' | 'DisconnectReason'>[] = [
  { ContactId: realCtr.ContactId, Channel: 'VOICE', InitiationMethod: 'INBOUND', DisconnectReason: 'CUSTOMER_DISCONNECT' },
  { ContactId: 'aaaaaaaa-0000-4000-8000-000000000001', Channel: 'VOICE', InitiationMethod: 'WEBRTC_API', DisconnectReason: 'CUSTOMER_DISCONNECT' },
  { ContactId: 'aaaaaaaa-0000-4000-8000-000000000002', Channel: 'EMAIL', InitiationMethod: 'AGENT_REPLY', DisconnectReason: 'AGENT_DISCONNECT' },
  { ContactId: 'aaaaaaaa-0000-4000-8000-000000000003', Channel: 'VIDEO', InitiationMethod: 'SOMETHING_NEW', DisconnectReason: 'BARGED_OUT' },
];

/** Writes `ctr/year=2022/month=01/day=05/<file>` (newline-delimited JSON, no extension, as Firehose names objects). */
function writeTinyDataFolder(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-open-enums-')), 'data');
  const day = path.join(dir, 'ctr', 'year=2022', 'month=01', 'day=05');
  fs.mkdirSync(day, { recursive: true });
  const lines = CONTACTS.map((contact) => JSON.stringify({ ...realCtr, ...contact }));
  fs.writeFileSync(path.join(day, 'open-enums-1-2022-01-05-17-50-00-0a1b2c3d.json'), `${lines.join('\n')}\n`);
  return dir;
}

/** An agent event of agent `id` with its status typed `type` (omitted when undefined) and these contacts. */
function event(id: string, statusName: string, type: string | undefined, contacts: AgentEventRecord['CurrentAgentSnapshot']['Contacts'], eventType = 'STATE_CHANGE'): AgentEventRecord {
  const base = agentEventRecord({ agentId: id, username: id, statusName, contacts, EventId: `event-${id}`, EventType: eventType });
  const { Type: _type, ...status } = base.CurrentAgentSnapshot.AgentStatus;
  return { ...base, CurrentAgentSnapshot: { ...base.CurrentAgentSnapshot, AgentStatus: type === undefined ? status : { ...status, Type: type } } };
}

/** The same five situations for both transports; `prefix` keeps their agents apart. */
function scenario(prefix: string): AgentEventRecord[] {
  return [
    // A custom status as Connect sends it today.
    event(`${prefix}-break`, 'Break', 'CUSTOM', []),
    // An older event without Type: typed from the name.
    event(`${prefix}-lunch`, 'Lunch', undefined, []),
    // A contact in a state, on a channel and by an initiation method this code does not know.
    event(`${prefix}-video`, 'Available', 'ROUTABLE', [snapshotContact({ ContactId: `${prefix}-c1`, State: 'RINGING_V2', Channel: 'VIDEO', InitiationMethod: 'WEBRTC_API' })]),
    // Documented, newer than the sample: an EMAIL reply, connected.
    event(`${prefix}-email`, 'Available', 'ROUTABLE', [snapshotContact({ ContactId: `${prefix}-c2`, State: 'CONNECTED', Channel: 'EMAIL', InitiationMethod: 'AGENT_REPLY' })]),
    // A status type and an event type Connect might add.
    event(`${prefix}-coach`, 'Coaching', 'SUPERVISED', [], 'SESSION_RESUMED'),
  ];
}

interface LiveState {
  username: string;
  activity: string;
  status: string;
  statusType: string;
  lastEventType: string;
  contacts: { contactId: string; state: string; channel: string; initiationMethod: string | null }[];
}

/** What the scenario must look like in `agentStates`. */
function expectedStates(prefix: string): LiveState[] {
  return [
    { username: `${prefix}-break`, activity: 'NON_PRODUCTIVE', status: 'Break', statusType: 'CUSTOM', lastEventType: 'STATE_CHANGE', contacts: [] },
    { username: `${prefix}-coach`, activity: 'NON_PRODUCTIVE', status: 'Coaching', statusType: 'SUPERVISED', lastEventType: 'SESSION_RESUMED', contacts: [] },
    {
      username: `${prefix}-email`,
      activity: 'ON_CONTACT',
      status: 'Available',
      statusType: 'ROUTABLE',
      lastEventType: 'STATE_CHANGE',
      contacts: [{ contactId: `${prefix}-c2`, state: 'CONNECTED', channel: 'EMAIL', initiationMethod: 'AGENT_REPLY' }],
    },
    { username: `${prefix}-lunch`, activity: 'NON_PRODUCTIVE', status: 'Lunch', statusType: 'CUSTOM', lastEventType: 'STATE_CHANGE', contacts: [] },
    {
      username: `${prefix}-video`,
      activity: 'ON_CONTACT',
      status: 'Available',
      statusType: 'ROUTABLE',
      lastEventType: 'STATE_CHANGE',
      contacts: [{ contactId: `${prefix}-c1`, state: 'RINGING_V2', channel: 'VIDEO', initiationMethod: 'WEBRTC_API' }],
    },
  ];
}

describe('values Connect adds to its enumerations are accepted and returned as sent (quirk 12)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ DATA_DIR: writeTinyDataFolder(), AGENT_STATE_TABLE: 'open-enums-test' });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(path.dirname(server.dataDir), { recursive: true, force: true });
  });

  async function liveStates(prefix: string): Promise<LiveState[]> {
    const { body } = await postQuery<{ agentStates: LiveState[] }>(
      server.url,
      '{ agentStates { username activity status statusType lastEventType contacts { contactId state channel initiationMethod } } }',
    );
    expect(body.errors).toBeUndefined();
    return body.data!.agentStates.filter((s) => s.username.startsWith(`${prefix}-`)).sort((a, b) => a.username.localeCompare(b.username));
  }

  it('POST /ingest/agent-events answers 200 and the live state shows CUSTOM, the inferred type and the raw values', async () => {
    const response = await fetch(`${server.url}/ingest/agent-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scenario('route')),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 5, rejected: [], failed: [] });
    expect(await liveStates('route')).toEqual(expectedStates('route'));
  });

  it('the Kinesis Lambda reports no batch item failure and stores the same states', async () => {
    const published: AgentStateChange[] = [];
    const malformed: string[] = [];
    const handler = createAgentEventsHandler({
      repository: server.stack.agentStates,
      publish: (change) => {
        published.push(change);
      },
      logger: { ...pinoIngestLogger(pino({ level: 'silent' })), info: () => undefined },
      onMalformed: (record) => {
        malformed.push(`${record.id}: ${record.reason}`);
      },
    });
    const records = scenario('kinesis').map((record, i) => kinesisRecord(record, i + 1));

    await expect(handler(kinesisEvent(records), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(malformed).toEqual([]);

    expect(published.map((change) => change.state.status.type).sort()).toEqual(['CUSTOM', 'CUSTOM', 'ROUTABLE', 'ROUTABLE', 'SUPERVISED']);
    expect(await liveStates('kinesis')).toEqual(expectedStates('kinesis'));
  });

  interface ContactsData {
    contacts: { edges: { node: { contactId: string; channel: string; initiationMethod: string; disconnectReason: string } }[] };
  }
  const RANGE = 'from: "2022-01-05T00:00:00Z", to: "2022-01-06T00:00:00Z"';
  const contactsQuery = (filter: string) => `{ contacts(filter: { ${RANGE}${filter} }, first: 10) { edges { node { contactId channel initiationMethod disconnectReason } } } }`;

  async function contactIds(query: string, variables?: Record<string, unknown>): Promise<string[]> {
    const { status, body } = await postQuery<ContactsData>(server.url, query, variables);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    return body.data!.contacts.edges.map((edge) => edge.node.contactId).sort();
  }

  it('returns CTRs with a channel, initiation method and disconnect reason it does not know exactly as they came', async () => {
    const { body } = await postQuery<ContactsData>(server.url, contactsQuery(''));
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.contacts.edges.map((edge) => edge.node).sort((a, b) => a.contactId.localeCompare(b.contactId));
    expect(nodes).toEqual(
      [...CONTACTS]
        .sort((a, b) => a.ContactId.localeCompare(b.ContactId))
        .map((c) => ({ contactId: c.ContactId, channel: c.Channel, initiationMethod: c.InitiationMethod, disconnectReason: c.DisconnectReason })),
    );
  });

  it('filters by any channel or initiation method, written bare (as the former enum), quoted, or in variables', async () => {
    const video = ['aaaaaaaa-0000-4000-8000-000000000003'];
    expect(await contactIds(contactsQuery(', channel: VOICE'))).toEqual([realCtr.ContactId, 'aaaaaaaa-0000-4000-8000-000000000001'].sort());
    expect(await contactIds(contactsQuery(', channel: VIDEO'))).toEqual(video);
    expect(await contactIds(contactsQuery(', channel: "VIDEO"'))).toEqual(video);
    expect(await contactIds(contactsQuery(', channel: EMAIL, initiationMethod: AGENT_REPLY'))).toEqual(['aaaaaaaa-0000-4000-8000-000000000002']);
    expect(await contactIds(contactsQuery(', initiationMethod: WEBRTC_API'))).toEqual(['aaaaaaaa-0000-4000-8000-000000000001']);
    const withVariables = 'query($channel: Channel, $method: InitiationMethod) { contacts(filter: { from: "2022-01-05T00:00:00Z", to: "2022-01-06T00:00:00Z", channel: $channel, initiationMethod: $method }, first: 10) { edges { node { contactId } } } }';
    expect(await contactIds(withVariables, { channel: 'VIDEO', method: 'SOMETHING_NEW' })).toEqual(video);
    expect(await contactIds(withVariables, { channel: 'Video' })).toEqual([]);
  });

  it('still refuses what is not a name', async () => {
    for (const filter of [', channel: 42', ', channel: ""', ', initiationMethod: [INBOUND]']) {
      const { body } = await postQuery<ContactsData>(server.url, contactsQuery(filter));
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('counts an unknown channel as its own value in contacts by channel', async () => {
    const { body } = await postQuery<{ metrics: { rows: { dimensions: { value: string | null }[]; metrics: { name: string; value: number | null }[] }[] } }>(
      server.url,
      `{ metrics(input: { from: "2022-01-05T00:00:00Z", to: "2022-01-06T00:00:00Z", groupings: [{ key: CHANNEL }], metrics: [{ name: CONTACTS_CREATED }] }) {
        rows { dimensions { value } metrics { name value } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const byChannel = Object.fromEntries(body.data!.metrics.rows.map((row) => [row.dimensions[0]!.value, row.metrics[0]!.value]));
    expect(byChannel).toEqual({ VOICE: 2, EMAIL: 1, VIDEO: 1 });
  });
});
