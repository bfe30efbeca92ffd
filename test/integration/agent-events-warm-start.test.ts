import { ConnectClient, GetCurrentUserDataCommand, ListQueuesCommand, ListRoutingProfileQueuesCommand, ListRoutingProfilesCommand, ListUsersCommand } from '@aws-sdk/client-connect';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../src/config/env';
import { createDefaultAgentEventsDeps } from '../../src/lambda/agent-events.deps';
import { createAgentEventsHandler } from '../../src/lambda/agent-events.handler';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { QUEUES, ROUTING_PROFILES, userData, userSummary, routingProfileQueuesPage } from '../helpers/connect-user-data';
import { agentEventRecord, kinesisEvent, kinesisRecord, lambdaContext, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

/**
 * The agent-events Lambda's warm start (LIVE_STATE_BOOTSTRAP=1): the deps built from the
 * configuration, the real repository on dynalite, Connect mocked with aws-sdk-client-mock.
 */

const connect = mockClient(ConnectClient);
let dynamo: EmbeddedDynamoDb;
let client: DynamoDBClient;
let tables = 0;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  dynamo = await startEmbeddedDynamoDb();
  client = createDynamoDbClient({ region: 'us-west-2', endpoint: dynamo.endpoint, localCredentials: true });
  // The deps' DynamoDB client takes the default credential chain; dynalite accepts any key.
  for (const [name, value] of Object.entries({ AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' })) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  connect.restore();
  client.destroy();
  await dynamo.stop();
});
beforeEach(() => connect.reset());

async function setup(extraEnv: Record<string, string> = {}) {
  const table = `warm-start-${++tables}`;
  await ensureAgentStateTable(client, table);
  const config = loadConfig({
    AGENT_STATE_TABLE: table,
    AWS_REGION: 'us-west-2',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    LOG_LEVEL: 'silent',
    LIVE_STATE_BOOTSTRAP: '1',
    LIVE_STATE_BOOTSTRAP_INSTANCES: TEST_INSTANCE_ARN,
    ...extraEnv,
  });
  const deps = createDefaultAgentEventsDeps(config);
  const warn = jest.spyOn(deps.logger, 'warn');
  const handler = createAgentEventsHandler(deps);
  const repository = new AgentStateRepository({ client, tableName: table });
  const stored = async (agentId: string) => (await repository.getMany([{ instanceArn: TEST_INSTANCE_ARN, agentId }], { consistentRead: true }))[0];
  return { deps, handler, warn, stored };
}

function mockConnect(): void {
  connect.on(ListUsersCommand).resolves({ UserSummaryList: ['idle-agent', 'agent-a'].map(userSummary) });
  connect.on(ListRoutingProfilesCommand).resolves({ RoutingProfileSummaryList: ROUTING_PROFILES });
  connect.on(ListRoutingProfileQueuesCommand).callsFake(routingProfileQueuesPage);
  connect.on(ListQueuesCommand).resolves({ QueueSummaryList: QUEUES });
  const since = new Date(Date.now() - 10 * 60_000);
  connect.on(GetCurrentUserDataCommand).resolves({ UserDataList: [userData('idle-agent', since), userData('agent-a', since)] });
}

/** A batch with one agent event of agent-a, newer than the snapshot. */
const batch = () => kinesisEvent([kinesisRecord(agentEventRecord({ agentId: 'agent-a', username: 'ann', contacts: [], EventTimestamp: new Date().toISOString() }), 1)]);

describe('agent-events Lambda: live-state warm start at cold start', () => {
  it('is off without LIVE_STATE_BOOTSTRAP', () => {
    const config = loadConfig({ AGENT_STATE_TABLE: 'x-table', LOG_LEVEL: 'silent' });
    expect(createDefaultAgentEventsDeps(config).warmStart).toBeUndefined();
  });

  it('bootstraps the instance before the first batch, once per execution environment; the batch\'s newer event wins', async () => {
    const { handler, stored } = await setup();
    mockConnect();

    expect(await handler(batch(), lambdaContext())).toEqual({ batchItemFailures: [] });

    expect(connect.commandCalls(GetCurrentUserDataCommand)).toHaveLength(1);
    expect(await stored('idle-agent')).toMatchObject({ username: 'idle-agent@example.com', activity: 'AVAILABLE', lastEvent: { type: 'BOOTSTRAP' } });
    expect(await stored('agent-a')).toMatchObject({ username: 'ann', lastEvent: { type: 'STATE_CHANGE' } });

    await handler(batch(), lambdaContext());
    expect(connect.calls()).toHaveLength(6); // ListUsers, ListRoutingProfiles, ListQueues, GetCurrentUserData, ListRoutingProfileQueues (2 pages of rp-sales): the first time only
  });

  it('never fails the batch when Connect is unavailable: it logs and ingests', async () => {
    const { handler, warn, stored } = await setup();
    connect.on(ListUsersCommand).rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }));

    expect(await handler(batch(), lambdaContext())).toEqual({ batchItemFailures: [] });

    expect(await stored('agent-a')).toMatchObject({ username: 'ann' });
    expect(warn).toHaveBeenCalledWith(
      'live-state warm start of an instance failed; its agents appear with their next agent event',
      expect.objectContaining({ instanceArn: TEST_INSTANCE_ARN, reason: expect.stringContaining('ECONNREFUSED') }),
    );
  });

  it('abandons a warm start that outlives LIVE_STATE_BOOTSTRAP_TIMEOUT_MS and ingests the batch', async () => {
    const { handler, warn, stored } = await setup({ LIVE_STATE_BOOTSTRAP_TIMEOUT_MS: '1000' });
    mockConnect();
    // Connect answers every page slowly, forever (each page names a next one).
    connect.on(GetCurrentUserDataCommand).callsFake(async (input: { NextToken?: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { UserDataList: [userData(`agent-${input.NextToken ?? 0}`, new Date(Date.now() - 60_000))], NextToken: String(Number(input.NextToken ?? 0) + 1) };
    });

    expect(await handler(batch(), lambdaContext())).toEqual({ batchItemFailures: [] });

    expect(warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ reason: 'abandoned after LIVE_STATE_BOOTSTRAP_TIMEOUT_MS=1000' }));
    expect(await stored('agent-a')).toMatchObject({ username: 'ann' });
    // The pages read before the deadline are stored.
    expect(await stored('agent-0')).toMatchObject({ lastEvent: { type: 'BOOTSTRAP' } });
  });
});
