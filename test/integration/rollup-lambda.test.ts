import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { loadConfig } from '../../src/config/env';
import { AthenaEngine } from '../../src/history/athena.engine';
import { LocalFolderObjectStore } from '../../src/history/rollup-state/object-store';
import { parseRollupManifest } from '../../src/history/rollup-state/rollup-manifest';
import { generateDemoData } from '../../src/local/demo-data';
import { createRollupDeps } from '../../src/lambda/rollup.deps';
import { createRollupHandler, RollupFailedError } from '../../src/lambda/rollup.handler';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { readRawRecords } from '../helpers/raw-records';

/**
 * The scheduled Athena rollup Lambda, end to end against the local Athena endpoint (the statements run
 * on DuckDB over the same folder, which also stands for the data bucket): UNLOAD of each closed day
 * to its rollup prefix, manifests in the bucket, a late CTR making one day dirty and only that day
 * rebuilt (its old objects deleted first: UNLOAD refuses a prefix that holds objects).
 */
describe('rollup Lambda (Athena UNLOAD through the engine choreography)', () => {
  const NOW = new Date('2026-11-24T03:00:00Z');
  let dataDir: string;
  let local: AthenaLocalEndpoint;
  let client: AthenaClient;

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-rollup-lambda-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 4, agents: 4, seed: 'rollup-lambda', start: '2026-11-19', progress: false });
    local = await startAthenaLocalEndpoint({ dataDir, runningPolls: 0, buckets: { 'connect-data': dataDir } });
    client = new AthenaClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  afterAll(async () => {
    client?.destroy();
    await local?.close();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  function handler() {
    const config = loadConfig({ ENGINE: 'athena', LOG_LEVEL: 'silent', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'rollups', ATHENA_OUTPUT_LOCATION: 's3://results/athena/', ROLLUP_BUCKET: 'connect-data', ROLLUP_LOOKBACK_DAYS: '7' });
    const deps = createRollupDeps(config, { objects: new LocalFolderObjectStore(dataDir), athenaClient: client });
    return createRollupHandler({ ...deps, now: () => NOW });
  }

  const unloads = () => local.requests.filter((r) => r.operation === 'StartQueryExecution' && String(r.body.QueryString).startsWith('UNLOAD'));

  async function contactsOfDay(day: string): Promise<{ rollup: number; raw: number }> {
    const engine = new AthenaEngine({ client, database: 'connect', workgroup: 'rollups', resultReuseMinutes: 0, pollInitialMs: 1 });
    const [y, m, d] = day.split('-').map(Number);
    const rollup = await engine.query<{ n: string }>({ id: 't', sql: "SELECT sum(contacts) AS n FROM connect_ctr_rollup15 WHERE year = ? AND month = ? AND day = ? AND attribution = 'CONTACT_INITIATION'", params: [y, m, d] });
    const raw = await engine.query<{ n: string }>({ id: 't', sql: 'SELECT count(DISTINCT contactid) AS n FROM connect_ctr WHERE year = ? AND month = ? AND day = ?', params: [y, m, d] });
    return { rollup: Number(rollup.rows[0].n), raw: Number(raw.rows[0].n) };
  }

  it('UNLOADs every closed day of the look-back to its rollup prefix as Parquet and writes manifests in the bucket', async () => {
    const result = await handler()({}, { getRemainingTimeInMillis: () => 600_000 });
    // The look-back's seven days end with the last closed day (2026-11-23 is yesterday at NOW); four of them hold CTRs.
    expect(result).toMatchObject({ from: '2026-11-16', to: '2026-11-22', days: 4, built: 4, skippedClean: 0, failed: 0, stoppedForTimeout: false });
    expect(result.rows).toBeGreaterThan(0);
    const statements = unloads().map((r) => String(r.body.QueryString));
    expect(statements).toHaveLength(4);
    expect(statements[0]).toMatch(/^UNLOAD \(WITH [\s\S]+\) TO 's3:\/\/connect-data\/rollups\/ctr\/year=2026\/month=11\/day=19\/' WITH \(format = 'PARQUET', compression = 'SNAPPY'\)$/);
    // Values stay execution parameters, the workgroup is the configured one, and no result is reused.
    expect(unloads()[0].body).toMatchObject({ WorkGroup: 'rollups', ExecutionParameters: expect.arrayContaining(['2026', '11', '19']) });
    expect(unloads()[0].body.ResultReuseConfiguration).toBeUndefined();
    const manifest = parseRollupManifest(fs.readFileSync(path.join(dataDir, 'rollups/_manifests/ctr/2026-11-20.json'), 'utf8'));
    expect(manifest).toMatchObject({ engine: 'athena', day: '2026-11-20', table: 'connect_ctr_rollup15' });
    expect(manifest!.rollup.bytes).toBeGreaterThan(0);
    const counts = await contactsOfDay('2026-11-20');
    expect(counts.rollup).toBe(counts.raw);
    expect(counts.raw).toBeGreaterThan(0);
  });

  it('skips clean days, and rebuilds only a day a late CTR landed in (old objects deleted, the new contact counted)', async () => {
    const before = unloads().length;
    expect(await handler()({})).toMatchObject({ built: 0, skippedClean: 4 });
    expect(unloads().length).toBe(before);

    const dayDir = path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=21');
    const contact = readRawRecords<Record<string, unknown>>(dataDir, 'ctr').find((r) => r.partition === '2026-11-21')!.record;
    const late = { ...contact, ContactId: 'late-0000-contact', LastUpdateTimestamp: '2026-11-24T02:00:00.000Z' };
    fs.writeFileSync(path.join(dayDir, 'connect-ctr-stream-1-2026-11-24-02-00-07-9f2e'), `${JSON.stringify(late)}\n`);
    await local.rescan();
    const rawBefore = (await contactsOfDay('2026-11-21')).raw;

    const result = await handler()({});
    expect(result).toMatchObject({ built: 1, skippedClean: 3 });
    expect(String(unloads().at(-1)!.body.QueryString)).toContain("'s3://connect-data/rollups/ctr/year=2026/month=11/day=21/'");
    const files = fs.readdirSync(path.join(dataDir, 'rollups/ctr/year=2026/month=11/day=21'));
    expect(files).toHaveLength(1);
    expect(await contactsOfDay('2026-11-21')).toEqual({ rollup: rawBefore, raw: rawBefore });
  });

  it('fails the invocation when a day fails, after building the others', async () => {
    // Another late CTR makes 2026-11-22 dirty; its UNLOAD fails (a target bucket the endpoint does not serve).
    const dayDir = path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=22');
    const contact = readRawRecords<Record<string, unknown>>(dataDir, 'ctr').find((r) => r.partition === '2026-11-22')!.record;
    fs.writeFileSync(path.join(dayDir, 'late-2'), `${JSON.stringify({ ...contact, LastUpdateTimestamp: '2026-11-24T02:30:00.000Z' })}\n`);
    const config = loadConfig({ ENGINE: 'athena', LOG_LEVEL: 'silent', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'rollups', ATHENA_OUTPUT_LOCATION: 's3://results/athena/', ROLLUP_BUCKET: 'elsewhere', ROLLUP_LOOKBACK_DAYS: '7' });
    const deps = createRollupDeps(config, { objects: new LocalFolderObjectStore(dataDir), athenaClient: client });
    const failing = createRollupHandler({ ...deps, now: () => NOW });
    const error = await failing({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollupFailedError);
    expect((error as Error).message).toMatch(/^1 rollup day\(s\) failed: 2026-11-22: .*not in a bucket this endpoint serves/);
  });
});
