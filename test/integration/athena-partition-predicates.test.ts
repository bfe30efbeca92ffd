import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoData } from '../../src/local/demo-data';
import { unboundedPartitionReads } from '../helpers/athena-partition-check';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint, type AthenaStatementLogEntry } from '../helpers/athena-local-endpoint';
import { at, DEMO_TIME_ZONE, exampleOperations, readmeExamples, relativeDates, resolve } from '../helpers/example-operations';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

const DAY_MS = 86_400_000;
/** Days of history: a month, so an unbounded lookup would read far more partitions than a bounded one. */
const DATA_DAYS = 30;
const CONTACT_LOOKUP_MAX_DAYS = 7;

/** The UTC days a statement's partition predicates select, as `YYYY-M-D` (from the literals Athena ran). */
function daysRead(sql: string): Set<string> {
  return new Set([...sql.matchAll(/\(year = (\d+) AND month = (\d+) AND day = (\d+)\)/g)].map((m) => `${m[1]}-${m[2]}-${m[3]}`));
}

const utcDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()}`;
};

/**
 * ENGINE=athena at the local Athena endpoint, which fails every statement reading a partitioned table
 * without a partition predicate and logs every statement: the example operations, the README's
 * examples and lookups by id all send only bounded statements, and a lookup of a contact by id reads
 * at most CONTACT_LOOKUP_MAX_DAYS partitions of a month of data.
 */
describe('every Athena statement carries a partition predicate', () => {
  const saved = { ...process.env };
  let dataRoot: string;
  let local: AthenaLocalEndpoint;
  let server: TestServer;
  const nowMs = Date.now();

  beforeAll(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-partition-predicates-'));
    const dataDir = path.join(dataRoot, 'data');
    // Ending now, as `npm start` writes it: lookups without a hint read the days before today.
    await generateDemoData({ outDir: dataDir, days: DATA_DAYS, agents: 8, seed: 'partition-predicates', endAt: new Date(nowMs), progress: false });
    local = await startAthenaLocalEndpoint({ dataDir });
    process.env.AWS_ENDPOINT_URL_ATHENA = local.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    server = await startTestServer({
      DATA_DIR: dataDir,
      ENGINE: 'athena',
      DYNAMODB_EMBEDDED: '1',
      ATHENA_OUTPUT_LOCATION: 's3://results/prefix/',
      // Every statement reaches the endpoint (no Athena result reuse).
      ATHENA_RESULT_REUSE_MINUTES: '0',
      CONTACT_LOOKUP_MAX_DAYS: String(CONTACT_LOOKUP_MAX_DAYS),
      DIRECTORY_LOOKBACK_DAYS: '35',
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await local?.close();
    process.env = saved;
    if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  /** Statements logged since `from` (an index into the endpoint's log). */
  const since = (from: number): AthenaStatementLogEntry[] => local.statements.slice(from);

  it('fails a statement without a predicate at the endpoint, with a reason that names the table', async () => {
    const from = local.statements.length;
    // A contacts page in a day range is bounded; a hand-made unbounded one must fail: the check can fail.
    const [unbounded] = unboundedPartitionReads('SELECT contactid FROM connect_ctr WHERE TRUE AND TRUE');
    expect(unbounded?.table).toBe('connect_ctr');
    expect(unboundedPartitionReads('SELECT 1 FROM connect_ae WHERE year = 2026 AND agentarn IS NOT NULL')).toHaveLength(1);
    expect(unboundedPartitionReads('SELECT 1 FROM connect_ae WHERE ((year = 2026 AND month = 11 AND day = 1) OR contactid = 1)')).toHaveLength(1);
    expect(unboundedPartitionReads('WITH x AS (SELECT * FROM connect_ae WHERE (year = 2026 AND month = 11 AND day = 1)) SELECT * FROM x JOIN connect_ctr c ON c.a = x.a')).toHaveLength(1);
    expect(unboundedPartitionReads('SELECT 1 FROM connect_cl WHERE FALSE AND contactid IN (SELECT contactid FROM connect_ctr WHERE ((year = 2026 AND month = 11 AND day = 1) OR (year = 2026 AND month = 11 AND day = 2)))')).toEqual([]);
    const { status, body } = await postQuery(server.url, '{ contacts(filter: { from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z" }, first: 1) { edges { cursor } } }');
    expect([status, body.errors]).toEqual([200, undefined]);
    expect(since(from).every((s) => s.unbounded.length === 0)).toBe(true);
  });

  it('runs every example operation and README example on Athena with only bounded statements', async () => {
    const from = local.statements.length;
    const values: Record<string, string> = { ...relativeDates(nowMs, DEMO_TIME_ZONE), timeZone: DEMO_TIME_ZONE };
    const operations = exampleOperations();
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const op of operations) {
      const { status, body } = await postQuery(server.url, op.document, resolve(op.variables, values) as Record<string, unknown>, op.name);
      expect([op.name, status, body.errors]).toEqual([op.name, 200, undefined]);
      for (const p of op.expectNonEmpty) {
        const value = at(body.data, p);
        expect([op.name, p, value === null || value === undefined || (Array.isArray(value) && value.length === 0) ? 'empty' : 'filled']).toEqual([op.name, p, 'filled']);
      }
      for (const s of op.saves) values[s.name] = at(body.data, s.path) as string;
    }
    const dayAgo = Math.floor(nowMs / 60_000) * 60_000;
    const readmeValues: Record<string, unknown> = { from: new Date(dayAgo - DAY_MS).toISOString(), to: new Date(dayAgo).toISOString(), contactId: values.contactId };
    for (const example of readmeExamples()) {
      const variables = Object.fromEntries(example.variables.map((v) => [v, readmeValues[v]]));
      const { status, body } = await postQuery(server.url, example.query, variables);
      expect([example.name, status, body.errors]).toEqual([example.name, 200, undefined]);
    }
    const statements = since(from);
    expect(statements.length).toBeGreaterThan(20);
    expect(statements.filter((s) => s.parseError !== undefined || s.unbounded.length > 0)).toEqual([]);
    // Every statement that reads history names its days (the readiness ping reads no table).
    for (const s of statements.filter((x) => /\bconnect_(ctr|ae|cfl|cl|ef)\b/.test(x.sql))) expect([s.sql.slice(0, 80), daysRead(s.sql).size > 0 || /WHERE FALSE/.test(s.sql)]).toEqual([s.sql.slice(0, 80), true]);
    // The directory found its newest day with bounded probes, never a full scan.
    expect(statements.some((s) => /AS newest_day/.test(s.sql))).toBe(true);
  });

  it(`looks a contact up by id in at most CONTACT_LOOKUP_MAX_DAYS (${CONTACT_LOOKUP_MAX_DAYS}) partitions of ${DATA_DAYS} days, and says how to widen`, async () => {
    type Page = { contacts: { edges: { node: { contactId: string; initiationTimestamp: string } }[] } };
    const LIST = 'query ($from: DateTimeISO!, $to: DateTimeISO!) { contacts(filter: { from: $from, to: $to }, first: 1) { edges { node { contactId initiationTimestamp } } } }';
    const contactOf = async (daysAgo: number) => {
      const start = Math.floor(nowMs / DAY_MS) * DAY_MS - daysAgo * DAY_MS;
      const { body } = await postQuery<Page>(server.url, LIST, { from: new Date(start + 12 * 3_600_000).toISOString(), to: new Date(start + DAY_MS).toISOString() });
      return body.data!.contacts.edges[0]!.node;
    };
    const recent = await contactOf(2);
    const old = await contactOf(20);
    const LOOKUP = 'query ($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) { contactId } }';
    // contacts_by_id: the partition predicate, then the ids (a chain read has `(contactid IN (…) OR initialcontactid IN (…))`).
    const lookupStatements = (from: number) => since(from).filter((s) => /FROM connect_ctr\s+WHERE \(.*\) AND contactid IN \(/s.test(s.sql));

    let from = local.statements.length;
    const found = await postQuery(server.url, LOOKUP, { id: recent.contactId });
    expect(found.body).toMatchObject({ data: { contact: { contactId: recent.contactId } } });
    const [lookup] = lookupStatements(from);
    const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
    expect(daysRead(lookup!.sql)).toEqual(new Set(Array.from({ length: CONTACT_LOOKUP_MAX_DAYS }, (_, i) => utcDay(today - i * DAY_MS))));

    from = local.statements.length;
    const missing = await postQuery(server.url, LOOKUP, { id: old.contactId });
    expect(missing.body.data).toEqual({ contact: null });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(missing.body.errors?.[0]?.message).toMatch(/last 7 UTC days \(CONTACT_LOOKUP_MAX_DAYS\).*initiatedAfter.*initiatedBefore.*raise CONTACT_LOOKUP_MAX_DAYS/);
    for (const s of lookupStatements(from)) expect(daysRead(s.sql).size).toBeLessThanOrEqual(CONTACT_LOOKUP_MAX_DAYS);

    // The hint the message suggests finds it, reading only the hinted days.
    from = local.statements.length;
    const initiated = Date.parse(old.initiationTimestamp);
    const hinted = await postQuery(server.url, LOOKUP, { id: old.contactId, after: new Date(initiated - 3_600_000).toISOString(), before: new Date(initiated + 3_600_000).toISOString() });
    expect(hinted.body).toMatchObject({ data: { contact: { contactId: old.contactId } } });
    expect(daysRead(lookupStatements(from)[0]!.sql).size).toBeLessThanOrEqual(2);

    const tooLong = await postQuery(server.url, LOOKUP, { id: old.contactId, after: '2024-01-01T00:00:00Z', before: '2025-06-01T00:00:00Z' });
    expect(tooLong.body.errors?.[0]?.extensions).toMatchObject({ code: 'RANGE_TOO_LARGE', maxDays: 400, limit: 'MAX_RANGE_DAYS' });
  });
});
