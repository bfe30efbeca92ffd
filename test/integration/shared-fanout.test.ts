/**
 * Shared fan-out (issue 13): subscribers with equal operation, variables and scope form one cohort;
 * each change is executed once per cohort and the same frame, with each subscriber's own id, reaches
 * every socket. Through the real server, raw graphql-transport-ws sockets, real ingest.
 */
import type net from 'node:net';
import WebSocket from 'ws';
import type { AgentEventRecord } from '../../src/domain/records';
import { writeApiKeyFile } from '../helpers/auth';
import { agentEventRecord, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server';
import { startTestServer, type TestServer } from '../helpers/test-server';

const OTHER_INSTANCE_ARN = 'arn:aws:connect:us-west-2:111122223333:instance/0b2f0c5e-7d3a-4a57-9a8e-3b1f61f0c0de';
const QUERY = 'subscription Watch($f: AgentStateFilter) { agentStateChanged(filter: $f) { username activity instanceArn } }';

/** A visible change: agent `username` logs in, at minute `minute` of a test day, on `instanceArn`. */
function login(username: string, minute: number, instanceArn = TEST_INSTANCE_ARN): AgentEventRecord {
  const record = agentEventRecord({
    agentId: `agent-${username}`,
    username,
    contacts: [],
    EventType: 'LOGIN',
    EventId: `${username}-${minute}`,
    EventTimestamp: new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString(),
  });
  return JSON.parse(JSON.stringify(record).split(TEST_INSTANCE_ARN).join(instanceArn)) as AgentEventRecord;
}

async function ingest(url: string, records: unknown[], headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(records) });
  await res.arrayBuffer();
  return res.status;
}

interface Next {
  id: string;
  username: string;
  instanceArn: string;
}

/** A raw graphql-transport-ws socket: `subscribe(id)` sends a subscribe frame; `nexts` collects every next frame. */
interface RawSocket {
  readonly socket: WebSocket;
  readonly nexts: Next[];
  readonly errors: unknown[];
  readonly closed: Promise<{ code: number; reason: string }>;
  subscribe(id: string, variables?: Record<string, unknown>, query?: string): void;
}

/** `countOnly`: next frames are counted, not parsed (a client reading 10 KB frames fast enough to keep up). */
async function openSocket(url: string, connectionParams: Record<string, unknown> = {}, countOnly = false): Promise<RawSocket> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const nexts: Next[] = [];
  const errors: unknown[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    socket.on('message', (data: Buffer) => {
      if (countOnly && data.length > 1024) {
        nexts.push({ id: '', username: '', instanceArn: '' });
        return;
      }
      const message = JSON.parse(String(data)) as { type: string; id: string; payload: { data?: { agentStateChanged?: Next } } };
      if (message.type === 'connection_ack') resolve();
      else if (message.type === 'next') {
        const state = message.payload.data?.agentStateChanged;
        if (state) nexts.push({ id: message.id, username: state.username, instanceArn: state.instanceArn });
      } else if (message.type === 'error') errors.push(message.payload);
    });
  });
  return {
    socket,
    nexts,
    errors,
    closed,
    subscribe: (id, variables = {}, query = QUERY) => socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, operationName: 'Watch', variables } })),
  };
}

async function metric(url: string, name: string, headers: Record<string, string> = {}): Promise<number> {
  // Lines `name value` (no labels).
  const text = await (await fetch(`${url}/metrics`, { headers })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Lets in-flight frames land, so that "nothing more arrived" means something. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('shared fan-out: one execution per change per cohort', () => {
  let server: TestServer;
  const sockets: RawSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ SUBSCRIPTION_MAX_PER_CONNECTION: '100', SUBSCRIPTION_MAX_PER_PRINCIPAL: '1000' });
  });
  afterEach(() => {
    for (const raw of sockets.splice(0)) raw.socket.terminate();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('50 subscribers of one operation on 5 sockets get every change exactly once with their own ids; the change is executed once, a rejecting filter costs nothing', async () => {
    for (let s = 0; s < 5; s++) sockets.push(await openSocket(server.url));
    for (const [s, raw] of sockets.entries()) for (let k = 0; k < 10; k++) raw.subscribe(`sub-${s}-${k}`, { f: { queue: 'BasicQueue' } });
    // A second cohort whose filter rejects every change below.
    sockets[0]!.subscribe('nobody', { f: { queue: 'NoSuchQueue' } });
    await until(async () => (await metric(server.url, 'graphql_ws_subscriptions_open')) === 51, '51 open subscriptions');
    expect(await metric(server.url, 'graphql_ws_subscription_cohorts')).toBe(2);

    const executionsBefore = await metric(server.url, 'graphql_ws_cohort_executions_total');
    const sentBefore = await metric(server.url, 'graphql_ws_messages_sent_total');
    const latencyCountBefore = await metric(server.url, 'graphql_ws_push_latency_seconds_count');
    const usernames = ['ann', 'bob', 'cid', 'dee', 'eve'];
    for (const [minute, username] of usernames.entries()) expect(await ingest(server.url, [login(username, minute)])).toBe(200);

    await until(() => sockets.every((raw) => raw.nexts.length >= 50), 'every subscriber to receive the 5 changes');
    await settle();
    for (const [s, raw] of sockets.entries()) {
      const ids = Array.from({ length: 10 }, (_, k) => `sub-${s}-${k}`);
      expect(raw.errors).toEqual([]);
      // Every id of this socket got each change once, in order; no frame for the rejecting cohort.
      expect(new Set(raw.nexts.map((next) => next.id))).toEqual(new Set(ids));
      for (const id of ids) expect(raw.nexts.filter((next) => next.id === id).map((next) => next.username)).toEqual(usernames);
    }
    expect(await metric(server.url, 'graphql_ws_cohort_executions_total')).toBe(executionsBefore + 5);
    expect(await metric(server.url, 'graphql_ws_messages_sent_total')).toBe(sentBefore + 250);
    expect(await metric(server.url, 'graphql_ws_push_latency_seconds_count')).toBe(latencyCountBefore + 250);

    // Members leave one by one: the cohort lives until its last member completes.
    for (let k = 0; k < 10; k++) sockets[0]!.socket.send(JSON.stringify({ id: `sub-0-${k}`, type: 'complete' }));
    sockets[0]!.socket.send(JSON.stringify({ id: 'nobody', type: 'complete' }));
    await until(async () => (await metric(server.url, 'graphql_ws_subscriptions_open')) === 40, '40 open subscriptions');
    expect(await metric(server.url, 'graphql_ws_subscription_cohorts')).toBe(1);
    expect(await ingest(server.url, [login('fay', 10)])).toBe(200);
    await until(() => sockets.slice(1).every((raw) => raw.nexts.length === 60), 'the 40 remaining subscribers to receive the change');
    await settle();
    expect(sockets[0]!.nexts).toHaveLength(50);
    for (const raw of sockets) raw.socket.close();
    await until(async () => (await metric(server.url, 'graphql_ws_subscription_cohorts')) === 0, 'no cohort left');
  });

});

describe('shared fan-out: a slow socket in a cohort', () => {
  let spawned: SpawnedServer | undefined;
  afterAll(async () => {
    await spawned?.dispose();
  });

  // A server in its own process, as in production: the reading clients here read at their own pace.
  it('a socket of a cohort that stops reading is closed with 4008; the others of the cohort get every change', async () => {
    spawned = await spawnServer({ SIMULATE: '0', LIMIT_MAX_ALIASES: '400' });
    // About 10 KB per change (400 aliases): 1,500 changes are far more than loopback buffers plus 4 MiB hold for a stalled client.
    const aliases = Array.from({ length: 400 }, (_, i) => `a${i}: username`).join(' ');
    const query = `subscription Watch($f: AgentStateFilter) { agentStateChanged(filter: $f) { username activity instanceArn ${aliases} } }`;
    const sockets: RawSocket[] = [];
    for (let s = 0; s < 3; s++) sockets.push(await openSocket(spawned.url, {}, true));
    for (const [s, raw] of sockets.entries()) raw.subscribe(`big-${s}`, {}, query);
    await until(async () => (await metric(spawned!.url, 'graphql_ws_subscriptions_open')) === 3, '3 open subscriptions');
    expect(await metric(spawned.url, 'graphql_ws_subscription_cohorts')).toBe(1);
    const stalled = sockets[2]!;
    (stalled.socket as unknown as { _socket: net.Socket })._socket.pause();

    expect(await ingest(spawned.url, Array.from({ length: 1_500 }, (_, i) => login(`bulk-${i}`, 20)))).toBe(200);
    await until(() => sockets.slice(0, 2).every((raw) => raw.nexts.length === 1_500), 'the reading sockets to receive 1,500 changes', 60_000);
    const dropLine = await spawned.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('slow subscriber dropped'));
    expect(dropLine).toMatchObject({ subscriptionId: 'big-2', operation: 'Watch (agentStateChanged)', reason: 'buffered_bytes', closeCode: 4008 });
    (stalled.socket as unknown as { _socket: net.Socket })._socket.resume();
    const close = await stalled.closed;
    expect(close.code).toBe(4008);
    expect(close.reason).toMatch(/^subscriber too slow: \d+ bytes unsent; reconnect$/);
    expect(sockets[0]!.socket.readyState).toBe(WebSocket.OPEN);
    expect(sockets[1]!.socket.readyState).toBe(WebSocket.OPEN);
    expect(stalled.nexts.length).toBeLessThan(1_500);
    for (const raw of sockets) raw.socket.terminate();
  }, 90_000);
});

describe('shared fan-out: cohorts follow the principal scope', () => {
  const keys = {
    a: { key: 'key-a-0123456789abcdef', principal: 'wallboard-a', instances: [TEST_INSTANCE_ARN], scopes: ['live:read'] },
    b: { key: 'key-b-0123456789abcdef', principal: 'wallboard-b', instances: [OTHER_INSTANCE_ARN], scopes: ['live:read'] },
    aPii: { key: 'key-c-0123456789abcdef', principal: 'supervisor-a', instances: [TEST_INSTANCE_ARN], scopes: ['live:read', 'pii:read'] },
    ingest: { key: 'key-i-0123456789abcdef', principal: 'ingest', instances: ['*'], scopes: ['ingest:write'] },
    admin: { key: 'key-z-0123456789abcdef', principal: 'ops', instances: ['*'], scopes: ['admin'] },
  };
  let server: TestServer;
  const sockets: RawSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile(Object.values(keys)) });
  });
  afterAll(async () => {
    for (const raw of sockets) raw.socket.terminate();
    await server?.stop();
  });

  it('two instances and a pii:read principal are separate cohorts; nobody sees another instance’s changes', async () => {
    const admin = { 'x-api-key': keys.admin.key };
    const open = async (key: string, ids: string[]) => {
      const raw = await openSocket(server.url, { 'x-api-key': key });
      for (const id of ids) raw.subscribe(id);
      sockets.push(raw);
      return raw;
    };
    const a = await open(keys.a.key, ['a1', 'a2']);
    const a2 = await open(keys.a.key, ['a3']);
    const b = await open(keys.b.key, ['b1', 'b2']);
    const aPii = await open(keys.aPii.key, ['p1']);
    await until(async () => (await metric(server.url, 'graphql_ws_subscriptions_open', admin)) === 6, '6 open subscriptions');
    expect(await metric(server.url, 'graphql_ws_subscription_cohorts', admin)).toBe(3);

    const executionsBefore = await metric(server.url, 'graphql_ws_cohort_executions_total', admin);
    const ingestKey = { 'x-api-key': keys.ingest.key };
    expect(await ingest(server.url, [login('ann', 0, TEST_INSTANCE_ARN)], ingestKey)).toBe(200);
    expect(await ingest(server.url, [login('zed', 1, OTHER_INSTANCE_ARN)], ingestKey)).toBe(200);
    await until(() => a.nexts.length === 2 && a2.nexts.length === 1 && b.nexts.length === 2 && aPii.nexts.length === 1, 'each subscriber to receive its instance’s change');
    await settle();
    expect(a.nexts).toEqual([
      { id: 'a1', username: 'ann', instanceArn: TEST_INSTANCE_ARN },
      { id: 'a2', username: 'ann', instanceArn: TEST_INSTANCE_ARN },
    ]);
    expect(a2.nexts).toEqual([{ id: 'a3', username: 'ann', instanceArn: TEST_INSTANCE_ARN }]);
    expect(aPii.nexts).toEqual([{ id: 'p1', username: 'ann', instanceArn: TEST_INSTANCE_ARN }]);
    expect(b.nexts).toEqual([
      { id: 'b1', username: 'zed', instanceArn: OTHER_INSTANCE_ARN },
      { id: 'b2', username: 'zed', instanceArn: OTHER_INSTANCE_ARN },
    ]);
    // ann's change: executed by the two cohorts of instance A; zed's: by the cohort of instance B.
    expect(await metric(server.url, 'graphql_ws_cohort_executions_total', admin)).toBe(executionsBefore + 3);
  });
});

describe('shared fan-out through Redis between two instances', () => {
  let redis: RedisServer;
  let one: TestServer;
  let two: TestServer;
  const sockets: RawSocket[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    one = await startTestServer({ REDIS_URL: redis.url });
    two = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    for (const raw of sockets) raw.socket.terminate();
    await one?.stop();
    await two?.stop();
    await redis?.stop();
  });

  it('a change ingested on one instance reaches every subscriber of both instances once, executed once per instance', async () => {
    for (const server of [one, two]) {
      for (let s = 0; s < 2; s++) {
        const raw = await openSocket(server.url);
        for (let k = 0; k < 3; k++) raw.subscribe(`r-${s}-${k}`);
        sockets.push(raw);
      }
    }
    for (const server of [one, two]) await until(async () => (await metric(server.url, 'graphql_ws_subscriptions_open')) === 6, '6 open subscriptions on each instance');
    // Redis SUBSCRIBE is asynchronous: publish a warm-up change until both instances deliver it.
    await settle();
    const before = await Promise.all([one, two].map((server) => metric(server.url, 'graphql_ws_cohort_executions_total')));
    expect(await ingest(one.url, [login('gus', 0)])).toBe(200);
    expect(await ingest(one.url, [login('hal', 1)])).toBe(200);
    await until(() => sockets.every((raw) => raw.nexts.length >= 6), 'every subscriber to receive both changes');
    await settle();
    for (const [i, raw] of sockets.entries()) {
      const s = i % 2;
      for (let k = 0; k < 3; k++) expect(raw.nexts.filter((next) => next.id === `r-${s}-${k}`).map((next) => next.username)).toEqual(['gus', 'hal']);
      expect(raw.nexts).toHaveLength(6);
    }
    const after = await Promise.all([one, two].map((server) => metric(server.url, 'graphql_ws_cohort_executions_total')));
    expect(after).toEqual(before.map((n) => n + 2));
  });
});
