/**
 * The CPU breakdown of the throughput bench (`--stub-dynamodb`): after the warm-up, the handler's
 * DynamoDB client stops reaching dynalite, so the window's CPU per event is the handler's own work
 * (`send`) or its own work plus the SDK's (`http`), and the difference to a normal run is what the
 * rest costs. Every request then succeeds with an empty answer, which is what the window's requests
 * do in a normal run (0 failed records, no reads): the handler does the same work either way.
 */
import { Readable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Where the requests stop. */
export type DynamoDbStub =
  /** `client.send` resolves `{}` at once: no SDK, no HTTP, no store. */
  | 'send'
  /** The SDK runs in full (serialise, sign, retry, deserialise); its HTTP handler answers `200 {}` at once: no HTTP, no store. */
  | 'http';

/** The stubs `--stub-dynamodb` takes. */
export const DYNAMODB_STUBS: readonly DynamoDbStub[] = ['send', 'http'];

/** What a stub leaves of the handler's CPU per event, for the results. */
export const DYNAMODB_STUB_MEANING: Record<DynamoDbStub, string> = {
  send: 'client.send answers {} at once: the handler CPU is its own work only (no SDK, HTTP or store)',
  http: "the SDK's HTTP handler answers 200 {} at once: the handler CPU is its own work plus the SDK's (no HTTP or store)",
};

/** Stubs `client` at `level` from now on (the client must not be used for anything else afterwards). */
export function stubDynamoDb(client: DynamoDBClient, level: DynamoDbStub): void {
  if (level === 'send') {
    client.send = (async () => ({})) as unknown as DynamoDBClient['send'];
    return;
  }
  // The handler object the SDK resolved when the client was made (with cacheMiddleware, each command's stack holds it).
  const handler = client.config.requestHandler as unknown as { handle: (...args: unknown[]) => Promise<unknown> };
  handler.handle = async () => ({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': '2', 'x-amzn-requestid': 'stub' },
      body: Readable.from([Buffer.from('{}')]),
    },
  });
}
