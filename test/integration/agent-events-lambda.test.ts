import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handler } from '../../src/lambda/agent-events.handler';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { agentEventRecord, kinesisEvent, kinesisRecord, lambdaContext, sequenceNumber, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

const TABLE = 'agent-events-lambda-test';
const ENV = {
  AGENT_STATE_TABLE: TABLE,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  LOG_LEVEL: 'silent',
} as const;

describe('the deployed agent-events handler (configuration from the environment, dynalite as DynamoDB)', () => {
  let dynamo: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb(0);
    const env: Record<string, string> = { ...ENV, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    saved.REDIS_URL = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, TABLE);
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    client.destroy();
    await dynamo.stop();
  });

  it('stores the valid records in the configured table and reports the malformed one', async () => {
    const event = kinesisEvent([
      kinesisRecord(agentEventRecord({ agentId: 'lambda-a', username: 'ann' }), 1),
      kinesisRecord('{"not": "an agent event"}', 2),
      kinesisRecord(agentEventRecord({ agentId: 'lambda-b', username: 'bob', statusName: 'Break', contacts: [] }), 3),
    ]);

    const response = await handler(event, lambdaContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
    const repository = new AgentStateRepository({ client, tableName: TABLE });
    const [a, b] = await repository.getMany([
      { instanceArn: TEST_INSTANCE_ARN, agentId: 'lambda-a' },
      { instanceArn: TEST_INSTANCE_ARN, agentId: 'lambda-b' },
    ]);
    expect(a).toMatchObject({ username: 'ann', activity: 'ON_CONTACT' });
    expect(b).toMatchObject({ username: 'bob', activity: 'NON_PRODUCTIVE', status: { name: 'Break' } });
  });

  it('accepts a duplicate delivery on the next invocation as a no-op', async () => {
    const record = agentEventRecord({ agentId: 'lambda-a', username: 'ann' });
    await expect(handler(kinesisEvent([kinesisRecord(record, 10)]), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
  });
});
