import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { ContactService } from '../../src/services/contact.service';
import type { GraphQLResponse } from '../helpers/graphql-client';
import { startTestServer, testDataDir, TEST_DATA, type TestServer } from '../helpers/test-server';

/**
 * How errors reach clients of the real server with NODE_ENV=production: every error is coded; an
 * engine failure, a DynamoDB failure and a bug show no SQL, stack, file path or engine text, and the
 * log line with the same request id carries the detail; input at fault answers BAD_USER_INPUT.
 */

type LogLine = { level: number; msg: string; requestId?: string; reason?: string; code?: string; err?: { message?: string; stack?: string } };

const RANGE = { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-21T00:00:00Z' };
const CONTACTS = `query Contacts($after: String) { contacts(filter: { from: "${RANGE.from}", to: "${RANGE.to}" }, first: 5, after: $after) { edges { cursor node { contactId } } } }`;

/** Text that must never reach a client: SQL, engine and SDK wording, paths, stack frames. */
const LEAKS = [/SELECT|FROM |read_json|WHERE/, /IO Error|Binder|Catalog|duckdb:|No files found/i, /\/tmp\/|\/work\/|\.ts:\d+|ctr\/year=/, /\bat .*\(.*:\d+:\d+\)/, /ECONNREFUSED|BatchGet|Scan on|UnknownEndpoint|TimeoutError/, /Cannot read properties/];

function expectNoLeak(body: unknown): void {
  const text = JSON.stringify((body as GraphQLResponse<unknown>).errors);
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
}

describe('error reporting in production (NODE_ENV=production)', () => {
  let server: TestServer;
  let dynamo: EmbeddedDynamoDb;
  let dataDir: string;
  const logs: LogLine[] = [];
  let requests = 0;

  /** POSTs with a fresh request id; returns it with the answer. */
  async function post(query: string, variables?: Record<string, unknown>): Promise<{ requestId: string; status: number; body: GraphQLResponse<Record<string, unknown>> }> {
    const requestId = `err-test-${++requests}`;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query, variables }),
    });
    return { requestId, status: res.status, body: (await res.json()) as GraphQLResponse<Record<string, unknown>> };
  }

  const linesOf = (requestId: string) => logs.filter((line) => line.requestId === requestId);

  beforeAll(async () => {
    // An own copy of the data with enough CTR files that deleting them outlasts the engine's quarantine-and-retry.
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-errors-')), 'data');
    fs.cpSync(await testDataDir(), dataDir, { recursive: true });
    for (const day of fs.readdirSync(path.join(dataDir, 'ctr/year=2026/month=11'))) {
      const folder = path.join(dataDir, 'ctr/year=2026/month=11', day);
      for (const file of fs.readdirSync(folder)) for (let copy = 1; copy <= 3; copy++) fs.copyFileSync(path.join(folder, file), path.join(folder, `${file}-copy${copy}`));
    }
    // DynamoDB that this test can stop while the server runs.
    dynamo = await startEmbeddedDynamoDb(0);
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
    server = await startTestServer(
      { NODE_ENV: 'production', DATA_DIR: dataDir, DATA_RESCAN_SECONDS: '0', AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_REGION: 'us-east-1' },
      { logger },
    );
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await dynamo?.stop();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  describe('input at fault answers BAD_USER_INPUT', () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    it.each([
      ['garbage', 'not-a-cursor'],
      ['punctuation', '!!!@@@###'],
      ['base64 of junk', b64('\u0000\u0001junk\uffff')],
      ['base64 of a number', b64('42')],
      ['base64 of another list kind', b64(JSON.stringify(['evaluation', '2026-11-19T10:00:00.000Z', 'e1']))],
      ['a forged timestamp', b64(JSON.stringify(['contact', 'not-a-date', 'c1']))],
      ['a timestamp out of range', b64(JSON.stringify(['contact', '+999999-01-01T00:00:00.000Z', 'c1']))],
      ['a number for the timestamp', b64(JSON.stringify(['contact', 1e308, 'c1']))],
      ['too many fields', b64(JSON.stringify(['contact', '2026-11-19T10:00:00.000Z', 'c1', 'x']))],
      ['a long string', 'A'.repeat(5_000)],
    ])('a fuzzed after cursor (%s)', async (_name, after) => {
      const { body } = await post(CONTACTS, { after });
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' }, message: expect.stringContaining("'after' is not a cursor") });
      expectNoLeak(body);
    });

    it('an operation of an unsupported type (mutation { x }), with HTTP 400', async () => {
      const { status, body } = await post('mutation { x }');
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        { message: expect.stringContaining("'mutation' operations are not supported"), extensions: { code: 'BAD_USER_INPUT', requestId: expect.any(String) } },
      ]);
    });

    it('a subscription sent over HTTP answers SUBSCRIPTIONS_NOT_SUPPORTED (HTTP 400) saying where subscriptions are served', async () => {
      const { status, body } = await post('subscription { agentStateChanged { username } }');
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'SUBSCRIPTIONS_NOT_SUPPORTED' }, message: expect.stringContaining('graphql-ws') });
      expectNoLeak(body);
    });

    it('a metrics range that holds no interval bucket', async () => {
      const { body } = await post('query($input: MetricsInput!) { metrics(input: $input) { rows { intervalStart } } }', {
        input: { from: '0000-06-01T00:00:00Z', to: '0000-06-02T00:00:00Z', interval: 'DAY', timeZone: 'UTC', metrics: [{ name: 'CONTACTS_HANDLED' }] },
      });
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('holds no DAY interval') });
      expectNoLeak(body);
    });
  });

  it('over WebSocket (graphql-ws) the same mapping applies: a subscription with bad input answers BAD_USER_INPUT with a request id', async () => {
    const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    try {
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: 'subscription { serverTimeTicks(intervalSeconds: 0) }' }, { next: resolve, error: resolve, complete: () => resolve('complete') });
      });
      const errors = (outcome as { errors?: GraphQLResponse<unknown>['errors'] }).errors ?? (Array.isArray(outcome) ? (outcome as GraphQLResponse<unknown>['errors']) : undefined);
      expect(errors?.[0]).toMatchObject({
        message: "'intervalSeconds' must be between 1 and 3600.",
        extensions: { code: 'BAD_USER_INPUT', argument: 'intervalSeconds', requestId: expect.any(String) },
      });
    } finally {
      await client.dispose();
    }
  });

  it('a bug (an unexpected exception) answers INTERNAL_SERVER_ERROR with a generic message; the log line with the request id has the stack', async () => {
    const spy = jest.spyOn(ContactService.prototype, 'listContacts').mockImplementationOnce(() => {
      const broken = undefined as unknown as { state: string };
      return Promise.resolve(broken.state as never);
    });
    try {
      const { requestId, body } = await post(CONTACTS);
      expect(body.errors).toEqual([
        { message: `Internal server error (request id ${requestId}).`, path: ['contacts'], locations: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } },
      ]);
      expectNoLeak(body);
      const logged = linesOf(requestId).find((line) => line.level === 50 && line.code === 'INTERNAL_SERVER_ERROR');
      expect(logged?.err?.message).toMatch(/Cannot read properties of undefined \(reading 'state'\)/);
      expect(logged?.err?.stack).toMatch(/error-reporting\.test\.ts/);
    } finally {
      spy.mockRestore();
    }
  });

  it('a DynamoDB failure answers UPSTREAM_FAILED from agentStates and from Agent.state alike; the log line has the SDK error', async () => {
    const agents = await post('{ agents(first: 1) { edges { node { id } } } }');
    const agentId = (agents.body.data as { agents: { edges: { node: { id: string } }[] } }).agents.edges[0]!.node.id;
    await dynamo.stop();

    const list = await post('{ agentStates { username } }');
    expect(list.body.errors?.[0]).toEqual({
      message: `The live agent state store failed to answer; try again later (request id ${list.requestId}).`,
      path: ['agentStates'],
      locations: expect.any(Array),
      extensions: { code: 'UPSTREAM_FAILED', source: 'dynamodb', requestId: list.requestId },
    });
    expectNoLeak(list.body);
    const listLog = linesOf(list.requestId).find((line) => line.code === 'UPSTREAM_FAILED');
    expect(listLog).toMatchObject({ level: 50, reason: expect.stringMatching(/^Scan on .*: .*/) });

    const one = await post('query($id: ID) { agent(id: $id) { id state { activity } } }', { id: agentId });
    expect(one.body.errors?.[0]).toMatchObject({ path: ['agent', 'state'], extensions: { code: 'UPSTREAM_FAILED', source: 'dynamodb', requestId: one.requestId } });
    expect(one.body.errors?.[0]?.message).toBe(`The live agent state store failed to answer; try again later (request id ${one.requestId}).`);
    expectNoLeak(one.body);
    expect(linesOf(one.requestId).find((line) => line.code === 'UPSTREAM_FAILED')?.reason).toMatch(/BatchGetItem on .*:/);
  }, 60_000);

  it('a DuckDB failure answers UPSTREAM_FAILED without engine text; the log line with the request id has DuckDB’s message and the file', async () => {
    // The files vanish under the running engine: DuckDB fails with an IO Error naming each one.
    for (const day of fs.readdirSync(path.join(dataDir, 'ctr/year=2026/month=11'))) {
      const folder = path.join(dataDir, 'ctr/year=2026/month=11', day);
      for (const file of fs.readdirSync(folder)) fs.rmSync(path.join(folder, file));
    }
    const { requestId, body } = await post(CONTACTS);
    expect(body.errors).toEqual([
      {
        message: `The history engine failed to answer; try again later (request id ${requestId}).`,
        path: ['contacts'],
        locations: expect.any(Array),
        extensions: { code: 'UPSTREAM_FAILED', source: 'duckdb', requestId },
      },
    ]);
    expectNoLeak(body);
    const logged = linesOf(requestId).find((line) => line.code === 'UPSTREAM_FAILED');
    expect(logged).toMatchObject({ level: 50, reason: expect.stringMatching(/^query contact_page: IO Error: .*ctr\/year=2026/) });
  }, 60_000);
});
