import { ConnectClient, GetCurrentUserDataCommand, ListQueuesCommand, ListRoutingProfileQueuesCommand, ListRoutingProfilesCommand, ListUsersCommand } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { bootstrapLiveState } from '../../src/services/live-state-bootstrap.service';
import { ConnectCurrentUserDataReader } from '../../src/state/connect-current-user-data.reader';
import { QUEUES, ROUTING_PROFILES, connectQueueArn, userData, userSummary, routingProfileQueuesPage } from '../helpers/connect-user-data';
import { postQuery } from '../helpers/graphql-client';
import { agentEventRecord } from '../helpers/kinesis-factories';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** Bootstrapped agents through the real server: `agentStates` shows them, and a newer agent event ingested over HTTP replaces one. */

interface LiveState {
  readonly username: string;
  readonly activity: string;
  readonly status: string;
  readonly lastEventType: string;
  readonly lastEventId: string;
  readonly routingProfile: { readonly name: string | null } | null;
  readonly contacts: { readonly contactId: string; readonly state: string }[];
}

const connect = mockClient(ConnectClient);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ AGENT_STATE_TABLE: 'live-state-bootstrap-graphql' });
});
afterAll(async () => {
  connect.restore();
  await server?.stop();
});

async function liveStates(): Promise<LiveState[]> {
  const { body } = await postQuery<{ agentStates: LiveState[] }>(
    server.url,
    '{ agentStates { username activity status lastEventType lastEventId routingProfile { name } contacts { contactId state } } }',
  );
  expect(body.errors).toBeUndefined();
  return body.data!.agentStates.filter((s) => s.username.startsWith('boot-')).sort((a, b) => a.username.localeCompare(b.username));
}

it('serves bootstrapped agents in agentStates, and a newer ingested agent event replaces one', async () => {
  const since = new Date(Date.now() - 15 * 60_000);
  connect.on(ListUsersCommand).resolves({ UserSummaryList: ['a1', 'a2'].map((id) => ({ ...userSummary(id), Username: `boot-${id}` })) });
  connect.on(ListRoutingProfilesCommand).resolves({ RoutingProfileSummaryList: ROUTING_PROFILES });
  connect.on(ListRoutingProfileQueuesCommand).callsFake(routingProfileQueuesPage);
  connect.on(ListQueuesCommand).resolves({ QueueSummaryList: QUEUES });
  connect.on(GetCurrentUserDataCommand).resolves({
    UserDataList: [
      userData('a1', since),
      userData('a2', since, {
        Contacts: [{ ContactId: 'c-9', Channel: 'CHAT', AgentContactState: 'CONNECTING', StateStartTimestamp: since, Queue: { Id: 'q-sales', Arn: connectQueueArn('q-sales') } }],
      }),
    ],
  });
  const reader = new ConnectCurrentUserDataReader({ backoffBaseMs: 1 });
  const report = await bootstrapLiveState({ reader, repository: server.stack.agentStates }, { instanceArn: 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e' });
  expect(report).toMatchObject({ outcome: 'bootstrapped', written: 2 });

  expect(await liveStates()).toEqual([
    { username: 'boot-a1', activity: 'AVAILABLE', status: 'Available', lastEventType: 'BOOTSTRAP', lastEventId: '!bootstrap', routingProfile: { name: 'Sales agents' }, contacts: [] },
    { username: 'boot-a2', activity: 'INCOMING', status: 'Available', lastEventType: 'BOOTSTRAP', lastEventId: '!bootstrap', routingProfile: { name: 'Sales agents' }, contacts: [{ contactId: 'c-9', state: 'CONNECTING' }] },
  ]);

  // The routing profile's inbound queues came from ListRoutingProfileQueues: a queue filter finds both agents, by name and by ARN.
  for (const queue of ['Sales', connectQueueArn('q-sales')]) {
    const { body } = await postQuery<{ agentStates: { username: string }[] }>(server.url, 'query($q: String) { agentStates(filter: { queue: $q }) { username } }', { q: queue });
    expect(body.errors).toBeUndefined();
    expect(body.data!.agentStates.map((s) => s.username).filter((u) => u.startsWith('boot-')).sort()).toEqual(['boot-a1', 'boot-a2']);
  }

  const newer = agentEventRecord({ agentId: 'a2', username: 'boot-a2', statusName: 'Lunch', contacts: [], EventId: 'after-bootstrap', EventTimestamp: new Date().toISOString() });
  const response = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([newer]) });
  expect(response.status).toBe(200);
  expect((await liveStates())[1]).toMatchObject({ username: 'boot-a2', status: 'Lunch', activity: 'NON_PRODUCTIVE', lastEventType: 'STATE_CHANGE', lastEventId: 'after-bootstrap', contacts: [] });
});
