import {
  ConnectClient,
  GetCurrentUserDataCommand,
  ListQueuesCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  ListUsersCommand,
  ThrottlingException,
  TooManyRequestsException,
  type GetCurrentUserDataCommandInput,
  type GetCurrentUserDataResponse,
  type UserData,
} from '@aws-sdk/client-connect';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { agentKeyOf } from '../../src/domain/agent-state.reducer';
import type { AgentEventRecord } from '../../src/domain/records';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { bootstrapLiveState, type LiveStateBootstrapOptions } from '../../src/services/live-state-bootstrap.service';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { ConnectCurrentUserDataReader } from '../../src/state/connect-current-user-data.reader';
import { BOOTSTRAP_EVENT_ID, BOOTSTRAP_EVENT_TYPE } from '../../src/state/connect-user-data.mapper';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { QUEUES, ROUTING_PROFILES, TEST_INSTANCE_ID, agentArnOf, connectQueueArn, routingProfileArn, userData, userSummary, routingProfileQueuesPage } from '../helpers/connect-user-data';
import { TEST_INSTANCE_ARN, agentEventRecord } from '../helpers/kinesis-factories';

const connect = mockClient(ConnectClient);

let dynamo: EmbeddedDynamoDb;
let tableCounter = 0;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamoDb();
});
afterAll(async () => {
  await dynamo?.stop();
  connect.restore();
});
beforeEach(() => {
  connect.reset();
});

const newClient = (): DynamoDBClient => createDynamoDbClient({ region: 'us-west-2', endpoint: dynamo.endpoint, localCredentials: true });

/** Times relative to now (the snapshot of a running contact center). */
const minutesAgo = (minutes: number): Date => new Date(Date.now() - minutes * 60_000);
const AGENTS = Array.from({ length: 250 }, (_, i) => `agent-${String(i).padStart(3, '0')}`);

/** A fresh table, a repository and a reader whose Connect client is the mock. */
async function setup() {
  const tableName = `bootstrap-${++tableCounter}`;
  const client = newClient();
  await ensureAgentStateTable(client, tableName);
  const repository = new AgentStateRepository({ client, tableName, backoffBaseMs: 1 });
  const reader = new ConnectCurrentUserDataReader({ clientForRegion: (region) => new ConnectClient({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), backoffBaseMs: 1 });
  const run = (options: Partial<LiveStateBootstrapOptions> = {}) => bootstrapLiveState({ reader, repository }, { instanceArn: TEST_INSTANCE_ARN, ...options });
  const stored = async (agentId: string) => (await repository.getMany([{ instanceArn: TEST_INSTANCE_ARN, agentId }], { consistentRead: true }))[0];
  return { repository, reader, run, stored };
}

/** The name lists every run reads first. */
function mockNameLists(agents: readonly string[] = AGENTS): void {
  connect.on(ListUsersCommand).resolves({ UserSummaryList: agents.map(userSummary) });
  connect.on(ListRoutingProfilesCommand).resolves({ RoutingProfileSummaryList: ROUTING_PROFILES });
  connect.on(ListRoutingProfileQueuesCommand).callsFake(routingProfileQueuesPage);
  connect.on(ListQueuesCommand).resolves({ QueueSummaryList: QUEUES });
}

/** GetCurrentUserData answered from `pages` (keyed by the NextToken asked for; '' the first page). */
function mockPages(pages: Record<string, GetCurrentUserDataResponse>, beforeAnswer?: (input: GetCurrentUserDataCommandInput) => Promise<void>): void {
  connect.on(GetCurrentUserDataCommand).callsFake(async (input: GetCurrentUserDataCommandInput) => {
    await beforeAnswer?.(input);
    const page = pages[input.NextToken ?? ''];
    if (!page) throw new Error(`unexpected NextToken ${input.NextToken}`);
    return page;
  });
}

const userDataCalls = () => connect.commandCalls(GetCurrentUserDataCommand).map((call) => call.args[0].input);

/** An agent event for `agentId` at `at`, with a Lunch status (distinct from the snapshots' Available). */
function lunchEvent(agentId: string, at: Date, id = `event-${agentId}-${at.getTime()}`): AgentEventRecord {
  return agentEventRecord({ agentId, username: `${agentId}@example.com`, statusName: 'Lunch', contacts: [], EventId: id, EventTimestamp: at.toISOString() });
}

describe('live-state warm start (GetCurrentUserData → agent-state table)', () => {
  it('reads every page (NextToken, 100 a page) and stores each agent marked as a bootstrap snapshot', async () => {
    const { run, stored } = await setup();
    mockNameLists();
    const since = minutesAgo(30);
    const contactSince = minutesAgo(5);
    const onCall = userData(AGENTS[100]!, since, {
      RoutingProfile: { Id: 'rp-support', Arn: routingProfileArn('rp-support') },
      AvailableSlotsByChannel: { VOICE: 0, CHAT: 2 },
      ActiveSlotsByChannel: { VOICE: 1, CHAT: 0 },
      Contacts: [
        {
          ContactId: 'c-1',
          Channel: 'VOICE',
          InitiationMethod: 'INBOUND',
          AgentContactState: 'CONNECTED',
          StateStartTimestamp: contactSince,
          ConnectedToAgentTimestamp: contactSince,
          Queue: { Id: 'q-support', Arn: connectQueueArn('q-support') },
        },
      ],
    });
    const users = AGENTS.map((id) => (id === onCall.User!.Id ? onCall : userData(id, since)));
    mockPages({
      '': { UserDataList: users.slice(0, 100), NextToken: 'page-2', ApproximateTotalCount: 250 },
      'page-2': { UserDataList: users.slice(100, 200), NextToken: 'page-3', ApproximateTotalCount: 250 },
      'page-3': { UserDataList: users.slice(200), ApproximateTotalCount: 250 },
    });
    const progress: number[] = [];

    const report = await run({ onProgress: (p) => progress.push(p.agents) });

    expect(report).toMatchObject({ outcome: 'bootstrapped', filter: { by: 'routingProfiles', ids: 2 }, pages: 3, agents: 250, written: 250, kept: 0, throttledRetries: 0 });
    expect(progress).toEqual([100, 200, 250]);
    const calls = userDataCalls();
    expect(calls.map((c) => c.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
    for (const call of calls) {
      expect(call).toMatchObject({ InstanceId: TEST_INSTANCE_ID, MaxResults: 100, Filters: { RoutingProfiles: ['rp-sales', 'rp-support'] } });
    }

    const idle = await stored(AGENTS[0]!);
    expect(idle).toEqual({
      instanceArn: TEST_INSTANCE_ARN,
      agentArn: agentArnOf(AGENTS[0]!),
      agentId: AGENTS[0],
      username: `${AGENTS[0]}@example.com`,
      firstName: null,
      lastName: null,
      status: { name: 'Available', type: 'ROUTABLE', arn: `${TEST_INSTANCE_ARN}/agent-state/available`, since: since.toISOString() },
      nextStatus: null,
      activity: 'AVAILABLE',
      contacts: [],
      routingProfile: {
        arn: routingProfileArn('rp-sales'),
        name: 'Sales agents',
        // ListRoutingProfileQueues: one entry per queue and channel over two pages, merged into one queue.
        inboundQueues: [{ arn: connectQueueArn('q-sales'), name: 'Sales', channels: ['VOICE', 'CHAT'] }],
        concurrency: [
          { channel: 'CHAT', maximumSlots: 2, availableSlots: 2 },
          { channel: 'VOICE', maximumSlots: 1, availableSlots: 1 },
        ],
      },
      hierarchy: [{ arn: `${TEST_INSTANCE_ARN}/agent-group/emea`, name: null }, null, null, null, null],
      lastEvent: { id: BOOTSTRAP_EVENT_ID, type: BOOTSTRAP_EVENT_TYPE, timestamp: since.toISOString() },
      lastHeartbeatAt: null,
    });
    const busy = await stored(AGENTS[100]!);
    expect(busy).toMatchObject({
      activity: 'ON_CONTACT',
      // No QueueName in the ListRoutingProfileQueues entry: named from ListQueues.
      routingProfile: { name: 'Support agents', inboundQueues: [{ arn: connectQueueArn('q-support'), name: 'Support', channels: ['VOICE'] }] },
      contacts: [
        {
          contactId: 'c-1',
          channel: 'VOICE',
          state: 'CONNECTED',
          stateSince: contactSince.toISOString(),
          queue: { arn: connectQueueArn('q-support'), name: 'Support' },
          initiationMethod: 'INBOUND',
          connectedToAgentAt: contactSince.toISOString(),
        },
      ],
      // The newest change the snapshot shows is the contact's, not the status's.
      lastEvent: { type: 'BOOTSTRAP', timestamp: contactSince.toISOString() },
    });
    // One ListRoutingProfileQueues per profile (all its pages), not one per agent.
    expect(connect.commandCalls(ListRoutingProfileQueuesCommand).map((c) => [c.args[0].input.RoutingProfileId, c.args[0].input.NextToken])).toEqual([
      ['rp-sales', undefined],
      ['rp-sales', 'rp-sales#1'],
      ['rp-support', undefined],
    ]);
  });

  it('chunks queue filters at 100 ids, and stores an agent listed under several chunks once', async () => {
    const { run } = await setup();
    mockNameLists();
    const queueIds = Array.from({ length: 250 }, (_, i) => `q-${i}`);
    const since = minutesAgo(10);
    connect.on(GetCurrentUserDataCommand).callsFake(async (input: GetCurrentUserDataCommandInput) => {
      const first = input.Filters!.Queues![0]!;
      // Every chunk lists agent-000 (its profile serves queues of each chunk) and one agent of its own.
      return { UserDataList: [userData('agent-000', since), userData(`agent-of-${first}`, since)] };
    });

    const report = await run({ selection: { by: 'queues', ids: queueIds } });

    expect(userDataCalls().map((c) => c.Filters)).toEqual([{ Queues: queueIds.slice(0, 100) }, { Queues: queueIds.slice(100, 200) }, { Queues: queueIds.slice(200) }]);
    expect(report).toMatchObject({ filter: { by: 'queues', ids: 250 }, pages: 3, agents: 4, written: 4 });
  });

  it('takes the STANDARD queues of ListQueues when asked for all queues', async () => {
    const { run } = await setup();
    mockNameLists(['agent-000']);
    mockPages({ '': { UserDataList: [userData('agent-000', minutesAgo(1))] } });

    await run({ selection: { by: 'queues' } });

    expect(connect.commandCalls(ListQueuesCommand)[0]!.args[0].input).toMatchObject({ InstanceId: TEST_INSTANCE_ID, QueueTypes: ['STANDARD'] });
    expect(userDataCalls()).toEqual([expect.objectContaining({ Filters: { Queues: ['q-sales', 'q-support'] } })]);
  });

  it('retries a throttled page (ThrottlingException, TooManyRequestsException) and completes the run', async () => {
    const { run, stored } = await setup();
    connect
      .on(ListUsersCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .resolves({ UserSummaryList: AGENTS.slice(0, 3).map(userSummary) });
    connect.on(ListRoutingProfilesCommand).resolves({ RoutingProfileSummaryList: ROUTING_PROFILES });
    connect.on(ListRoutingProfileQueuesCommand).callsFake(routingProfileQueuesPage);
    connect.on(ListQueuesCommand).resolves({ QueueSummaryList: QUEUES });
    const since = minutesAgo(3);
    let throttleSecondPage = true;
    mockPages(
      {
        '': { UserDataList: [userData('agent-000', since), userData('agent-001', since)], NextToken: 'page-2' },
        'page-2': { UserDataList: [userData('agent-002', since)] },
      },
      async (input) => {
        if (input.NextToken === 'page-2' && throttleSecondPage) {
          throttleSecondPage = false;
          throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
        }
      },
    );

    const report = await run();

    expect(report).toMatchObject({ outcome: 'bootstrapped', pages: 2, agents: 3, written: 3, throttledRetries: 2 });
    expect(userDataCalls().map((c) => c.NextToken)).toEqual([undefined, 'page-2', 'page-2']);
    expect((await stored('agent-002'))?.username).toBe('agent-002@example.com');
  });

  it('gives up with the throttling error when Connect keeps throttling', async () => {
    const { repository } = await setup();
    const reader = new ConnectCurrentUserDataReader({ maxThrottleRetries: 2, backoffBaseMs: 1 });
    mockNameLists();
    connect.on(GetCurrentUserDataCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));

    await expect(bootstrapLiveState({ reader, repository }, { instanceArn: TEST_INSTANCE_ARN })).rejects.toBeInstanceOf(ThrottlingException);
    expect(userDataCalls()).toHaveLength(3);
  });

  it('keeps an agent event stored during the bootstrap when it is newer than the snapshot', async () => {
    const { run, stored, repository } = await setup();
    mockNameLists();
    const since = minutesAgo(20);
    const duringBootstrap = lunchEvent('agent-150', minutesAgo(1));
    mockPages(
      {
        '': { UserDataList: AGENTS.slice(0, 100).map((id) => userData(id, since)), NextToken: 'page-2' },
        'page-2': { UserDataList: AGENTS.slice(100, 200).map((id) => userData(id, since)) },
      },
      async (input) => {
        // Between the pages, the Lambda stores an agent event of an agent on the next page.
        if (input.NextToken === 'page-2') {
          const [result] = await repository.apply([{ key: agentKeyOf(duringBootstrap), events: [duringBootstrap] }]);
          expect(result?.change).toBe('changed');
        }
      },
    );

    const report = await run();

    expect(report).toMatchObject({ agents: 200, written: 199, kept: 1 });
    expect(await stored('agent-150')).toMatchObject({ status: { name: 'Lunch' }, activity: 'NON_PRODUCTIVE', lastEvent: { id: duringBootstrap.EventId, type: 'STATE_CHANGE' } });
    expect(await stored('agent-151')).toMatchObject({ status: { name: 'Available' }, lastEvent: { type: 'BOOTSTRAP' } });
  });

  it('lets a newer agent event replace a bootstrapped state, and ignores an older one', async () => {
    const { run, stored, repository } = await setup();
    mockNameLists(['agent-000']);
    const since = minutesAgo(20);
    mockPages({ '': { UserDataList: [userData('agent-000', since)] } });
    await run();

    const older = lunchEvent('agent-000', minutesAgo(25));
    const [olderResult] = await repository.apply([{ key: agentKeyOf(older), events: [older] }]);
    expect(olderResult?.change).toBe('none');
    expect(await stored('agent-000')).toMatchObject({ status: { name: 'Available' }, lastEvent: { type: 'BOOTSTRAP', timestamp: since.toISOString() } });

    // Same millisecond as the snapshot: the agent event wins the tie ("!bootstrap" sorts first).
    const sameTime = lunchEvent('agent-000', since);
    const [sameResult] = await repository.apply([{ key: agentKeyOf(sameTime), events: [sameTime] }]);
    expect(sameResult?.change).toBe('changed');
    expect(await stored('agent-000')).toMatchObject({ status: { name: 'Lunch' }, firstName: 'Dan', lastEvent: { id: sameTime.EventId, type: 'STATE_CHANGE' } });
  });

  it('skips an instance whose partition already holds agents (no Connect call), unless forced; forced, it never overwrites a newer state', async () => {
    const { run, stored, repository } = await setup();
    const existing = lunchEvent('agent-000', minutesAgo(2));
    await repository.apply([{ key: agentKeyOf(existing), events: [existing] }]);
    mockNameLists(['agent-000', 'agent-001']);
    const since = minutesAgo(30);
    mockPages({ '': { UserDataList: [userData('agent-000', since), userData('agent-001', since)] } });

    const skipped = await run();
    expect(skipped).toMatchObject({ outcome: 'skipped', pages: 0, written: 0 });
    expect(connect.calls()).toHaveLength(0);

    const forced = await run({ force: true });
    expect(forced).toMatchObject({ outcome: 'bootstrapped', agents: 2, written: 1, kept: 1 });
    expect(await stored('agent-000')).toMatchObject({ status: { name: 'Lunch' }, lastEvent: { id: existing.EventId } });
    expect(await stored('agent-001')).toMatchObject({ lastEvent: { type: 'BOOTSTRAP' } });
  });

  it('reads but writes nothing on a dry run, and counts snapshots it cannot convert', async () => {
    const { run, stored, repository } = await setup();
    mockNameLists();
    const noStatus: UserData = { User: { Id: 'agent-x', Arn: agentArnOf('agent-x') } };
    mockPages({ '': { UserDataList: [userData('agent-000', minutesAgo(1)), noStatus, {}] } });

    const report = await run({ dryRun: true });

    expect(report).toMatchObject({ outcome: 'dry-run', pages: 1, agents: 1, written: 0, unreadable: { 'no status': 1, 'no user': 1 } });
    expect(await stored('agent-000')).toBeNull();
    expect(await repository.hasAgents(TEST_INSTANCE_ARN)).toBe(false);
  });
});
