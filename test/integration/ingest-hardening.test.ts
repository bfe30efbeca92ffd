/**
 * Ingest hardening through the real server (POST /ingest/agent-events → ingest service → dynalite →
 * GraphQL agentStates) and through the real route with a scoped principal: a forged future-dated
 * event is refused and never applied, the agent's later real events still apply; impossible and
 * pre-2017 dates and out-of-scope instances are refused the same way, the rest of the batch applies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import express from 'express';
import pino from 'pino';
import { instanceScopeOf, ANONYMOUS_PRINCIPAL } from '../../src/domain/principal';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { setRequestPrincipal } from '../../src/server/auth/request-principal';
import { createIngestRouter, type IngestResponseBody } from '../../src/server/ingest.route';
import type { MalformedRecord } from '../../src/services/agent-event-ingest.service';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { postQuery } from '../helpers/graphql-client';
import { agentEventRecord, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(60_000);

const AGENT_ID = 'a9e1c3d4-0000-4000-8000-000000000099';
const USERNAME = 'forgery-target';

/** An event of the test agent, dated `timestamp`, with no contacts (its other timestamps are 2019). */
function eventAt(timestamp: string, statusName: string, eventId: string, overrides: Record<string, unknown> = {}) {
  return agentEventRecord({ agentId: AGENT_ID, username: USERNAME, statusName, contacts: [], EventTimestamp: timestamp, EventId: eventId, ...overrides });
}

/** Now, in the agent event format (milliseconds). */
const nowTimestamp = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

async function postEvents(url: string, records: unknown[]): Promise<{ status: number; body: IngestResponseBody }> {
  const res = await fetch(`${url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
  return { status: res.status, body: (await res.json()) as IngestResponseBody };
}

interface AgentStatesData {
  agentStates: { username: string; status: string; lastEventId: string; lastEventTimestamp: string }[];
}

async function targetState(url: string) {
  const { body } = await postQuery<AgentStatesData>(url, '{ agentStates { username status lastEventId lastEventTimestamp } }');
  return body.data?.agentStates.find((agent) => agent.username === USERNAME);
}

describe('a forged future-dated event through the real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('refuses the 2099 event, never applies it, and applies the agent\'s later real events', async () => {
    const first = await postEvents(server.url, [eventAt(nowTimestamp(-60_000), 'Available', 'real-1')]);
    expect(first.status).toBe(200);

    const forged = await postEvents(server.url, [eventAt('2099-01-01T00:00:00.000Z', 'Lunch', 'forged-2099')]);
    expect(forged.status).toBe(400);
    expect(forged.body.accepted).toBe(0);
    expect(forged.body.rejected).toEqual([{ index: 0, reason: expect.stringContaining('EventTimestamp 2099-01-01T00:00:00.000Z is more than 300 s ahead') }]);
    expect(await targetState(server.url)).toEqual(expect.objectContaining({ status: 'Available', lastEventId: 'real-1' }));

    const laterTimestamp = nowTimestamp();
    const later = await postEvents(server.url, [eventAt(laterTimestamp, 'Training', 'real-2')]);
    expect(later.status).toBe(200);
    expect(await targetState(server.url)).toEqual({ username: USERNAME, status: 'Training', lastEventId: 'real-2', lastEventTimestamp: laterTimestamp });

    // Counted by reason in Prometheus.
    const metrics = await (await fetch(server.stack.metricsUrl)).text();
    expect(metrics).toMatch(/agent_events_rejected_total\{reason="future_timestamp"\} 1\b/);
  });

  it('refuses impossible and pre-2017 dates in any timestamp and applies the rest of the batch', async () => {
    const valid = nowTimestamp();
    const impossible = eventAt('2026-02-30T10:00:00.000Z', 'Lunch', 'impossible');
    const old = eventAt('2016-12-31T23:59:59.999Z', 'Lunch', 'pre-2017');
    const badStatusStart = eventAt(nowTimestamp(), 'Lunch', 'bad-start');
    badStatusStart.CurrentAgentSnapshot.AgentStatus.StartTimestamp = '2026-13-01T00:00:00.000Z';
    const futureContact = agentEventRecord({ agentId: AGENT_ID, username: USERNAME, statusName: 'Lunch', EventTimestamp: nowTimestamp(), EventId: 'future-contact' });
    futureContact.CurrentAgentSnapshot.Contacts[0]!.StateStartTimestamp = '2099-06-01T00:00:00.000Z';
    const res = await postEvents(server.url, [impossible, old, badStatusStart, futureContact, eventAt(valid, 'Available', 'real-3')]);
    expect(res.status).toBe(400);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(res.body.rejected[0]!.reason).toBe('EventTimestamp 2026-02-30T10:00:00.000Z is not a real date and time');
    expect(res.body.rejected[1]!.reason).toContain('before 2017-01-01');
    expect(res.body.rejected[2]!.reason).toContain('CurrentAgentSnapshot.AgentStatus.StartTimestamp 2026-13-01T00:00:00.000Z is not a real date');
    expect(res.body.rejected[3]!.reason).toContain('CurrentAgentSnapshot.Contacts[0].StateStartTimestamp 2099-06-01T00:00:00.000Z is more than');
    expect(await targetState(server.url)).toEqual({ username: USERNAME, status: 'Available', lastEventId: 'real-3', lastEventTimestamp: valid });
  });

  it('honours INGEST_MAX_FUTURE_SKEW_SECONDS', async () => {
    const strict = await startTestServer({ INGEST_MAX_FUTURE_SKEW_SECONDS: '0' });
    try {
      const res = await postEvents(strict.url, [eventAt(nowTimestamp(60_000), 'Lunch', 'one-minute-ahead')]);
      expect(res.body.rejected[0]!.reason).toContain('more than 0 s ahead');
    } finally {
      await strict.stop();
    }
    const relaxed = await postEvents(server.url, [eventAt(nowTimestamp(60_000), 'Available', 'one-minute-ahead')]);
    expect(relaxed.status).toBe(200);
  });
});

describe('an event for an instance outside the principal\'s scope (the real route, a scoped principal)', () => {
  const OTHER_INSTANCE = 'arn:aws:connect:us-west-2:111122223333:instance/00000000-0000-4000-8000-0000000000bb';
  let dynamo: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  let repository: AgentStateRepository;
  let server: http.Server;
  let url: string;
  const malformed: MalformedRecord[] = [];

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb(0);
    client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, 'ingest-scope-test');
    repository = new AgentStateRepository({ client, tableName: 'ingest-scope-test' });
    const app = express();
    // What the authentication middleware does: a principal that may write the test instance only.
    app.use((_req, res, next) => {
      setRequestPrincipal(res, { ...ANONYMOUS_PRINCIPAL, id: 'instance-a-writer', method: 'apikey', instances: instanceScopeOf([TEST_INSTANCE_ARN]) });
      next();
    });
    app.use(createIngestRouter({ repository, publish: () => undefined, logger: pino({ level: 'silent' }), onMalformed: (record) => malformed.push(record) }));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    client.destroy();
    await dynamo.stop();
  });

  it('refuses it, never stores it, and applies the in-scope event of the same batch', async () => {
    const timestamp = nowTimestamp();
    const outside = eventAt(timestamp, 'Lunch', 'other-instance', { InstanceARN: OTHER_INSTANCE, AgentARN: `${OTHER_INSTANCE}/agent/${AGENT_ID}` });
    const inside = eventAt(timestamp, 'Available', 'own-instance');
    const res = await postEvents(url, [outside, inside]);
    expect(res.status).toBe(400);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([{ index: 0, reason: `InstanceARN ${OTHER_INSTANCE} is outside the instances this credential may write` }]);
    expect(malformed).toEqual([expect.objectContaining({ rejection: 'out_of_scope' })]);
    const [outsideState, insideState] = await repository.getMany([{ instanceArn: OTHER_INSTANCE, agentId: AGENT_ID }, { instanceArn: TEST_INSTANCE_ARN, agentId: AGENT_ID }]);
    expect(outsideState).toBeNull();
    expect(insideState).toEqual(expect.objectContaining({ lastEvent: expect.objectContaining({ id: 'own-instance' }) }));
  });
});
