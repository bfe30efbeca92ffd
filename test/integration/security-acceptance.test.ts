import { until, openGraphqlWs, postWithHeaders, writeApiKeyFile, type TestApiKey } from '../helpers/auth';
import { agentEventRecord } from '../helpers/kinesis-factories';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { TWO_INSTANCE_DATA, twoInstanceData, type TwoInstanceData } from '../helpers/two-instance-data';

/**
 * Issue 12's "done when", through the real server with API keys on one folder holding two Connect
 * instances: anonymous → 401; a key of instance A sees nothing of B (contacts, metrics, agentStates,
 * subscriptions) and B's ids are NOT_FOUND; phone numbers are masked without pii:read; ingest needs
 * ingest:write.
 */
describe('security acceptance: two instances behind API keys', () => {
  let data: TwoInstanceData;
  let server: TestServer;
  let keys: { a: TestApiKey; aPii: TestApiKey; ingest: TestApiKey; all: TestApiKey };
  const range = { from: `${TWO_INSTANCE_DATA.start}T00:00:00Z`, to: '2026-11-21T00:00:00Z' };

  beforeAll(async () => {
    data = await twoInstanceData();
    const read = ['metrics:read', 'contacts:read', 'live:read'];
    keys = {
      a: { key: 'ak_tenant_a_reader_0001', principal: 'tenant-a-portal', instances: [data.a.instance.arn], scopes: read },
      aPii: { key: 'ak_tenant_a_pii_0002', principal: 'tenant-a-supervisor', instances: [data.a.instance.arn], scopes: [...read, 'pii:read'] },
      ingest: { key: 'ak_ingest_both_0003', principal: 'event-forwarder', instances: ['*'], scopes: ['ingest:write'] },
      all: { key: 'ak_all_instances_0004', principal: 'operator', instances: ['*'], scopes: [...read, 'pii:read'] },
    };
    server = await startTestServer({ DATA_DIR: data.dir, AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile(Object.values(keys)) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const as = (key: TestApiKey, query: string) => postWithHeaders(server.url, query, { 'x-api-key': key.key });
  const agentEventOf = (instanceArn: string, agentId: string, statusName: string, timestamp: string) =>
    agentEventRecord({ InstanceARN: instanceArn, AgentARN: `${instanceArn}/agent/${agentId}`, agentId, username: `agent-${agentId}`, statusName, EventTimestamp: timestamp, EventId: `${agentId}-${timestamp}` });
  const ingest = (key: TestApiKey | undefined, records: unknown[]) =>
    fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key.key } : {}) }, body: JSON.stringify(records) });

  it('answers an anonymous request 401 UNAUTHENTICATED', async () => {
    const res = await postWithHeaders(server.url, '{ __typename }', {});
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows a key of instance A none of instance B: contacts, metrics, and B\'s contact id is NOT_FOUND', async () => {
    const CONTACTS = `{ contacts(filter: { from: "${range.from}", to: "${range.to}" }, first: 500) { edges { node { contactId instanceArn } } } }`;
    const ofA = await as(keys.a, CONTACTS);
    const ofAll = await as(keys.all, CONTACTS);
    type Edges = { edges: { node: { contactId: string; instanceArn: string } }[] };
    const seenByA = (ofA.body.data!.contacts as Edges).edges.map((e) => e.node);
    const seenByAll = (ofAll.body.data!.contacts as Edges).edges.map((e) => e.node);
    expect(seenByA.length).toBeGreaterThan(0);
    expect(seenByA.every((c) => c.instanceArn === data.a.instance.arn)).toBe(true);
    const ofB = seenByAll.filter((c) => c.instanceArn === data.b.instance.arn);
    expect(ofB.length).toBeGreaterThan(0);
    expect(seenByA).toEqual(seenByAll.filter((c) => c.instanceArn === data.a.instance.arn));

    const METRICS = `{ metrics(input: { from: "${range.from}", to: "${range.to}", interval: TOTAL, metrics: [{ name: CONTACTS_CREATED }] }) { rows { metrics { name value } } } }`;
    const total = (res: Awaited<ReturnType<typeof as>>) => (res.body.data!.metrics as { rows: { metrics: { value: number }[] }[] }).rows.reduce((sum, r) => sum + (r.metrics[0]?.value ?? 0), 0);
    expect(total(await as(keys.a, METRICS))).toBe(seenByA.length);
    expect(total(await as(keys.all, METRICS))).toBe(seenByAll.length);

    // With the data's days as the hint, so the lookup reads where B's contact is: only the scope hides it.
    const hint = `initiatedAfter: "${range.from}", initiatedBefore: "${range.to}"`;
    const byId = await as(keys.a, `{ contact(contactId: "${ofB[0]!.contactId}", ${hint}) { contactId } }`);
    const unknown = await as(keys.a, `{ contact(contactId: "00000000-0000-4000-8000-000000000000", ${hint}) { contactId } }`);
    expect((await as(keys.all, `{ contact(contactId: "${ofB[0]!.contactId}", ${hint}) { contactId } }`)).body.data).toEqual({ contact: { contactId: ofB[0]!.contactId } });
    expect(byId.body.data).toEqual({ contact: null });
    expect(byId.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(byId.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
  });

  it('masks customer phone numbers to the last 4 digits without pii:read', async () => {
    const QUERY = `{ contacts(filter: { from: "${range.from}", to: "${range.to}", channel: VOICE }, first: 20) { edges { node { contactId customerEndpoint { address } } } } }`;
    type Rows = { edges: { node: { contactId: string; customerEndpoint: { address: string | null } | null } }[] };
    const masked = ((await as(keys.a, QUERY)).body.data!.contacts as Rows).edges.map((e) => e.node);
    const clear = ((await as(keys.aPii, QUERY)).body.data!.contacts as Rows).edges.map((e) => e.node);
    const phones = clear.filter((c) => c.customerEndpoint?.address);
    expect(phones.length).toBeGreaterThan(0);
    for (const contact of phones) {
      const address = contact.customerEndpoint!.address!;
      expect(address).toMatch(/^\+\d{8,15}$/);
      const shown = masked.find((c) => c.contactId === contact.contactId)!.customerEndpoint!.address!;
      expect(shown).not.toBe(address);
      expect(shown.slice(-4)).toBe(address.slice(-4));
      expect(shown).toMatch(/^\+\*+\d{4}$/);
    }
  });

  it('refuses ingest without ingest:write, and A\'s key sees only A\'s live agents, over HTTP and subscriptions', async () => {
    const now = Date.now();
    const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
    expect((await ingest(undefined, [agentEventOf(data.a.instance.arn, 'a-live-1', 'Available', at(0))])).status).toBe(401);
    const refused = await ingest(keys.a, [agentEventOf(data.a.instance.arn, 'a-live-1', 'Available', at(0))]);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN', scope: 'ingest:write' } }] });

    // A's subscriber; then one change in B and one in A: only A's arrives.
    const received: { type: string; payload?: unknown }[] = [];
    let subscribed = false;
    const ws = openGraphqlWs(server.url, { 'x-api-key': keys.a.key }, (socket, messages) => {
      socket.send(JSON.stringify({ id: 's1', type: 'subscribe', payload: { query: 'subscription { agentStateChanged { agentArn instanceArn } }' } }));
      subscribed = true;
      void messages;
    });
    ws.socket.on('message', (raw) => received.push(JSON.parse(String(raw)) as { type: string }));
    await until(() => subscribed, 'subscription sent');
    await new Promise((r) => setTimeout(r, 200));
    const accepted = await ingest(keys.ingest, [agentEventOf(data.b.instance.arn, 'b-live-1', 'Available', at(1)), agentEventOf(data.a.instance.arn, 'a-live-1', 'Available', at(2))]);
    expect(accepted.status).toBe(200);
    await until(() => received.some((m) => m.type === 'next'), 'a change for A');
    await new Promise((r) => setTimeout(r, 300));
    const pushed = received.filter((m) => m.type === 'next').map((m) => (m.payload as { data: { agentStateChanged: { instanceArn: string } } }).data.agentStateChanged.instanceArn);
    expect(pushed).toEqual([data.a.instance.arn]);
    ws.socket.close();
    await ws.outcome;

    const STATES = '{ agentStates { agentArn instanceArn } }';
    type States = { instanceArn: string }[];
    const statesOfA = (await as(keys.a, STATES)).body.data!.agentStates as States;
    const statesOfAll = (await as(keys.all, STATES)).body.data!.agentStates as States;
    expect(statesOfA.map((s) => s.instanceArn)).toEqual([data.a.instance.arn]);
    expect(statesOfAll.map((s) => s.instanceArn).sort()).toEqual([data.a.instance.arn, data.b.instance.arn].sort());
  });
});
