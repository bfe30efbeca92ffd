/**
 * TRUSTED_DOCUMENTS=1 through the real server, with the manifest `npm run trusted-documents` writes
 * (graphql-codegen client preset, dist/persisted-documents.json): registered operations run by id
 * (documentId, extensions.persistedQuery.sha256Hash) or by their exact text, over POST, GET and
 * WebSocket; free text and unknown ids get 400 PERSISTED_QUERY_NOT_ALLOWED, and Apollo's APQ
 * cannot register new operations.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');
const MANIFEST = path.join(ROOT, 'dist', 'persisted-documents.json');
const FREE_TEXT = '{ agentStates { username customerSecret: agentArn } }';

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, body: unknown): Promise<{ status: number; body: GraphqlBody }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as GraphqlBody };
}

describe('trusted documents (TRUSTED_DOCUMENTS=1)', () => {
  let server: TestServer;
  let manifest: Record<string, string>;
  const idOf = (operationName: string): string => {
    // A document holds one operation and the fragments it spreads (in any order): find the operation by name.
    const entry = Object.entries(manifest).find(([, document]) => parse(document).definitions.some((d) => d.kind === 'OperationDefinition' && d.name?.value === operationName));
    if (!entry) throw new Error(`${operationName} is not in the manifest`);
    return entry[0];
  };

  beforeAll(async () => {
    // What npm run build runs; writes dist/persisted-documents.json, the server's default manifest.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'trusted-documents.mjs')], { cwd: ROOT, stdio: 'pipe' });
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    server = await startTestServer({ TRUSTED_DOCUMENTS: '1' });
  });
  afterAll(() => server?.stop());

  it('registers every operation of test/operations and documents/, keyed by the SHA-256 of its text', () => {
    const files = [...fs.readdirSync(path.join(ROOT, 'test/operations')).map((f) => path.join(ROOT, 'test/operations', f)), ...fs.readdirSync(path.join(ROOT, 'documents')).map((f) => path.join(ROOT, 'documents', f))].filter((f) => f.endsWith('.graphql'));
    const names = files.flatMap((file) => parse(fs.readFileSync(file, 'utf8')).definitions.flatMap((d) => (d.kind === 'OperationDefinition' && d.name ? [d.name.value] : [])));
    expect(names).toContain('WallboardAgentStates');
    expect(Object.keys(manifest)).toHaveLength(names.length);
    for (const name of names) expect(idOf(name)).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const [id, document] of Object.entries(manifest)) expect(id).toBe(`sha256:${createHash('sha256').update(document).digest('hex')}`);
  });

  it('runs a manifest operation sent by documentId, without its text', async () => {
    const { status, body } = await post(server.url, { documentId: idOf('WallboardAgentStates') });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data?.agentStates)).toBe(true);
  });

  it('runs a manifest operation sent by extensions.persistedQuery.sha256Hash, and by its exact text', async () => {
    const id = idOf('KpiAgentStatusDashboard');
    const byHash = await post(server.url, { extensions: { persistedQuery: { version: 1, sha256Hash: id.replace('sha256:', '') } } });
    expect(byHash.status).toBe(200);
    expect(byHash.body.errors).toBeUndefined();
    const byText = await post(server.url, { query: manifest[id] });
    expect(byText.status).toBe(200);
    expect(byText.body.data).toEqual(byHash.body.data);
  });

  it('runs a manifest operation over GET by documentId', async () => {
    const res = await fetch(`${server.url}/graphql?documentId=${encodeURIComponent(idOf('WallboardAgentStates'))}`, { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as GraphqlBody).data?.agentStates).toBeDefined();
  });

  it('refuses free text that is not in the manifest with 400 PERSISTED_QUERY_NOT_ALLOWED, over POST and GET', async () => {
    const { status, body } = await post(server.url, { query: FREE_TEXT });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.stringContaining('only registered operations'), extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } }]);
    expect(body.errors![0]!.message).toContain('documentId');
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent(FREE_TEXT)}`, { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(400);
    // A registered text changed by one character is free text.
    const edited = await post(server.url, { query: `${manifest[idOf('WallboardAgentStates')]} ` });
    expect(edited.status).toBe(400);
  });

  it('refuses an unknown hash, and a known id sent with different text', async () => {
    const unknown = await post(server.url, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0]!.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(unknown.body.errors![0]!.message).toContain(`sha256:${'0'.repeat(64)} is not one of them`);
    const mismatched = await post(server.url, { documentId: idOf('WallboardAgentStates'), query: FREE_TEXT });
    expect(mismatched.status).toBe(400);
  });

  it('does not let Apollo APQ register a new operation', async () => {
    const hash = createHash('sha256').update(FREE_TEXT).digest('hex');
    const register = await post(server.url, { query: FREE_TEXT, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(register.status).toBe(400);
    const replay = await post(server.url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(replay.status).toBe(400);
    expect(replay.body.errors![0]!.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('applies the same rule to WebSocket subscriptions', async () => {
    const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    try {
      const refused = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: 'subscription { serverTimeTicks(intervalSeconds: 1) }' }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
      });
      expect(JSON.stringify(refused)).toContain('PERSISTED_QUERY_NOT_ALLOWED');

      const tick = await new Promise<unknown>((resolve, reject) => {
        const stop = client.subscribe(
          { query: '', variables: { intervalSeconds: 1 }, extensions: { persistedQuery: { version: 1, sha256Hash: idOf('WallboardClock').replace('sha256:', '') } } },
          { next: (value) => { stop(); resolve(value); }, error: reject, complete: () => undefined },
        );
      });
      expect(tick).toEqual({ data: { serverTimeTicks: expect.any(String) } });
    } finally {
      await client.dispose();
    }
  });
});

describe('without TRUSTED_DOCUMENTS', () => {
  it('runs free text as before', async () => {
    const server = await startTestServer();
    try {
      const { status, body } = await post(server.url, { query: '{ __typename }' });
      expect(status).toBe(200);
      expect(body.data).toEqual({ __typename: 'Query' });
    } finally {
      await server.stop();
    }
  });

  it('refuses to start with TRUSTED_DOCUMENTS=1 and a missing manifest, saying how to create it', async () => {
    await expect(startTestServer({ TRUSTED_DOCUMENTS: '1', TRUSTED_DOCUMENTS_FILE: '/nonexistent/persisted-documents.json' })).rejects.toThrow(/npm run build \(or npm run trusted-documents\)/);
  });
});
