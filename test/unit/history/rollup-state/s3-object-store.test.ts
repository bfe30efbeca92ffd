import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type _Object,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { UpstreamError } from '../../../../src/domain/errors';
import { DELETE_OBJECTS_MAX_KEYS, S3ObjectStore, translateS3Error } from '../../../../src/history/rollup-state/s3-object-store';

const s3 = mockClient(S3Client);
const BUCKET = 'connect-data';

function store(): S3ObjectStore {
  return new S3ObjectStore({ client: new S3Client({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), bucket: BUCKET });
}

/** A listed object as ListObjectsV2 returns it (ETag in quotes). */
const listed = (key: string, size = 10, etag = `etag-${key}`): _Object => ({ Key: key, Size: size, ETag: `"${etag}"`, LastModified: new Date('2026-11-20T01:00:00Z'), StorageClass: 'STANDARD' });

/** A GetObject body with the SDK stream mixin's method the store uses. */
const bodyOf = (text: string): GetObjectCommandOutput['Body'] => ({ transformToString: async () => text }) as unknown as GetObjectCommandOutput['Body'];

const meta = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 });

beforeEach(() => s3.reset());

describe('S3ObjectStore.list', () => {
  it('follows ContinuationToken over three pages and returns every key with its size and ETag, sorted', async () => {
    const prefix = 'ctr/year=2026/month=11/day=20/';
    s3.on(ListObjectsV2Command, { Bucket: BUCKET, Prefix: prefix, ContinuationToken: undefined }).resolves({
      IsTruncated: true,
      NextContinuationToken: 'page-2',
      KeyCount: 2,
      Contents: [listed(`${prefix}a`, 100, 'e1'), listed(`${prefix}b`, 200, 'e2')],
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'page-2' }).resolves({
      IsTruncated: true,
      NextContinuationToken: 'page-3',
      KeyCount: 2,
      Contents: [listed(`${prefix}c`, 300, 'e3'), listed(`${prefix}d`, 400, 'e4')],
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'page-3' }).resolves({ IsTruncated: false, KeyCount: 1, Contents: [listed(`${prefix}e`, 500, 'e5')] });

    const objects = await store().list(prefix);

    expect(objects).toEqual([
      { key: `${prefix}a`, sizeBytes: 100, version: 'e1' },
      { key: `${prefix}b`, sizeBytes: 200, version: 'e2' },
      { key: `${prefix}c`, sizeBytes: 300, version: 'e3' },
      { key: `${prefix}d`, sizeBytes: 400, version: 'e4' },
      { key: `${prefix}e`, sizeBytes: 500, version: 'e5' },
    ]);
    const calls = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { Bucket: BUCKET, Prefix: prefix },
      { Bucket: BUCKET, Prefix: prefix, ContinuationToken: 'page-2' },
      { Bucket: BUCKET, Prefix: prefix, ContinuationToken: 'page-3' },
    ]);
  });

  it('returns an empty list for a prefix without objects (no Contents in the response)', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, KeyCount: 0 });
    expect(await store().list('rollups/ctr/year=2026/month=11/day=20/')).toEqual([]);
  });

  it('sorts keys even when the bucket lists them out of order (directory buckets)', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [listed('p/b'), listed('p/a'), listed('p/c')] });
    expect((await store().list('p/')).map((o) => o.key)).toEqual(['p/a', 'p/b', 'p/c']);
  });

  it('uses LastModified as the version when S3 sends no ETag', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [{ Key: 'p/a', Size: 1, LastModified: new Date(1_700_000_000_123) }] });
    expect(await store().list('p/')).toEqual([{ key: 'p/a', sizeBytes: 1, version: '1700000000123' }]);
  });

  it('fails on a truncated page without a continuation token instead of returning a partial listing', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: true, Contents: [listed('p/a')] });
    await expect(store().list('p/')).rejects.toThrow(UpstreamError);
  });

  it('turns an S3 failure into UpstreamError("s3") naming the operation and bucket in the reason only', async () => {
    s3.on(ListObjectsV2Command).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: meta(403) }));
    const error = (await store()
      .list('ctr/year=2026/')
      .catch((e: unknown) => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', source: 's3', message: 'The data bucket failed to answer; try again later.' });
    expect(error.reason).toBe('ListObjectsV2 s3://connect-data/ctr/year=2026/: AccessDenied: Access Denied');
  });
});

describe('S3ObjectStore.get', () => {
  it('returns the object text', async () => {
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'rollups/_manifests/ctr/2026-11-20.json' }).resolves({ Body: bodyOf('{"day":"2026-11-20"}'), ContentType: 'application/json' });
    expect(await store().get('rollups/_manifests/ctr/2026-11-20.json')).toBe('{"day":"2026-11-20"}');
  });

  it('returns undefined for NoSuchKey (the day has no manifest yet)', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: meta(404) }));
    expect(await store().get('rollups/_manifests/ctr/2026-11-21.json')).toBeUndefined();
  });

  it('returns undefined for a bare 404 (no error code in the response)', async () => {
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'NotFound', $fault: 'client', message: 'UnknownError', $metadata: meta(404) }));
    expect(await store().get('rollups/_manifests/ctr/2026-11-21.json')).toBeUndefined();
  });

  it('throws UpstreamError for a missing bucket (a deployment error, not a missing manifest)', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: meta(404) }));
    await expect(store().get('rollups/_manifests/ctr/2026-11-21.json')).rejects.toMatchObject({
      source: 's3',
      reason: 'GetObject s3://connect-data/rollups/_manifests/ctr/2026-11-21.json: NoSuchBucket: The specified bucket does not exist',
    });
  });

  it('throws UpstreamError for access denied, which must not read as "no manifest" (every day would be rebuilt)', async () => {
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: meta(403) }));
    await expect(store().get('rollups/_manifests/ctr/2026-11-21.json')).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('S3ObjectStore.put', () => {
  it('writes a manifest as application/json', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"x"' });
    await store().put('rollups/_manifests/ctr/2026-11-20.json', '{"a":1}\n');
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: 'rollups/_manifests/ctr/2026-11-20.json', Body: '{"a":1}\n', ContentType: 'application/json' },
    ]);
  });

  it('turns a throttled write into UpstreamError', async () => {
    s3.on(PutObjectCommand).rejects(new S3ServiceException({ name: 'SlowDown', $fault: 'server', message: 'Please reduce your request rate.', $metadata: meta(503) }));
    await expect(store().put('rollups/_manifests/ctr/2026-11-20.json', '{}')).rejects.toMatchObject({ source: 's3', reason: expect.stringContaining('PutObject s3://connect-data/rollups/_manifests/ctr/2026-11-20.json: SlowDown') });
  });
});

describe('S3ObjectStore.deletePrefix', () => {
  const prefix = 'rollups/ctr/year=2026/month=11/day=20/';
  const keys = Array.from({ length: 2_500 }, (_, i) => `${prefix}part-${String(i).padStart(5, '0')}.parquet`);

  /** Lists `keys` in pages of 1000, as S3 does. */
  function listInPages(all: string[]): void {
    for (let start = 0; start < all.length; start += 1000) {
      const next = start + 1000 < all.length ? `token-${start + 1000}` : undefined;
      s3.on(ListObjectsV2Command, { ContinuationToken: start === 0 ? undefined : `token-${start}` }).resolves({
        IsTruncated: next !== undefined,
        NextContinuationToken: next,
        Contents: all.slice(start, start + 1000).map((k) => listed(k)),
      });
    }
  }

  it('deletes 2,500 objects in batches of at most 1000 keys (1000, 1000, 500), quietly, and returns the count', async () => {
    listInPages(keys);
    s3.on(DeleteObjectsCommand).resolves({ Deleted: [], Errors: [] });

    expect(await store().deletePrefix(prefix)).toBe(2_500);

    const batches = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(batches.map((b) => b.Delete!.Objects!.length)).toEqual([1000, 1000, 500]);
    expect(batches.every((b) => b.Bucket === BUCKET && b.Delete!.Quiet === true)).toBe(true);
    expect(batches.flatMap((b) => b.Delete!.Objects!.map((o) => o.Key))).toEqual(keys);
    expect(Math.max(...batches.map((b) => b.Delete!.Objects!.length))).toBeLessThanOrEqual(DELETE_OBJECTS_MAX_KEYS);
  });

  it('sends no DeleteObjects when the prefix is empty', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, KeyCount: 0 });
    expect(await store().deletePrefix(prefix)).toBe(0);
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('throws naming the first key S3 reports as not deleted, and stops before the next batch', async () => {
    listInPages(keys);
    s3.on(DeleteObjectsCommand)
      .resolvesOnce({ Errors: [] })
      .resolvesOnce({
        Errors: [
          { Key: keys[1_234], Code: 'AccessDenied', Message: 'Access Denied' },
          { Key: keys[1_235], Code: 'AccessDenied', Message: 'Access Denied' },
        ],
      });

    const error = (await store()
      .deletePrefix(prefix)
      .catch((e: unknown) => e)) as UpstreamError;

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.source).toBe('s3');
    expect(error.reason).toBe(`DeleteObjects s3://connect-data/${prefix}: 2 of 1000 keys not deleted, first ${keys[1_234]}: AccessDenied: Access Denied`);
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(2);
  });

  it('turns a failed DeleteObjects request into UpstreamError', async () => {
    listInPages(keys.slice(0, 3));
    s3.on(DeleteObjectsCommand).rejects(new S3ServiceException({ name: 'InternalError', $fault: 'server', message: 'We encountered an internal error.', $metadata: meta(500) }));
    await expect(store().deletePrefix(prefix)).rejects.toMatchObject({ source: 's3', reason: `DeleteObjects s3://connect-data/${prefix} (3 keys): InternalError: We encountered an internal error.` });
  });
});

describe('translateS3Error', () => {
  it('keeps bugs (not SDK or network errors) unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(translateS3Error(bug, 'GetObject s3://b/k')).toBe(bug);
  });

  it('translates a network failure', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(translateS3Error(refused, 'ListObjectsV2 s3://b/p')).toMatchObject({ source: 's3', reason: 'ListObjectsV2 s3://b/p: Error: connect ECONNREFUSED 127.0.0.1:9' });
  });
});
