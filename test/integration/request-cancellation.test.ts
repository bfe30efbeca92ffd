import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { generateDemoData } from '../../src/local/demo-data';
import type { GraphQLResponse } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { eventually, metricSample } from '../helpers/prometheus-sample';

/**
 * REQUEST_TIMEOUT_MS and client disconnects through the real server on real DuckDB: a metrics report
 * at 15-minute intervals over three days of 50 agents scans every agent event and contact (seconds
 * of engine work), so it is still running when a 100 ms timeout fires or the client goes away.
 */
const HEAVY_REPORT = `query HeavyReport($from: DateTimeISO!, $to: DateTimeISO!) {
  metrics(input: { from: $from, to: $to, timeZone: "UTC", interval: FIFTEEN_MIN, groupings: [{ key: AGENT }],
    metrics: [{ name: CONTACTS_HANDLED }, { name: AVG_HANDLE_TIME }, { name: AGENT_OCCUPANCY }] }) {
    rows { intervalStartLocal metrics { name value } }
  }
}`;
const RANGE = { from: '2026-11-19T00:00:00Z', to: '2026-11-22T00:00:00Z' };


/** A logger whose JSON lines land in `lines`. */
function capturingLogger(lines: Record<string, unknown>[]): pino.Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'info' }, sink);
}

function post(server: TestServer, requestId: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ query: HEAVY_REPORT, variables: RANGE }),
    signal,
  });
}

describe('request timeout and client disconnects (real server, real DuckDB)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-heavy-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 3, agents: 50, seed: 'request-cancellation', start: '2026-11-19', progress: false });
  });
  afterAll(() => {
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  describe('REQUEST_TIMEOUT_MS=100', () => {
    let server: TestServer;
    const lines: Record<string, unknown>[] = [];
    beforeAll(async () => {
      server = await startTestServer({ DATA_DIR: dataDir, REQUEST_TIMEOUT_MS: '100' }, { logger: capturingLogger(lines) });
    });
    afterAll(() => server?.stop());

    it('answers QUERY_TIMEOUT naming the limit, interrupts the engine query, logs it with the request id, and stays healthy', async () => {
      const res = await post(server, 'timeout-test-1');
      expect(res.status).toBe(200);
      const body = (await res.json()) as GraphQLResponse<unknown>;
      expect(body.errors?.[0]).toMatchObject({
        message: 'The query did not finish within 100 ms and was stopped. Narrow the range or try again later (request id timeout-test-1).',
        extensions: { code: 'QUERY_TIMEOUT', source: 'server', timeoutMs: 100, requestId: 'timeout-test-1' },
      });
      // DuckDB reports the interrupted statement once it has stopped.
      await eventually(async () => (await metricSample(server, 'history_engine_queries_cancelled_total', 'engine="duckdb",reason="timeout"')) >= 1);
      expect(lines).toContainEqual(expect.objectContaining({ requestId: 'timeout-test-1', reason: 'timeout', msg: 'history query cancelled: timeout' }));
      expect(lines).toContainEqual(expect.objectContaining({ requestId: 'timeout-test-1', reason: 'timeout', msg: 'request cancelled: timeout after 100 ms' }));
      // The interrupted connections answer again.
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(200);
      const light = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ serverTime }' }) });
      expect(((await light.json()) as GraphQLResponse<{ serverTime: string }>).data?.serverTime).toEqual(expect.any(String));
    });
  });

  describe('a client that disconnects', () => {
    let server: TestServer;
    const lines: Record<string, unknown>[] = [];
    beforeAll(async () => {
      server = await startTestServer({ DATA_DIR: dataDir }, { logger: capturingLogger(lines) });
    });
    afterAll(() => server?.stop());

    it('cancels its engine query (reason client_gone) and the server stays healthy', async () => {
      const misses = await metricSample(server, 'result_cache_lookups_total', 'outcome="miss"');
      const client = new AbortController();
      const request = post(server, 'disconnect-test-1', client.signal).catch((error: unknown) => error);
      // A cache miss is counted right before the engine query starts: the report is now running.
      await eventually(async () => (await metricSample(server, 'result_cache_lookups_total', 'outcome="miss"')) > misses);
      client.abort();
      expect(await request).toMatchObject({ name: 'AbortError' });
      await eventually(async () => (await metricSample(server, 'history_engine_queries_cancelled_total', 'engine="duckdb",reason="client_gone"')) >= 1);
      await eventually(() => lines.some((l) => l.requestId === 'disconnect-test-1' && l.msg === 'history query cancelled: client gone'));
      expect(lines).toContainEqual(expect.objectContaining({ requestId: 'disconnect-test-1', reason: 'client_gone', msg: 'request cancelled: client gone' }));
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    });

    it('cancels the engine query of a WebSocket operation when its socket closes (reason operation_ended)', async () => {
      const misses = await metricSample(server, 'result_cache_lookups_total', 'outcome="miss"');
      const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
      // Another range than the HTTP test's: its own engine query, shared with nobody.
      client.subscribe({ query: HEAVY_REPORT, variables: { ...RANGE, to: '2026-11-21T00:00:00Z' } }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      await eventually(async () => (await metricSample(server, 'result_cache_lookups_total', 'outcome="miss"')) > misses);
      await client.dispose();
      await eventually(async () => (await metricSample(server, 'history_engine_queries_cancelled_total', 'engine="duckdb",reason="operation_ended"')) >= 1);
      await eventually(() => lines.some((l) => l.msg === 'history query cancelled: operation ended'));
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    });
  });
});
