import { randomUUID } from 'node:crypto';
import { execute, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import pino from 'pino';
import { loadConfig } from '../../src/config/env';
import { ANONYMOUS_PRINCIPAL, instanceScopeOf, type AuthScope, type Principal } from '../../src/domain/principal';
import { buildAppSchema } from '../../src/server/graphql/schema';
import { createRequestContext, type ContextDeps } from '../../src/server/graphql/request-context.factory';
import type { RequestContext } from '../../src/services/request-context';
import { readRawRecords } from '../helpers/raw-records';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { twoInstanceData, TWO_INSTANCE_DATA, type TwoInstanceData } from '../helpers/two-instance-data';

/**
 * Tenant scoping on two Connect instances in one data folder (and one agent-state table): a principal
 * scoped to instance A sees none of instance B — rows, counts, agents, queues, live states, changes,
 * ids — and its cached answers are never served to another scope. The schema is executed with a
 * request context built for each principal (authentication is another layer's job).
 */
describe('tenant scoping (two instances, one data folder)', () => {
  const READ_SCOPES: AuthScope[] = ['metrics:read', 'contacts:read', 'live:read'];
  const logger = pino({ level: 'silent' });
  const range = { from: `${TWO_INSTANCE_DATA.start}T00:00:00Z`, to: '2026-11-21T00:00:00Z' };
  let data: TwoInstanceData;
  let server: TestServer;
  let schema: GraphQLSchema;
  let deps: ContextDeps;
  let principalA: Principal;
  let principalB: Principal;

  const principalOf = (id: string, instanceArns: string[]): Principal => ({ id, method: 'apikey', scopes: new Set(READ_SCOPES), instances: instanceScopeOf(instanceArns) });
  const contextFor = (principal: Principal): RequestContext => createRequestContext(deps, randomUUID(), logger, principal);

  async function run<T>(principal: Principal, query: string, variables: Record<string, unknown> = {}, context = contextFor(principal)): Promise<T> {
    const result = (await execute({ schema, document: parse(query), contextValue: context, variableValues: variables })) as ExecutionResult<T>;
    expect(result.errors).toBeUndefined();
    return result.data as T;
  }

  beforeAll(async () => {
    data = await twoInstanceData();
    expect(data.a.instance.arn).not.toBe(data.b.instance.arn);
    server = await startTestServer({ DATA_DIR: data.dir });
    schema = await buildAppSchema(server.stack.pubSub.pubSub);
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: data.dir, DIRECTORY_LOOKBACK_DAYS: '0' });
    deps = { engine: server.stack.engine, logger, limits: config.server, agentStates: server.stack.agentStates };
    principalA = principalOf('tenant-a', [data.a.instance.arn]);
    principalB = principalOf('tenant-b', [data.b.instance.arn]);
    // Live state for every agent of both instances: each agent's last published event of the first day, through the real ingest route.
    const last = new Map<string, unknown>();
    for (const { record } of readRawRecords<{ AgentARN: string }>(data.dir, 'ae')) last.set(record.AgentARN, record);
    const res = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([...last.values()]) });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const CONTACTS = `query($filter: ContactFilter!) { contacts(filter: $filter, first: 500) { edges { node { contactId instanceArn } } pageInfo { hasNextPage } } }`;
  type ContactsData = { contacts: { edges: { node: { contactId: string; instanceArn: string } }[]; pageInfo: { hasNextPage: boolean } } };
  const contactsOf = async (principal: Principal) => {
    const { contacts } = await run<ContactsData>(principal, CONTACTS, { filter: range });
    expect(contacts.pageInfo.hasNextPage).toBe(false);
    return contacts.edges.map((e) => e.node);
  };

  it('lists only the contacts of the principal\'s instance', async () => {
    const [all, a, b] = await Promise.all([contactsOf(ANONYMOUS_PRINCIPAL), contactsOf(principalA), contactsOf(principalB)]);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.every((c) => c.instanceArn === data.a.instance.arn)).toBe(true);
    expect(b.every((c) => c.instanceArn === data.b.instance.arn)).toBe(true);
    expect(a.length + b.length).toBe(all.length);
  });

  it('answers an id of another instance exactly as an id that does not exist', async () => {
    const b = await contactsOf(principalB);
    const idOfB = b[0]!.contactId;
    // The data's days as the hint, so every lookup reads where B's contact is: only the scope hides it from A.
    const CONTACT = 'query($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) { contactId } }';
    const hint = { after: range.from, before: range.to };
    const [seenByA, unknown, seenByB] = await Promise.all([
      execute({ schema, document: parse(CONTACT), contextValue: contextFor(principalA), variableValues: { id: idOfB, ...hint } }),
      execute({ schema, document: parse(CONTACT), contextValue: contextFor(principalA), variableValues: { id: randomUUID(), ...hint } }),
      execute({ schema, document: parse(CONTACT), contextValue: contextFor(principalB), variableValues: { id: idOfB, ...hint } }),
    ]);
    expect(seenByB).toEqual({ data: { contact: { contactId: idOfB } } });
    expect(seenByA.data).toEqual({ contact: null });
    expect(seenByA.errors?.map((e) => (e.originalError as { code?: string }).code)).toEqual(['NOT_FOUND']);
    // Same error, same message: nothing tells the caller the id exists elsewhere.
    expect(seenByA.errors?.map((e) => e.message)).toEqual(unknown.errors?.map((e) => e.message));
    expect(seenByA.data).toEqual(unknown.data);
  });

  it('reads the journeys of the principal\'s contacts in full (flow logs are restricted by contact flow ARN)', async () => {
    const JOURNEYS = `query($filter: ContactFilter!) { contacts(filter: $filter, first: 100) { edges { node { contactId journey { contactFlowId } } } } }`;
    type Journeys = { contacts: { edges: { node: { contactId: string; journey: { contactFlowId: string }[] } }[] } };
    const filter = { ...range, channel: 'VOICE' };
    const [asA, asAll] = await Promise.all([run<Journeys>(principalA, JOURNEYS, { filter }), run<Journeys>(ANONYMOUS_PRINCIPAL, JOURNEYS, { filter })]);
    const stepsA = asA.contacts.edges.flatMap((e) => e.node.journey);
    expect(stepsA.length).toBeGreaterThan(0);
    expect(stepsA.every((step) => step.contactFlowId.startsWith(`${data.a.instance.arn}/`))).toBe(true);
    // The pages differ (the anonymous one holds B's contacts too); the contacts of A on both pages have the same journeys.
    const seenByAll = new Map(asAll.contacts.edges.map((e) => [e.node.contactId, e.node.journey]));
    const onBoth = asA.contacts.edges.filter((e) => seenByAll.has(e.node.contactId));
    expect(onBoth.some((e) => e.node.journey.length > 0)).toBe(true);
    for (const e of onBoth) expect(e.node.journey).toEqual(seenByAll.get(e.node.contactId));
  });

  it('counts metrics over the principal\'s instance only', async () => {
    const METRICS = `query($from: DateTimeISO!, $to: DateTimeISO!) {
      metrics(input: { from: $from, to: $to, timeZone: "UTC", interval: TOTAL, metrics: [{ name: CONTACTS_CREATED }, { name: CONTACTS_HANDLED }] }) { rows { metrics { name value } } }
    }`;
    type MetricsData = { metrics: { rows: { metrics: { name: string; value: number | null }[] }[] } };
    const valuesOf = async (principal: Principal) => {
      const { metrics } = await run<MetricsData>(principal, METRICS, range);
      expect(metrics.rows).toHaveLength(1);
      return Object.fromEntries(metrics.rows[0]!.metrics.map((m) => [m.name, m.value ?? 0]));
    };
    const [all, a, b, contactsA] = await Promise.all([valuesOf(ANONYMOUS_PRINCIPAL), valuesOf(principalA), valuesOf(principalB), contactsOf(principalA)]);
    expect(a.CONTACTS_CREATED).toBe(contactsA.length);
    expect(a.CONTACTS_CREATED! + b.CONTACTS_CREATED!).toBe(all.CONTACTS_CREATED);
    expect(a.CONTACTS_HANDLED! + b.CONTACTS_HANDLED!).toBe(all.CONTACTS_HANDLED);
    expect(a.CONTACTS_CREATED).toBeLessThan(all.CONTACTS_CREATED!);
  });

  it('lists only the agents and queues of the principal\'s instance, and agent / queue by id of another instance are NOT_FOUND', async () => {
    type Directory = { agents: { edges: { node: { id: string; instanceArn: string } }[] }; queues: { id: string; arn: string }[] };
    const DIRECTORY = '{ agents(first: 100) { edges { node { id instanceArn } } } queues { id arn } }';
    const [all, a] = await Promise.all([run<Directory>(ANONYMOUS_PRINCIPAL, DIRECTORY), run<Directory>(principalA, DIRECTORY)]);
    const ofA = all.agents.edges.filter((e) => e.node.instanceArn === data.a.instance.arn).map((e) => e.node.id);
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofA.length).toBeLessThan(all.agents.edges.length);
    expect(a.agents.edges.map((e) => e.node.id)).toEqual(ofA);
    expect(ofA.every((id) => data.a.agents.some((x) => x.id === id))).toBe(true);
    expect(a.queues.length).toBeGreaterThan(0);
    expect(a.queues.every((q) => q.arn.startsWith(`${data.a.instance.arn}/`))).toBe(true);
    expect(all.queues.some((q) => q.arn.startsWith(`${data.b.instance.arn}/`))).toBe(true);

    const agentOfB = data.b.agents.find((x) => all.agents.edges.some((e) => e.node.id === x.id))!;
    const queueOfB = all.queues.find((q) => q.arn.startsWith(`${data.b.instance.arn}/`))!;
    const BY_ID = 'query($agent: ID!, $queue: ID!) { agent(id: $agent) { id } queue(id: $queue) { id } }';
    for (const variables of [{ agent: agentOfB.id, queue: queueOfB.id }, { agent: agentOfB.arn, queue: queueOfB.arn }, { agent: 'no-such-agent', queue: 'no-such-queue' }]) {
      const result = await execute({ schema, document: parse(BY_ID), contextValue: contextFor(principalA), variableValues: variables });
      expect(result.data).toEqual({ agent: null, queue: null });
      expect(result.errors?.map((e) => [e.path?.join('.'), (e.originalError as { code?: string }).code]).sort()).toEqual([['agent', 'NOT_FOUND'], ['queue', 'NOT_FOUND']]);
    }
    expect(await run(principalB, BY_ID, { agent: agentOfB.id, queue: queueOfB.id })).toEqual({ agent: { id: agentOfB.id }, queue: { id: queueOfB.id } });
  });

  it('lists only the evaluations of the principal\'s instance', async () => {
    const EVALUATIONS = 'query($from: DateTimeISO!) { evaluations(filter: { from: $from, to: "2026-12-31T00:00:00Z" }, first: 500) { edges { node { evaluationId instanceId } } } }';
    type Evaluations = { evaluations: { edges: { node: { evaluationId: string; instanceId: string } }[] } };
    const [all, a, b] = await Promise.all([ANONYMOUS_PRINCIPAL, principalA, principalB].map((p) => run<Evaluations>(p, EVALUATIONS, { from: range.from })));
    expect(a!.evaluations.edges.length).toBeGreaterThan(0);
    expect(a!.evaluations.edges.every((e) => e.node.instanceId === data.a.instance.id)).toBe(true);
    expect(a!.evaluations.edges.length + b!.evaluations.edges.length).toBe(all!.evaluations.edges.length);
  });

  it('reads live agent states of the principal\'s instance only: agentStates, queue filters, Agent.state and Queue.realtime', async () => {
    type States = { agentStates: { agentId: string; instanceArn: string }[] };
    const STATES = '{ agentStates { agentId instanceArn } }';
    const [all, a] = await Promise.all([run<States>(ANONYMOUS_PRINCIPAL, STATES), run<States>(principalA, STATES)]);
    expect(all.agentStates.some((s) => s.instanceArn === data.b.instance.arn)).toBe(true);
    expect(a.agentStates.length).toBeGreaterThan(0);
    expect(a.agentStates.every((s) => s.instanceArn === data.a.instance.arn)).toBe(true);
    expect(a.agentStates.length).toBe(all.agentStates.filter((s) => s.instanceArn === data.a.instance.arn).length);

    // A queue filter naming a queue of B (by ARN, and by a name both instances use) finds none of B's agents.
    const queueOfB = data.b.queues[0]!;
    const BY_QUEUE = 'query($q: String!) { agentStates(filter: { queue: $q }) { instanceArn } }';
    type ByQueue = { agentStates: { instanceArn: string }[] };
    expect((await run<ByQueue>(principalA, BY_QUEUE, { q: queueOfB.arn })).agentStates).toEqual([]);
    const byName = await run<ByQueue>(principalA, BY_QUEUE, { q: queueOfB.name });
    expect(byName.agentStates.every((s) => s.instanceArn === data.a.instance.arn)).toBe(true);
    expect((await run<ByQueue>(ANONYMOUS_PRINCIPAL, BY_QUEUE, { q: queueOfB.name })).agentStates.some((s) => s.instanceArn === data.b.instance.arn)).toBe(true);

    // Agent.state of an agent of B is null for A (the loader never reads it); Queue.realtime of B's queue counts nobody for A.
    const agentOfB = data.b.agents.find((x) => all.agentStates.some((s) => s.agentId === x.id))!;
    const key = { instanceArn: data.b.instance.arn, agentId: agentOfB.id };
    expect(await contextFor(principalA).loaders.agentStateByAgent.load(key)).toBeNull();
    expect(await contextFor(ANONYMOUS_PRINCIPAL).loaders.agentStateByAgent.load(key)).not.toBeNull();
    const realtimeA = await contextFor(principalA).services.agentStates.realtime(queueOfB.arn);
    const realtimeAll = await contextFor(ANONYMOUS_PRINCIPAL).services.agentStates.realtime(queueOfB.arn);
    expect(Object.values(realtimeA).every((n) => n === 0 || typeof n !== 'number')).toBe(true);
    expect(Object.values(realtimeAll).some((n) => typeof n === 'number' && n > 0)).toBe(true);
  });

  it('delivers to a subscriber of instance A the changes of A and none of B', async () => {
    const events = [...new Map(readRawRecords<RawEvent>(data.dir, 'ae').map(({ record }) => [record.AgentARN, record])).values()];
    const lastOf = (instanceArn: string) => events.find((e) => e.InstanceARN === instanceArn)!;
    const iterator = (await subscribe({
      schema,
      document: parse('subscription { agentStateChanged { agentId instanceArn status } }'),
      contextValue: contextFor(principalA),
    })) as AsyncIterableIterator<ExecutionResult<{ agentStateChanged: { agentId: string; instanceArn: string; status: string } }>>;
    const first = iterator.next();
    // B changes first, then A: A's subscriber must get A's change as its first message.
    await postChange(lastOf(data.b.instance.arn), 'Break');
    await postChange(lastOf(data.a.instance.arn), 'Lunch');
    const message = await first;
    expect(message.done).toBe(false);
    expect(message.value!.data!.agentStateChanged).toMatchObject({ instanceArn: data.a.instance.arn, status: 'Lunch' });
    await iterator.return?.();
  });

  it('never serves one scope\'s cached answer to another scope', async () => {
    const contextA1 = contextFor(principalA);
    const contextA2 = contextFor(principalA);
    const contextB = contextFor(principalB);
    const QUERY = `query($filter: ContactFilter!) { contacts(filter: $filter, first: 7) { edges { node { instanceArn } } } }`;
    const filter = { ...range, channel: 'VOICE' };
    const a1 = await run<ContactsData>(principalA, QUERY, { filter }, contextA1);
    const a2 = await run<ContactsData>(principalA, QUERY, { filter }, contextA2);
    const b = await run<ContactsData>(principalB, QUERY, { filter }, contextB);
    // The second identical request of A is answered from the cache; B's, same query, is not.
    expect(contextA1.stats.snapshot()).toMatchObject({ cacheHits: 0 });
    expect(contextA2.stats.snapshot()).toMatchObject({ cacheHits: contextA1.stats.snapshot().cacheMisses, cacheMisses: 0 });
    expect(contextB.stats.snapshot()).toMatchObject({ cacheHits: 0, cacheMisses: contextA1.stats.snapshot().cacheMisses });
    expect(a2).toEqual(a1);
    expect(b.contacts.edges.every((e) => e.node.instanceArn === data.b.instance.arn)).toBe(true);
    expect(b.contacts.edges.length).toBeGreaterThan(0);
  });

  type RawEvent = { AgentARN: string; InstanceARN: string; EventId: string; EventTimestamp: string; CurrentAgentSnapshot: { AgentStatus: Record<string, unknown> } };

  /** Posts a later event of the agent with a new custom status (a visible change). */
  async function postChange(event: RawEvent, status: string): Promise<void> {
    const at = new Date(Date.parse(event.EventTimestamp) + 60_000 + Math.floor(Math.random() * 1000)).toISOString();
    const changed = {
      ...event,
      EventId: randomUUID(),
      EventTimestamp: at,
      EventType: 'STATE_CHANGE',
      CurrentAgentSnapshot: { ...event.CurrentAgentSnapshot, AgentStatus: { ...event.CurrentAgentSnapshot.AgentStatus, Name: status, Type: 'CUSTOM', StartTimestamp: at } },
    };
    const res = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([changed]) });
    expect(res.status).toBe(200);
  }
});
