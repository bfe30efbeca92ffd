import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
  type ColumnInfo,
  type GetQueryExecutionCommandOutput,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
  type Row,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaEngine, type AthenaEngineOptions } from '../../../src/history/athena.engine';
import { inlineTrinoLiterals, toTrinoLiteral } from '../../../src/history/athena/trino-literal';
import { contactPageQuery } from '../../../src/history/sql/contacts.sql';
import { ALL_INSTANCES } from '../../../src/history/sql/scope';
import type { SqlQuery } from '../../../src/history/query-engine';

const athena = mockClient(AthenaClient);
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A virtual clock: `sleep` records each delay and moves `now` forward by it, instantly. */
function virtualTime() {
  let nowMs = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  };
}

function engine(options: Partial<AthenaEngineOptions> = {}): AthenaEngine {
  const time = virtualTime();
  return new AthenaEngine({
    client: new AthenaClient({ region: 'us-east-1', credentials }),
    database: 'connect_analytics',
    workgroup: 'analytics',
    outputLocation: 's3://results-bucket/athena/',
    sleep: time.sleep,
    now: time.now,
    ...options,
  });
}

const query = (id = 'test_query', params: SqlQuery['params'] = []): SqlQuery => ({ id, sql: `SELECT * FROM connect_ctr /* ${id} */`, params });

function execution(state: QueryExecutionState, extra: Partial<NonNullable<GetQueryExecutionCommandOutput['QueryExecution']>> = {}): Partial<GetQueryExecutionCommandOutput> {
  return { QueryExecution: { QueryExecutionId: 'exec-1', StatementType: 'DML', Status: { State: state }, ...extra } };
}

const varchar = (name: string): ColumnInfo => ({ Name: name, Label: name, Type: 'varchar' });
const cells = (...values: (string | undefined)[]): Row => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });
const headerOf = (columns: ColumnInfo[]): Row => cells(...columns.map((c) => c.Label ?? c.Name));

function page(columns: ColumnInfo[], rows: Row[], nextToken?: string): Partial<GetQueryResultsCommandOutput> {
  return { ResultSet: { ResultSetMetadata: { ColumnInfo: columns }, Rows: rows }, NextToken: nextToken };
}

/** A query that succeeds at once with one varchar row. */
function succeedsWith(value = 'a'): void {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-1' });
  athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  athena.on(GetQueryResultsCommand).resolves(page([varchar('v')], [headerOf([varchar('v')]), cells(value)]));
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => athena.reset());

describe('AthenaEngine choreography', () => {
  it('starts, polls with capped back-off, and pages results with typed conversion, skipping only the first header row', async () => {
    const columns: ColumnInfo[] = [
      varchar('contact_id'),
      { Name: 'holds', Type: 'integer' },
      { Name: 'scanned', Type: 'bigint' },
      { Name: 'ratio', Type: 'double' },
      { Name: 'abandoned', Type: 'boolean' },
      { Name: 'initiated', Type: 'timestamp' },
      { Name: 'initiated_tz', Type: 'timestamp with time zone' },
      { Name: 'day', Type: 'date' },
      { Name: 'amount', Type: 'decimal', Precision: 10, Scale: 2 },
      { Name: 'huge', Type: 'decimal', Precision: 38, Scale: 0 },
      { Name: 'doc', Type: 'json' },
      { Name: 'tags', Type: 'array' },
      { Name: 'note', Type: 'varchar' },
    ];
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'));
    const row = (id: string, note?: string) =>
      cells(id, '3', '9007199254740993', '0.25', 'true', '2026-11-20 05:00:00.123', '2026-11-20 05:00:00.123 UTC', '2026-11-20', '12.34', '12345678901234567890', '{"a":1}', '[x, y]', note);
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(page(columns, [headerOf(columns), row('c-1', ''), row('c-2')], 'token-2'))
      // A later page's first row is data even when it looks like the header.
      .resolvesOnce(page(columns, [headerOf(columns), row('c-3', 'x')], 'token-3'))
      .resolvesOnce(page(columns, [row('c-4', 'y')]));
    const time = virtualTime();
    const result = await engine({ sleep: time.sleep, now: time.now, pollInitialMs: 100, pollMaxMs: 300 }).query(query());

    expect(time.sleeps).toEqual([100, 200, 300]);
    const pages = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(pages).toEqual([
      { QueryExecutionId: 'exec-1', MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: 'exec-1', MaxResults: 1000, NextToken: 'token-2' },
      { QueryExecutionId: 'exec-1', MaxResults: 1000, NextToken: 'token-3' },
    ]);
    expect(result.rows.map((r) => r.contact_id)).toEqual(['c-1', 'c-2', 'contact_id', 'c-3', 'c-4']);
    expect(result.rows[0]).toEqual({
      contact_id: 'c-1',
      holds: 3,
      scanned: '9007199254740993',
      ratio: 0.25,
      abandoned: true,
      initiated: '2026-11-20T05:00:00.123Z',
      initiated_tz: '2026-11-20T05:00:00.123Z',
      day: '2026-11-20',
      amount: 12.34,
      huge: '12345678901234567890',
      doc: '{"a":1}',
      tags: '[x, y]',
      note: '',
    });
    expect(result.rows[1].note).toBeNull();
    expect(result.stats.rowsReturned).toBe(5);
  });

  it('does not drop the first row of statements Athena returns without a header (DDL, UTILITY)', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED', { StatementType: 'UTILITY' }));
    athena.on(GetQueryResultsCommand).resolves(page([varchar('tab_name')], [cells('tab_name'), cells('connect_ctr')]));
    const { rows } = await engine().query(query());
    expect(rows).toEqual([{ tab_name: 'tab_name' }, { tab_name: 'connect_ctr' }]);
  });

  it('sends workgroup, database, output location, result reuse and a request token', async () => {
    succeedsWith();
    await engine({ resultReuseMinutes: 15 }).query(query());
    const input = athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input;
    expect(input).toMatchObject({
      QueryString: 'SELECT * FROM connect_ctr /* test_query */',
      WorkGroup: 'analytics',
      QueryExecutionContext: { Database: 'connect_analytics' },
      ResultConfiguration: { OutputLocation: 's3://results-bucket/athena/' },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 15 } },
    });
    expect(input.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(input.ExecutionParameters).toBeUndefined(); // Athena rejects an empty list
  });

  it('defaults result reuse to 60 minutes, disables it with 0, and uses a fresh token per query', async () => {
    succeedsWith();
    await engine().query(query());
    await engine({ resultReuseMinutes: 0 }).query(query());
    const [first, second] = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(first.ResultReuseConfiguration).toEqual({ ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } });
    expect(second.ResultReuseConfiguration).toBeUndefined();
    expect(first.ClientRequestToken).not.toBe(second.ClientRequestToken);
  });

  it('sends bound parameters as Trino literal strings, so an injection payload stays a string', async () => {
    succeedsWith();
    await engine().query(query('params', ["x'; DROP TABLE t; --", 42, -1.5, true, false, null]));
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input.ExecutionParameters).toEqual([
      "'x''; DROP TABLE t; --'",
      '42',
      '-1.5',
      'true',
      'false',
      'NULL',
    ]);
  });

  it('sends one literal per placeholder of a builder statement', async () => {
    succeedsWith();
    const q = contactPageQuery({
      dialect: 'trino',
      scope: ALL_INSTANCES,
      partitions: [{ year: 2026, month: 11, day: 20 }],
      filter: { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z'), queue: "O'Brien desk" },
      limit: 51,
    });
    await engine().query(q);
    const sent = athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input;
    expect(sent.QueryString).toBe(q.sql);
    expect(sent.ExecutionParameters).toEqual(['2026', '11', '20', "'2026-11-20T00:00:00.000Z'", "'2026-11-21T00:00:00.000Z'", "'O''Brien desk'", "'O''Brien desk'", '51']);
    expect(sent.ExecutionParameters).toHaveLength(q.sql.split('?').length - 1);
  });

  it('reports bytes scanned, engine time and result reuse in stats', async () => {
    succeedsWith();
    athena.on(GetQueryExecutionCommand).resolves(
      execution('SUCCEEDED', {
        Statistics: { DataScannedInBytes: 123_456, EngineExecutionTimeInMillis: 321, ResultReuseInformation: { ReusedPreviousResult: true } },
      }),
    );
    const { stats } = await engine().query(query());
    expect(stats).toEqual({ engine: 'athena', engineTimeMs: 321, rowsReturned: 1, bytesScanned: 123_456, resultReused: true });
  });

  it('turns FAILED into UPSTREAM_FAILED carrying the AthenaError message or the StateChangeReason', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(
        execution('FAILED', {
          Status: {
            State: 'FAILED',
            StateChangeReason: 'generic',
            AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved" },
          },
        }),
      )
      .resolves(execution('FAILED', { Status: { State: 'FAILED', StateChangeReason: 'HIVE_BAD_DATA: Error parsing field value' } }));
    const e = engine();
    await expect(e.query(query('broken'))).rejects.toMatchObject({
      code: 'UPSTREAM_FAILED',
      data: { source: 'athena' },
      reason: expect.stringContaining("query broken (execution exec-1): COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved"),
    });
    await expect(e.query(query('bad_data'))).rejects.toMatchObject({
      code: 'UPSTREAM_FAILED',
      reason: expect.stringContaining('HIVE_BAD_DATA: Error parsing field value'),
    });
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('translates InvalidRequestException from Start into UPSTREAM_FAILED and rethrows unexpected errors unchanged', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(new InvalidRequestException({ message: 'line 1:1: mismatched input', $metadata: {}, AthenaErrorCode: 'MALFORMED_QUERY' }))
      .rejectsOnce(new Error('socket hang up'));
    const e = engine();
    await expect(e.query(query('bad_sql'))).rejects.toMatchObject({
      code: 'UPSTREAM_FAILED',
      message: 'The history engine failed to answer; try again later.',
      reason: 'query bad_sql: line 1:1: mismatched input (MALFORMED_QUERY)',
    });
    await expect(e.query(query())).rejects.toThrow(/^socket hang up$/);
  });

  it('retries a throttled Start with jittered back-off and the same ClientRequestToken', async () => {
    const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {}, Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' });
    succeedsWith();
    athena.on(StartQueryExecutionCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ QueryExecutionId: 'exec-1' });
    const time = virtualTime();
    const jitter = [0.9, 0.1];
    const result = await engine({ sleep: time.sleep, now: time.now, throttleBaseMs: 100, random: () => jitter.shift() ?? 0 }).query(query());

    expect(result.rows).toEqual([{ v: 'a' }]);
    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(starts).toHaveLength(3);
    expect(new Set(starts.map((s) => s.ClientRequestToken)).size).toBe(1);
    // Full jitter: a random share of 100·2^attempt ms (0.9 × 100, then 0.1 × 200).
    expect(time.sleeps).toEqual([90, 20]);
  });

  it('keeps every throttling delay within its exponential ceiling with the real random source', async () => {
    const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    succeedsWith();
    athena.on(GetQueryExecutionCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(execution('SUCCEEDED'));
    const time = virtualTime();
    await engine({ sleep: time.sleep, now: time.now, throttleBaseMs: 1_000, throttleMaxMs: 3_000 }).query(query());
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
    expect(time.sleeps).toHaveLength(3);
    [1_000, 2_000, 3_000].forEach((ceiling, i) => {
      expect(time.sleeps[i]).toBeGreaterThanOrEqual(0);
      expect(time.sleeps[i]).toBeLessThan(ceiling);
    });
  });

  it('gives up with UPSTREAM_FAILED after maxThrottleRetries', async () => {
    athena.on(StartQueryExecutionCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(engine({ maxThrottleRetries: 2 }).query(query('busy'))).rejects.toMatchObject({
      code: 'UPSTREAM_FAILED',
      reason: expect.stringContaining('query busy: still throttled after 2 retries: Rate exceeded'),
    });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });

  it('stops a query that outlives timeoutMs and fails with QUERY_TIMEOUT', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-slow' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const time = virtualTime();
    const observed: { ok: boolean }[] = [];
    const e = engine({ sleep: time.sleep, now: time.now, timeoutMs: 5_000, observe: (event) => observed.push(event) });

    await expect(e.query(query('slow'))).rejects.toMatchObject({
      code: 'QUERY_TIMEOUT',
      data: { source: 'athena', timeoutMs: 5_000 },
      reason: expect.stringContaining('athena query slow timed out'),
    });
    expect(time.sleeps).toEqual([200, 400, 800, 1_600, 2_000]);
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: 'exec-slow' }]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    expect(observed).toEqual([expect.objectContaining({ ok: false, queryId: 'slow', engine: 'athena' })]);
  });

  it('stops the query and rejects with the reason when the caller aborts while it runs', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-abandoned' });
    let polls = 0;
    athena.on(GetQueryExecutionCommand).callsFake(async () => {
      if (++polls === 2) controller.abort(reason);
      return execution('RUNNING');
    });
    athena.on(StopQueryExecutionCommand).resolves({});

    await expect(engine().query(query(), { signal: controller.signal })).rejects.toBe(reason);
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: 'exec-abandoned' }]);
  });

  it('never starts a query whose signal is already aborted', async () => {
    await expect(engine().query(query(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(athena.calls()).toHaveLength(0);
  });

  it('stops the execution a Start in flight returns after the caller aborted', async () => {
    let finishStart: (out: { QueryExecutionId: string }) => void = () => undefined;
    athena.on(StartQueryExecutionCommand).callsFake(() => new Promise((resolve) => (finishStart = resolve)));
    athena.on(StopQueryExecutionCommand).resolves({});
    const controller = new AbortController();
    const pending = engine().query(query(), { signal: controller.signal });
    await settle();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(0);

    finishStart({ QueryExecutionId: 'exec-late' });
    await settle();
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: 'exec-late' }]);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(0);
  });

  it('runs at most maxConcurrency at once and starts the others in arrival order', async () => {
    let active = 0;
    let maxActive = 0;
    const started: string[] = [];
    athena.on(StartQueryExecutionCommand).callsFake(async (input: { QueryString: string }) => {
      active++;
      maxActive = Math.max(maxActive, active);
      started.push(input.QueryString);
      return { QueryExecutionId: input.QueryString };
    });
    const polled = new Set<string>();
    athena.on(GetQueryExecutionCommand).callsFake(async (input: { QueryExecutionId: string }) => {
      // Each query runs for one poll, so queries overlap.
      if (polled.has(input.QueryExecutionId)) return execution('SUCCEEDED');
      polled.add(input.QueryExecutionId);
      return execution('RUNNING');
    });
    athena.on(GetQueryResultsCommand).callsFake(async (input: { QueryExecutionId: string }) => {
      active--;
      return page([varchar('q')], [headerOf([varchar('q')]), cells(input.QueryExecutionId)]);
    });
    const e = engine({ maxConcurrency: 2, sleep: settle });

    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => e.query({ id: `q${i}`, sql: `SELECT ${i}`, params: [] })));

    expect(maxActive).toBe(2);
    expect(started).toEqual(['SELECT 0', 'SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 4']);
    expect(results.map((r) => r.rows[0].q)).toEqual(['SELECT 0', 'SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 4']);
  });

  it('lets a queued query leave the queue on abort without ever starting it', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const e = engine({ maxConcurrency: 1, sleep: settle });
    const first = new AbortController();
    const second = new AbortController();
    const running = e.query(query('first'), { signal: first.signal });
    const queued = e.query(query('second'), { signal: second.signal });
    await settle();
    second.abort(new Error('gone'));
    await expect(queued).rejects.toThrow('gone');
    first.abort(new Error('gone too'));
    await expect(running).rejects.toThrow('gone too');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it('close() stops running queries, which fail with UPSTREAM_FAILED', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'exec-open' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const e = engine({ sleep: settle });
    const pending = e.query(query('open'));
    const outcome = pending.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await settle();
    await e.close();
    expect(await outcome).toBe('UPSTREAM_FAILED');
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
    await expect(e.query(query())).rejects.toMatchObject({ code: 'UPSTREAM_FAILED' });
  });

  it('tells the observer about each query', async () => {
    succeedsWith();
    const observed: unknown[] = [];
    await engine({ observe: (event) => observed.push(event) }).query(query('seen'));
    expect(observed).toEqual([{ engine: 'athena', queryId: 'seen', durationMs: expect.any(Number), rows: 1, ok: true }]);
  });

  it('rejects invalid options', () => {
    expect(() => engine({ maxConcurrency: 0 })).toThrow(RangeError);
    expect(() => engine({ resultReuseMinutes: 20_000 })).toThrow(/resultReuseMinutes/);
    expect(() => engine({ workgroup: '' })).toThrow(/workgroup/);
  });
});

describe('Trino literals for ExecutionParameters', () => {
  it('quotes strings with doubled quotes and renders the other scalars as Trino spells them', () => {
    expect(toTrinoLiteral("x'; DROP TABLE t; --")).toBe("'x''; DROP TABLE t; --'");
    expect(toTrinoLiteral("''")).toBe("''''''");
    expect(toTrinoLiteral('back\\slash')).toBe("'back\\slash'");
    expect(toTrinoLiteral(0)).toBe('0');
    expect(toTrinoLiteral(2026)).toBe('2026');
    expect(toTrinoLiteral(false)).toBe('false');
    expect(toTrinoLiteral(null)).toBe('NULL');
    expect(() => toTrinoLiteral(Number.NaN)).toThrow(RangeError);
    expect(() => toTrinoLiteral(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('fills placeholders in order, leaving ? inside literals, quoted identifiers and comments alone', () => {
    const sql = `SELECT '?' AS "q?", ? AS a -- why?\n/* what? */ , ? AS b`;
    expect(inlineTrinoLiterals(sql, ["'x'", '1'])).toBe(`SELECT '?' AS "q?", 'x' AS a -- why?\n/* what? */ , 1 AS b`);
    expect(() => inlineTrinoLiterals(sql, ['1'])).toThrow(/more than 1 placeholders/);
    expect(() => inlineTrinoLiterals(sql, ['1', '2', '3'])).toThrow(/2 placeholders but 3/);
  });
});
