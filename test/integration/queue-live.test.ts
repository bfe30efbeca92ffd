import fc from 'fast-check';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { buildContactCenterModel } from '../../src/local/demo-data';
import { metricSample } from '../helpers/prometheus-sample';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';
import { until, writeApiKeyFile } from '../helpers/auth';

/**
 * Live queue state from contact events, end to end on the real server (DuckDB directory, embedded
 * dynalite): POST /ingest/contact-events → live-contact items → Queue.realtime and the
 * queueRealtimeChanged subscription.
 */

const model = buildContactCenterModel(TEST_DATA.seed, TEST_DATA.agents);
const INSTANCE = model.instance.arn;
const QUEUES = model.queues.slice(0, 3).map((q) => ({ id: q.id, arn: q.arn, name: q.name }));

type FinalPhase = 'INITIATED' | 'QUEUED' | 'CONNECTED' | 'ABANDONED' | 'ENDED';
interface ScriptedContact {
  readonly queue: number;
  readonly channel: string;
  readonly method: string;
  readonly final: FinalPhase;
  /** Seconds after the script's base time the contact entered its queue. */
  readonly enqueueOffsetS: number;
}

interface Counts {
  contactsInQueue: number;
  contactsInQueueByChannel: { channel: string; count: number }[];
  oldestContactInQueueAgeSeconds: number | null;
  contactsConnected: number;
  contactsScheduled: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The contact events of one scripted contact, in lifecycle order; every other one in its EventBridge envelope. */
function eventsOf(contact: ScriptedContact, contactId: string, baseMs: number): unknown[] {
  const queueArn = QUEUES[contact.queue]!.arn;
  const enqueueMs = baseMs + contact.enqueueOffsetS * 1000;
  const common = { contactId, instanceArn: INSTANCE, channel: contact.channel, initiationMethod: contact.method, initiationTimestamp: iso(enqueueMs - 4000) };
  const queueInfo = { queueArn, queueType: 'STANDARD', enqueueTimestamp: iso(enqueueMs) };
  const agentInfo = { agentArn: `${INSTANCE}/agent/a-1`, connectedToAgentTimestamp: iso(enqueueMs + 20_000) };
  const details: Record<string, unknown>[] = [{ ...common, eventType: 'INITIATED' }];
  if (contact.final !== 'INITIATED') details.push({ ...common, eventType: 'QUEUED', queueInfo });
  if (contact.final === 'CONNECTED' || contact.final === 'ENDED') details.push({ ...common, eventType: 'CONNECTED_TO_AGENT', queueInfo, agentInfo });
  if (contact.final === 'CONNECTED') details.push({ ...common, eventType: 'CONTACT_DATA_UPDATED', queueInfo, agentInfo });
  if (contact.final === 'ABANDONED') details.push({ ...common, eventType: 'DISCONNECTED', queueInfo, disconnectTimestamp: iso(enqueueMs + 10_000) });
  if (contact.final === 'ENDED') details.push({ ...common, eventType: 'DISCONNECTED', queueInfo, agentInfo, disconnectTimestamp: iso(enqueueMs + 90_000) });
  return details.map((detail, i) =>
    i % 2 === 0 ? detail : { version: '0', id: `${contactId}-${String(detail.eventType)}`, 'detail-type': 'Amazon Connect Contact Event', source: 'aws.connect', time: iso(enqueueMs + 100_000), detail },
  );
}

/** What the counts must be, computed from the script alone (not from the events). */
function expectedCounts(contacts: readonly ScriptedContact[], queue: number, baseMs: number, nowMs: number): Counts {
  const waiting = contacts.filter((c) => c.queue === queue && c.final === 'QUEUED');
  const byChannel = new Map<string, number>();
  for (const c of waiting) byChannel.set(c.channel.toUpperCase(), (byChannel.get(c.channel.toUpperCase()) ?? 0) + 1);
  const oldest = waiting.length === 0 ? null : Math.min(...waiting.map((c) => baseMs + c.enqueueOffsetS * 1000));
  return {
    contactsInQueue: waiting.length,
    contactsInQueueByChannel: [...byChannel].map(([channel, count]) => ({ channel, count })).sort((a, b) => a.channel.localeCompare(b.channel)),
    oldestContactInQueueAgeSeconds: oldest === null ? null : Math.floor((nowMs - oldest) / 1000),
    contactsConnected: contacts.filter((c) => c.queue === queue && c.final === 'CONNECTED').length,
    contactsScheduled: waiting.filter((c) => c.method === 'CALLBACK').length,
  };
}

const COUNTS_SELECTION = 'contactsInQueue contactsInQueueByChannel { channel count } oldestContactInQueueAgeSeconds contactsConnected contactsScheduled';

async function realtimeOf(url: string, headers: Record<string, string> = {}): Promise<Counts[]> {
  const query = `{ ${QUEUES.map((q, i) => `q${i}: queue(id: "${q.id}") { realtime { ${COUNTS_SELECTION} } }`).join(' ')} }`;
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: Record<string, { realtime: Counts }>; errors?: unknown };
  if (!body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return QUEUES.map((_, i) => body.data![`q${i}`]!.realtime);
}

async function postEvents(url: string, events: unknown[], headers: Record<string, string> = {}): Promise<{ status: number; body: { accepted: number; rejected: { index: number; reason: string }[]; failed: unknown[] } }> {
  const res = await fetch(`${url}/ingest/contact-events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(events) });
  return { status: res.status, body: (await res.json()) as never };
}

const scriptedContact = fc.record<ScriptedContact>({
  queue: fc.nat({ max: QUEUES.length - 1 }),
  channel: fc.constantFrom('VOICE', 'Chat', 'TASK', 'EMAIL', 'HOLOGRAM'),
  method: fc.constantFrom('INBOUND', 'CALLBACK', 'TRANSFER', 'SOMETHING_NEW'),
  final: fc.constantFrom<FinalPhase>('INITIATED', 'QUEUED', 'CONNECTED', 'ABANDONED', 'ENDED'),
  enqueueOffsetS: fc.integer({ min: 0, max: 1800 }),
});

describe('live queue state from contact events (POST /ingest/contact-events → Queue.realtime)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('gives the counts of the script whatever the order and duplication of its events (fast-check)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(scriptedContact, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        async (contacts, duplicates, sortKeys, posts) => {
          run += 1;
          // An hour ago: well inside LIVE_QUEUE_MAX_AGE_SECONDS (4 h), never in the future.
          const baseMs = Date.now() - 3_600_000;
          const ids = contacts.map((_, i) => `run${run}-contact${i}`);
          const events = contacts.flatMap((c, i) => eventsOf(c, ids[i]!, baseMs));
          const all = [...events, ...duplicates.map((d) => events[d % events.length])];
          const shuffled = all.map((e, i) => ({ e, k: sortKeys[i % sortKeys.length]! + i * 1e-9 })).sort((a, b) => a.k - b.k).map((x) => x.e);
          const size = Math.ceil(shuffled.length / posts);
          for (let i = 0; i < shuffled.length; i += size) {
            const res = await postEvents(server.url, shuffled.slice(i, i + size));
            expect(res.status).toBe(200);
          }
          const before = Date.now();
          const counts = await realtimeOf(server.url);
          const after = Date.now();
          QUEUES.forEach((_, q) => {
            const atBefore = expectedCounts(contacts, q, baseMs, before);
            const atAfter = expectedCounts(contacts, q, baseMs, after);
            const { oldestContactInQueueAgeSeconds: age, ...rest } = counts[q]!;
            const { oldestContactInQueueAgeSeconds: ageBefore, ...expected } = atBefore;
            expect(rest).toEqual(expected);
            if (ageBefore === null) {
              expect(age).toBeNull();
            } else {
              // Computed when read: between the ages at the moments before and after the request.
              expect(age).toBeGreaterThanOrEqual(ageBefore);
              expect(age).toBeLessThanOrEqual(atAfter.oldestContactInQueueAgeSeconds!);
            }
          });
          // End every contact of the run, so the next run starts from empty queues (and check that it does).
          const endAll = ids.map((contactId) => ({ eventType: 'DISCONNECTED', contactId, instanceArn: INSTANCE, disconnectTimestamp: iso(Date.now() - 1000) }));
          expect((await postEvents(server.url, endAll)).status).toBe(200);
          for (const c of await realtimeOf(server.url)) expect(c).toMatchObject({ contactsInQueue: 0, contactsConnected: 0, oldestContactInQueueAgeSeconds: null });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('pushes queueRealtimeChanged to a subscriber after each change of its queue, named from the directory, never for duplicates or other queues', async () => {
    const client: Client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    const received: { arn: string; name: string | null; realtime: { contactsInQueue: number; contactsConnected: number } }[] = [];
    const errors: unknown[] = [];
    const dispose = client.subscribe<{ queueRealtimeChanged: (typeof received)[number] }>(
      { query: 'subscription($f: QueueRealtimeFilter) { queueRealtimeChanged(filter: $f) { arn name realtime { contactsInQueue contactsConnected } } }', variables: { f: { queues: [QUEUES[0]!.id] } } },
      { next: (v) => (v.data ? received.push(v.data.queueRealtimeChanged) : errors.push(v.errors)), error: (e) => errors.push(e), complete: () => undefined },
    );
    try {
      await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
      const t = Date.now() - 60_000;
      const queued = { eventType: 'QUEUED', contactId: 'sub-1', instanceArn: INSTANCE, channel: 'VOICE', queueInfo: { queueArn: QUEUES[0]!.arn, enqueueTimestamp: iso(t) } };
      expect((await postEvents(server.url, [queued])).status).toBe(200);
      await until(() => received.length >= 1, 'the push of the QUEUED event');
      // A duplicate, and a contact of another queue: no push for this subscriber.
      expect((await postEvents(server.url, [queued, { ...queued, contactId: 'sub-other', queueInfo: { ...queued.queueInfo, queueArn: QUEUES[1]!.arn } }])).status).toBe(200);
      const connected = { ...queued, eventType: 'CONNECTED_TO_AGENT', agentInfo: { connectedToAgentTimestamp: iso(t + 5000) } };
      expect((await postEvents(server.url, [connected])).status).toBe(200);
      await until(() => received.length >= 2, 'the push of the CONNECTED_TO_AGENT event');
      expect((await postEvents(server.url, [{ ...connected, eventType: 'DISCONNECTED', disconnectTimestamp: iso(t + 9000) }])).status).toBe(200);
      await until(() => received.length >= 3, 'the push of the DISCONNECTED event');
      await new Promise((r) => setTimeout(r, 300));
      expect(errors).toEqual([]);
      expect(received).toEqual([
        { arn: QUEUES[0]!.arn, name: QUEUES[0]!.name, realtime: { contactsInQueue: 1, contactsConnected: 0 } },
        { arn: QUEUES[0]!.arn, name: QUEUES[0]!.name, realtime: { contactsInQueue: 0, contactsConnected: 1 } },
        { arn: QUEUES[0]!.arn, name: QUEUES[0]!.name, realtime: { contactsInQueue: 0, contactsConnected: 0 } },
      ]);
    } finally {
      dispose();
      await client.dispose();
      await postEvents(server.url, [{ eventType: 'DISCONNECTED', contactId: 'sub-other', instanceArn: INSTANCE, disconnectTimestamp: iso(Date.now() - 1000) }]);
    }
  });

  it('rejects malformed events and keeps applying the rest of the array (400, INVALID_RECORDS)', async () => {
    const t = Date.now() - 60_000;
    const good = { eventType: 'QUEUED', contactId: 'mixed-1', instanceArn: INSTANCE, queueInfo: { queueArn: QUEUES[2]!.arn, enqueueTimestamp: iso(t) } };
    const res = await postEvents(server.url, [good, { eventType: 'QUEUED', instanceArn: INSTANCE }, { ...good, contactId: 'future', queueInfo: { ...good.queueInfo, enqueueTimestamp: iso(Date.now() + 3_600_000) } }]);
    expect(res.status).toBe(400);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(res.body.rejected[0]!.reason).toMatch(/contactId/);
    expect(res.body.rejected[1]!.reason).toMatch(/in the future/);
    // Counted for operators, by reason.
    expect(await metricSample(server, 'contact_events_refused_total', 'reason="malformed"')).toBe(1);
    expect(await metricSample(server, 'contact_events_refused_total', 'reason="future_timestamp"')).toBe(1);
    expect((await realtimeOf(server.url))[2]!.contactsInQueue).toBe(1);
    await postEvents(server.url, [{ ...good, eventType: 'DISCONNECTED', disconnectTimestamp: iso(t + 1000) }]);
    expect((await realtimeOf(server.url))[2]!.contactsInQueue).toBe(0);
  });
});

describe('live queue state: a lost DISCONNECTED ages out (LIVE_QUEUE_MAX_AGE_SECONDS=60)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LIVE_QUEUE_MAX_AGE_SECONDS: '60' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('counts a contact queued 20 s ago and no longer one queued 2 minutes ago whose DISCONNECTED never came', async () => {
    const now = Date.now();
    const queued = (contactId: string, agoMs: number) => ({ eventType: 'QUEUED', contactId, instanceArn: INSTANCE, channel: 'VOICE', queueInfo: { queueArn: QUEUES[0]!.arn, enqueueTimestamp: iso(now - agoMs) } });
    expect((await postEvents(server.url, [queued('lost', 120_000), queued('recent', 20_000)])).status).toBe(200);
    const [counts] = await realtimeOf(server.url);
    expect(counts).toMatchObject({ contactsInQueue: 1, contactsInQueueByChannel: [{ channel: 'VOICE', count: 1 }] });
    expect(counts!.oldestContactInQueueAgeSeconds).toBeGreaterThanOrEqual(20);
    expect(counts!.oldestContactInQueueAgeSeconds).toBeLessThan(60);
  });
});

describe('live queue state with API keys: ingest:write, instance scope, live:read', () => {
  const OTHER_INSTANCE = 'arn:aws:connect:us-east-1:999999999999:instance/other-instance';
  const WRITER = { key: 'ak_contact_writer_0123456789abcdef', principal: 'contact-writer', instances: [INSTANCE], scopes: ['ingest:write'] };
  const READER = { key: 'ak_contact_reader_0123456789abcdef', principal: 'metrics-reader', instances: ['*'], scopes: ['metrics:read'] };
  const LIVE = { key: 'ak_contact_live_0123456789abcdef00', principal: 'wallboard', instances: [INSTANCE], scopes: ['metrics:read', 'live:read'] };
  const FEED = { key: 'ak_contact_feed_0123456789abcdef00', principal: 'event-feed', instances: ['*'], scopes: ['ingest:write'] };
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile([WRITER, READER, LIVE, FEED]) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('needs an ingest:write key, and rejects an event of an instance outside the key\'s scope', async () => {
    const t = Date.now() - 30_000;
    const event = (instanceArn: string, contactId: string) => ({ eventType: 'QUEUED', contactId, instanceArn, queueInfo: { queueArn: `${instanceArn}/queue/${QUEUES[0]!.id}`, enqueueTimestamp: iso(t) } });
    expect((await postEvents(server.url, [event(INSTANCE, 'k-1')])).status).toBe(401);
    expect((await postEvents(server.url, [event(INSTANCE, 'k-1')], { 'x-api-key': READER.key })).status).toBe(403);
    const res = await postEvents(server.url, [event(INSTANCE, 'k-1'), event(OTHER_INSTANCE, 'k-2')], { 'x-api-key': WRITER.key });
    expect(res.status).toBe(400);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([{ index: 1, reason: `instance ${OTHER_INSTANCE} is outside the instances this sender may write` }]);
    expect((await realtimeOf(server.url, { 'x-api-key': LIVE.key }))[0]).toMatchObject({ contactsInQueue: 1 });
  });

  it('pushes a scoped subscriber the changes of its own instance only', async () => {
    const client: Client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { 'x-api-key': LIVE.key } });
    const received: string[] = [];
    const errors: unknown[] = [];
    const dispose = client.subscribe<{ queueRealtimeChanged: { arn: string } }>(
      { query: 'subscription { queueRealtimeChanged { arn } }' },
      { next: (v) => (v.data ? received.push(v.data.queueRealtimeChanged.arn) : errors.push(v.errors)), error: (e) => errors.push(e), complete: () => undefined },
    );
    try {
      await new Promise((r) => setTimeout(r, 300));
      const t = Date.now() - 30_000;
      const queued = (instanceArn: string, contactId: string) => ({ eventType: 'QUEUED', contactId, instanceArn, queueInfo: { queueArn: `${instanceArn}/queue/${QUEUES[1]!.id}`, enqueueTimestamp: iso(t) } });
      expect((await postEvents(server.url, [queued(OTHER_INSTANCE, 's-other')], { 'x-api-key': FEED.key })).status).toBe(200);
      expect((await postEvents(server.url, [queued(INSTANCE, 's-own')], { 'x-api-key': FEED.key })).status).toBe(200);
      await until(() => received.length >= 1, 'the push of the own-instance change');
      await new Promise((r) => setTimeout(r, 300));
      expect(errors).toEqual([]);
      expect(received).toEqual([`${INSTANCE}/queue/${QUEUES[1]!.id}`]);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it('answers Queue.realtime only with live:read', async () => {
    const denied = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': READER.key },
      body: JSON.stringify({ query: `{ queue(id: "${QUEUES[0]!.id}") { realtime { contactsInQueue } } }` }),
    });
    const body = (await denied.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
