/**
 * The cheap-ingest write path of AgentStateRepository on the embedded DynamoDB (dynalite): heartbeat
 * writes skipped inside the window, one conditional write of the changed attributes per agent per
 * batch, the compact item (one write unit), version-1 items still read, and — a property test with
 * the pure reducer as the oracle — shuffled, duplicated, re-batched event streams end in the state
 * the reducer gives for the set of events.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { isAgentStale, isLoggedIn, lastHeardOfMs, type AgentState } from '../../src/domain/agent-state';
import { agentKeyOf, applyEvents, stateFromEvent, visiblyEqual } from '../../src/domain/agent-state.reducer';
import { parseAgentEvent, type AgentEventRecord } from '../../src/domain/records';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { agentItemKey, eventOrderKey } from '../../src/state/agent-state.item';
import { AgentStateRepository, type AgentStateRepositoryOptions } from '../../src/state/agent-state.repository';
import { DEFAULT_AGENT_STATE_TTL_SECONDS } from '../../src/state/agent-state.table';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';

const INSTANCE = 'arn:aws:connect:eu-west-2:111122223333:instance/aaaaaaaa-0000-0000-0000-000000000001';
const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const STATUSES = ['Available', 'Lunch', 'Offline'] as const;

interface Spec {
  readonly agent: string;
  readonly atSeconds: number;
  readonly type?: 'STATE_CHANGE' | 'HEART_BEAT' | 'LOGIN' | 'LOGOUT';
  readonly status?: (typeof STATUSES)[number];
  readonly contact?: 'CONNECTING' | 'CONNECTED' | 'ENDED' | null;
  readonly id?: string;
}

/** An agent event of `spec.agent` at T0 + `atSeconds`, with a snapshot made of the spec. */
function agentEvent(spec: Spec): AgentEventRecord {
  const at = new Date(T0 + spec.atSeconds * 1000).toISOString();
  const status = spec.status ?? 'Available';
  const queue = { ARN: `${INSTANCE}/queue/sales`, Name: 'Sales' };
  return parseAgentEvent({
    AWSAccountId: '111122223333',
    AgentARN: `${INSTANCE}/agent/${spec.agent}`,
    EventId: spec.id ?? `${spec.agent}-${spec.atSeconds}-${spec.type ?? 'STATE_CHANGE'}`,
    EventTimestamp: at,
    EventType: spec.type ?? 'STATE_CHANGE',
    InstanceARN: INSTANCE,
    Version: '2019-05-25',
    CurrentAgentSnapshot: {
      AgentStatus: { ARN: `${INSTANCE}/agent-state/${status}`, Name: status, StartTimestamp: '2026-03-02T07:59:00.000Z', Type: status === 'Available' ? 'ROUTABLE' : status === 'Offline' ? 'OFFLINE' : 'CUSTOM' },
      NextAgentStatus: null,
      Configuration: {
        AgentHierarchyGroups: null,
        FirstName: spec.agent,
        LastName: 'Tester',
        Username: spec.agent,
        RoutingProfile: { ARN: `${INSTANCE}/routing-profile/sales`, Name: 'Sales', Concurrency: [], DefaultOutboundQueue: queue, InboundQueues: [{ ...queue, Channels: ['VOICE'] }] },
      },
      Contacts: spec.contact
        ? [
            {
              Channel: 'VOICE',
              ConnectedToAgentTimestamp: spec.contact === 'CONNECTING' ? null : at,
              ContactId: `contact-of-${spec.agent}`,
              InitialContactId: null,
              InitiationMethod: 'INBOUND',
              Queue: queue,
              QueueTimestamp: at,
              State: spec.contact,
              StateStartTimestamp: at,
            },
          ]
        : [],
    },
    PreviousAgentSnapshot: null,
  });
}

/** Groups events by agent, as the ingest service hands them to `apply`. */
function byAgent(events: readonly AgentEventRecord[]) {
  const groups = new Map<string, AgentEventRecord[]>();
  for (const event of events) groups.set(event.AgentARN, [...(groups.get(event.AgentARN) ?? []), event]);
  return [...groups.values()].map((group) => ({ key: agentKeyOf(group[0]!), events: group }));
}

/** Writes (PutItem, UpdateItem) of agent items and liveness-log items a client sends, with the write units DynamoDB reports for each. */
class WriteCounter {
  readonly writes: { operation: string; units: number }[] = [];
  /** Wraps each PutItem of a liveness-log item, when set (to watch how many are in flight). */
  onLogPut: (<T>(send: () => Promise<T>) => Promise<T>) | undefined;

  attach(client: DynamoDBClient): DynamoDBClient {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName).replace(/Command$/, '');
        // The repository's low-level commands hold attribute values ({ S: … }).
        const input = args.input as { Item?: { pk?: { S?: string }; sk?: { S?: string } }; Key?: { sk?: { S?: string } } };
        // Agent and liveness items only: lookup items (memberships, profile names) are written once per process, and not counted here.
        const isWrite =
          (operation === 'PutItem' || operation === 'UpdateItem') && (String(input.Item?.sk?.S ?? input.Key?.sk?.S).startsWith('AGENT#') || String(input.Item?.pk?.S).startsWith('LIVENESS#'));
        if (isWrite) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        const isLogPut = operation === 'PutItem' && String(input.Item?.pk?.S).startsWith('LIVENESS#');
        const out = isLogPut && this.onLogPut ? await this.onLogPut(() => next(args)) : await next(args);
        const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
        if (isWrite) this.writes.push({ operation, units: consumed?.CapacityUnits ?? Number.NaN });
        return out;
      },
      { step: 'initialize', name: 'writeCounter' },
    );
    return client;
  }

  count(): number {
    return this.writes.length;
  }
}

let dynamo: EmbeddedDynamoDb;
let tables = 0;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamoDb();
});
afterAll(async () => {
  await dynamo?.stop();
});

const newClient = (): DynamoDBClient => createDynamoDbClient({ region: 'eu-west-2', endpoint: dynamo.endpoint, localCredentials: true });

async function setup(options: Partial<AgentStateRepositoryOptions> = {}) {
  const tableName = `write-cost-${++tables}`;
  const admin = newClient();
  await ensureAgentStateTable(admin, tableName);
  const counter = new WriteCounter();
  const repository = new AgentStateRepository({ client: counter.attach(newClient()), tableName, backoffBaseMs: 1, ...options });
  const doc = DynamoDBDocumentClient.from(admin);
  /** A repository of another process: remembers nothing, reads the table. */
  const reader = () => new AgentStateRepository({ client: newClient(), tableName });
  const stored = async (agent: string) => (await reader().getMany([{ instanceArn: INSTANCE, agentId: agent }]))[0] ?? null;
  return { tableName, repository, counter, doc, reader, stored };
}

describe('heartbeat writes (window 90 s)', () => {
  it('a heartbeat inside the window is not stored; outside it goes to the liveness log (one write unit), and the stored liveness never lags more than the window', async () => {
    const { repository, counter, stored } = await setup({ heartbeatWriteWindowSeconds: 90 });
    await repository.apply(byAgent([agentEvent({ agent: 'ann', atSeconds: 0 })]));
    expect(counter.count()).toBe(1);

    const [inside] = await repository.apply(byAgent([agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 60 })]));
    expect(inside).toMatchObject({ change: 'heartbeat', heartbeatDeferred: true, state: { lastHeartbeatAt: new Date(T0 + 60_000).toISOString() } });
    expect(counter.count()).toBe(1); // no write
    expect((await stored('ann'))?.lastHeartbeatAt).toBeNull(); // the table lags, by less than the window

    const [outside] = await repository.apply(byAgent([agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 100 })]));
    expect(outside!.change).toBe('heartbeat');
    expect(outside!.heartbeatDeferred).toBeUndefined();
    expect(outside!.heartbeatLogged).toBe(true);
    expect(counter.writes.slice(1)).toEqual([{ operation: 'PutItem', units: 1 }]);
    // Reads take the heartbeat (time and event) from the log.
    expect(await stored('ann')).toMatchObject({ lastHeartbeatAt: new Date(T0 + 100_000).toISOString(), lastEvent: { type: 'HEART_BEAT' } });
    // Logged, it counts as stored liveness: the next heartbeat inside the window of it is not stored again.
    const [again] = await repository.apply(byAgent([agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 180 })]));
    expect(again!.heartbeatDeferred).toBe(true);
    expect(counter.count()).toBe(2);
  });

  it('the heartbeats of one call share liveness-log items: one write unit for many agents', async () => {
    const { repository, counter, stored } = await setup({ heartbeatWriteWindowSeconds: 90 });
    // Agent ids as long as Connect's (UUIDs).
    const agents = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`);
    await repository.apply(byAgent(agents.map((agent) => agentEvent({ agent, atSeconds: 0 }))));
    counter.writes.length = 0;
    const results = await repository.apply(byAgent(agents.map((agent) => agentEvent({ agent, type: 'HEART_BEAT', atSeconds: 120 }))));
    expect(results.every((r) => r.heartbeatLogged === true)).toBe(true);
    // Each item stays under 1 KB (one write unit each) and holds many agents.
    expect(counter.writes.every((w) => w.operation === 'PutItem' && w.units === 1)).toBe(true);
    // 40 heartbeats, each its agent's newest event (stored with its EventId, here ~45 characters): 7 or more agents an item.
    expect(counter.writes.length).toBeGreaterThanOrEqual(2);
    expect(counter.writes.length).toBeLessThanOrEqual(6);
    for (const agent of [agents[0]!, agents[39]!]) expect((await stored(agent))?.lastHeartbeatAt).toBe(new Date(T0 + 120_000).toISOString());
  });

  it('a burst of heartbeats is logged in waves: never more than maxWritesInFlight log items in flight', async () => {
    const { repository, counter, stored } = await setup({ heartbeatWriteWindowSeconds: 90, maxWritesInFlight: 4 });
    const agents = Array.from({ length: 300 }, (_, i) => `${String(i).padStart(8, '0')}-bbbb-4bbb-8ccc-dddddddddddd`);
    await repository.apply(byAgent(agents.map((agent) => agentEvent({ agent, atSeconds: 0 }))));
    let inFlight = 0;
    let most = 0;
    counter.onLogPut = async (send) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await send();
      } finally {
        inFlight -= 1;
      }
    };
    counter.writes.length = 0;
    const results = await repository.apply(byAgent(agents.map((agent) => agentEvent({ agent, type: 'HEART_BEAT', atSeconds: 120 }))));
    expect(results.every((r) => r.heartbeatLogged === true && r.error === undefined)).toBe(true);
    expect(counter.writes.length).toBeGreaterThan(8);
    expect(most).toBe(4);
    expect((await stored(agents[299]!))?.lastHeartbeatAt).toBe(new Date(T0 + 120_000).toISOString());
  });

  it('a state change is never skipped, also right after a heartbeat inside the window; the deferred liveness is written with it', async () => {
    const { repository, counter, stored } = await setup({ heartbeatWriteWindowSeconds: 90 });
    await repository.apply(byAgent([agentEvent({ agent: 'ann', atSeconds: 0 })]));
    await repository.apply(byAgent([agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 30 })]));
    expect(counter.count()).toBe(1);
    const change = agentEvent({ agent: 'ann', atSeconds: 31, status: 'Lunch' });
    const [result] = await repository.apply(byAgent([change]));
    expect(result!.change).toBe('changed');
    expect(counter.count()).toBe(2);
    expect(await stored('ann')).toEqual({ ...stateFromEvent(change), lastHeartbeatAt: new Date(T0 + 30_000).toISOString() });
  });

  it('a heartbeat whose snapshot differs from the stored state (a missed event) is written inside the window', async () => {
    const { repository, counter, stored } = await setup({ heartbeatWriteWindowSeconds: 90 });
    await repository.apply(byAgent([agentEvent({ agent: 'ann', atSeconds: 0 })]));
    const beat = agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 20, contact: 'CONNECTED' });
    const [result] = await repository.apply(byAgent([beat]));
    expect(result!.change).toBe('changed');
    expect(counter.count()).toBe(2);
    expect((await stored('ann'))?.activity).toBe('ON_CONTACT');
  });

  it('another process that does not remember the agent reads the stored liveness and applies the same window', async () => {
    const { repository, reader, stored } = await setup({ heartbeatWriteWindowSeconds: 90 });
    await repository.apply(byAgent([agentEvent({ agent: 'ann', atSeconds: 0 })]));
    const other = reader();
    const [inside] = await other.apply(byAgent([agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 80 })]));
    expect(inside!.heartbeatDeferred).toBe(true);
    const [outside] = await reader().apply(byAgent([agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds: 95 })]));
    expect(outside!.heartbeatDeferred).toBeUndefined();
    expect((await stored('ann'))?.lastHeartbeatAt).toBe(new Date(T0 + 95_000).toISOString());
  });
  // Connect keeps sending HEART_BEAT for up to an hour after a logout (shared/reference/connect-schemas.md,
  // "keeps coming for up to an hour after logout"): a logged-out agent is never stale, so their times are not stored.
  it('heartbeats after a logout are never written, however old the stored liveness; the next login is', async () => {
    const { repository, counter, stored } = await setup({ heartbeatWriteWindowSeconds: 90 });
    await repository.apply(byAgent([agentEvent({ agent: 'ann', atSeconds: 0 })]));
    await repository.apply(byAgent([agentEvent({ agent: 'ann', type: 'LOGOUT', atSeconds: 10, status: 'Offline' })]));
    expect(counter.count()).toBe(2);
    for (const atSeconds of [130, 250, 370, 3_000]) {
      const [beat] = await repository.apply(byAgent([agentEvent({ agent: 'ann', type: 'HEART_BEAT', atSeconds, status: 'Offline' })]));
      expect(beat).toMatchObject({ change: 'heartbeat', heartbeatDeferred: true });
    }
    expect(counter.count()).toBe(2);
    const loggedOut = await stored('ann');
    expect(loggedOut).toMatchObject({ lastEvent: { type: 'LOGOUT' } });
    expect(isAgentStale(loggedOut!, T0 + 3_000_000)).toBe(false);
    const [login] = await repository.apply(byAgent([agentEvent({ agent: 'ann', type: 'LOGIN', atSeconds: 3_100 })]));
    expect(login!.change).toBe('changed');
    expect(counter.count()).toBe(3);
    expect((await stored('ann'))?.lastEvent.type).toBe('LOGIN');
  });
});

describe('one write per agent per batch, of the changed attributes, one write unit', () => {
  it('collapses an agent\'s events of a batch into one conditional write of the newest state', async () => {
    const { repository, counter, stored } = await setup();
    const events = [
      agentEvent({ agent: 'ann', atSeconds: 10, contact: 'CONNECTING' }),
      agentEvent({ agent: 'ann', atSeconds: 12, contact: 'CONNECTED' }),
      agentEvent({ agent: 'ann', atSeconds: 11, contact: 'CONNECTING', id: 'late' }),
      agentEvent({ agent: 'ann', atSeconds: 30, contact: 'ENDED' }),
      agentEvent({ agent: 'bob', atSeconds: 10 }),
    ];
    const results = await repository.apply(byAgent(events));
    expect(results.map((r) => r.change)).toEqual(['changed', 'changed']);
    expect(counter.writes.map((w) => w.operation)).toEqual(['PutItem', 'PutItem']);
    expect(await stored('ann')).toEqual(stateFromEvent(events[3]!));

    counter.writes.length = 0;
    await repository.apply(byAgent([agentEvent({ agent: 'ann', atSeconds: 40 }), agentEvent({ agent: 'ann', atSeconds: 45, status: 'Lunch' })]));
    // A remembered agent: no read, one UpdateItem, one write unit (the compact item is under 1 KB).
    expect(counter.writes).toEqual([{ operation: 'UpdateItem', units: 1 }]);
    expect((await stored('ann'))?.status.name).toBe('Lunch');
  });

  it('reads an item of version 1 (every field top-level) and replaces it with the compact item on the next write', async () => {
    const { repository, doc, tableName, reader, stored } = await setup();
    const old = stateFromEvent(agentEvent({ agent: 'ann', atSeconds: 0, contact: 'CONNECTED' }));
    const { lastHeartbeatAt: _hb, ...fields } = old;
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...agentItemKey(old),
          ...fields,
          entity: 'agent',
          itemVersion: 1,
          eventOrderKey: eventOrderKey(old.lastEvent),
          expiresAt: Math.floor(T0 / 1000) + DEFAULT_AGENT_STATE_TTL_SECONDS,
          routingProfileArn: old.routingProfile!.arn,
        },
      }),
    );
    expect(await stored('ann')).toEqual(old);
    const next = agentEvent({ agent: 'ann', atSeconds: 5, contact: 'ENDED' });
    const [result] = await reader().apply(byAgent([next]));
    expect(result).toMatchObject({ change: 'changed', before: old });
    const item = (await doc.send(new GetCommand({ TableName: tableName, Key: { ...agentItemKey(old) }, ConsistentRead: true }))).Item!;
    expect(item.itemVersion).toBe(2);
    expect(item).not.toHaveProperty('status');
    expect(await stored('ann')).toEqual(stateFromEvent(next));
    expect((await repository.apply(byAgent([next])))[0]!.change).toBe('none');
  });
});

// --- property: the stored state is the reducer's, whatever the delivery ------------------------

const specArb = fc.record({
  agent: fc.constantFrom('a1', 'a2'),
  atSeconds: fc.integer({ min: 0, max: 600 }),
  type: fc.constantFrom<Spec['type']>('STATE_CHANGE', 'HEART_BEAT', 'HEART_BEAT', 'LOGIN', 'LOGOUT'),
  status: fc.constantFrom(...STATUSES),
  contact: fc.constantFrom<Spec['contact']>(null, 'CONNECTING', 'CONNECTED', 'ENDED'),
});

/** Events, then a delivery of them: shuffled, some duplicated, cut into batches. */
// Distinct events have distinct EventIds (the id is derived from agent, time and type here): a re-delivery
// repeats an event whole, it never reuses its id with other content (Kinesis delivers at least once).
const deliveryArb = fc.uniqueArray(specArb, { minLength: 1, maxLength: 14, selector: (s) => `${s.agent}-${s.atSeconds}-${s.type}` }).chain((specs) => {
  const events = specs.map((spec) => agentEvent(spec));
  return fc
    .tuple(fc.shuffledSubarray([...events, ...events], { minLength: events.length * 2, maxLength: events.length * 2 }), fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 30 }))
    .map(([shuffled, keep, cuts]) => {
      // Every event at least once; the second copy of some dropped.
      const seen = new Set<string>();
      const delivered = shuffled.filter((event) => {
        const first = !seen.has(event.EventId);
        seen.add(event.EventId);
        return first || keep[events.indexOf(event)] === true;
      });
      const batches: AgentEventRecord[][] = [];
      for (let i = 0, c = 0; i < delivered.length; c++) {
        const size = cuts[c % cuts.length]!;
        batches.push(delivered.slice(i, i + size));
        i += size;
      }
      return { events, batches };
    });
});

function oracle(events: readonly AgentEventRecord[], agent: string): AgentState | null {
  return applyEvents(null, events.filter((e) => e.AgentARN.endsWith(`/agent/${agent}`))).state;
}

describe('property: shuffled, duplicated, re-batched deliveries end in the reducer\'s state', () => {
  it('without a heartbeat window, the stored state equals the reducer\'s exactly', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, async ({ events, batches }) => {
        const { repository, stored } = await setup({ heartbeatWriteWindowSeconds: 0 });
        for (const batch of batches) {
          const results = await repository.apply(byAgent(batch));
          expect(results.filter((r) => r.error !== undefined)).toEqual([]);
        }
        // Heartbeats that change nothing visible went to the liveness log; a read merges them back.
        for (const agent of ['a1', 'a2']) expect(await stored(agent)).toEqual(oracle(events, agent));
      }),
      { numRuns: 40 },
    );
  });

  it('with the 90 s window, the visible state is the reducer\'s and the stored liveness of a logged-in agent lags it by less than the window', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, async ({ events, batches }) => {
        const { repository, stored } = await setup({ heartbeatWriteWindowSeconds: 90 });
        const last = new Map<string, AgentState | null>();
        for (const batch of batches) {
          for (const result of await repository.apply(byAgent(batch))) {
            expect(result.error).toBeUndefined();
            last.set(result.key.agentId, result.state);
          }
        }
        for (const agent of ['a1', 'a2']) {
          const expected = oracle(events, agent);
          const actual = await stored(agent);
          if (expected === null) {
            expect(actual).toBeNull();
            continue;
          }
          // What this process reports is exactly the reducer's state; the table may lag in liveness only.
          if (last.has(agent)) expect(last.get(agent)).toEqual(expected);
          expect(actual).not.toBeNull();
          expect(visiblyEqual(actual!, expected)).toBe(true);
          // A logged-out agent's liveness-only events are not written at all (never stale, see the logout test above).
          if (isLoggedIn(expected)) expect(lastHeardOfMs(expected) - lastHeardOfMs(actual!)).toBeLessThan(90_000);
        }
      }),
      { numRuns: 40 },
    );
  });
});
