import net from 'node:net';
import { rawSubscribe, spawnServer, type RawSubscription, type SpawnedServer } from '../helpers/spawned-server';

/**
 * Stopping the real process (`node dist/src/server/main.js`, NODE_ENV=production) with signals, as a
 * container platform does: SIGTERM, then SIGKILL after a grace period (commonly 10 s).
 */

const SUBSCRIPTION = 'subscription { agentStateChanged { username activity } }';

/** Distinct heavy `metrics` requests (no two share SQL, so none is answered from the result cache). */
function metricsQueries(): string[] {
  const intervals = ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR', 'DAY'];
  const shapes = [
    { groupings: '', timeZone: 'UTC' },
    { groupings: '{ key: ROUTING_PROFILE }', timeZone: 'UTC' },
    { groupings: '{ key: ROUTING_PROFILE }', timeZone: 'America/New_York' },
  ];
  const metrics = ['CONTACTS_HANDLED', 'AVG_HANDLE_TIME', 'CONTACTS_ABANDONED', 'AVG_QUEUE_ANSWER_TIME', 'AGENT_OCCUPANCY', 'SUM_IDLE_TIME_AGENT'];
  const to = new Date();
  const from = new Date(to.getTime() - 2 * 86_400_000);
  return intervals.flatMap((interval) =>
    shapes.map(
      ({ groupings, timeZone }) =>
        `{ metrics(input: { from: "${from.toISOString()}", to: "${to.toISOString()}", interval: ${interval}, timeZone: "${timeZone}", groupings: [${groupings}],
            metrics: [${metrics.map((name) => `{ name: ${name} }`).join(', ')}] }) { rows { intervalStart dimensions { value } metrics { name value } } } }`,
    ),
  );
}

/** What came back for one HTTP request: the status and JSON body, or how the request failed. */
type Outcome = { kind: 'response'; status: number; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] }; atMs: number } | { kind: 'failed'; error: string };

async function post(url: string, query: string): Promise<Outcome> {
  try {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return { kind: 'response', status: res.status, body: (await res.json()) as never, atMs: Date.now() };
  } catch (error) {
    return { kind: 'failed', error: String((error as Error).cause ?? error) };
  }
}

/** A raw HTTP connection that has sent the start of `GET /ready` (so the server counts it busy, not idle). */
function halfSentReadyRequest(url: string): Promise<{ finish(): Promise<{ status: number; body: string }> }> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: Number(port), host: hostname }, () => {
      socket.write(`GET /ready HTTP/1.1\r\nHost: ${hostname}\r\n`);
      resolve({
        finish: () =>
          new Promise((done, fail) => {
            let text = '';
            socket.setEncoding('utf8').on('data', (chunk: string) => {
              text += chunk;
            });
            socket.once('end', () => {
              const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
              done({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
            });
            socket.once('error', fail);
            socket.write('\r\n');
          }),
      });
    });
    socket.once('error', reject);
  });
}

function connectRefused(url: string): Promise<boolean> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ port: Number(port), host: hostname });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * True once a new connection is refused, tried every 50 ms for up to 2 s: the "shutting down" line is
 * logged as the stop begins, and on a loaded machine the listening socket closes a moment later.
 */
async function refusedSoon(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (await connectRefused(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('stopping the server process with signals', () => {
  let server: SpawnedServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('on SIGTERM: not ready, no new connections, in-flight queries answered, 100 subscriptions closed with 1001, exit 0 within 10 s', async () => {
    // The simulator runs (it must be stopped too); one DuckDB thread makes the queries wait for each other, so several are in flight.
    server = await spawnServer({ SIMULATE: '1', DUCKDB_THREADS: '1' });
    const { url } = server;

    const subscriptions: RawSubscription[] = [];
    for (let i = 0; i < 100; i++) subscriptions.push(await rawSubscribe(url, SUBSCRIPTION, { collect: false }));
    const readyProbe = await halfSentReadyRequest(url);

    const queries = metricsQueries();
    let firstAnswered!: () => void;
    const oneAnswered = new Promise<void>((resolve) => (firstAnswered = resolve));
    const outcomes = Promise.all(queries.map((query) => post(url, query).finally(() => firstAnswered())));
    await oneAnswered; // the others are queued behind one DuckDB connection, in flight

    const signalledMs = Date.now();
    server.child.kill('SIGTERM');
    await server.waitForLog((line) => line.msg?.startsWith('shutting down') === true);

    // The listening socket is closed, while a request that had already arrived is answered: not ready.
    expect(await refusedSoon(url)).toBe(true);
    const ready = await readyProbe.finish();
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'stopping' });

    const exit = await server.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    // The issue's functional limit (a platform sends SIGKILL after 10 s); measured loosely, from the parent.
    expect(exit.atMs - signalledMs).toBeLessThan(10_000);

    const closes = await Promise.all(subscriptions.map((s) => s.closed));
    expect(closes.filter((c) => c.code !== 1001)).toEqual([]);
    expect(closes[0]!.reason).toBe('server shutting down');

    const results = await outcomes;
    // Every request got an HTTP answer: data, or a clean coded error — never a reset connection.
    for (const outcome of results) {
      expect(outcome.kind).toBe('response');
      if (outcome.kind !== 'response') continue;
      if (outcome.status === 200) {
        expect(outcome.body.errors).toBeUndefined();
        expect(outcome.body).toMatchObject({ data: { metrics: { rows: expect.any(Array) } } });
      }
      else expect(outcome.body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    }
    // Some were still running when the signal came (otherwise this test proved nothing about in-flight requests).
    expect(results.filter((o) => o.kind === 'response' && o.atMs > signalledMs).length).toBeGreaterThan(0);

    expect(server.logs.some((line) => line.msg === 'stopped')).toBe(true);
    expect(server.stderr()).not.toMatch(/Error|unhandled/i);
  });

  it('on SIGTERM with nothing going on: exits 0', async () => {
    server = await spawnServer();
    server.child.kill('SIGTERM');
    expect(await server.exited).toMatchObject({ code: 0, signal: null });
    expect(server.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['stopped']));
  });

  it('a second SIGINT while stopping exits at once (130), without waiting for the stop', async () => {
    server = await spawnServer({ SIMULATE: '0' });
    // A client that stops reading never answers the 1001 close: the stop waits for it (up to its grace).
    const stalled = await rawSubscribe(server.url, SUBSCRIPTION);
    (stalled.socket as unknown as { _socket: net.Socket })._socket.pause();

    server.child.kill('SIGINT');
    await server.waitForLog((line) => line.msg?.startsWith('shutting down') === true);
    server.child.kill('SIGINT');

    expect(await server.exited).toMatchObject({ code: 130, signal: null });
    expect(server.logs.map((line) => line.msg)).toContain('second signal: exiting now');
    expect(server.logs.map((line) => line.msg)).not.toContain('stopped');
    stalled.socket.terminate();
  });
});
