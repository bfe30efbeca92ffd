import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError } from '../../src/config/env';
import { agentEventRecord } from '../helpers/kinesis-factories';
import { openGraphqlWs, postWithHeaders, sha256Hex, until, writeApiKeyFile, type TestApiKey } from '../helpers/auth';
import { startTestServer, type TestServer } from '../helpers/test-server';

const ALL = ['*'];
const ADMIN: TestApiKey = { key: 'ak_admin_0123456789abcdef', principal: 'ops', instances: ALL, scopes: ['admin'] };
const READER: TestApiKey = { key: 'ak_reader_0123456789abcdef', principal: 'portal', instances: ALL, scopes: ['metrics:read', 'contacts:read'] };
const INGEST: TestApiKey = { key: 'ak_ingest_0123456789abcdef', principal: 'kinesis-bridge', instances: ALL, scopes: ['ingest:write'] };
const LIVE: TestApiKey = { key: 'ak_live_0123456789abcdef', principal: 'wallboard', instances: ALL, scopes: ['live:read'] };

async function ingest(url: string, headers: Record<string, string>, records: unknown[] = [agentEventRecord()]): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(records) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('AUTH_MODE=apikey (x-api-key, keys from a file)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile([ADMIN, READER, INGEST, LIVE]), CORS_ORIGINS: 'https://portal.example' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a request without a key 401 UNAUTHENTICATED with a WWW-Authenticate challenge', async () => {
    const res = await postWithHeaders(server.url, '{ __typename }', {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^ApiKey realm="connect-analytics", header="x-api-key"/);
    expect(res.body).toEqual({ errors: [{ message: "No API key: Send an API key in the 'x-api-key' header.", extensions: { code: 'UNAUTHENTICATED' } }] });
    // GET operations too.
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(401);
  });

  it('answers a wrong key 401 without quoting it', async () => {
    const res = await postWithHeaders(server.url, '{ __typename }', { 'x-api-key': 'ak_guessed_key' });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res.body)).not.toContain('ak_guessed_key');
    expect(res.headers.get('www-authenticate')).not.toContain('ak_guessed_key');
  });

  it('answers a valid key with data, and the principal reaches the resolvers', async () => {
    const res = await postWithHeaders(server.url, '{ __typename }', { 'x-api-key': READER.key });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: 'Query' });
    const agents = await postWithHeaders(server.url, '{ agents(first: 2) { edges { node { username } } } }', { 'X-API-Key': ADMIN.key });
    expect(agents.status).toBe(200);
    expect((agents.body.data?.agents as { edges: unknown[] }).edges).toHaveLength(2);
  });

  it('keeps /health, /ready, the GraphiQL page and CORS preflights open', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).not.toBe(401);
    const preflight = await fetch(`${server.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    // A preflight never carries credentials: an allowed origin's is answered without one.
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://portal.example');
    const ingestPreflight = await fetch(`${server.url}/ingest/agent-events`, { method: 'OPTIONS', headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST' } });
    expect(ingestPreflight.status).toBe(204);
    expect(ingestPreflight.headers.get('access-control-allow-origin')).toBe('https://portal.example');
  });

  it('puts /metrics behind admin', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const reader = await fetch(`${server.url}/metrics`, { headers: { 'x-api-key': READER.key } });
    expect(reader.status).toBe(403);
    expect(await reader.json()).toEqual({ errors: [{ message: expect.stringContaining("needs the scope 'admin'"), extensions: { code: 'FORBIDDEN', scope: 'admin' } }] });
    const admin = await fetch(`${server.url}/metrics`, { headers: { 'x-api-key': ADMIN.key } });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('# TYPE');
  });

  it('refuses ingest without a key (401) and without ingest:write (403 naming the scope); with it the events are applied', async () => {
    expect((await ingest(server.url, {})).status).toBe(401);
    const reader = await ingest(server.url, { 'x-api-key': READER.key });
    expect(reader.status).toBe(403);
    expect(reader.body).toEqual({ errors: [{ message: expect.stringContaining("needs the scope 'ingest:write'"), extensions: { code: 'FORBIDDEN', scope: 'ingest:write' } }] });
    const writer = await ingest(server.url, { 'x-api-key': INGEST.key });
    expect(writer.status).toBe(200);
    expect(writer.body).toMatchObject({ accepted: 1 });
  });

  it('closes a WebSocket whose connection_init carries no key or a wrong key with 4401', async () => {
    const none = await openGraphqlWs(server.url, undefined).outcome;
    expect(none.code).toBe(4401);
    expect(none.reason).toMatch(/^Unauthorized: no credential in the connection_init payload/);
    expect(none.messages).toEqual([]);
    const wrong = await openGraphqlWs(server.url, { 'x-api-key': 'ak_guessed_key' }).outcome;
    expect(wrong.code).toBe(4401);
    expect(wrong.reason).toMatch(/^Unauthorized: The API key is not valid/);
    // A subscribe frame sent before (or without) an acknowledged connection_init runs nothing.
    const { socket, outcome } = openGraphqlWs(server.url, {});
    socket.once('open', () => socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { agentStateChanged { username } }' } })));
    const early = await outcome;
    expect(early.code).toBe(4401);
    expect(early.messages.filter((m) => m.type === 'next')).toEqual([]);
  });

  it('serves subscriptions to a connection_init carrying a valid key (any header spelling)', async () => {
    const username = `ws-key-${Date.now()}`;
    const { socket, outcome } = openGraphqlWs(server.url, { 'X-Api-Key': LIVE.key }, (ws) =>
      ws.send(JSON.stringify({ id: 's1', type: 'subscribe', payload: { query: 'subscription { agentStateChanged { username activity } }' } })),
    );
    const messages: { type: string; payload?: unknown }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await until(() => messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
    expect((await ingest(server.url, { 'x-api-key': INGEST.key }, [agentEventRecord({ username, agentId: `${username}-id` })])).status).toBe(200);
    await until(() => messages.some((m) => m.type === 'next'), 'the change');
    expect(messages.find((m) => m.type === 'next')?.payload).toEqual({ data: { agentStateChanged: { username, activity: expect.any(String) } } });
    socket.close(1000);
    expect((await outcome).code).toBe(1000);
  });
});

describe('AUTH_MODE=apikey start-up', () => {
  it('fails with a message naming the file and the entry when the key file is malformed', async () => {
    const file = writeApiKeyFile(JSON.stringify({ keys: [{ sha256: sha256Hex('k'), principal: 'portal', instances: ['*'], scopes: ['metrics:reed'] }] }));
    const start = startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: file });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(`API keys (${file}): keys[0].scopes[0] (principal "portal"): unknown scope "metrics:reed"`);
  });

  it('fails with a message naming the variable when the key file does not exist', async () => {
    await expect(startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: '/nonexistent/keys.json' })).rejects.toThrow('AUTH_API_KEYS_FILE: cannot read /nonexistent/keys.json (ENOENT)');
  });

  it('reads the same JSON from Secrets Manager (AUTH_API_KEYS_SECRET_ID)', async () => {
    const secrets = mockClient(SecretsManagerClient);
    const secretId = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:connect-analytics/api-keys-AbCdEf';
    secrets.on(GetSecretValueCommand, { SecretId: secretId }).resolves({ SecretString: JSON.stringify({ keys: [{ sha256: sha256Hex(READER.key), principal: 'from-secret', instances: ['*'], scopes: ['metrics:read'] }] }) });
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_SECRET_ID: secretId });
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
      expect((await postWithHeaders(server.url, '{ __typename }', { 'x-api-key': READER.key })).status).toBe(200);
      expect((await postWithHeaders(server.url, '{ __typename }', { 'x-api-key': ADMIN.key })).status).toBe(401);
    } finally {
      await server?.stop();
      secrets.restore();
    }
  });

  it('fails clearly when the secret cannot be read', async () => {
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error('Secrets Manager can’t find the specified secret.'), { name: 'ResourceNotFoundException' }));
    try {
      await expect(startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_SECRET_ID: 'missing-secret' })).rejects.toThrow(/AUTH_API_KEYS_SECRET_ID: cannot read secret missing-secret from Secrets Manager/);
    } finally {
      secrets.restore();
    }
  });
});
