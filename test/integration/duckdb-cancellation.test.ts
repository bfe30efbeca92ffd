import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTimeoutError, RequestCancelledError } from '../../src/domain/errors';
import { CachingQueryEngine } from '../../src/cache/cached-engine';
import { ResultCache } from '../../src/cache/result-cache';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import type { QueryEvent, SqlQuery } from '../../src/history/query-engine';

/** A statement that would run for hours: a filtered cross join of 10^9 × 10^5 generated rows. */
const ENDLESS: SqlQuery = { id: 'endless_cross_join', sql: 'SELECT count(*) AS n FROM range(1000000000) a, range(100000) b WHERE (a.range * b.range) % 7 = 3', params: [] };
const SMALL: SqlQuery = { id: 'small', sql: 'SELECT 42 AS answer', params: [] };

/** Aborts `controller` with `reason` on a later macrotask: by then the engine has handed the statement to DuckDB. */
function abortSoon(controller: AbortController, reason: unknown): void {
  setTimeout(() => controller.abort(reason), 100);
}

/** Resolves once `condition` holds (checked every 10 ms; the test's timeout bounds the wait). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('DuckDB engine cancellation (a real long statement)', () => {
  let engine: DuckDbEngine;
  const events: QueryEvent[] = [];

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-cancel-'));
    // One pooled connection: what runs after a cancellation runs on the very connection that was interrupted.
    engine = await DuckDbEngine.create({ dataDir, threads: 1, rescanSeconds: 0, observe: (event) => events.push(event) });
  });
  afterAll(async () => {
    await engine?.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  it('interrupts a running statement, rejects with the signal reason, reports it cancelled, and the connection answers the next query', async () => {
    const controller = new AbortController();
    const timeout = new QueryTimeoutError('server', 'request r1', 100);
    const running = engine.query(ENDLESS, { signal: controller.signal });
    abortSoon(controller, timeout);
    await expect(running).rejects.toBe(timeout);
    expect(events).toEqual([expect.objectContaining({ engine: 'duckdb', queryId: 'endless_cross_join', ok: false, cancelled: 'timeout' })]);
    await expect(engine.query(SMALL)).resolves.toMatchObject({ rows: [{ answer: 42 }] });
  });

  it('takes a query waiting for a connection out of the queue when its signal aborts, without touching the running one', async () => {
    const first = new AbortController();
    const second = new AbortController();
    const running = engine.query(ENDLESS, { signal: first.signal });
    const waiting = engine.query(SMALL, { signal: second.signal });
    const gone = new RequestCancelledError('client_gone');
    second.abort(gone);
    await expect(waiting).rejects.toBe(gone);
    // The waiting query never ran: only the running one is reported, once it is interrupted too.
    abortSoon(first, new RequestCancelledError('client_gone'));
    await expect(running).rejects.toBeInstanceOf(RequestCancelledError);
    expect(events).toEqual([expect.objectContaining({ queryId: 'endless_cross_join', cancelled: 'client_gone' })]);
    await expect(engine.query(SMALL)).resolves.toMatchObject({ rows: [{ answer: 42 }] });
  });

  it('does not run a query whose signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new RequestCancelledError('operation_ended'));
    await expect(engine.query(SMALL, { signal: controller.signal })).rejects.toBeInstanceOf(RequestCancelledError);
    expect(events).toEqual([]);
  });

  it('through the result cache: one caller leaving does not stop a statement another caller shares; the last one leaving interrupts it', async () => {
    const cache = new ResultCache();
    const cached = new CachingQueryEngine(engine, cache);
    const a = new AbortController();
    const b = new AbortController();
    const first = cached.query(ENDLESS, { signal: a.signal });
    const second = cached.query(ENDLESS, { signal: b.signal });
    a.abort(new RequestCancelledError('client_gone'));
    await expect(first).rejects.toBeInstanceOf(RequestCancelledError);
    // Still running for the second caller: nothing reported yet.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual([]);
    expect(cache.inflightCount).toBe(1);
    b.abort(new QueryTimeoutError('server', 'request r2', 100));
    await expect(second).rejects.toBeInstanceOf(QueryTimeoutError);
    // The caller stops waiting at once; the engine reports when DuckDB has stopped the statement.
    await until(() => events.length > 0);
    expect(events).toEqual([expect.objectContaining({ queryId: 'endless_cross_join', cancelled: 'timeout' })]);
    expect(cache.entryCount).toBe(0);
    await expect(cached.query(SMALL)).resolves.toMatchObject({ rows: [{ answer: 42 }] });
  });
});
