import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { AgentEventRecord } from '../../src/domain/records';
import { createRedisPublisher } from '../../src/realtime/redis-publisher';
import { postQuery } from '../helpers/graphql-client';
import { agentEventRecord, snapshotContact, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { buildContactCenterModel } from '../../src/local/demo-data';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';
import type { AgentStateRepository, AgentStateReadOptions } from '../../src/state/agent-state.repository';

/** Records the DynamoDB operations (Query, Scan, BatchGetItem) the repository's listing reads make until `restore`. */
function recordListingReads(repository: AgentStateRepository): { operations: string[]; restore: () => void } {
  const operations: string[] = [];
  const watch = (options: AgentStateReadOptions = {}): AgentStateReadOptions => ({
    ...options,
    onRequest: (operation, items) => {
      operations.push(operation);
      options.onRequest?.(operation, items);
    },
  });
  const { listAll, listByQueues, listByRoutingProfile } = repository;
  const spies = [
    jest.spyOn(repository, 'listAll').mockImplementation((options) => listAll.call(repository, watch(options))),
    jest.spyOn(repository, 'listByQueues').mockImplementation((queues, options) => listByQueues.call(repository, queues, watch(options))),
    jest.spyOn(repository, 'listByRoutingProfile').mockImplementation((rp, options) => listByRoutingProfile.call(repository, rp, watch(options))),
  ];
  return { operations, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

/** The queues of the shared data set (Query.queues lists the directory of the history), so live agents staff known queues. */
const dataSetQueues = new Map(buildContactCenterModel(TEST_DATA.seed, TEST_DATA.agents).queues.map((q) => [q.name, q.arn]));
const queueRef = (name: string) => ({ ARN: dataSetQueues.get(name) ?? `${TEST_INSTANCE_ARN}/queue/${name.toLowerCase()}`, Name: name });

/** An agent event for `username` staffed on `queue`, `minute` minutes into the test's day, with the given contacts. */
function event(input: { username: string; queue: string; minute: number; type?: string; status?: string; contact?: 'CONNECTED' | 'ENDED' | null }): AgentEventRecord {
  const timestamp = new Date(Date.UTC(2026, 10, 20, 9, input.minute, 0)).toISOString();
  const base = agentEventRecord({
    agentId: `agent-${input.username}`,
    username: input.username,
    statusName: input.status ?? 'Available',
    contacts: input.contact ? [snapshotContact({ ContactId: `contact-${input.username}-${input.minute}`, State: input.contact, StateStartTimestamp: timestamp, Queue: queueRef(input.queue) })] : [],
  });
  const configuration = {
    ...base.CurrentAgentSnapshot!.Configuration,
    RoutingProfile: {
      ...base.CurrentAgentSnapshot!.Configuration.RoutingProfile,
      ARN: `${TEST_INSTANCE_ARN}/routing-profile/${input.queue.toLowerCase()}`,
      Name: `${input.queue} profile`,
      InboundQueues: [{ ...queueRef(input.queue), Channels: ['VOICE'] }],
    },
  };
  return {
    ...base,
    EventId: `${input.username}-${input.minute}-${input.type ?? 'STATE_CHANGE'}`,
    EventType: input.type ?? 'STATE_CHANGE',
    EventTimestamp: timestamp,
    CurrentAgentSnapshot: { ...base.CurrentAgentSnapshot!, Configuration: configuration },
  } as AgentEventRecord;
}

async function ingest(url: string, records: unknown[]): Promise<{ status: number; body: { accepted: number; rejected: { index: number; reason: string }[] } }> {
  const res = await fetch(`${url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
  return { status: res.status, body: (await res.json()) as never };
}

interface Received {
  username: string;
  activity: string;
  status: string;
}

/** Subscribes with a filter and collects what arrives; resolves `ready` once the server acknowledged the subscription. */
function subscribe(client: Client, filter: Record<string, unknown>): { received: Received[]; dispose: () => void } {
  const received: Received[] = [];
  const dispose = client.subscribe<{ agentStateChanged: Received }>(
    { query: 'subscription($f: AgentStateFilter) { agentStateChanged(filter: $f) { username activity status } }', variables: { f: filter } },
    { next: (v) => received.push(v.data!.agentStateChanged), error: (e) => received.push({ username: 'ERROR', activity: String(e), status: '' }), complete: () => undefined },
  );
  return { received, dispose };
}

const until = async (predicate: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 600; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** Lets in-flight messages land, so that "nothing more arrived" means something. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('real-time agent state: /ingest → DynamoDB → graphql-ws subscribers', () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startTestServer();
    client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  });
  afterAll(async () => {
    await client?.dispose();
    await server?.stop();
  });

  it('delivers exactly the visible changes each filtered subscriber can see', async () => {
    const sales = subscribe(client, { queue: 'Sales' });
    const onContact = subscribe(client, { activity: ['ON_CONTACT'] });
    const unknown = subscribe(client, { queue: 'NoSuchQueue' });
    await settle(); // subscriptions registered

    const annLogin = event({ username: 'ann', queue: 'Sales', minute: 0, type: 'LOGIN' });
    expect((await ingest(server.url, [annLogin])).status).toBe(200);
    await ingest(server.url, [event({ username: 'bob', queue: 'Support', minute: 1, contact: 'CONNECTED' })]);
    // Nothing visible: a heartbeat with the same state, a duplicate, and a stale event.
    await ingest(server.url, [event({ username: 'ann', queue: 'Sales', minute: 2, type: 'HEART_BEAT' }), annLogin, event({ username: 'bob', queue: 'Support', minute: 0 })]);
    await ingest(server.url, [event({ username: 'ann', queue: 'Sales', minute: 3, contact: 'CONNECTED' })]);
    await ingest(server.url, [event({ username: 'ann', queue: 'Sales', minute: 4, contact: 'ENDED' })]);

    await until(() => sales.received.length >= 3 && onContact.received.length >= 3, 'the expected changes');
    await settle();
    expect(sales.received).toEqual([
      { username: 'ann', activity: 'AVAILABLE', status: 'Available' },
      { username: 'ann', activity: 'ON_CONTACT', status: 'Available' },
      { username: 'ann', activity: 'AFTER_CONTACT_WORK', status: 'Available' },
    ]);
    // bob on contact; ann on contact; ann leaving ON_CONTACT (so the wallboard can drop her).
    expect(onContact.received).toEqual([
      { username: 'bob', activity: 'ON_CONTACT', status: 'Available' },
      { username: 'ann', activity: 'ON_CONTACT', status: 'Available' },
      { username: 'ann', activity: 'AFTER_CONTACT_WORK', status: 'Available' },
    ]);
    expect(unknown.received).toEqual([]);
    sales.dispose();
    onContact.dispose();
    unknown.dispose();
  });

  it('answers agentStates and Queue.realtime from the stored state, with Query and BatchGetItem, never a Scan', async () => {
    const reads = recordListingReads(server.stack.agentStates);
    const { body } = await postQuery<{ agentStates: { username: string; activity: string; contacts: { state: string; queue: string }[] }[]; queues: { name: string; realtime: Record<string, number> }[] }>(
      server.url,
      '{ agentStates(filter: { queue: "Sales" }) { username activity contacts { state queue } } queues { name realtime { agentsOnline agentsAvailable agentsOnContact agentsInAfterContactWork } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.agentStates).toEqual([{ username: 'ann', activity: 'AFTER_CONTACT_WORK', contacts: [{ state: 'ENDED', queue: 'Sales' }] }]);
    const idle = { agentsOnline: 0, agentsAvailable: 0, agentsOnContact: 0, agentsInAfterContactWork: 0 };
    expect(body.data!.queues).toEqual([
      { name: 'BasicQueue', realtime: idle },
      { name: 'Billing', realtime: idle },
      { name: 'Sales', realtime: { agentsOnline: 1, agentsAvailable: 0, agentsOnContact: 0, agentsInAfterContactWork: 1 } },
      { name: 'Support', realtime: { agentsOnline: 1, agentsAvailable: 0, agentsOnContact: 1, agentsInAfterContactWork: 0 } },
    ]);
    // The queue filter and the live counts read the queues' memberships and the routing-profile index (Query), then the
    // agents (BatchGetItem); the counts of all queues in one read. Every DynamoDB request is one backend call in the stats.
    reads.restore();
    expect(new Set(reads.operations)).toEqual(new Set(['Query', 'BatchGetItem']));
    // At least the memberships of "Sales" and of the four queues, and the index of the routing profiles of ann and bob.
    expect(reads.operations.filter((o) => o === 'Query').length).toBeGreaterThanOrEqual(1 + 4 + 2);
    expect(body.extensions?.stats?.backendCalls.dynamodb).toBe(reads.operations.length);
  });

  it('answers an unfiltered agentStates with a Scan (and a Query of the instance\'s liveness log)', async () => {
    const reads = recordListingReads(server.stack.agentStates);
    const { body } = await postQuery<{ agentStates: { username: string }[] }>(server.url, '{ agentStates { username } }');
    reads.restore();
    expect(body.data!.agentStates.map((s) => s.username)).toEqual(['ann', 'bob']);
    expect(reads.operations).toEqual(['Scan', 'Query']);
    expect(body.extensions?.stats?.backendCalls.dynamodb).toBe(2);
  });

  it('answers invalid records with 400 and per-record reasons, and still applies the valid ones', async () => {
    const valid = event({ username: 'cid', queue: 'Billing', minute: 5 });
    const { status, body } = await ingest(server.url, [valid, { EventType: 'STATE_CHANGE' }, 'not an event']);
    expect(status).toBe(400);
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 2]);
    const { body: states } = await postQuery<{ agentStates: { username: string }[] }>(server.url, '{ agentStates(filter: { queue: "Billing" }) { username } }');
    expect(states.data!.agentStates).toEqual([{ username: 'cid' }]);
  });
});

describe('fan-out through Redis between server instances', () => {
  let redis: RedisServer;
  let one: TestServer;
  let two: TestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    one = await startTestServer({ REDIS_URL: redis.url });
    two = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await redis?.stop();
  });

  it('delivers a change ingested on one instance to a subscriber on the other, and one published by the Lambda publisher', async () => {
    const client = createClient({ url: `${two.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    try {
      const watcher = subscribe(client, { queue: 'Sales' });
      await settle();
      expect((await ingest(one.url, [event({ username: 'dee', queue: 'Sales', minute: 0, type: 'LOGIN' })])).status).toBe(200);
      await until(() => watcher.received.length >= 1, 'the change from the other instance');

      const lambdaPublisher = createRedisPublisher(redis.url);
      const [state] = await one.stack.agentStates.getMany([{ instanceArn: TEST_INSTANCE_ARN, agentId: 'agent-dee' }]);
      await lambdaPublisher.publishAgentStateChanged({ state: { ...state!, activity: 'NON_PRODUCTIVE', status: { ...state!.status, name: 'Lunch', type: 'NOT_ROUTABLE' } }, before: state });
      await lambdaPublisher.close();
      await until(() => watcher.received.length >= 2, 'the change published like the Lambda does');
      await settle();
      expect(watcher.received).toEqual([
        { username: 'dee', activity: 'AVAILABLE', status: 'Available' },
        { username: 'dee', activity: 'NON_PRODUCTIVE', status: 'Lunch' },
      ]);
      watcher.dispose();
    } finally {
      await client.dispose();
    }
  });
});
