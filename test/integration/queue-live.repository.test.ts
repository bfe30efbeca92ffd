import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseContactEvent } from '../../src/domain/records/contact-event.record';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { QueueLiveRepository } from '../../src/state/queue-live.repository';
import { TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

const TABLE = 'queue-live-repository-test';
const Q1 = `${TEST_INSTANCE_ARN}/queue/q1`;
const Q2 = `${TEST_INSTANCE_ARN}/queue/q2`;
const T = Date.parse('2026-03-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('QueueLiveRepository on dynalite: conditional, idempotent, order-tolerant writes', () => {
  let dynamo: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  let repository: QueueLiveRepository;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb(0);
    client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, TABLE);
    repository = new QueueLiveRepository({ client, tableName: TABLE, maxAgeSeconds: 3600 });
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  const event = (detail: Record<string, unknown>) => parseContactEvent({ instanceArn: TEST_INSTANCE_ARN, ...detail });

  it('keeps the newest event, fills what an older one knows, and reports the queues that changed', async () => {
    // CONNECTED first, without queueInfo; the QUEUED arriving late is older but names the queue and enqueue time.
    const connected = await repository.apply(event({ eventType: 'CONNECTED_TO_AGENT', contactId: 'r-1', channel: 'VOICE', agentInfo: { connectedToAgentTimestamp: iso(T + 30_000) } }));
    expect(connected).toEqual({ change: 'changed', queueArns: [] });
    const lateQueued = await repository.apply(event({ eventType: 'QUEUED', contactId: 'r-1', channel: 'VOICE', queueInfo: { queueArn: Q1, enqueueTimestamp: iso(T) } }));
    expect(lateQueued).toEqual({ change: 'changed', queueArns: [Q1] });
    // The same late event again: nothing left to fill.
    expect(await repository.apply(event({ eventType: 'QUEUED', contactId: 'r-1', channel: 'VOICE', queueInfo: { queueArn: Q1, enqueueTimestamp: iso(T) } }))).toEqual({ change: 'none', queueArns: [] });
    expect(await repository.listLiveContacts(TEST_INSTANCE_ARN)).toEqual([
      expect.objectContaining({ contactId: 'r-1', phase: 'CONNECTED', queueArn: Q1, enqueuedAt: iso(T), phaseAt: iso(T + 30_000) }),
    ]);
  });

  it('treats ENDED as final: a QUEUED arriving after the DISCONNECTED does not bring the contact back', async () => {
    expect(await repository.apply(event({ eventType: 'DISCONNECTED', contactId: 'r-2', disconnectTimestamp: iso(T + 60_000) }))).toEqual({ change: 'changed', queueArns: [] });
    expect(await repository.apply(event({ eventType: 'QUEUED', contactId: 'r-2', queueInfo: { queueArn: Q2, enqueueTimestamp: iso(T + 90_000) } }))).toMatchObject({ change: 'none' });
    expect((await repository.listLiveContacts(TEST_INSTANCE_ARN)).map((c) => c.contactId)).not.toContain('r-2');
  });

  it('reports both queues when a contact moves, and sets the TTL to its phase time plus the maximum age', async () => {
    await repository.apply(event({ eventType: 'QUEUED', contactId: 'r-3', queueInfo: { queueArn: Q1, enqueueTimestamp: iso(T) } }));
    expect(await repository.apply(event({ eventType: 'QUEUED', contactId: 'r-3', queueInfo: { queueArn: Q2, enqueueTimestamp: iso(T + 5_000) } }))).toEqual({ change: 'changed', queueArns: [Q1, Q2] });
    const doc = DynamoDBDocumentClient.from(client);
    const { Item } = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `QLIVE#${TEST_INSTANCE_ARN}`, sk: 'CONTACT#r-3' } }));
    expect(Item).toMatchObject({ entity: 'live-contact', queueArn: Q2, expiresAt: Math.floor((T + 5_000) / 1000) + 3600 });
  });
});
