import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import express from 'express';
import pino from 'pino';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { createIngestRouter, type IngestResponseBody } from '../../src/server/ingest.route';
import type { AgentStateChange, MalformedRecord } from '../../src/services/agent-event-ingest.service';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { agentEventRecord, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

const TABLE = 'ingest-route-test';

describe('POST /ingest/agent-events (express router + AgentStateRepository on dynalite)', () => {
  let dynamo: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  let repository: AgentStateRepository;
  let server: http.Server;
  let url: string;
  const published: AgentStateChange[] = [];
  const malformed: MalformedRecord[] = [];

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb(0);
    client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, TABLE);
    repository = new AgentStateRepository({ client, tableName: TABLE });
    const app = express();
    app.use(
      createIngestRouter({
        repository,
        publish: (change) => {
          published.push(change);
        },
        logger: pino({ level: 'silent' }),
        onMalformed: (record) => malformed.push(record),
        bodyLimitBytes: 64 * 1024,
      }),
    );
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest/agent-events`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    client.destroy();
    await dynamo.stop();
  });

  beforeEach(() => {
    published.length = 0;
    malformed.length = 0;
  });

  async function post(body: string, contentType = 'application/json'): Promise<{ status: number; body: IngestResponseBody }> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as IngestResponseBody };
  }

  it('stores every record of a valid array and answers 200 with the count', async () => {
    const records = [agentEventRecord({ agentId: 'route-a', username: 'ann' }), agentEventRecord({ agentId: 'route-b', username: 'bob', contacts: [] })];

    const response = await post(JSON.stringify(records));

    expect(response).toEqual({ status: 200, body: { accepted: 2, rejected: [], failed: [] } });
    const [a, b] = await repository.getMany([
      { instanceArn: TEST_INSTANCE_ARN, agentId: 'route-a' },
      { instanceArn: TEST_INSTANCE_ARN, agentId: 'route-b' },
    ]);
    expect(a).toMatchObject({ username: 'ann', activity: 'ON_CONTACT' });
    expect(b).toMatchObject({ username: 'bob', activity: 'AVAILABLE' });
    expect(published.map((change) => change.state.username).sort()).toEqual(['ann', 'bob']);
  });

  it('answers 400 with a reason per invalid record, and still stores the valid ones', async () => {
    const records: unknown[] = [
      agentEventRecord({ agentId: 'mixed-a', username: 'carl' }),
      { ...agentEventRecord({ agentId: 'mixed-b' }), EventTimestamp: 'yesterday' },
      'not an object',
      agentEventRecord({ agentId: 'mixed-c', username: 'dora', statusName: 'Lunch', contacts: [] }),
      { AgentARN: 42 },
    ];

    const response = await post(JSON.stringify(records));

    expect(response.status).toBe(400);
    expect(response.body.accepted).toBe(2);
    expect(response.body.failed).toEqual([]);
    expect(response.body.error?.code).toBe('INVALID_RECORDS');
    expect(response.body.rejected.map((problem) => problem.index)).toEqual([1, 2, 4]);
    expect(response.body.rejected[0]?.reason).toMatch(/EventTimestamp/);
    expect(response.body.rejected[2]?.reason).toMatch(/AgentARN/);
    expect(malformed.map((record) => record.id)).toEqual(['1', '2', '4']);
    const [a, b, c] = await repository.getMany(['mixed-a', 'mixed-b', 'mixed-c'].map((agentId) => ({ instanceArn: TEST_INSTANCE_ARN, agentId })));
    expect(a?.username).toBe('carl');
    expect(b).toBeNull();
    expect(c).toMatchObject({ username: 'dora', activity: 'NON_PRODUCTIVE' });
  });

  it('answers 400 NOT_AN_ARRAY when the body is JSON but not an array', async () => {
    const response = await post(JSON.stringify(agentEventRecord({ agentId: 'single' })));

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ accepted: 0, error: { code: 'NOT_AN_ARRAY', message: expect.stringMatching(/JSON array/) } });
    expect(await repository.getMany([{ instanceArn: TEST_INSTANCE_ARN, agentId: 'single' }])).toEqual([null]);
  });

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const response = await post('[{"AgentARN": ');
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('INVALID_JSON');
  });

  it('answers 415 when the Content-Type is not application/json', async () => {
    const response = await post(JSON.stringify([agentEventRecord({ agentId: 'form' })]), 'text/plain');
    expect(response.status).toBe(415);
    expect(response.body.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for a body over the limit', async () => {
    const records = Array.from({ length: 40 }, (_, i) => agentEventRecord({ agentId: `big-${i}`, EventId: `big-${i}` }));
    const response = await post(JSON.stringify(records));
    expect(response.status).toBe(413);
    expect(response.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('treats re-sent records as accepted no-ops and publishes nothing for them', async () => {
    const records = [agentEventRecord({ agentId: 'again', EventId: 'again-1' })];
    expect((await post(JSON.stringify(records))).status).toBe(200);
    published.length = 0;

    const response = await post(JSON.stringify(records));

    expect(response).toEqual({ status: 200, body: { accepted: 1, rejected: [], failed: [] } });
    expect(published).toEqual([]);
  });
});

describe('POST /ingest/agent-events when the store fails', () => {
  it('answers 500 WRITE_FAILED naming the records that were not stored', async () => {
    const app = express();
    app.use(
      createIngestRouter({
        repository: {
          apply: async (batch) =>
            batch.map(({ key }) =>
              key.agentId === 'down'
                ? { key, change: 'none' as const, state: null, before: null, error: new Error('ProvisionedThroughputExceededException') }
                : { key, change: 'none' as const, state: null, before: null },
            ),
        },
        publish: () => undefined,
        logger: pino({ level: 'silent' }),
      }),
    );
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const records = [agentEventRecord({ agentId: 'up' }), agentEventRecord({ agentId: 'down' }), { bad: true }];
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest/agent-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(records),
      });
      const body = (await response.json()) as IngestResponseBody;
      expect(response.status).toBe(500);
      expect(body.error?.code).toBe('WRITE_FAILED');
      expect(body.accepted).toBe(1);
      expect(body.failed).toEqual([{ index: 1, reason: expect.stringMatching(/ProvisionedThroughputExceeded/) }]);
      expect(body.rejected.map((problem) => problem.index)).toEqual([2]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
