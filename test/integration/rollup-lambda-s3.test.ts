import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config/env';
import { UpstreamError } from '../../src/domain/errors';
import { parseRollupManifest } from '../../src/history/rollup-state/rollup-manifest';
import { S3ObjectStore } from '../../src/history/rollup-state/s3-object-store';
import { generateDemoData } from '../../src/local/demo-data';
import { createDefaultRollupDeps } from '../../src/lambda/rollup.deps';
import { createRollupHandler } from '../../src/lambda/rollup.handler';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { readRawRecords } from '../helpers/raw-records';
import { startS3LocalEndpoint, type S3LocalEndpoint } from '../helpers/s3-local-endpoint';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * The S3 object store over real HTTP with the real `@aws-sdk/client-s3` (XML responses parsed by the
 * SDK, path-style addressing, DeleteObjects' checksum), against a local S3-protocol endpoint over a
 * folder; then the deployed rollup Lambda's dependencies (`createDefaultRollupDeps`), which find both
 * endpoints through the SDK's own `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_ATHENA`, end to end.
 */
describe('S3ObjectStore over HTTP (local S3 endpoint)', () => {
  let root: string;
  let local: S3LocalEndpoint;
  let client: S3Client;
  const undeletable = 'rollups/ctr/year=2026/month=11/day=21/keep-me';

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-s3-store-'));
    local = await startS3LocalEndpoint({ buckets: { 'connect-data': root }, pageSize: 2, undeletableKeys: new Set([undeletable]) });
    client = new S3Client({ endpoint: local.endpoint, region: 'us-east-1', credentials });
  });
  afterAll(async () => {
    client?.destroy();
    await local?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const store = (bucket = 'connect-data') => new S3ObjectStore({ client, bucket });

  it('puts, lists over several pages, reads, and deletes a prefix', async () => {
    const prefix = 'rollups/ctr/year=2026/month=11/day=20/';
    for (const name of ['e', 'a', 'c', 'b', 'd']) await store().put(`${prefix}${name}`, `body ${name}`);
    await store().put('rollups/ctr/year=2026/month=11/day=200/other', 'not under the day prefix');

    const listed = await store().list(prefix);
    expect(listed.map((o) => o.key)).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => `${prefix}${n}`));
    expect(listed[0]).toMatchObject({ sizeBytes: 6, version: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // Five keys at two per page: three ListObjectsV2 requests.
    expect(local.requests.filter((r) => r.operation === 'ListObjectsV2')).toHaveLength(3);
    expect(await store().get(`${prefix}c`)).toBe('body c');

    expect(await store().deletePrefix(prefix)).toBe(5);
    expect(await store().list(prefix)).toEqual([]);
    expect(await store().list('rollups/ctr/year=2026/month=11/day=200/')).toHaveLength(1);
  });

  it('reads a missing key as undefined and writes manifests as application/json', async () => {
    expect(await store().get('rollups/_manifests/ctr/1999-01-01.json')).toBeUndefined();
    await store().put('rollups/_manifests/ctr/2026-11-20.json', '{"day":"2026-11-20"}\n');
    expect(local.requests.at(-1)).toMatchObject({ operation: 'PutObject', contentType: 'application/json' });
    expect(fs.readFileSync(path.join(root, 'rollups/_manifests/ctr/2026-11-20.json'), 'utf8')).toBe('{"day":"2026-11-20"}\n');
  });

  it('reports the first key DeleteObjects did not delete', async () => {
    await store().put('rollups/ctr/year=2026/month=11/day=21/a', 'a');
    await store().put(undeletable, 'b');
    const error = (await store()
      .deletePrefix('rollups/ctr/year=2026/month=11/day=21/')
      .catch((e: unknown) => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.reason).toContain(`first ${undeletable}: AccessDenied`);
    expect(fs.existsSync(path.join(root, 'rollups/ctr/year=2026/month=11/day=21/a'))).toBe(false);
  });

  it('fails with UpstreamError("s3") for a bucket that does not exist, even on a read', async () => {
    await expect(store('no-such-bucket').get('rollups/_manifests/ctr/2026-11-20.json')).rejects.toMatchObject({ source: 's3', reason: expect.stringContaining('NoSuchBucket') });
    await expect(store('no-such-bucket').list('ctr/')).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('rollup Lambda with its deployed dependencies (S3 store + Athena engine from the environment)', () => {
  const NOW = new Date('2026-11-24T03:00:00Z');
  let dataDir: string;
  let athena: AthenaLocalEndpoint;
  let s3: S3LocalEndpoint;
  const saved: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string): void => {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
  };

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-rollup-s3-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 2, agents: 3, seed: 'rollup-s3', start: '2026-11-21', progress: false });
    athena = await startAthenaLocalEndpoint({ dataDir, runningPolls: 0, buckets: { 'connect-data': dataDir } });
    s3 = await startS3LocalEndpoint({ buckets: { 'connect-data': dataDir }, pageSize: 3 });
    // What the SDK reads itself in the deployed function (the configuration never sees these).
    setEnv('AWS_ENDPOINT_URL_ATHENA', athena.endpoint);
    setEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    setEnv('AWS_ACCESS_KEY_ID', 'test');
    setEnv('AWS_SECRET_ACCESS_KEY', 'test');
  });
  afterAll(async () => {
    await s3?.close();
    await athena?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  function handler() {
    const config = loadConfig({ ENGINE: 'athena', LOG_LEVEL: 'silent', AWS_REGION: 'us-east-1', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'rollups', ATHENA_OUTPUT_LOCATION: 's3://results/athena/', ROLLUP_BUCKET: 'connect-data', ROLLUP_LOOKBACK_DAYS: '4' });
    return createRollupHandler({ ...createDefaultRollupDeps(config), now: () => NOW });
  }

  it('builds the closed days through S3 and Athena, writes manifests to the bucket, and skips them on the next run', async () => {
    // The look-back's four days end with the last closed day (2026-11-22 at NOW, see lastClosedDay); two of them hold CTRs.
    const first = await handler()({}, { getRemainingTimeInMillis: () => 600_000 });
    expect(first).toMatchObject({ from: '2026-11-19', to: '2026-11-22', days: 2, built: 2, failed: 0 });
    expect(first.bytes).toBeGreaterThan(0);

    // The manifests went through PutObject as JSON; the CTR partitions were listed through ListObjectsV2.
    const puts = s3.requests.filter((r) => r.operation === 'PutObject');
    expect(puts.map((r) => r.key).sort()).toEqual(['rollups/_manifests/ctr/2026-11-21.json', 'rollups/_manifests/ctr/2026-11-22.json']);
    expect(puts.every((r) => r.contentType === 'application/json')).toBe(true);
    const manifest = parseRollupManifest(fs.readFileSync(path.join(dataDir, 'rollups/_manifests/ctr/2026-11-21.json'), 'utf8'));
    expect(manifest).toMatchObject({ engine: 'athena', day: '2026-11-21' });
    expect(manifest!.source.objects.every((o) => /^[0-9a-f]{32}$/.test(o.version))).toBe(true);
    expect(athena.requests.filter((r) => r.operation === 'StartQueryExecution' && String(r.body.QueryString).startsWith('UNLOAD'))).toHaveLength(2);

    const second = await handler()({});
    expect(second).toMatchObject({ built: 0, skippedClean: 2, failed: 0 });
  });

  it('rebuilds a day a late CTR landed in, deleting its old rollup objects through DeleteObjects first', async () => {
    const dayDir = path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=22');
    const contact = readRawRecords<Record<string, unknown>>(dataDir, 'ctr').find((r) => r.partition === '2026-11-22')!.record;
    fs.writeFileSync(path.join(dayDir, 'late-redelivery'), `${JSON.stringify({ ...contact, LastUpdateTimestamp: '2026-11-24T02:00:00.000Z' })}\n`);
    await athena.rescan();
    const rollupDir = path.join(dataDir, 'rollups/ctr/year=2026/month=11/day=22');
    const oldObjects = fs.readdirSync(rollupDir).map((name) => `rollups/ctr/year=2026/month=11/day=22/${name}`);
    expect(oldObjects.length).toBeGreaterThan(0);

    const third = await handler()({});

    expect(third).toMatchObject({ built: 1, skippedClean: 1, failed: 0 });
    const deletes = s3.requests.filter((r) => r.operation === 'DeleteObjects');
    expect(deletes.map((r) => r.deleteKeys)).toEqual([oldObjects]);
    // UNLOAD refuses a prefix that still holds objects: the rebuild succeeding means the old ones were gone.
    expect(fs.readdirSync(rollupDir)).toHaveLength(1);
  });
});
