import 'reflect-metadata';
import pino from 'pino';
import { createServerMetrics } from '../../src/server/observability/metrics';
import type { QueryEngine } from '../../src/history/query-engine';
import { createAppPubSub } from '../../src/realtime/pubsub';
import { createApp } from '../../src/server/app';
import { loadConfig } from '../../src/config/env';

/**
 * The end of the stop grace, which the process test cannot reach with real data: a query that is
 * still running then is answered 503 SHUTTING_DOWN, never a reset connection. The history engine here
 * never answers (a stand-in for a query longer than the grace); everything else is the real app on a real socket.
 */
describe('App.close when a request outlives the stop grace', () => {
  it('answers it 503 SHUTTING_DOWN with a JSON body, then finishes closing', async () => {
    let queriesStarted = 0;
    const engine: QueryEngine = {
      name: 'duckdb',
      dialect: 'duckdb',
      query: () => {
        queriesStarted++;
        return new Promise(() => undefined);
      },
      ping: async () => undefined,
      close: async () => undefined,
    };
    const pubSub = await createAppPubSub();
    const app = await createApp({
      security: loadConfig({ NODE_ENV: 'test' }),
      engine,
      logger: pino({ level: 'silent' }),
      metrics: createServerMetrics(),
      limits: { maxPageSize: 500, maxRangeDays: 400 },
      readiness: {},
      maskInternalErrors: true,
      agentStates: { listAll: async () => [], listByQueues: async (queues) => queues.map(() => []), listByRoutingProfile: async () => [], getMany: async (keys) => keys.map(() => null) },
      pubSub: pubSub.pubSub,
      stopGrace: { httpMs: 300, wsMs: 300 },
    });
    const { url } = await app.listen(0, '127.0.0.1');

    const response = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ contacts(filter: { from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z" }) { edges { cursor } } }' }),
    });
    while (queriesStarted === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const closed = app.close();
    const res = await response;
    expect(res.status).toBe(503);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ errors: [{ message: 'The server stopped before this request finished; send it again.', extensions: { code: 'SHUTTING_DOWN' } }] });
    await closed;
    expect(app.close()).toBe(closed);
    await pubSub.close();
  });
});
