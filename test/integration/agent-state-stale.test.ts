/**
 * `AgentState.stale` through the real server: an agent Connect has not reported for more than twice
 * the heartbeat period while logged in is flagged, computed when read; one heard from recently, one
 * who logged out, and one Offline are not. Events are POSTed to /ingest/agent-events with times
 * relative to now (the flag is about the server's clock).
 */
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../../src/config/env';
import { createDynamoDbClient } from '../../src/state/dynamodb.client';
import { postQuery } from '../helpers/graphql-client';
import { TEST_INSTANCE_ARN, agentEventRecord } from '../helpers/kinesis-factories';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ AGENT_HEARTBEAT_PERIOD_SECONDS: '120', AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS: '90' });
});
afterAll(async () => {
  await server?.stop();
});

function event(username: string, secondsAgo: number, type = 'STATE_CHANGE', statusName = 'Available') {
  const timestamp = new Date(Date.now() - secondsAgo * 1000).toISOString();
  return agentEventRecord({ agentId: `stale-test-${username}`, username, statusName, contacts: [], EventId: `${username}-${type}-${secondsAgo}`, EventTimestamp: timestamp, EventType: type });
}

it('flags exactly the logged-in agents not heard from for more than 2 × AGENT_HEARTBEAT_PERIOD_SECONDS', async () => {
  const records = [
    event('fresh', 30),
    event('silent', 300),
    event('beating', 400),
    event('beating', 100, 'HEART_BEAT'), // a heartbeat counts as being heard from
    event('gone', 900, 'LOGOUT'),
    event('offline', 900, 'STATE_CHANGE', 'Offline'),
  ];
  const res = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
  expect(res.status).toBe(200);

  const { body } = await postQuery<{ agentStates: { username: string; stale: boolean }[] }>(server.url, '{ agentStates { username stale } }');
  expect(body.errors).toBeUndefined();
  const stale = Object.fromEntries(body.data!.agentStates.filter((s) => ['fresh', 'silent', 'beating', 'gone', 'offline'].includes(s.username)).map((s) => [s.username, s.stale]));
  expect(stale).toEqual({ fresh: false, silent: true, beating: false, gone: false, offline: false });
});

it('counts a heartbeat stored in the liveness log (a later call than the agent\'s last change): not stale, with its time and event', async () => {
  const post = async (records: unknown[]) => {
    const res = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
    expect(res.status).toBe(200);
  };
  await post([event('logged', 400), event('unlogged', 400)]);
  // 300 s after the stored change, outside the 90 s window: this heartbeat goes to the liveness log, not to the agent's item.
  const beat = event('logged', 100, 'HEART_BEAT');
  await post([beat]);

  const { body } = await postQuery<{ agentStates: { username: string; stale: boolean; lastHeartbeatAt: string | null; lastEventType: string; lastEventId: string }[] }>(
    server.url,
    '{ agentStates { username stale lastHeartbeatAt lastEventType lastEventId } }',
  );
  expect(body.errors).toBeUndefined();
  const byName = new Map(body.data!.agentStates.map((s) => [s.username, s]));
  expect(byName.get('logged')).toEqual({ username: 'logged', stale: false, lastHeartbeatAt: beat.EventTimestamp, lastEventType: 'HEART_BEAT', lastEventId: beat.EventId });
  expect(byName.get('unlogged')).toMatchObject({ stale: true, lastHeartbeatAt: null, lastEventType: 'STATE_CHANGE' });

  // And it was the log: the agent's own item still holds the change, the log the heartbeat.
  const doc = DynamoDBDocumentClient.from(createDynamoDbClient({ region: 'us-east-1', endpoint: server.stack.dynamoEndpoint, localCredentials: true }));
  const table = loadConfig({}).dynamodb.agentStateTable;
  const item = (await doc.send(new GetCommand({ TableName: table, Key: { pk: TEST_INSTANCE_ARN, sk: 'AGENT#stale-test-logged' }, ConsistentRead: true }))).Item;
  expect(item).toMatchObject({ lastEvent: { type: 'STATE_CHANGE' } });
  expect(item!.lastHeartbeatAt).toBeUndefined();
  const logged = await doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `LIVENESS#${TEST_INSTANCE_ARN}` }, ConsistentRead: true }));
  expect((logged.Items ?? []).some((i) => (i.heard as Record<string, unknown>)['stale-test-logged'] === `${Date.parse(beat.EventTimestamp)}#${beat.EventId}`)).toBe(true);
});
