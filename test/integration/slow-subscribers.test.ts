import type net from 'node:net';
import type { AgentEventRecord } from '../../src/domain/records';
import { agentEventRecord } from '../helpers/kinesis-factories';
import { rawSubscribe, spawnServer, type LogLine, type SpawnedServer } from '../helpers/spawned-server';

/**
 * A burst of agent-state changes and subscribers that cannot keep up, against the real process
 * (`node dist/src/server/main.js`): the process must live on, drop only the slow subscriber with
 * close code 4008, and keep serving everyone else.
 */

/** A LOGIN of a distinct agent (no previous snapshot, as Connect sends it): a visible change for every unfiltered subscriber. */
function login(i: number, prefix = 'burst'): AgentEventRecord {
  const id = `${prefix}-${String(i).padStart(5, '0')}`;
  return {
    ...agentEventRecord({ agentId: id, username: id, contacts: [] }),
    EventType: 'LOGIN',
    EventId: `login-${id}`,
    EventTimestamp: '2026-11-20T09:00:00.000Z',
    PreviousAgentSnapshot: null,
  } as AgentEventRecord;
}

async function ingest(url: string, records: unknown[]): Promise<{ status: number; body: { accepted: number } }> {
  const res = await fetch(`${url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
  return { status: res.status, body: (await res.json()) as { accepted: number } };
}

const pollers: { stop(): Promise<unknown> }[] = [];

/** Polls /health every 200 ms until stopped; collects every status (or failure). */
function pollHealth(url: string): { stop(): Promise<(number | string)[]> } {
  const seen: (number | string)[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        seen.push((await fetch(`${url}/health`)).status);
      } catch (error) {
        seen.push(String((error as Error).cause ?? error));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const poller = {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
  pollers.push(poller);
  return poller;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const isDropLine = (line: LogLine) => typeof line.msg === 'string' && line.msg.startsWith('slow subscriber dropped');

async function droppedCount(url: string, reason: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^graphql_ws_slow_subscribers_dropped_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

describe('slow subscribers never end the process', () => {
  let server: SpawnedServer | undefined;
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    await server?.dispose();
    server = undefined;
  });

  it('2,000 changes at once: the reading subscriber gets all, the stalled one is closed with 4008, /health answers throughout', async () => {
    // LIMIT_MAX_ALIASES=400: the stalled subscriber's large changes come from 400 aliases (the default limit is 15).
    server = await spawnServer({ SIMULATE: '0', LIMIT_MAX_ALIASES: '400' });
    const { url } = server;
    const reading = await rawSubscribe(url, 'subscription { agentStateChanged { username activity } }');
    // About 10 KB per change (400 aliases): 2,000 changes are far more than the loopback socket buffers
    // (a few MB) plus SUBSCRIPTION_MAX_BUFFERED_BYTES (4 MiB by default) can hold for a client that stopped reading.
    const aliases = Array.from({ length: 400 }, (_, i) => `a${i}: username`).join(' ');
    const stalled = await rawSubscribe(url, `subscription { agentStateChanged { ${aliases} } }`, { collect: false });
    const stalledSocket = (stalled.socket as unknown as { _socket: net.Socket })._socket;
    stalledSocket.pause();
    const health = pollHealth(url);

    const response = await ingest(url, Array.from({ length: 2_000 }, (_, i) => login(i)));
    expect(response).toEqual({ status: 200, body: expect.objectContaining({ accepted: 2_000 }) });

    const dropLine = await server.waitForLog(isDropLine);
    stalledSocket.resume(); // read what was sent, then the close frame
    const stalledClose = await stalled.closed;
    expect(stalledClose.code).toBe(4008);
    expect(stalledClose.reason).toMatch(/^subscriber too slow: \d+ bytes unsent; reconnect$/);
    expect(dropLine).toMatchObject({ level: 40, subscriptionId: '1', operation: 'agentStateChanged', reason: 'buffered_bytes', closeCode: 4008 });
    expect(dropLine.bufferedBytes).toBeGreaterThan(4 * 1024 * 1024);

    // The reading subscriber keeps up: every change, socket still open.
    await until(() => reading.received.length === 2_000, 'the reading subscriber to receive 2,000 changes');
    expect(reading.socket.readyState).toBe(reading.socket.OPEN);
    expect(new Set(reading.received.map((p) => (p as { data: { agentStateChanged: { username: string } } }).data.agentStateChanged.username)).size).toBe(2_000);

    const healthStatuses = await health.stop();
    expect(healthStatuses.length).toBeGreaterThan(0);
    expect(healthStatuses.filter((s) => s !== 200)).toEqual([]);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    expect(server.logs.filter(isDropLine)).toHaveLength(1);
    expect(await droppedCount(url, 'buffered_bytes')).toBe(1);
    reading.socket.close();
  });

  it('a burst longer than the queue closes that subscription with 4008; a new subscriber goes on', async () => {
    server = await spawnServer({ SIMULATE: '0', SUBSCRIPTION_MAX_PENDING_CHANGES: '100' });
    const { url } = server;
    const first = await rawSubscribe(url, 'subscription { agentStateChanged { username } }');

    expect((await ingest(url, Array.from({ length: 300 }, (_, i) => login(i, 'queue')))).status).toBe(200);

    const close = await first.closed;
    expect(close).toEqual({ code: 4008, reason: 'subscriber too slow: 101 pending changes; reconnect' });
    expect(await server.waitForLog(isDropLine)).toMatchObject({ subscriptionId: '1', operation: 'agentStateChanged', reason: 'pending_changes', pendingChanges: 101 });
    expect(await droppedCount(url, 'pending_changes')).toBe(1);

    // The process is alive and a reconnecting wallboard gets the next change.
    const second = await rawSubscribe(url, 'subscription { agentStateChanged { username } }');
    expect((await ingest(url, [login(0, 'after')])).status).toBe(200);
    await until(() => second.received.length === 1, 'the new subscriber to get the next change');
    expect(second.received[0]).toEqual({ data: { agentStateChanged: { username: 'after-00000' } } });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    second.socket.close();
  });
});
