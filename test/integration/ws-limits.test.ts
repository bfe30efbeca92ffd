import 'reflect-metadata';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** The value of one Prometheus sample without labels (0 when absent). */
async function sample(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Resolves once `condition` holds (checked every 20 ms; the test's timeout bounds the wait). */
async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Opens a raw WebSocket to /graphql with `origin` (none when undefined): `open`, or the HTTP status of a refused upgrade. */
function upgrade(server: TestServer, origin: string | undefined): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', origin === undefined ? {} : { origin });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

const SUBSCRIPTION = 'subscription { agentStateChanged { username status } }';

/** What one subscription received. */
interface Received {
  readonly errors: unknown[];
  readonly unsubscribe: () => void;
}

function subscribe(client: Client): Received {
  const errors: unknown[] = [];
  const unsubscribe = client.subscribe({ query: SUBSCRIPTION }, { next: () => undefined, error: (error) => errors.push(error), complete: () => undefined });
  return { errors, unsubscribe };
}

describe('WebSocket limits: Origin, frame size, subscriptions per connection and per principal', () => {
  let server: TestServer;
  const lines: Record<string, unknown>[] = [];
  const clients: Client[] = [];
  const connect = (): Client => {
    const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Record<string, unknown>);
        done();
      },
    });
    server = await startTestServer(
      { CORS_ORIGINS: 'https://portal.example.com,http://localhost:5173', SUBSCRIPTION_MAX_PER_CONNECTION: '2', SUBSCRIPTION_MAX_PER_PRINCIPAL: '3' },
      { logger: pino({ level: 'info' }, sink) },
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
  });

  describe('Origin of the upgrade', () => {
    it('refuses a foreign Origin with HTTP 403 and logs it', async () => {
      expect(await upgrade(server, 'https://evil.example')).toBe(403);
      expect(await upgrade(server, 'null')).toBe(403);
      expect(lines).toContainEqual(expect.objectContaining({ origin: 'https://evil.example', status: 403, msg: 'WebSocket upgrade refused: Origin not allowed (CORS_ORIGINS)' }));
    });

    it('accepts an Origin of CORS_ORIGINS, the server its own origin, and clients that send no Origin', async () => {
      expect(await upgrade(server, 'https://portal.example.com')).toBe('open');
      expect(await upgrade(server, 'http://localhost:5173')).toBe('open');
      expect(await upgrade(server, server.url)).toBe('open');
      expect(await upgrade(server, undefined)).toBe('open');
    });
  });

  it('closes a socket that sends a 2 MiB frame with 1009 (WS_MAX_FRAME_BYTES 1 MiB) and keeps serving', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await upgrade(server, undefined)).toBe('open');
    expect(lines).toContainEqual(expect.objectContaining({ closeCode: 1009, maxFrameBytes: 1024 * 1024 }));
  });

  it('refuses subscriptions over the per-connection and per-principal limits with RATE_LIMITED, keeps the connection, and frees slots as subscriptions end', async () => {
    const a = connect();
    const b = connect();
    const open = () => sample(server, 'graphql_ws_subscriptions_open');
    const a1 = subscribe(a);
    await until(async () => (await open()) === 1);
    subscribe(a);
    await until(async () => (await open()) === 2);

    // Third on the same connection: over SUBSCRIPTION_MAX_PER_CONNECTION=2.
    const a3 = subscribe(a);
    await until(() => a3.errors.length > 0);
    expect(a3.errors[0]).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('already has 2 open subscriptions, the most one connection may hold (SUBSCRIPTION_MAX_PER_CONNECTION)'),
        extensions: expect.objectContaining({ code: 'RATE_LIMITED', limit: 'SUBSCRIPTION_MAX_PER_CONNECTION', max: 2 }),
      }),
    ]);
    // The connection stays open and serves other operations.
    const answer = await new Promise<unknown>((resolve, reject) => a.subscribe({ query: '{ serverTime }' }, { next: resolve, error: reject, complete: () => undefined }));
    expect(answer).toMatchObject({ data: { serverTime: expect.any(String) } });

    // Another connection of the same (anonymous) principal: one more fits SUBSCRIPTION_MAX_PER_PRINCIPAL=3, the next does not.
    subscribe(b);
    await until(async () => (await open()) === 3);
    const b2 = subscribe(b);
    await until(() => b2.errors.length > 0);
    expect(b2.errors[0]).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', limit: 'SUBSCRIPTION_MAX_PER_PRINCIPAL', max: 3 }) }),
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ limit: 'principal', max: 3, msg: 'subscription refused: 3 open per principal (RATE_LIMITED)' }));

    // Completing one frees a slot for the principal.
    a1.unsubscribe();
    await until(async () => (await open()) === 2);
    const b3 = subscribe(b);
    await until(async () => (await open()) === 3);
    expect(b3.errors).toEqual([]);

    // Closing a socket frees all of its subscriptions.
    await a.dispose();
    await until(async () => (await open()) === 2);
    await b.dispose();
    await until(async () => (await open()) === 0);
  });
});
