import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { execute, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import pino from 'pino';
import { ANONYMOUS_PRINCIPAL } from '../../src/domain/principal';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { partitionListingOf } from '../../src/history/files/partition-days';
import type { QueryEngine, SqlQuery } from '../../src/history/query-engine';
import { generateDemoData } from '../../src/local/demo-data';
import { buildAppSchema } from '../../src/server/graphql/schema';
import { createRequestContext, type ContextDeps } from '../../src/server/graphql/request-context.factory';
import { startTestServer, type TestServer } from '../helpers/test-server';

const DAY_MS = 86_400_000;
const DATA_DAYS = 30;
const LIMITS = { maxPageSize: 500, maxRangeDays: 400, contactLookupMaxDays: 7, directoryLookbackDays: 10 };

/** The UTC days a statement's partition predicate binds (`(year = ? AND month = ? AND day = ?)` triples come first in its parameters). */
function daysOf(query: SqlQuery): string[] {
  const count = (query.sql.match(/\(year = \? AND month = \? AND day = \?\)/g) ?? []).length;
  const days = new Set<string>();
  for (let i = 0; i < count * 3; i += 3) days.add(`${String(query.params[i])}-${String(query.params[i + 1])}-${String(query.params[i + 2])}`);
  return [...days];
}

const utcDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()}`;
};

/**
 * On DuckDB too, lookups by id and the directory read only bounded partitions of a month of data:
 * the statements the engine receives (recorded under the request context) bind exactly the days.
 */
describe('bounded lookups on DuckDB (30 days of data)', () => {
  const logger = pino({ level: 'silent' });
  const nowMs = Date.now();
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  let dataRoot: string;
  let server: TestServer;
  let engine: DuckDbEngine;
  let schema: GraphQLSchema;
  let deps: ContextDeps;
  const ran: SqlQuery[] = [];

  beforeAll(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-bounded-duckdb-'));
    const dataDir = path.join(dataRoot, 'data');
    await generateDemoData({ outDir: dataDir, days: DATA_DAYS, agents: 4, seed: 'bounded-duckdb', endAt: new Date(nowMs), progress: false });
    server = await startTestServer({ DATA_DIR: dataDir });
    schema = await buildAppSchema(server.stack.pubSub.pubSub);
    engine = await DuckDbEngine.create({ dataDir, threads: 1, rescanSeconds: 0 });
    const recording: QueryEngine = {
      name: engine.name,
      dialect: engine.dialect,
      query: (query, options) => {
        ran.push(query);
        return engine.query(query, options);
      },
      ping: () => engine.ping(),
      close: () => engine.close(),
    };
    deps = { engine: recording, logger, limits: LIMITS, agentStates: server.stack.agentStates, partitionListing: partitionListingOf((source) => engine.files.files(source)) };
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
    await server?.stop();
    if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  async function run<T>(query: string, variables: Record<string, unknown> = {}): Promise<ExecutionResult<T>> {
    const contextValue = createRequestContext(deps, randomUUID(), logger, ANONYMOUS_PRINCIPAL);
    return (await execute({ schema, document: parse(query), contextValue, variableValues: variables })) as ExecutionResult<T>;
  }

  const LIST = `query ($from: DateTimeISO!, $to: DateTimeISO!) { contacts(filter: { from: $from, to: $to }, first: 3) {
    edges { node { contactId initiationTimestamp previousContact { contactId } nextContact { contactId } evaluations { evaluationId } } } } }`;
  type Listed = { contacts: { edges: { node: { contactId: string; initiationTimestamp: string } }[] } };
  const contactsOf = async (daysAgo: number) => {
    const start = today - daysAgo * DAY_MS;
    const result = await run<Listed>(LIST, { from: new Date(start + 12 * 3_600_000).toISOString(), to: new Date(start + DAY_MS).toISOString() });
    expect(result.errors).toBeUndefined();
    return result.data!.contacts.edges.map((e) => e.node);
  };
  const LOOKUP = 'query ($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) { contactId } }';

  it('reads a contact by id from the last CONTACT_LOOKUP_MAX_DAYS days only, and from the hinted days with a hint', async () => {
    const [recent] = await contactsOf(1);
    const [old] = await contactsOf(20);
    let from = ran.length;
    expect((await run(LOOKUP, { id: recent!.contactId })).data).toEqual({ contact: { contactId: recent!.contactId } });
    const lookups = ran.slice(from).filter((q) => q.id === 'contacts_by_id');
    expect(lookups).toHaveLength(1);
    expect(daysOf(lookups[0]!)).toEqual(Array.from({ length: LIMITS.contactLookupMaxDays }, (_, i) => utcDay(today - (LIMITS.contactLookupMaxDays - 1 - i) * DAY_MS)));

    from = ran.length;
    const missing = await run(LOOKUP, { id: old!.contactId });
    expect(missing.errors?.map((e) => (e.originalError as { code?: string }).code)).toEqual(['NOT_FOUND']);
    expect(ran.slice(from).every((q) => daysOf(q).length <= LIMITS.contactLookupMaxDays)).toBe(true);

    from = ran.length;
    const at = Date.parse(old!.initiationTimestamp);
    expect((await run(LOOKUP, { id: old!.contactId, after: new Date(at - 60_000).toISOString(), before: new Date(at + 60_000).toISOString() })).data).toEqual({ contact: { contactId: old!.contactId } });
    expect(ran.slice(from).map((q) => [q.id, daysOf(q)])).toEqual([['contacts_by_id', [utcDay(at)]]]);
  });

  it('reads the chain neighbours and details of contacts from the days around them, never the whole history', async () => {
    const from = ran.length;
    await contactsOf(15);
    const statements = ran.slice(from);
    expect(statements.length).toBeGreaterThan(1);
    for (const q of statements) {
      expect([q.id, daysOf(q).length > 0]).toEqual([q.id, true]);
      // Evaluations of a contact are looked for up to 30 days after it; everything else within a few days.
      expect([q.id, daysOf(q).length <= (q.id === 'evaluations_by_contact' ? 32 : 4)]).toEqual([q.id, true]);
    }
  });

  it('reads the directory from DIRECTORY_LOOKBACK_DAYS days ending at the newest day of the data folder, with no probe', async () => {
    const from = ran.length;
    const result = await run<{ agents: { edges: unknown[] } }>('{ agents(first: 10) { edges { node { username } } } queues { name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.agents.edges.length).toBeGreaterThan(0);
    const statements = ran.slice(from);
    expect(statements.map((q) => q.id).sort()).toEqual(['agent_directory', 'queue_directory']);
    for (const q of statements) expect(daysOf(q)).toEqual(Array.from({ length: LIMITS.directoryLookbackDays }, (_, i) => utcDay(today - (LIMITS.directoryLookbackDays - 1 - i) * DAY_MS)));
  });
});
