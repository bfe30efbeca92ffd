import { DescribeTableCommand, DescribeTimeToLiveCommand, DeleteTableCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentKey, AgentState } from '../../src/domain/agent-state';
import { agentKeyOf, applyEvents, stateFromEvent } from '../../src/domain/agent-state.reducer';
import { matchesAgentFilter } from '../../src/domain/agent-state-filter';
import { parseAgentEvent, type AgentEventRecord } from '../../src/domain/records';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { agentItemKey, stateFromItem } from '../../src/state/agent-state.item';
import { AgentStateRepository, type AgentStateRepositoryOptions } from '../../src/state/agent-state.repository';
import {
  AGENT_STATE_TTL_ATTRIBUTE,
  DEFAULT_AGENT_STATE_TTL_SECONDS,
  ROUTING_PROFILE_INDEX,
  agentStateTableDefinition,
  agentStateTableResource,
} from '../../src/state/agent-state.table';
import { AgentStateTableMismatchError, createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';

// --- record factory ---------------------------------------------------------------------------

const INSTANCE_A = 'arn:aws:connect:eu-west-2:111122223333:instance/aaaaaaaa-0000-0000-0000-000000000001';
const INSTANCE_B = 'arn:aws:connect:eu-west-2:111122223333:instance/bbbbbbbb-0000-0000-0000-000000000002';
const rpArn = (instance: string, name: string): string => `${instance}/routing-profile/${name}`;
const queueArn = (instance: string, name: string): string => `${instance}/queue/${name}`;

/** Routing profiles of the tests: rp-sales takes Sales; rp-omni takes Sales and Support. */
const PROFILES: Record<string, string[]> = { 'rp-sales': ['Sales'], 'rp-omni': ['Sales', 'Support'] };

interface EventSpec {
  readonly instance?: string;
  readonly agent: string;
  readonly type?: AgentEventRecord['EventType'];
  /** Seconds after 2026-03-02T08:00:00Z. */
  readonly atSeconds: number;
  readonly id?: string;
  readonly status?: 'Available' | 'Lunch' | 'Offline';
  readonly contact?: 'CONNECTING' | 'CONNECTED' | 'ENDED';
  readonly profile?: keyof typeof PROFILES;
  /** The profile's inbound queues, when not those of PROFILES (a profile whose queues were changed). */
  readonly queues?: readonly string[];
  /** The queue of the contact (default Sales). */
  readonly contactQueue?: string;
}

/** An agent event in the published shape, validated by the record reader. */
function agentEvent(spec: EventSpec): AgentEventRecord {
  const instance = spec.instance ?? INSTANCE_A;
  const at = new Date(Date.parse('2026-03-02T08:00:00.000Z') + spec.atSeconds * 1000).toISOString();
  const profile = spec.profile ?? 'rp-sales';
  const status = spec.status ?? 'Available';
  const queue = (name: string) => ({ ARN: queueArn(instance, name), Name: name });
  return parseAgentEvent({
    AWSAccountId: '111122223333',
    AgentARN: `${instance}/agent/${spec.agent}`,
    EventId: spec.id ?? `${spec.agent}-${spec.atSeconds}`,
    EventTimestamp: at,
    EventType: spec.type ?? 'STATE_CHANGE',
    InstanceARN: instance,
    Version: '2019-05-25',
    CurrentAgentSnapshot: {
      AgentStatus: {
        ARN: `${instance}/agent-state/${status}`,
        Name: status,
        StartTimestamp: '2026-03-02T07:59:00.000Z',
        Type: status === 'Available' ? 'ROUTABLE' : status === 'Offline' ? 'OFFLINE' : 'NOT_ROUTABLE',
      },
      NextAgentStatus: null,
      Configuration: {
        AgentHierarchyGroups: { Level1: { ARN: `${instance}/agent-group/emea`, Name: 'EMEA' } },
        FirstName: spec.agent,
        LastName: '',
        Username: spec.agent,
        RoutingProfile: {
          ARN: rpArn(instance, profile),
          Name: profile,
          Concurrency: [{ Channel: 'VOICE', MaximumSlots: 1, AvailableSlots: spec.contact ? 0 : 1 }],
          DefaultOutboundQueue: queue('Sales'),
          InboundQueues: (spec.queues ?? PROFILES[profile]!).map(queue),
        },
      },
      Contacts: spec.contact
        ? [
            {
              Channel: 'VOICE',
              ConnectedToAgentTimestamp: spec.contact === 'CONNECTING' ? null : at,
              ContactId: `contact-of-${spec.agent}`,
              InitialContactId: null,
              InitiationMethod: 'INBOUND',
              Queue: queue(spec.contactQueue ?? 'Sales'),
              QueueTimestamp: at,
              State: spec.contact,
              StateStartTimestamp: at,
            },
          ]
        : [],
    },
  });
}

const keyOf = (agent: string, instance = INSTANCE_A): AgentKey => ({ instanceArn: instance, agentId: agent });
const entry = (...events: AgentEventRecord[]) => ({ key: agentKeyOf(events[0]!), events });

// --- the embedded DynamoDB --------------------------------------------------------------------

/** Counts DynamoDB operations and lets a test run code just before one is sent. */
class Spy {
  readonly calls: string[] = [];
  before: ((operation: string, input: Record<string, unknown>) => Promise<void> | void) | undefined;
  after: ((operation: string, output: Record<string, unknown>) => void) | undefined;

  attach(client: DynamoDBClient): DynamoDBClient {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName).replace(/Command$/, '');
        this.calls.push(operation);
        await this.before?.(operation, args.input as Record<string, unknown>);
        const out = await next(args);
        this.after?.(operation, out.output as unknown as Record<string, unknown>);
        return out;
      },
      { step: 'initialize', name: 'testSpy' },
    );
    return client;
  }

  count(operation: string): number {
    return this.calls.filter((c) => c === operation).length;
  }
}

let dynamo: EmbeddedDynamoDb;
let tableCounter = 0;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamoDb();
});
afterAll(async () => {
  await dynamo?.stop();
});

const newClient = (): DynamoDBClient => createDynamoDbClient({ region: 'eu-west-2', endpoint: dynamo.endpoint, localCredentials: true });

/**
 * A fresh table and a repository (plus a spy on its client) per test. Heartbeats are written every
 * time unless a test sets `heartbeatWriteWindowSeconds` (the window has tests of its own).
 */
async function setup(options: Partial<AgentStateRepositoryOptions> = {}) {
  const tableName = `agent-state-${++tableCounter}`;
  const admin = newClient();
  expect(await ensureAgentStateTable(admin, tableName)).toBe('created');
  const spy = new Spy();
  const client = spy.attach(newClient());
  const repository = new AgentStateRepository({ client, tableName, backoffBaseMs: 1, heartbeatWriteWindowSeconds: 0, ...options });
  const doc = DynamoDBDocumentClient.from(admin);
  const rawItem = async (key: AgentKey) => (await doc.send(new GetCommand({ TableName: tableName, Key: { ...agentItemKey(key) }, ConsistentRead: true }))).Item;
  return { tableName, admin, client, spy, repository, doc, rawItem, newRepository: (spyOn = new Spy()) => new AgentStateRepository({ client: spyOn.attach(newClient()), tableName, backoffBaseMs: 1, heartbeatWriteWindowSeconds: 0 }) };
}

// --- tests ------------------------------------------------------------------------------------

describe('agent-state table', () => {
  it('is created with the pk/sk keys and the keys-only routing-profile index, once', async () => {
    const { admin, tableName } = await setup();
    const table = (await admin.send(new DescribeTableCommand({ TableName: tableName }))).Table!;
    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema, i.Projection?.ProjectionType])).toEqual([
      [ROUTING_PROFILE_INDEX, [{ AttributeName: 'routingProfileArn', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], 'KEYS_ONLY'],
    ]);
    expect(table.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');
    expect(await ensureAgentStateTable(admin, tableName)).toBe('exists');
    // dynalite has no UpdateTimeToLive: TTL stays off in the embedded stack (nothing expires in memory).
    expect((await admin.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  });

  it('refuses a table of the same name with another key design', async () => {
    const admin = newClient();
    const tableName = `agent-state-old-${++tableCounter}`;
    await admin.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'instanceId', AttributeType: 'S' },
          { AttributeName: 'agentId', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'instanceId', KeyType: 'HASH' },
          { AttributeName: 'agentId', KeyType: 'RANGE' },
        ],
      }),
    );
    await expect(ensureAgentStateTable(admin, tableName)).rejects.toThrow(AgentStateTableMismatchError);
    await admin.send(new DeleteTableCommand({ TableName: tableName }));
  });

  it('gives infra the same keys and index, with TTL on expiresAt', () => {
    const { TableName: _name, ...definition } = agentStateTableDefinition('x');
    const resource = agentStateTableResource({ Ref: 'AgentStateTableName' });
    expect(resource.Type).toBe('AWS::DynamoDB::Table');
    expect(resource.Properties).toEqual({
      TableName: { Ref: 'AgentStateTableName' },
      ...definition,
      TimeToLiveSpecification: { AttributeName: AGENT_STATE_TTL_ATTRIBUTE, Enabled: true },
    });
  });
});

describe('AgentStateRepository.apply', () => {
  it('stores a new agent with its order key, index key and expiry; getMany reads back the reduced state', async () => {
    const { repository, rawItem } = await setup();
    const event = agentEvent({ agent: 'ann', atSeconds: 10, contact: 'CONNECTED' });
    const [result] = await repository.apply([entry(event)]);
    expect(result).toEqual({ key: keyOf('ann'), change: 'changed', state: stateFromEvent(event), before: null });
    expect(result!.state?.activity).toBe('ON_CONTACT');
    expect(await repository.getMany([keyOf('ann')])).toEqual([stateFromEvent(event)]);
    const item = await rawItem(keyOf('ann'));
    expect(item).toMatchObject({
      pk: INSTANCE_A,
      sk: 'AGENT#ann',
      entity: 'agent',
      routingProfileArn: rpArn(INSTANCE_A, 'rp-sales'),
      eventOrderKey: '2026-03-02T08:00:10.000Z#ann-10',
      expiresAt: Date.parse('2026-03-02T08:00:10.000Z') / 1000 + DEFAULT_AGENT_STATE_TTL_SECONDS,
      itemVersion: 2,
      lastEvent: { id: 'ann-10', type: 'STATE_CHANGE', timestamp: '2026-03-02T08:00:10.000Z' },
    });
    expect(item).not.toHaveProperty('lastHeartbeatAt');
    // The visible state is one compressed attribute: the item stays under 1 KB (one write unit).
    expect(item!.body).toBeInstanceOf(Uint8Array);
    expect(stateFromItem(item!)).toEqual(stateFromEvent(event));
  });

  it('an older event after a newer one is a no-op: nothing written, the table unchanged', async () => {
    const { repository, rawItem, spy } = await setup();
    const newer = agentEvent({ agent: 'ann', atSeconds: 20, contact: 'ENDED' });
    const older = agentEvent({ agent: 'ann', atSeconds: 10, contact: 'CONNECTED' });
    await repository.apply([entry(newer)]);
    const stored = await rawItem(keyOf('ann'));
    const puts = spy.count('PutItem');

    const [result] = await repository.apply([entry(older)]);
    expect(result).toMatchObject({ change: 'none', state: stateFromEvent(newer) });
    expect(result!.state?.activity).toBe('AFTER_CONTACT_WORK');
    expect(await rawItem(keyOf('ann'))).toEqual(stored);
    expect(spy.count('PutItem') + spy.count('UpdateItem')).toBe(puts);
  });

  it('duplicates are no-ops, inside one batch and across batches', async () => {
    const { repository, spy, rawItem } = await setup();
    const event = agentEvent({ agent: 'ann', atSeconds: 10 });
    const [first] = await repository.apply([entry(event, event), entry(event)]);
    expect(first!.change).toBe('changed');
    const stored = await rawItem(keyOf('ann'));
    const writes = spy.count('PutItem') + spy.count('UpdateItem');
    const again = await repository.apply([entry(event)]);
    expect(again).toEqual([{ key: keyOf('ann'), change: 'none', state: stateFromEvent(event), before: stateFromEvent(event) }]);
    expect(spy.count('PutItem') + spy.count('UpdateItem')).toBe(writes);
    expect(await rawItem(keyOf('ann'))).toEqual(stored);
  });

  it('a heartbeat with nothing new goes to the liveness log: the agent item is untouched, reads show its time', async () => {
    const { repository, rawItem, doc, tableName, spy, newRepository } = await setup();
    const change = agentEvent({ agent: 'ann', atSeconds: 10, status: 'Lunch' });
    await repository.apply([entry(change)]);
    // A marker a full PutItem would remove.
    await doc.send(new UpdateCommand({ TableName: tableName, Key: { ...agentItemKey(keyOf('ann')) }, UpdateExpression: 'SET marker = :m', ExpressionAttributeValues: { ':m': 'untouched' } }));
    const before = await rawItem(keyOf('ann'));

    const beat = agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 130, status: 'Lunch' });
    spy.calls.length = 0;
    const [result] = await repository.apply([entry(beat)]);
    expect(result!.change).toBe('heartbeat');
    expect(result!.heartbeatLogged).toBe(true);
    expect(result!.state).toEqual({ ...stateFromEvent(change), lastEvent: stateFromEvent(beat).lastEvent, lastHeartbeatAt: '2026-03-02T08:02:10.000Z' });
    expect(spy.calls).toEqual(['PutItem']);

    const after = await rawItem(keyOf('ann'));
    expect(after).toEqual(before);
    expect(after!.marker).toBe('untouched');
    const logged = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `LIVENESS#${INSTANCE_A}` } }));
    // The heartbeat was the agent's newest event: logged with its id, so reads take it as lastEvent too.
    expect(logged.Items).toEqual([
      { pk: `LIVENESS#${INSTANCE_A}`, sk: expect.any(String), entity: 'liveness', heard: { ann: `${Date.parse('2026-03-02T08:02:10.000Z')}#ann-130` }, expiresAt: expect.any(Number) },
    ]);
    // Read back (here and by a process that did not write it): the state the reducer gave, as if written to the item.
    expect(await repository.getMany([keyOf('ann')])).toEqual([result!.state]);
    expect(await newRepository().getMany([keyOf('ann')])).toEqual([result!.state]);

    // A stale heartbeat (older than the state, newer than the last heartbeat) raises only lastHeartbeatAt.
    const later = agentEvent({ agent: 'ann', atSeconds: 500, status: 'Available' });
    await repository.apply([entry(later)]);
    const staleBeat = agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 250, status: 'Lunch' });
    const [stale] = await repository.apply([entry(staleBeat)]);
    expect(stale!.change).toBe('heartbeat');
    expect(stale!.state).toEqual({ ...stateFromEvent(later), lastHeartbeatAt: '2026-03-02T08:04:10.000Z' });
    expect(await repository.getMany([keyOf('ann')])).toEqual([stale!.state]);
  });

  it('a heartbeat showing another state than stored replaces the state (an event was missed)', async () => {
    const { repository } = await setup();
    await repository.apply([entry(agentEvent({ agent: 'ann', atSeconds: 10, status: 'Lunch' }))]);
    const beat = agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 130, status: 'Available' });
    const [result] = await repository.apply([entry(beat)]);
    expect(result!.change).toBe('changed');
    expect((await repository.getMany([keyOf('ann')]))[0]).toMatchObject({ activity: 'AVAILABLE', lastHeartbeatAt: '2026-03-02T08:02:10.000Z' });
  });

  it('reports a failing agent in its result and still writes the others', async () => {
    const { repository } = await setup();
    const ann = agentEvent({ agent: 'ann', atSeconds: 10 });
    const results = await repository.apply([
      { key: keyOf('bob'), events: [ann] }, // events of another agent than the key
      entry(agentEvent({ agent: 'cid', atSeconds: 10 })),
    ]);
    expect(results[0]).toMatchObject({ key: keyOf('bob'), change: 'none', state: null, error: expect.objectContaining({ code: 'AGENT_MISMATCH' }) });
    expect(results[1]).toMatchObject({ key: keyOf('cid'), change: 'changed' });
    expect(results[1]!.error).toBeUndefined();
    expect(await repository.getMany([keyOf('bob'), keyOf('cid')])).toEqual([null, results[1]!.state]);
  });

  it('loses a race to a newer concurrent write: re-reads, re-applies and changes nothing', async () => {
    const { repository, spy, newRepository } = await setup();
    const other = newRepository();
    await repository.apply([entry(agentEvent({ agent: 'ann', atSeconds: 0 }))]);
    const newer = agentEvent({ agent: 'ann', atSeconds: 30, contact: 'CONNECTED' });
    // Just before our UpdateItem is sent (no read first: this process remembers ann), another writer stores a newer event.
    let injected = false;
    spy.before = async (operation) => {
      if (operation !== 'UpdateItem' || injected) return;
      injected = true;
      expect((await other.apply([entry(newer)]))[0]!.change).toBe('changed');
    };
    const [result] = await repository.apply([entry(agentEvent({ agent: 'ann', atSeconds: 20, status: 'Lunch' }))]);
    expect(spy.count('GetItem')).toBe(1); // the re-read after the lost condition
    expect(result).toMatchObject({ change: 'none', state: stateFromEvent(newer) });
    expect(await repository.getMany([keyOf('ann')])).toEqual([stateFromEvent(newer)]);
  });

  it('never lowers a heartbeat a concurrent writer stored', async () => {
    const { repository, spy, newRepository } = await setup();
    const other = newRepository();
    const first = agentEvent({ agent: 'ann', atSeconds: 0 });
    await repository.apply([entry(first)]);
    const beat = agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 120, status: 'Available' });
    const newest = agentEvent({ agent: 'ann', atSeconds: 200, contact: 'CONNECTING' });
    let injected = false;
    spy.before = async (operation) => {
      if (operation !== 'UpdateItem' || injected) return;
      injected = true;
      expect((await other.apply([entry(beat)]))[0]!.change).toBe('heartbeat');
    };
    const [result] = await repository.apply([entry(newest)]);
    expect(result!.change).toBe('changed');
    const expected = applyEvents(null, [first, beat, newest]).state;
    expect(expected?.lastHeartbeatAt).toBe('2026-03-02T08:02:00.000Z');
    expect(await repository.getMany([keyOf('ann')])).toEqual([expected]);
  });

  it('two concurrent apply() calls with interleaved events end in the newest state', async () => {
    const { repository, newRepository } = await setup();
    const other = newRepository();
    const agents = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    const logs = agents.map((agent, n) => [
      agentEvent({ agent, type: 'LOGIN', atSeconds: 0, status: 'Available' }),
      agentEvent({ agent, atSeconds: 10, contact: 'CONNECTING' }),
      agentEvent({ agent, atSeconds: 15, contact: 'CONNECTED' }),
      agentEvent({ agent, type: 'HEART_BEAT', atSeconds: 135, contact: 'CONNECTED' }),
      agentEvent({ agent, atSeconds: 200, contact: 'ENDED', profile: n % 2 === 0 ? 'rp-omni' : 'rp-sales' }),
      agentEvent({ agent, type: 'HEART_BEAT', atSeconds: 320, contact: 'ENDED', profile: n % 2 === 0 ? 'rp-omni' : 'rp-sales' }),
      agentEvent({ agent, atSeconds: 330, status: n % 3 === 0 ? 'Lunch' : 'Available', profile: n % 2 === 0 ? 'rp-omni' : 'rp-sales' }),
    ]);
    for (let round = 0; round < 3; round += 1) {
      // Each writer gets every other event (a different split per round), in shuffled batches.
      const mine = logs.map((log, n) => log.filter((_, i) => (i + n + round) % 2 === 0));
      const theirs = logs.map((log, n) => log.filter((_, i) => (i + n + round) % 2 === 1));
      await Promise.all([
        repository.apply(mine.map((events) => entry(...[...events].reverse()))),
        other.apply(theirs.map((events) => entry(...events))),
        other.apply(theirs.map((events) => entry(...events.slice(0, 1)))),
      ]);
      const expected = logs.map((log) => applyEvents(null, log).state);
      expect(await repository.getMany(agents.map((a) => keyOf(a)))).toEqual(expected);
    }
    expect((await repository.getMany([keyOf('a1'), keyOf('a2')])).map((s) => [s?.activity, s?.lastHeartbeatAt])).toEqual([
      ['NON_PRODUCTIVE', '2026-03-02T08:05:20.000Z'],
      ['AVAILABLE', '2026-03-02T08:05:20.000Z'],
    ]);
  });

  it('reports every agent as failed (without rejecting) when the read keeps coming back unprocessed', async () => {
    // rememberedAgents 0: every apply reads first (an agent the repository remembers is not read).
    const { repository, spy } = await setup({ maxBatchGetAttempts: 2, rememberedAgents: 0 });
    spy.after = (operation, output) => {
      if (operation !== 'BatchGetItem') return;
      const [table, items] = Object.entries((output.Responses ?? {}) as Record<string, Record<string, unknown>[]>)[0] ?? [];
      if (table) output.UnprocessedKeys = { [table]: { Keys: items!.map((i) => ({ pk: i.pk, sk: i.sk })) } };
    };
    await repository.apply([entry(agentEvent({ agent: 'ann', atSeconds: 0 }))]); // a new agent: nothing to be unprocessed yet
    const results = await repository.apply([entry(agentEvent({ agent: 'ann', atSeconds: 10 })), entry(agentEvent({ agent: 'bob', atSeconds: 10 }))]);
    expect(results.map((r) => [r.key.agentId, r.change, (r.error as { code?: string } | undefined)?.code])).toEqual([
      ['ann', 'none', 'UPSTREAM_FAILED'],
      ['bob', 'none', 'UPSTREAM_FAILED'],
    ]);
    await expect(repository.getMany([keyOf('ann')])).rejects.toMatchObject({ code: 'UPSTREAM_FAILED', data: { source: 'dynamodb' }, reason: expect.stringMatching(/keys unprocessed after 2 attempts/) });
  });
});

describe('AgentStateRepository reads', () => {
  it('getMany answers in key order with null for missing keys, in chunks of 100, reading duplicates once', async () => {
    const { repository, spy } = await setup();
    const agents = ['ann', 'bob', 'cid'];
    await repository.apply(agents.map((agent) => entry(agentEvent({ agent, atSeconds: 5 }))));
    spy.calls.length = 0;
    const missing = Array.from({ length: 130 }, (_, i) => keyOf(`ghost-${i}`));
    const keys = [keyOf('cid'), ...missing.slice(0, 70), keyOf('ann'), keyOf('cid'), ...missing.slice(70), keyOf('bob', INSTANCE_B), keyOf('bob')];
    const states = await repository.getMany(keys);
    expect(states).toHaveLength(keys.length);
    expect(states.map((s, i) => (s ? `${i}:${s.agentId}` : null)).filter(Boolean)).toEqual(['0:cid', '71:ann', '72:cid', `${keys.length - 1}:bob`]);
    expect(spy.count('BatchGetItem')).toBe(2); // 134 distinct keys
    expect(await repository.getMany([])).toEqual([]);
  });

  it('getMany retries unprocessed keys with back-off', async () => {
    const { repository, spy } = await setup();
    await repository.apply(['ann', 'bob'].map((agent) => entry(agentEvent({ agent, atSeconds: 5 }))));
    let throttled = false;
    spy.after = (operation, output) => {
      if (operation !== 'BatchGetItem' || throttled) return;
      throttled = true;
      const [table, items] = Object.entries(output.Responses as Record<string, Record<string, unknown>[]>)[0]!;
      const [kept, ...dropped] = items;
      output.Responses = { [table]: [kept] };
      output.UnprocessedKeys = { [table]: { Keys: dropped.map((i) => ({ pk: i.pk, sk: i.sk })) } };
    };
    spy.calls.length = 0;
    const states = await repository.getMany([keyOf('ann'), keyOf('bob')]);
    expect(states.map((s) => s?.agentId)).toEqual(['ann', 'bob']);
    expect(spy.count('BatchGetItem')).toBe(2);
  });

  it('lists agents by instance (paged), routing profile, queue, and all of them', async () => {
    const { repository, spy } = await setup();
    await repository.apply([
      entry(agentEvent({ agent: 'ann', atSeconds: 1, profile: 'rp-sales' })),
      entry(agentEvent({ agent: 'bob', atSeconds: 1, profile: 'rp-omni' })),
      entry(agentEvent({ agent: 'cid', atSeconds: 1, profile: 'rp-omni', contact: 'CONNECTED' })),
      entry(agentEvent({ agent: 'dan', atSeconds: 1, profile: 'rp-sales', instance: INSTANCE_B })),
    ]);
    // Lookup items are written once per (queue ARN or name, routing profile) and routing-profile name, and remembered:
    // rp-sales in A: Sales ×2 + name; rp-omni in A: Sales ×2, Support ×2 + name; rp-sales in B: Sales ×2 + name.
    const membershipPuts = spy.count('PutItem') - 4;
    expect(membershipPuts).toBe(11);

    const page1 = await repository.listByInstance(INSTANCE_A, { limit: 2 });
    expect(page1.states.map((s) => s.agentId)).toEqual(['ann', 'bob']);
    expect(page1.lastEvaluatedKey).toEqual(keyOf('bob'));
    const page2 = await repository.listByInstance(INSTANCE_A, { limit: 2, exclusiveStartKey: page1.lastEvaluatedKey });
    expect(page2.states.map((s) => s.agentId)).toEqual(['cid']);
    expect(page2.lastEvaluatedKey).toBeNull();
    expect((await repository.listByInstance(INSTANCE_B)).states.map((s) => s.agentId)).toEqual(['dan']);

    expect((await repository.listByRoutingProfile(rpArn(INSTANCE_A, 'rp-omni'))).map((s) => s.agentId)).toEqual(['bob', 'cid']);
    expect((await repository.listByRoutingProfile(rpArn(INSTANCE_A, 'rp-sales'))).map((s) => s.agentId)).toEqual(['ann']);
    expect(await repository.listByRoutingProfile(rpArn(INSTANCE_A, 'nobody'))).toEqual([]);

    expect((await repository.listByQueue(queueArn(INSTANCE_A, 'Sales'))).map((s) => s.agentId)).toEqual(['ann', 'bob', 'cid']);
    expect((await repository.listByQueue(queueArn(INSTANCE_A, 'Support'))).map((s) => s.agentId)).toEqual(['bob', 'cid']);
    expect((await repository.listByQueue(queueArn(INSTANCE_B, 'Sales'))).map((s) => s.agentId)).toEqual(['dan']);
    expect(await repository.listByQueue(queueArn(INSTANCE_A, 'Nowhere'))).toEqual([]);

    // bob moves to rp-sales: he leaves Support and rp-omni, and no membership is rewritten (one UpdateItem of bob's item).
    spy.calls.length = 0;
    await repository.apply([entry(agentEvent({ agent: 'bob', atSeconds: 60, profile: 'rp-sales' }))]);
    expect(spy.calls).toEqual(['UpdateItem']);
    expect((await repository.listByQueue(queueArn(INSTANCE_A, 'Support'))).map((s) => s.agentId)).toEqual(['cid']);
    expect((await repository.listByRoutingProfile(rpArn(INSTANCE_A, 'rp-sales'))).map((s) => s.agentId)).toEqual(['ann', 'bob']);

    const all = await repository.listAll();
    expect(all.map((s) => [s.instanceArn, s.agentId])).toEqual([
      [INSTANCE_A, 'ann'],
      [INSTANCE_A, 'bob'],
      [INSTANCE_A, 'cid'],
      [INSTANCE_B, 'dan'],
    ]);
    expect(all.find((s) => s.agentId === 'cid')).toMatchObject<Partial<AgentState>>({ activity: 'ON_CONTACT', hierarchy: [{ arn: `${INSTANCE_A}/agent-group/emea`, name: 'EMEA' }, null, null, null, null] });
  });

  it('another process writes the memberships it has not seen itself', async () => {
    const { repository, newRepository } = await setup();
    await repository.apply([entry(agentEvent({ agent: 'ann', atSeconds: 1, profile: 'rp-omni' }))]);
    const spy = new Spy();
    const other = newRepository(spy);
    await other.apply([entry(agentEvent({ agent: 'bob', atSeconds: 1, profile: 'rp-omni' }))]);
    expect(spy.count('PutItem')).toBe(6); // Sales and Support memberships by ARN and name, the profile's name (idempotent), then bob
    await other.apply([entry(agentEvent({ agent: 'cid', atSeconds: 1, profile: 'rp-omni' }))]);
    expect(spy.count('PutItem')).toBe(7);
    expect((await other.listByQueue(queueArn(INSTANCE_A, 'Support'))).map((s) => s.agentId)).toEqual(['ann', 'bob', 'cid']);
  });
});

describe('AgentStateRepository reads by queue and routing profile (memberships and index)', () => {
  const ids = (states: readonly AgentState[]) => states.map((s) => s.agentId);

  it('return exactly the agents a filter matches, by ARN or name, as agents move, with Query and BatchGetItem only', async () => {
    const { repository, spy, doc, tableName } = await setup();
    await repository.apply([
      entry(agentEvent({ agent: 'ann', atSeconds: 1, profile: 'rp-sales' })),
      entry(agentEvent({ agent: 'bob', atSeconds: 1, profile: 'rp-omni' })),
      entry(agentEvent({ agent: 'cid', atSeconds: 1, profile: 'rp-omni', contact: 'CONNECTED' })),
      // eve's profile does not take Billing, but she holds a Billing contact (e.g. an outbound call placed from it).
      entry(agentEvent({ agent: 'eve', atSeconds: 1, profile: 'rp-sales', contact: 'CONNECTED', contactQueue: 'Billing' })),
      entry(agentEvent({ agent: 'dan', atSeconds: 1, profile: 'rp-sales', instance: INSTANCE_B })),
    ]);
    spy.calls.length = 0;
    expect(ids(await repository.listByQueue(queueArn(INSTANCE_A, 'Sales')))).toEqual(['ann', 'bob', 'cid', 'eve']);
    // By name: the queues of that name in every instance (ordered by instance, then agent).
    expect(ids(await repository.listByQueue('Sales'))).toEqual(['ann', 'bob', 'cid', 'eve', 'dan']);
    expect(ids(await repository.listByQueue(queueArn(INSTANCE_A, 'Billing')))).toEqual(['eve']);
    expect(ids(await repository.listByQueue('Billing'))).toEqual(['eve']);
    expect(ids(await repository.listByRoutingProfile('rp-omni'))).toEqual(['bob', 'cid']);
    expect(ids(await repository.listByRoutingProfile(rpArn(INSTANCE_B, 'rp-sales')))).toEqual(['dan']);
    expect(await repository.listByQueue('NoSuchQueue')).toEqual([]);
    expect(await repository.listByRoutingProfile('no-such-profile')).toEqual([]);
    expect(new Set(spy.calls)).toEqual(new Set(['Query', 'BatchGetItem']));

    // Several queues at once: one membership Query each, each profile's index Query once, one BatchGetItem for the union.
    spy.calls.length = 0;
    const [sales, support] = await repository.listByQueues([queueArn(INSTANCE_A, 'Sales'), queueArn(INSTANCE_A, 'Support')]);
    expect([ids(sales!), ids(support!)]).toEqual([
      ['ann', 'bob', 'cid', 'eve'],
      ['bob', 'cid'],
    ]);
    expect(spy.calls.filter((c) => c === 'Query')).toHaveLength(2 + 2 + 1); // + the instance's liveness log
    expect(spy.count('BatchGetItem')).toBe(1);

    // bob moves to rp-sales; eve's Billing contact ends; rp-omni stops taking Support (cid's newest snapshot says so).
    await repository.apply([
      entry(agentEvent({ agent: 'bob', atSeconds: 60, profile: 'rp-sales' })),
      entry(agentEvent({ agent: 'eve', atSeconds: 60, profile: 'rp-sales' })),
      entry(agentEvent({ agent: 'cid', atSeconds: 60, profile: 'rp-omni', queues: ['Sales'] })),
    ]);
    expect(ids(await repository.listByRoutingProfile('rp-omni'))).toEqual(['cid']);
    expect(ids(await repository.listByRoutingProfile(rpArn(INSTANCE_A, 'rp-sales')))).toEqual(['ann', 'bob', 'eve']);
    expect(await repository.listByQueue(queueArn(INSTANCE_A, 'Support'))).toEqual([]);
    expect(await repository.listByQueue('Support')).toEqual([]);
    expect(await repository.listByQueue('Billing')).toEqual([]);
    expect(ids(await repository.listByQueue('Sales'))).toEqual(['ann', 'bob', 'cid', 'eve', 'dan']);
    // The memberships that led there are still stored (they only expire): stale, and harmless.
    const membershipsOf = async (pk: string) =>
      (await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];
    expect((await membershipsOf(`QUEUE#${queueArn(INSTANCE_A, 'Support')}`)).map((i) => i.sk)).toEqual([`RP#${rpArn(INSTANCE_A, 'rp-omni')}`]);
    expect((await membershipsOf('QUEUE#Billing')).map((i) => i.sk)).toEqual([`RP#${rpArn(INSTANCE_A, 'rp-sales')}`]);
  });

  it('keep a membership alive at least as long as the agents it leads to', async () => {
    const { repository, doc, tableName, rawItem } = await setup();
    await repository.apply([entry(agentEvent({ agent: 'ann', atSeconds: 1 }))]);
    const agent = await rawItem(keyOf('ann'));
    const membership = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `QUEUE#${queueArn(INSTANCE_A, 'Sales')}`, sk: `RP#${rpArn(INSTANCE_A, 'rp-sales')}` } }))).Item;
    expect(membership!.expiresAt).toBeGreaterThanOrEqual(agent!.expiresAt as number);
  });

  it('read only the keys of the instances asked for', async () => {
    const { repository, spy } = await setup();
    await repository.apply([
      entry(agentEvent({ agent: 'ann', atSeconds: 1 })),
      entry(agentEvent({ agent: 'dan', atSeconds: 1, instance: INSTANCE_B })),
      entry(agentEvent({ agent: 'dee', atSeconds: 1, instance: INSTANCE_B })),
    ]);
    const requests: [string, number][] = [];
    const onRequest = (operation: string, items: number) => void requests.push([operation, items]);
    expect(ids(await repository.listByQueue('Sales', { instanceArns: [INSTANCE_B], onRequest }))).toEqual(['dan', 'dee']);
    // One membership item (B's profile), two index keys, two agents, B's liveness log (empty): nothing of instance A was read.
    expect(requests).toEqual([
      ['Query', 1],
      ['Query', 2],
      ['BatchGetItem', 2],
      ['Query', 0],
    ]);
    expect(ids(await repository.listByRoutingProfile('rp-sales', { instanceArns: [INSTANCE_A] }))).toEqual(['ann']);
    spy.calls.length = 0;
    expect(ids(await repository.listAll({ instanceArns: [INSTANCE_B] }))).toEqual(['dan', 'dee']);
    expect(spy.calls).toEqual(['Query', 'Query']);
    expect(ids(await repository.listAll())).toEqual(['ann', 'dan', 'dee']);
    // Several instances: one membership Query per instance (sk begins with RP#<instance>/), never the whole partition.
    requests.length = 0;
    expect(ids(await repository.listByQueue('Sales', { instanceArns: [INSTANCE_A, INSTANCE_B], onRequest }))).toEqual(['ann', 'dan', 'dee']);
    expect(requests.map(([operation]) => operation).sort()).toEqual(['BatchGetItem', 'Query', 'Query', 'Query', 'Query', 'Query', 'Query']);
    requests.length = 0;
    expect(await repository.listByQueue('Sales', { instanceArns: [], onRequest })).toEqual([]);
    expect(await repository.listAll({ instanceArns: [], onRequest })).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('after a seeded random history of moves, every queue and profile read equals the whole table filtered in memory', async () => {
    const { repository } = await setup();
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const queues = ['Sales', 'Support', 'Billing', 'Returns'];
    const profiles = Object.keys(PROFILES) as (keyof typeof PROFILES)[];
    const agents = Array.from({ length: 24 }, (_, i) => ({ agent: `agent-${String(i).padStart(2, '0')}`, instance: i % 3 === 0 ? INSTANCE_B : INSTANCE_A }));
    const check = async (): Promise<void> => {
      const all = await repository.listAll();
      const refs = queues.flatMap((q) => [q, queueArn(INSTANCE_A, q), queueArn(INSTANCE_B, q)]);
      const byQueue = await repository.listByQueues(refs);
      refs.forEach((ref, i) => expect([ref, ids(byQueue[i]!)]).toEqual([ref, ids(all.filter((s) => matchesAgentFilter(s, { queue: ref })))]));
      for (const rp of profiles.flatMap((p) => [p, rpArn(INSTANCE_A, p), rpArn(INSTANCE_B, p)])) {
        expect([rp, ids(await repository.listByRoutingProfile(rp))]).toEqual([rp, ids(all.filter((s) => matchesAgentFilter(s, { routingProfile: rp })))]);
      }
    };
    for (let round = 1; round <= 8; round++) {
      const batch = agents
        .filter(() => random(3) > 0)
        .map(({ agent, instance }) => {
          const own = queues.filter(() => random(2) === 0);
          return entry(
            agentEvent({
              agent,
              instance,
              atSeconds: round * 60,
              profile: profiles[random(profiles.length)]!,
              queues: own.length > 0 ? own : ['Sales'],
              ...(random(2) === 0 ? { contact: 'CONNECTED' as const, contactQueue: queues[random(queues.length)]! } : {}),
            }),
          );
        });
      const results = await repository.apply(batch);
      expect(results.filter((r) => r.error)).toEqual([]);
      if (round % 4 === 0) await check();
    }
  });
});

describe('AgentStateRepository on a client with the SDK cacheMiddleware (as the agentEvents Lambda creates it)', () => {
  const cachingClient = (): DynamoDBClient => createDynamoDbClient({ region: 'eu-west-2', endpoint: dynamo.endpoint, localCredentials: true, cacheMiddleware: true });

  it('DynamoDBDocumentClient refuses such a client, which is why the repository sends low-level commands', () => {
    expect(() => DynamoDBDocumentClient.from(cachingClient())).toThrow(/cacheMiddleware/);
  });

  it('two writers on such clients race, re-read and end in the newest state; every read path answers it, the liveness log included', async () => {
    const { tableName } = await setup();
    const spy = new Spy();
    // The spy goes on before the first request: with cacheMiddleware, later middleware would not apply.
    const mine = new AgentStateRepository({ client: spy.attach(cachingClient()), tableName, backoffBaseMs: 1 });
    const theirs = new AgentStateRepository({ client: cachingClient(), tableName, backoffBaseMs: 1 });
    const first = agentEvent({ agent: 'ann', atSeconds: 0, profile: 'rp-sales' });
    await mine.apply([entry(first)]);
    const newer = agentEvent({ agent: 'ann', atSeconds: 30, status: 'Lunch', profile: 'rp-sales' });
    let injected = false;
    spy.before = async (operation) => {
      if (operation !== 'UpdateItem' || injected) return;
      injected = true;
      expect((await theirs.apply([entry(newer)]))[0]!.change).toBe('changed');
    };
    const [lost] = await mine.apply([entry(agentEvent({ agent: 'ann', atSeconds: 20, contact: 'CONNECTING', profile: 'rp-sales' }))]);
    expect(spy.count('GetItem')).toBe(1); // the re-read after the lost condition
    expect(lost).toMatchObject({ change: 'none', state: stateFromEvent(newer) });

    // A heartbeat outside the (default 90 s) window goes to the liveness log; a third reader sees it.
    const beat = agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 150, status: 'Lunch', profile: 'rp-sales' });
    expect((await theirs.apply([entry(beat)]))[0]).toMatchObject({ change: 'heartbeat', heartbeatLogged: true });
    const expected = applyEvents(null, [first, newer, beat]).state;
    const reader = new AgentStateRepository({ client: cachingClient(), tableName });
    expect(await reader.getMany([keyOf('ann')])).toEqual([expected]);
    expect((await reader.listByInstance(INSTANCE_A)).states).toEqual([expected]);
    expect(await reader.listByRoutingProfile('rp-sales')).toEqual([expected]);
    expect(await reader.listAll()).toEqual([expected]);
  });
});
