import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONNECT_SDK_MAX_ATTEMPTS, ConnectCurrentUserDataReader, createConnectClient } from '../../src/state/connect-current-user-data.reader';
import { TEST_INSTANCE_ID } from '../helpers/connect-user-data';
import { TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

/**
 * The reader's real Connect client (createConnectClient: the SDK's adaptive retry strategy) against a
 * local HTTP server speaking Connect's REST-JSON protocol: throttling answers (HTTP 429,
 * `x-amzn-ErrorType: ThrottlingException` / `TooManyRequestsException`) are retried by the SDK, and
 * beyond its attempts by the reader's page-level retry.
 */

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/** A server that throttles the first `throttled` requests, then answers pages by NextToken. */
async function connectServer(throttled: number, errorType = 'ThrottlingException') {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += String(chunk)));
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      if (seen.length <= throttled) {
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazonaws.connect/` });
        res.end(JSON.stringify({ message: 'Rate exceeded' }));
        return;
      }
      const next = body.NextToken === undefined ? 'page-2' : undefined;
      const agent = body.NextToken === undefined ? 'agent-1' : 'agent-2';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          UserDataList: [
            {
              User: { Id: agent, Arn: `${TEST_INSTANCE_ARN}/agent/${agent}` },
              Status: { StatusName: 'Available', StatusStartTimestamp: 1_765_000_000.5, StatusArn: `${TEST_INSTANCE_ARN}/agent-state/available` },
              MaxSlotsByChannel: { VOICE: 1 },
            },
          ],
          ...(next ? { NextToken: next } : {}),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, endpoint, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function readAll(reader: ConnectCurrentUserDataReader) {
  const pages = [];
  for await (const page of reader.pages(TEST_INSTANCE_ARN, { by: 'routingProfiles', ids: ['rp-1'] })) pages.push(page);
  return pages;
}

const readerFor = (endpoint: string, backoffBaseMs = 1) =>
  new ConnectCurrentUserDataReader({
    clientForRegion: (region) => createConnectClient(region, { endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    backoffBaseMs,
  });

describe('GetCurrentUserData over HTTP with the SDK retry strategy', () => {
  it('sends the documented request and reads the real wire shape (epoch-second timestamps become Dates)', async () => {
    const server = await connectServer(0);
    const reader = readerFor(server.endpoint);
    try {
      const pages = await readAll(reader);
      expect(server.seen.map((s) => [s.method, s.url])).toEqual([
        ['POST', `/metrics/userdata/${TEST_INSTANCE_ID}`],
        ['POST', `/metrics/userdata/${TEST_INSTANCE_ID}`],
      ]);
      expect(server.seen.map((s) => s.body)).toEqual([
        { Filters: { RoutingProfiles: ['rp-1'] }, MaxResults: 100 },
        { Filters: { RoutingProfiles: ['rp-1'] }, MaxResults: 100, NextToken: 'page-2' },
      ]);
      expect(pages.flatMap((p) => p.users.map((u) => u.User?.Id))).toEqual(['agent-1', 'agent-2']);
      expect(pages[0]!.users[0]!.Status?.StatusStartTimestamp).toEqual(new Date(1_765_000_000_500));
    } finally {
      reader.destroy();
      await server.close();
    }
  });

  it('lets the SDK retry throttled requests within its attempts (the reader sees no error)', async () => {
    const server = await connectServer(2);
    const reader = readerFor(server.endpoint);
    try {
      const pages = await readAll(reader);
      expect(pages).toHaveLength(2);
      expect(server.seen).toHaveLength(4);
      expect(reader.throttledRetries).toBe(0);
    } finally {
      reader.destroy();
      await server.close();
    }
  }, 30_000);

  it('retries a page the SDK gave up on (TooManyRequestsException beyond its attempts), and completes', async () => {
    const server = await connectServer(CONNECT_SDK_MAX_ATTEMPTS + 1, 'TooManyRequestsException');
    const reader = readerFor(server.endpoint);
    try {
      const pages = await readAll(reader);
      expect(pages.flatMap((p) => p.users.map((u) => u.User?.Id))).toEqual(['agent-1', 'agent-2']);
      expect(reader.throttledRetries).toBe(1);
      expect(server.seen).toHaveLength(CONNECT_SDK_MAX_ATTEMPTS + 1 + 2);
    } finally {
      reader.destroy();
      await server.close();
    }
  }, 60_000);
});
