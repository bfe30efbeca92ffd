import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { cancelReasonOf } from '../../../../src/domain/errors';
import { requestDeadline, requestSignal } from '../../../../src/server/http/request-deadline';

/** Resolves once `condition` holds (checked every 10 ms; the test's timeout bounds the wait). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('requestDeadline (real express app on a real socket)', () => {
  let server: http.Server;
  let url: string;
  const reasons: string[] = [];
  let arrived = 0;
  const cancelled: string[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(requestDeadline({ timeoutMs: 100, answerGraceMs: 50, onCancelled: (reason) => cancelled.push(reason) }));
    // Work that listens to the signal: answers itself once aborted (what GraphQL does with QUERY_TIMEOUT errors).
    app.get('/listens', (_req, res) => {
      const signal = requestSignal(res);
      signal.addEventListener('abort', () => res.status(200).json({ errors: [{ extensions: { code: 'QUERY_TIMEOUT' } }] }));
    });
    // Work that ignores the signal and never answers.
    app.get('/ignores', (_req, res) => {
      arrived += 1;
      requestSignal(res).addEventListener('abort', () => reasons.push(cancelReasonOf(requestSignal(res).reason)));
    });
    app.get('/fast', (_req, res) => {
      res.json({ aborted: requestSignal(res).aborted });
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    reasons.length = 0;
    cancelled.length = 0;
  });

  it("lets the request's own answer out when its work stops at the deadline", async () => {
    const res = await fetch(`${url}/listens`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ errors: [{ extensions: { code: 'QUERY_TIMEOUT' } }] });
    expect(cancelled).toEqual(['timeout']);
  });

  it('answers 504 QUERY_TIMEOUT itself when the work does not answer after the deadline and grace', async () => {
    const res = await fetch(`${url}/ignores`);
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({
      errors: [
        {
          message: 'The query did not finish within 100 ms and was stopped. Narrow the range or try again later.',
          extensions: { code: 'QUERY_TIMEOUT', source: 'server', timeoutMs: 100 },
        },
      ],
    });
    expect(reasons).toEqual(['timeout']);
  });

  it('aborts with client_gone when the client disconnects first', async () => {
    const client = new AbortController();
    const before = arrived;
    const request = fetch(`${url}/ignores`, { signal: client.signal }).catch((error: unknown) => error);
    await until(() => arrived > before);
    client.abort();
    expect(await request).toMatchObject({ name: 'AbortError' });
    await until(() => reasons.length > 0);
    expect(reasons).toEqual(['client_gone']);
    expect(cancelled).toEqual(['client_gone']);
  });

  it('leaves a request answered in time alone', async () => {
    expect(await (await fetch(`${url}/fast`)).json()).toEqual({ aborted: false });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(cancelled).toEqual([]);
  });
});
