import os from 'node:os';
import path from 'node:path';
import { CachingQueryEngine } from '../../src/cache/cached-engine';
import { ResultCache } from '../../src/cache/result-cache';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import type { SqlQuery } from '../../src/history/query-engine';

/** One manual clock for both the cache's TTLs (ms) and the freshness decision (Date). */
function manualClock(startIso: string): { nowMs: () => number; now: () => Date; advanceMs: (ms: number) => void } {
  let t = Date.parse(startIso);
  return { nowMs: () => t, now: () => new Date(t), advanceMs: (ms) => (t += ms) };
}

const NOW = '2026-11-20T13:45:00Z';
const openDay = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const closedDays = { from: new Date('2026-11-13T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };
const numbers = (n: number, freshness?: SqlQuery['freshness']): SqlQuery => ({
  id: 'numbers',
  sql: 'SELECT range AS n FROM range(?::INTEGER) ORDER BY n',
  params: [n],
  freshness,
});

describe('CachingQueryEngine over DuckDB', () => {
  let duckdb: DuckDbEngine;
  let engineRuns: string[];

  beforeAll(async () => {
    engineRuns = [];
    duckdb = await DuckDbEngine.create({
      dataDir: path.join(os.tmpdir(), `no-such-data-dir-${process.pid}`),
      threads: 2,
      observe: (e) => engineRuns.push(`${e.queryId}:${e.ok ? 'ok' : 'error'}`),
    });
  });
  afterAll(() => duckdb.close());
  beforeEach(() => {
    engineRuns.length = 0;
  });

  function cachedEngine(clock = manualClock(NOW)): { engine: CachingQueryEngine; clock: ReturnType<typeof manualClock> } {
    const cache = new ResultCache({ nowMs: clock.nowMs });
    return { engine: new CachingQueryEngine(duckdb, cache, { now: clock.now }), clock };
  }

  it('takes name and dialect from the wrapped engine', () => {
    const { engine } = cachedEngine();
    expect(engine.name).toBe('duckdb');
    expect(engine.dialect).toBe('duckdb');
  });

  it('runs the query on a miss and answers the same query from memory, saying so in stats', async () => {
    const { engine } = cachedEngine();
    const miss = await engine.query<{ n: number }>(numbers(3, closedDays));
    const hit = await engine.query<{ n: number }>(numbers(3, closedDays));

    expect(miss.rows.map((r) => Number(r.n))).toEqual([0, 1, 2]);
    expect(hit.rows).toEqual(miss.rows);
    expect(miss.stats).toMatchObject({ engine: 'duckdb', rowsReturned: 3, cache: 'miss' });
    expect(hit.stats).toEqual({ engine: 'duckdb', engineTimeMs: 0, rowsReturned: 3, cache: 'memory' });
    expect(engineRuns).toEqual(['numbers:ok']);
  });

  it('keys on the caller\'s scope: the same statement for another scope is never served from the first scope\'s entry', async () => {
    const { engine } = cachedEngine();
    const scopeA = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/a'] } as const;
    const scopeB = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/b'] } as const;
    const a = await engine.query(numbers(2, closedDays), { scope: scopeA });
    const aAgain = await engine.query(numbers(2, closedDays), { scope: scopeA });
    const b = await engine.query(numbers(2, closedDays), { scope: scopeB });
    const all = await engine.query(numbers(2, closedDays), { scope: { kind: 'all' } });
    expect([a.stats.cache, aAgain.stats.cache, b.stats.cache, all.stats.cache]).toEqual(['miss', 'memory', 'miss', 'miss']);
    expect(engineRuns).toEqual(['numbers:ok', 'numbers:ok', 'numbers:ok']);
  });

  it('keys on the parameters', async () => {
    const { engine } = cachedEngine();
    await engine.query(numbers(2, closedDays));
    const other = await engine.query(numbers(4, closedDays));
    expect(other.stats.cache).toBe('miss');
    expect(other.rows).toHaveLength(4);
    expect(engineRuns).toHaveLength(2);
  });

  it('keeps a closed-days result for a day and a result touching today for a minute', async () => {
    const { engine, clock } = cachedEngine();
    await engine.query(numbers(5, closedDays));
    await engine.query(numbers(6, openDay));
    await engine.query(numbers(7)); // no range: short TTL

    clock.advanceMs(61_000);
    expect((await engine.query(numbers(5, closedDays))).stats.cache).toBe('memory');
    expect((await engine.query(numbers(6, openDay))).stats.cache).toBe('miss');
    expect((await engine.query(numbers(7))).stats.cache).toBe('miss');

    clock.advanceMs(86_400_000);
    expect((await engine.query(numbers(5, closedDays))).stats.cache).toBe('miss');
  });

  it('runs concurrent identical queries once', async () => {
    const { engine } = cachedEngine();
    const results = await Promise.all(Array.from({ length: 10 }, () => engine.query<{ n: number }>(numbers(8, openDay))));
    expect(engineRuns).toEqual(['numbers:ok']);
    expect(results.map((r) => r.stats.cache).sort()).toEqual([...Array(9).fill('inflight'), 'miss']);
    for (const r of results) expect(r.rows).toHaveLength(8);
  });

  it('does not cache engine errors', async () => {
    const { engine } = cachedEngine();
    const bad: SqlQuery = { id: 'bad', sql: 'SELECT * FROM no_such_table WHERE x = ?', params: [1] };
    // A table that does not exist is the SQL's fault: DuckDB's Catalog Error stays an internal error.
    await expect(engine.query(bad)).rejects.toThrow(/Catalog Error: .*no_such_table/);
    await expect(engine.query(bad)).rejects.toThrow(/Catalog Error: .*no_such_table/);
    expect(engineRuns).toEqual(['bad:error', 'bad:error']);
  });

  it('rejects with the reason of an aborted signal without running the query', async () => {
    const { engine } = cachedEngine();
    await expect(engine.query(numbers(9, openDay), { signal: AbortSignal.abort(new Error('client went away')) })).rejects.toThrow('client went away');
    expect(engineRuns).toEqual([]);
  });

  it('pings the wrapped engine without caching', async () => {
    const { engine } = cachedEngine();
    await engine.ping();
    await engine.ping();
    expect(engineRuns).toEqual(['ping:ok', 'ping:ok']);
  });
});
