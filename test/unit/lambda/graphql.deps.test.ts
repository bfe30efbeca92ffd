import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../../src/config/env';
import { ManifestRollupAvailability } from '../../../src/history/rollup-state/rollup-availability';
import { ROLLUP_MANIFEST_VERSION, sourceFingerprint } from '../../../src/history/rollup-state/rollup-manifest';
import { createDefaultGraphqlDeps } from '../../../src/lambda/graphql.deps';

/** Every S3Client's `send` is stubbed: nothing here reaches the network. */
const s3 = mockClient(S3Client);

const ENV = { ENGINE: 'athena', LOG_LEVEL: 'silent', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'analytics', ATHENA_OUTPUT_LOCATION: 's3://results/athena/', AWS_REGION: 'eu-west-2' };
const DAY = { year: 2026, month: 11, day: 20 };


beforeEach(() => s3.reset());

describe('createDefaultGraphqlDeps: the rollup availability of the GraphQL Lambda', () => {
  it('reads every day raw without ROLLUP_BUCKET (no availability)', () => {
    expect(createDefaultGraphqlDeps(loadConfig(ENV)).rollups).toBeUndefined();
  });

  it('checks the day manifest in ROLLUP_BUCKET (rollups/_manifests/ctr/)', async () => {
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 } }));
    const deps = createDefaultGraphqlDeps(loadConfig({ ...ENV, ROLLUP_BUCKET: 'my-connect-data', ROLLUP_CTR_PREFIX: 'connect/ctr/' }));
    expect(deps.rollups).toBeInstanceOf(ManifestRollupAvailability);
    // No manifest: the day is not clean (read raw), and the store was asked for the day's manifest in the bucket.
    expect(await deps.rollups!.cleanDays([DAY])).toEqual(new Set());
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'my-connect-data', Key: 'rollups/_manifests/ctr/2026-11-20.json' });
  });

  it('answers a day clean when its manifest matches the CTR listing and the rollup objects exist', async () => {
    // The manifest the rollup Lambda wrote for the CTR partition as it still is.
    const objects = [{ path: 'year=2026/month=11/day=20/f1', sizeBytes: 42, version: 'abc' }];
    const manifest = { version: ROLLUP_MANIFEST_VERSION, table: 'connect_ctr_rollup15', day: '2026-11-20', builtAt: '2026-11-21T00:20:00.000Z', engine: 'athena', source: { fingerprint: sourceFingerprint(objects), objects } };
    s3.on(GetObjectCommand).resolves({ Body: { transformToString: () => Promise.resolve(JSON.stringify(manifest)) } as never });
    s3.on(ListObjectsV2Command, { Prefix: 'connect/ctr/year=2026/month=11/day=20/' }).resolves({ IsTruncated: false, Contents: [{ Key: 'connect/ctr/year=2026/month=11/day=20/f1', Size: 42, ETag: '"abc"' }] });
    s3.on(ListObjectsV2Command, { Prefix: 'rollups/ctr/year=2026/month=11/day=20/' }).resolves({ IsTruncated: false, Contents: [{ Key: 'rollups/ctr/year=2026/month=11/day=20/part-0.parquet', Size: 9, ETag: '"r"' }] });
    const deps = createDefaultGraphqlDeps(loadConfig({ ...ENV, ROLLUP_BUCKET: 'my-connect-data', ROLLUP_CTR_PREFIX: 'connect/ctr/', ROLLUP_CLEAN_CACHE_SECONDS: '0' }));
    expect(await deps.rollups!.cleanDays([DAY])).toEqual(new Set(['2026-11-20']));
  });

  it('reads the day raw when S3 fails, instead of failing the request', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
    const deps = createDefaultGraphqlDeps(loadConfig({ ...ENV, ROLLUP_BUCKET: 'my-connect-data' }));
    await expect(deps.rollups!.cleanDays([DAY, { ...DAY, day: 21 }])).resolves.toEqual(new Set());
  });
});
