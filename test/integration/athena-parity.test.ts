import { planPartitions } from '../../src/domain/partition-planner';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AthenaClient, GetQueryResultsCommand, StartQueryExecutionCommand, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { AthenaEngine, type AthenaEngineOptions } from '../../src/history/athena.engine';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import type { QueryEngine, SqlQuery } from '../../src/history/query-engine';
import { contactPageQuery, contactsByIdQuery, type ContactListFilter, type ContactPageRequest } from '../../src/history/sql/contacts.sql';
import { ALL_INSTANCES } from '../../src/history/sql/scope';
import { generateDemoData } from '../../src/local/demo-data';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const DAY1 = { year: 2026, month: 11, day: 19 };
const DAY2 = { year: 2026, month: 11, day: 20 };
const TWO_DAYS = { from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

/** Engine-neutral form of a row: numeric strings as numbers, timestamps as ISO instants. */
function normalise(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) out[key] = Number(value);
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(value)) {
      const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`;
      out[key] = new Date(zoned.replace(/([+-]\d{2})$/, '$1:00')).toISOString();
    } else out[key] = value;
  }
  return out;
}

describe('Athena engine on a local Athena-protocol endpoint gives the DuckDB engine’s answers', () => {
  let root: string;
  let dataDir: string;
  let duckdb: DuckDbEngine;
  let local: AthenaLocalEndpoint;
  let athena: AthenaEngine;
  const savedEnv: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string): void => {
    if (!(name in savedEnv)) savedEnv[name] = process.env[name];
    process.env[name] = value;
  };

  /** An engine on the local endpoint, which the SDK finds through AWS_ENDPOINT_URL_ATHENA. */
  const athenaEngine = (options: Partial<AthenaEngineOptions> = {}): AthenaEngine =>
    new AthenaEngine({
      client: new AthenaClient({ region: 'us-east-1', credentials }),
      database: 'connect_analytics',
      workgroup: 'primary',
      outputLocation: 's3://local-results/athena/',
      pollInitialMs: 2,
      pollMaxMs: 10,
      resultReuseMinutes: 0,
      ...options,
    });

  async function both(build: (dialect: 'duckdb' | 'trino') => SqlQuery): Promise<{ duck: Record<string, unknown>[]; trino: Record<string, unknown>[] }> {
    const run = async (engine: QueryEngine) => (await engine.query<Record<string, unknown>>(build(engine.dialect))).rows.map(normalise);
    const [duck, trino] = await Promise.all([run(duckdb), run(athena)]);
    return { duck, trino };
  }

  const page = (dialect: 'duckdb' | 'trino', filter: ContactListFilter, extra: Partial<ContactPageRequest> = {}): SqlQuery =>
    contactPageQuery({ dialect, scope: ALL_INSTANCES, partitions: [DAY1, DAY2], filter, limit: 5_000, ...extra });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'athena-parity-'));
    dataDir = path.join(root, 'data');
    await generateDemoData({ outDir: dataDir, days: 2, agents: 20, seed: 'athena-parity', start: '2026-11-19', progress: false });
    duckdb = await DuckDbEngine.create({ dataDir, threads: 2 });
    local = await startAthenaLocalEndpoint({ dataDir, runningPolls: 2 });
    setEnv('AWS_ENDPOINT_URL_ATHENA', local.endpoint);
    athena = athenaEngine();
  });

  afterAll(async () => {
    await athena?.close();
    await duckdb?.close();
    await local?.close();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists two days of contacts identically, over more than one result page', async () => {
    const before = local.requests.length;
    const { duck, trino } = await both((d) => page(d, TWO_DAYS));
    expect(duck.length).toBeGreaterThan(1_000);
    expect(trino).toEqual(duck);
    const calls = local.requests.slice(before);
    expect(calls.filter((r) => r.operation === 'GetQueryResults').length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((r) => r.operation === 'GetQueryExecution').length).toBeGreaterThanOrEqual(3);
  });

  it('lists one day of contacts identically', async () => {
    const { duck, trino } = await both((d) =>
      contactPageQuery({ dialect: d, scope: ALL_INSTANCES, partitions: [DAY2], filter: { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') }, limit: 200 }),
    );
    expect(duck).toHaveLength(200);
    expect(duck.every((r) => String(r.initiation_timestamp).startsWith('2026-11-20'))).toBe(true);
    expect(trino).toEqual(duck);
  });

  it('applies every filter identically', async () => {
    const { duck: all } = await both((d) => page(d, TWO_DAYS));
    const sample = all.find((r) => r.queue_name && r.agent_username && r.channel && r.initiation_method);
    expect(sample).toBeDefined();
    const sampleMs = new Date(String(sample?.initiation_timestamp)).getTime();
    const filters: ContactListFilter[] = [
      { ...TWO_DAYS, queue: String(sample?.queue_name) },
      { ...TWO_DAYS, queue: String(sample?.queue_arn) },
      { ...TWO_DAYS, channel: String(sample?.channel) },
      { ...TWO_DAYS, agent: String(sample?.agent_username) },
      { ...TWO_DAYS, initiationMethod: String(sample?.initiation_method) },
      {
        from: new Date(sampleMs - 3_600_000),
        to: new Date(sampleMs + 1),
        queue: String(sample?.queue_name),
        channel: String(sample?.channel),
        agent: String(sample?.agent_username),
        initiationMethod: String(sample?.initiation_method),
      },
    ];
    for (const filter of filters) {
      const { duck, trino } = await both((d) => page(d, filter));
      expect(duck.length).toBeGreaterThan(0);
      expect(duck.length).toBeLessThan(all.length);
      expect(trino).toEqual(duck);
    }
    const injection = await both((d) => page(d, { ...TWO_DAYS, queue: "Nobody's queue'; DROP TABLE connect_ctr; --" }));
    expect(injection).toEqual({ duck: [], trino: [] });
    expect((await both((d) => page(d, TWO_DAYS))).trino).toHaveLength(all.length);
  });

  it('continues after a cursor identically', async () => {
    const { duck: all } = await both((d) => page(d, TWO_DAYS));
    const cursor = all[137];
    const after = { initiationTimestamp: String(cursor.initiation_timestamp), contactId: String(cursor.contact_id) };
    const { duck, trino } = await both((d) => page(d, TWO_DAYS, { after, limit: 51 }));
    expect(duck).toEqual(all.slice(138, 189));
    expect(trino).toEqual(duck);
  });

  it('looks contacts up by id identically, de-duplicated to the latest delivery', async () => {
    const { duck: all } = await both((d) => page(d, TWO_DAYS));
    const ids = [...all.slice(0, 3), ...all.slice(-3)].map((r) => String(r.contact_id));
    const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.contact_id).localeCompare(String(b.contact_id)));
    const { duck, trino } = await both((d) => contactsByIdQuery(d, ALL_INSTANCES, [...ids, 'no-such-contact'], planPartitions(TWO_DAYS)));
    expect(duck).toHaveLength(6);
    expect(byId(trino)).toEqual(byId(duck));
  });

  it('returns nothing for a day without data, on both engines', async () => {
    const { duck, trino } = await both((d) =>
      contactPageQuery({ dialect: d, scope: ALL_INSTANCES, partitions: [{ year: 2026, month: 11, day: 25 }], filter: { from: new Date('2026-11-25T00:00:00Z'), to: new Date('2026-11-26T00:00:00Z') }, limit: 10 }),
    );
    expect(duck).toEqual([]);
    expect(trino).toEqual([]);
  });

  it('sends parameters over the wire as Trino literals', async () => {
    const before = local.requests.length;
    await athena.query(page('trino', { ...TWO_DAYS, channel: "VOICE' OR '1'='1" }));
    const start = local.requests.slice(before).find((r) => r.operation === 'StartQueryExecution');
    expect(start?.body).toMatchObject({
      WorkGroup: 'primary',
      QueryExecutionContext: { Database: 'connect_analytics' },
      ResultConfiguration: { OutputLocation: 's3://local-results/athena/' },
      ExecutionParameters: expect.arrayContaining(["'VOICE'' OR ''1''=''1'", '5000']),
    });
  });

  it('reports result reuse when Athena answers from a stored result', async () => {
    const reusing = athenaEngine({ resultReuseMinutes: 60 });
    // A statement no other test runs: Athena reuses any earlier run in the workgroup.
    const q = page('trino', { from: new Date('2026-11-19T00:00:01Z'), to: TWO_DAYS.to, channel: 'CHAT' });
    const first = await reusing.query(q);
    const second = await reusing.query(q);
    expect(first.stats.resultReused).toBe(false);
    expect(second.stats.resultReused).toBe(true);
    expect(second.stats.bytesScanned).toBe(0);
    expect(second.rows).toEqual(first.rows);
    await reusing.close();
  });

  it('reports a failing statement as UPSTREAM_FAILED with the engine’s reason', async () => {
    await expect(athena.query({ id: 'broken', sql: 'SELECT nope FROM connect_ctr WHERE year = 2026 AND month = 11 AND day = 19', params: [] })).rejects.toMatchObject({
      code: 'UPSTREAM_FAILED',
      reason: expect.stringMatching(/query broken \(execution [0-9a-f-]+\): .*nope/),
    });
  });

  it('stops a running query over the wire when the caller aborts', async () => {
    const slow = await startAthenaLocalEndpoint({ dataDir, runningPolls: 1_000_000 });
    const controller = new AbortController();
    let polls = 0;
    const engine = new AthenaEngine({
      client: new AthenaClient({ region: 'us-east-1', credentials, endpoint: slow.endpoint }),
      database: 'connect_analytics',
      workgroup: 'primary',
      sleep: async () => {
        if (++polls === 3) controller.abort(new Error('client went away'));
      },
    });
    try {
      await expect(engine.query(page('trino', TWO_DAYS), { signal: controller.signal })).rejects.toThrow('client went away');
      const id = slow.requests.find((r) => r.operation === 'StartQueryExecution') && slow.requests.find((r) => r.operation === 'GetQueryExecution')?.body.QueryExecutionId;
      expect(slow.requests.filter((r) => r.operation === 'StopQueryExecution').map((r) => r.body)).toEqual([{ QueryExecutionId: id }]);
    } finally {
      await engine.close();
      await slow.close();
    }
  });

  it('finds the endpoint through AWS_ENDPOINT_URL_ATHENA with a client the engine creates itself', async () => {
    setEnv('AWS_ACCESS_KEY_ID', 'test');
    setEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const own = new AthenaEngine({ region: 'us-east-1', database: 'connect_analytics', workgroup: 'primary', pollInitialMs: 2 });
    const before = local.requests.length;
    await own.ping();
    const { rows } = await own.query({ id: 'literal', sql: 'SELECT ? AS s, ? AS n, ? AS b, ? AS z', params: ["it's", 7, true, null] });
    await own.close();
    expect(rows).toEqual([{ s: "it's", n: 7, b: true, z: null }]);
    expect(local.requests.slice(before).map((r) => r.operation)).toContain('StartQueryExecution');
  });

  it('speaks Athena’s result shape: header row first, MaxResults pages linked by NextToken', async () => {
    const client = new AthenaClient({ region: 'us-east-1', credentials });
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({ QueryString: 'SELECT contactid, year FROM connect_ctr WHERE year = ? AND month = ? AND day = ? ORDER BY contactid LIMIT 3', ExecutionParameters: ['2026', '11', '19'] }),
    );
    let state: string | undefined;
    while (state !== 'SUCCEEDED') {
      const out = await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      state = out.QueryExecution?.Status?.State;
      expect(['QUEUED', 'RUNNING', 'SUCCEEDED']).toContain(state);
    }
    const first = await client.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 2 }));
    expect(first.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => [c.Name, c.Type])).toEqual([
      ['contactid', 'varchar'],
      ['year', 'integer'],
    ]);
    expect(first.ResultSet?.Rows?.[0]).toEqual({ Data: [{ VarCharValue: 'contactid' }, { VarCharValue: 'year' }] });
    expect(first.ResultSet?.Rows).toHaveLength(2);
    const second = await client.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ResultSet?.Rows).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    client.destroy();
  });
});
