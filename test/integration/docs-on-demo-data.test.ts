/**
 * The first five minutes: the README's GraphQL examples and the Postman collection work as written
 * on demo data written the way `npm start` writes it — into an empty DATA_DIR, ending now — not on
 * the fixed-date data set the other suites share. The collection runs with newman, as a user would
 * (`npx newman run postman/collection.json`), and must fail against a server that answers empty data.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  buildSchema,
  graphql,
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLOutputType,
} from 'graphql';
import { readmeExamples } from '../helpers/example-operations';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const COLLECTION_FILE = path.join(ROOT, 'postman', 'collection.json');

/** The part of newman's programmatic API this test uses (newman ships no types). */
interface NewmanAssertion {
  assertion: string;
  error?: { message: string };
}
interface NewmanSummary {
  run: {
    stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
    executions: { item: { name: string }; response?: { code: number }; assertions?: NewmanAssertion[] }[];
    failures: { source?: { name?: string }; error: { test?: string; message: string } }[];
  };
}
interface Newman {
  run(options: Record<string, unknown>, callback: (error: Error | null, summary: NewmanSummary) => void): unknown;
}
const newman = createRequire(__filename)('newman') as Newman;

interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  event?: { listen: string; script: { exec: string[] } }[];
}

/** The requests of the collection, in run order. */
function collectionRequests(): PostmanItem[] {
  const collection = JSON.parse(fs.readFileSync(COLLECTION_FILE, 'utf8')) as { item: PostmanItem[] };
  const walk = (items: PostmanItem[]): PostmanItem[] => items.flatMap((i) => (i.item ? walk(i.item) : [i]));
  return walk(collection.item);
}

/** Runs postman/collection.json with newman against `baseUrl`, without reporters. */
function runCollection(baseUrl: string): Promise<NewmanSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      { collection: COLLECTION_FILE, envVar: [{ key: 'baseUrl', value: baseUrl }], reporters: [], timeoutRequest: 60_000 },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

/** The names of the requests with at least one failed assertion. */
function failedRequests(summary: NewmanSummary): string[] {
  return summary.run.executions.filter((e) => (e.assertions ?? []).some((a) => a.error)).map((e) => e.item.name);
}

/**
 * A GraphQL server with the real schema and no data: every list is empty, every nullable field
 * null, every required scalar its zero value. Or, with `errors`, an answer with only errors.
 */
async function startEmptyServer(mode: 'empty' | 'errors'): Promise<{ url: string; close(): Promise<void> }> {
  const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema', 'schema.graphql'), 'utf8'));
  const emptyValue = (type: GraphQLOutputType): unknown => {
    if (!isNonNullType(type)) return isListType(type) ? [] : null;
    const inner = type.ofType;
    if (isListType(inner)) return [];
    if (isEnumType(inner)) return inner.getValues()[0].value;
    if (isScalarType(inner)) return ({ Int: 0, Float: 0, Boolean: false } as Record<string, unknown>)[inner.name] ?? '';
    return {}; // an object: its fields resolve the same way
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const request = JSON.parse(raw) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        const result =
          mode === 'errors'
            ? { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }
            : await graphql({
                schema,
                source: request.query,
                variableValues: request.variables,
                operationName: request.operationName,
                fieldResolver: (_source, _args, _context, info) => emptyValue(info.returnType),
              });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Filled = not null, and a list (or a connection's edges, a result's rows) with at least one element. */
function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  const object = value as { edges?: unknown[]; rows?: unknown[] };
  if (Array.isArray(object.edges)) return object.edges.length > 0;
  if (Array.isArray(object.rows)) return object.rows.length > 0;
  return true;
}

describe('on demo data written as npm start writes it (ending now)', () => {
  let server: TestServer;
  let dataRoot: string;

  beforeAll(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-fresh-'));
    // An empty DATA_DIR: the stack writes demo data ending now, as `npm start` does (3 days, 20 agents:
    // every example's day is inside it whatever the time of day; defaults otherwise, e.g. the 35-day directory).
    server = await startTestServer({ DATA_DIR: path.join(dataRoot, 'data'), DEMO_DAYS: '3', DEMO_AGENTS: '20', DIRECTORY_LOOKBACK_DAYS: '35' });
    expect(server.stack.demoData?.contacts).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await server?.stop();
    if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  describe('README examples', () => {
    const examples = readmeExamples();

    it('are named operations using only the variables GraphiQL starts with (from, to) and a contactId', () => {
      expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['FirstContacts', 'ContactDetails']));
      expect(examples.length).toBeGreaterThanOrEqual(4);
      for (const e of examples) expect([e.name, e.variables.filter((v) => !['from', 'to', 'contactId'].includes(v))]).toEqual([e.name, []]);
      // No fixed dates: they would point before or after the demo data.
      for (const e of examples) expect([e.name, e.query.match(/\d{4}-\d{2}-\d{2}/g)]).toEqual([e.name, null]);
    });

    it('run without errors and answer every root field, with the variables GraphiQL opens with (the last 24 hours)', async () => {
      // As web/main.jsx's defaultVariables: the last day, ending at the current minute.
      const to = Math.floor(Date.now() / 60_000) * 60_000;
      const values: Record<string, unknown> = { from: new Date(to - 86_400_000).toISOString(), to: new Date(to).toISOString() };
      for (const e of [...examples].sort((a, b) => Number(a.variables.includes('contactId')) - Number(b.variables.includes('contactId')))) {
        const variables = Object.fromEntries(e.variables.map((v) => [v, values[v]]));
        const { status, body } = await postQuery<Record<string, unknown>>(server.url, e.query, variables);
        expect([e.name, status, body.errors]).toEqual([e.name, 200, undefined]);
        for (const [field, value] of Object.entries(body.data ?? {})) expect([e.name, field, filled(value)]).toEqual([e.name, field, true]);
        if (e.name === 'FirstContacts') {
          // The contact example uses a contactId copied from the first query's answer.
          values.contactId = (body.data as { contacts: { edges: { node: { contactId: string } }[] } }).contacts.edges[0].node.contactId;
        }
      }
      expect(values.contactId).toEqual(expect.any(String));
    });
  });

  describe('postman/collection.json with newman', () => {
    const requests = collectionRequests();

    it('passes every assertion, each request having its own', async () => {
      const summary = await runCollection(server.url);
      const failures = summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.test ?? ''} ${f.error.message}`);
      expect(failures).toEqual([]);
      expect(summary.run.executions.map((e) => e.item.name)).toEqual(requests.map((r) => r.name));
      for (const execution of summary.run.executions) {
        expect([execution.item.name, execution.response?.code]).toEqual([execution.item.name, 200]);
        // HTTP 200, JSON, no errors, the root fields: at least 4, plus the non-empty checks.
        expect([execution.item.name, (execution.assertions ?? []).length >= 4]).toEqual([execution.item.name, true]);
      }
      // Only the live dashboard may be empty (nobody works at night); every other request checks its data is there.
      const withoutDataCheck = requests.filter((r) => !r.event?.some((e) => e.listen === 'test' && e.script.exec.some((l) => l.includes('is not empty')))).map((r) => r.name);
      expect(withoutDataCheck).toEqual(['KpiAgentStatusDashboard']);
    });

    it('fails against a server with the same schema that answers empty data', async () => {
      const empty = await startEmptyServer('empty');
      try {
        const summary = await runCollection(empty.url);
        expect(summary.run.executions).toHaveLength(requests.length);
        // Every request that checks its data fails; the others (the live dashboard) may pass.
        expect(failedRequests(summary)).toEqual(requests.map((r) => r.name).filter((name) => name !== 'KpiAgentStatusDashboard'));
        // The by-id requests fail too: with nothing listed, no contactId was saved.
        expect(summary.run.failures.some((f) => f.source?.name === 'ContactsPage' && /saves contactId/.test(f.error.test ?? ''))).toBe(true);
      } finally {
        await empty.close();
      }
    });

    it('fails on every request when the server answers errors', async () => {
      const broken = await startEmptyServer('errors');
      try {
        const summary = await runCollection(broken.url);
        expect(failedRequests(summary)).toEqual(requests.map((r) => r.name));
      } finally {
        await broken.close();
      }
    });
  });
});
