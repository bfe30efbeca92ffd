import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError, loadConfig } from '../../../src/config/env';
import { createDefaultRollupDeps } from '../../../src/lambda/rollup.deps';

/** Every S3Client's `send` is stubbed: nothing here reaches the network. */
const s3 = mockClient(S3Client);

const ENV = { ENGINE: 'athena', LOG_LEVEL: 'silent', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'rollups', ATHENA_OUTPUT_LOCATION: 's3://results/athena/', AWS_REGION: 'eu-west-2' };

beforeEach(() => s3.reset());

describe('createDefaultRollupDeps (the deployed rollup Lambda)', () => {
  it('fails with a ConfigError naming ROLLUP_BUCKET when it is not set', () => {
    expect(() => createDefaultRollupDeps(loadConfig(ENV))).toThrow(ConfigError);
    expect(() => createDefaultRollupDeps(loadConfig(ENV))).toThrow(/ROLLUP_BUCKET/);
  });

  it('builds the state over S3 in ROLLUP_BUCKET: CTR listings under ROLLUP_CTR_PREFIX, manifests under rollups/_manifests/ctr/', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [{ Key: 'connect/ctr/year=2026/month=11/day=20/f1', Size: 42, ETag: '"abc"' }] });
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    const deps = createDefaultRollupDeps(loadConfig({ ...ENV, ROLLUP_BUCKET: 'my-connect-data', ROLLUP_CTR_PREFIX: 'connect/ctr/', ATHENA_REGION: 'eu-west-1' }));
    const day = { year: 2026, month: 11, day: 20 };

    expect(await deps.store.sourceObjects(day)).toEqual([{ path: 'year=2026/month=11/day=20/f1', sizeBytes: 42, version: 'abc' }]);
    expect(await deps.store.readManifest(day)).toBeUndefined();

    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({ Bucket: 'my-connect-data', Prefix: 'connect/ctr/year=2026/month=11/day=20/' });
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'my-connect-data', Key: 'rollups/_manifests/ctr/2026-11-20.json' });
    // The client is the one createDefaultRollupDeps made: in the Athena region (the bucket Athena reads), following region redirects.
    const client = s3.commandCalls(GetObjectCommand)[0]!.thisValue as S3Client;
    expect(await client.config.region()).toBe('eu-west-1');
    expect(client.config.followRegionRedirects).toBe(true);
    expect(deps.lookbackDays).toBe(35);
  });

  it('uses an injected S3 client', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });
    const client = new S3Client({ region: 'ap-southeast-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const deps = createDefaultRollupDeps(loadConfig({ ...ENV, ROLLUP_BUCKET: 'bucket-one' }), { s3Client: client });
    expect(await deps.store.rollupExists({ year: 2026, month: 1, day: 2 })).toBe(false);
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.thisValue).toBe(client);
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({ Bucket: 'bucket-one', Prefix: 'rollups/ctr/year=2026/month=01/day=02/' });
  });
});
