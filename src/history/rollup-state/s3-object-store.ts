import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  type _Object,
} from '@aws-sdk/client-s3';
import { AppError, UpstreamError } from '../../domain/errors';
import type { RollupObjectStore, StoredObject } from './object-store';

/** DeleteObjects accepts at most this many keys per request (an S3 limit). */
export const DELETE_OBJECTS_MAX_KEYS = 1000;

/**
 * Connection and read timeouts of a client this module creates: a stalled connection fails the day
 * (the next scheduled run retries it) instead of holding the Lambda until its own timeout.
 */
const OWN_CLIENT_TIMEOUTS_MS = { connectionTimeout: 5_000, requestTimeout: 60_000 } as const;

/**
 * The S3 client of the rollup job, created like the project's other SDK clients: region from the
 * configuration, credentials and endpoint (`AWS_ENDPOINT_URL_S3`) from the SDK's own environment.
 * `followRegionRedirects` lets a bucket in another region than `region` still answer (one redirect
 * per request) instead of failing with PermanentRedirect.
 */
export function createS3Client(region: string, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ region, followRegionRedirects: true, maxAttempts: 3, requestHandler: { ...OWN_CLIENT_TIMEOUTS_MS }, ...overrides });
}

/** Options of {@link S3ObjectStore}. */
export interface S3ObjectStoreOptions {
  readonly client: S3Client;
  /** The bucket's name (keys are relative to its root). */
  readonly bucket: string;
}

/** Whether a GetObject failure means "no such object" (rather than a failure to report). */
function isMissingObject(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  // A 404 without a specific code is a missing key too; a missing bucket is a deployment error.
  return name === 'NoSuchKey' || ($metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket');
}

/** The object's version stamp: its ETag without quotes (it changes whenever the content is rewritten). */
function versionOf(o: _Object): string {
  if (o.ETag) return o.ETag.replace(/^"|"$/g, '');
  return String(o.LastModified?.getTime() ?? 0);
}

/**
 * A {@link RollupObjectStore} over an S3 bucket: ListObjectsV2 (all pages), GetObject, PutObject and
 * DeleteObjects (1000 keys per request). Failures of S3 or of reaching it become
 * UpstreamError('s3') with the operation, bucket and key in the operator-only reason; the API's own
 * errors pass unchanged.
 */
export class S3ObjectStore implements RollupObjectStore {
  private readonly client: S3Client;
  readonly bucket: string;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.call(`ListObjectsV2 s3://${this.bucket}/${prefix}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken })),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined) out.push({ key: o.Key, sizeBytes: o.Size ?? 0, version: versionOf(o) });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated && !continuationToken) throw new UpstreamError('s3', `ListObjectsV2 s3://${this.bucket}/${prefix}: a truncated page without NextContinuationToken`);
    } while (continuationToken);
    // General purpose buckets list in key order already; directory buckets do not, and the contract says sorted.
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return '';
      return await out.Body.transformToString('utf-8');
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw translateS3Error(error, `GetObject s3://${this.bucket}/${key}`);
    }
  }

  async put(key: string, body: string): Promise<void> {
    await this.call(`PutObject s3://${this.bucket}/${key}`, () =>
      this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: key.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8' }),
      ),
    );
  }

  /** @throws UpstreamError naming the first key S3 did not delete (the others of its batch may be gone). */
  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    for (let start = 0; start < objects.length; start += DELETE_OBJECTS_MAX_KEYS) {
      const batch = objects.slice(start, start + DELETE_OBJECTS_MAX_KEYS);
      const out = await this.call(`DeleteObjects s3://${this.bucket}/${prefix} (${batch.length} keys)`, () =>
        // Quiet: the response lists only the keys that failed.
        this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((o) => ({ Key: o.key })), Quiet: true } })),
      );
      const failed = out.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0]!;
        throw new UpstreamError(
          's3',
          `DeleteObjects s3://${this.bucket}/${prefix}: ${failed.length} of ${batch.length} keys not deleted, first ${first.Key ?? '(no key)'}: ${first.Code ?? 'no code'}: ${first.Message ?? 'no message'}`,
        );
      }
    }
    return objects.length;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translateS3Error(error, operation);
    }
  }
}

/** Node network error codes: S3 (or the endpoint) could not be reached. */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * The error a caller sees for a failed S3 call: service errors (access denied, no such bucket,
 * throttling, 5xx) and network or credential failures become UpstreamError('s3') with the SDK's text
 * as the operator-only reason; the API's own errors and anything else (a bug) pass unchanged.
 * @param operation - what was being done, for the reason (e.g. `GetObject s3://bucket/key`).
 */
export function translateS3Error(error: unknown, operation: string): unknown {
  if (error instanceof AppError || !(error instanceof Error)) return error;
  const { $metadata, code } = error as Error & { $metadata?: unknown; code?: unknown };
  const isS3Failure =
    $metadata !== undefined ||
    (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) ||
    error.name === 'TimeoutError' ||
    error.name === 'CredentialsProviderError';
  return isS3Failure ? new UpstreamError('s3', `${operation}: ${error.name}: ${error.message}`, error) : error;
}
