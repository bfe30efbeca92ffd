/**
 * Logs never contain credentials or endpoint addresses: the real server with the production logger
 * (createServerLogger, the one src/server/main.ts uses) at debug level, its lines captured while
 * requests carry an Authorization header, an API key and a cookie.
 */
import { Writable } from 'node:stream';
import { createServerLogger, REDACTED } from '../../src/server/observability/logger';
import { agentEventRecord } from '../helpers/kinesis-factories';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(60_000);

const BEARER = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LWp3dC1wYXlsb2Fk.c2lnbmF0dXJlLXNlY3JldA';
const API_KEY = 'ak_live_5f2b9c0e7d4a41b8a3c6e9f1d2b7c8a0';
const COOKIE = 'session=cookie-secret-7d4a41b8';
const PHONE = '+15550109876';

/** A logger whose JSON lines are kept in memory. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createServerLogger({ level: 'debug', service: 'log-redaction-test' }, stream) };
}

describe('log redaction', () => {
  const captured = capturingLogger();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'debug' }, { logger: captured.logger });
  });
  afterAll(() => server?.stop());

  it('writes no credential of any request into the server log', async () => {
    const secretHeaders = { authorization: `Bearer ${BEARER}`, 'x-api-key': API_KEY, cookie: COOKIE };
    const requests = [
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...secretHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }),
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...secretHeaders, 'content-type': 'application/json' }, body: '{ not json' }),
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...secretHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ noSuchField }' }) }),
      fetch(`${server.url}/no-such-route`, { headers: secretHeaders }),
      fetch(`${server.url}/ingest/agent-events`, {
        method: 'POST',
        headers: { ...secretHeaders, 'content-type': 'application/json' },
        body: JSON.stringify([{ CustomerEndpoint: { Address: PHONE, Type: 'TELEPHONE_NUMBER' } }, agentEventRecord({ EventTimestamp: '2099-01-01T00:00:00.000Z' })]),
      }),
    ];
    for (const res of await Promise.all(requests)) await res.arrayBuffer();
    // Request lines are written when the response finishes: wait until all five are there.
    for (let i = 0; i < 50 && captured.lines.filter((line) => line.includes('"durationMs"')).length < requests.length; i++) await new Promise((resolve) => setTimeout(resolve, 20));

    const log = captured.lines.join('\n');
    expect(captured.lines.filter((line) => line.includes('"durationMs"')).length).toBeGreaterThanOrEqual(requests.length);
    expect(log).toContain('agent event refused');
    for (const secret of [BEARER, API_KEY, 'cookie-secret-7d4a41b8', PHONE]) expect(log).not.toContain(secret);
  });

  it('censors credentials and endpoint addresses in any line that logs a request or a contact', () => {
    captured.logger.warn(
      {
        req: { method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${BEARER}`, 'x-api-key': API_KEY, cookie: COOKIE, 'content-type': 'application/json' } },
        contact: { customerEndpoint: { address: PHONE, type: 'TELEPHONE_NUMBER' }, systemEndpoint: { address: '+15550100000' } },
        ctr: { CustomerEndpoint: { Address: PHONE }, SystemEndpoint: { Address: '+15550100000' } },
      },
      'a line that logs too much',
    );
    const line = JSON.parse(captured.lines.at(-1)!) as { req: { headers: unknown }; contact: unknown; ctr: unknown };
    expect(line.req.headers).toEqual({ authorization: REDACTED, 'x-api-key': REDACTED, cookie: REDACTED, 'content-type': 'application/json' });
    expect(line.contact).toEqual({ customerEndpoint: REDACTED, systemEndpoint: REDACTED });
    expect(line.ctr).toEqual({ CustomerEndpoint: REDACTED, SystemEndpoint: REDACTED });
    expect(JSON.stringify(line)).not.toMatch(/\+1555010/);
  });
});
