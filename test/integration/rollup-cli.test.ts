import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { LocalRollupStateStore } from '../../src/history/rollup-state/rollup-state.store';
import { generateDemoData } from '../../src/local/demo-data';
import { ROLLUP_EXIT, runRollupCommand } from '../../src/local/rollup/rollup.command';
import { readRawRecords } from '../helpers/raw-records';

/** Output of one command run. */
async function run(argv: string[], now = new Date('2026-11-24T10:00:00Z')): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const err = Object.assign(new PassThrough(), { isTTY: false });
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await runRollupCommand(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: err, now });
  return { code, stdout, stderr };
}

describe('npm run rollup (runRollupCommand) on DuckDB', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-rollup-cli-')), 'data');
    // 2026-11-19 … 2026-11-23: at 2026-11-24T10:00Z the first four are closed (11-23 is yesterday: contacts may still run).
    await generateDemoData({ outDir: dataDir, days: 5, agents: 4, seed: 'rollup-cli', start: '2026-11-19', progress: false });
  });
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('builds every closed day, prints a summary, and the rollups hold the de-duplicated contacts', async () => {
    const { code, stdout } = await run(['--data', dataDir]);
    expect(code).toBe(ROLLUP_EXIT.OK);
    expect(stdout).toMatch(/4 closed day\(s\) considered: 4 built, 0 skipped \(clean\), 0 failed/);
    const store = new LocalRollupStateStore({ dataDir });
    const manifest = await store.readManifest({ year: 2026, month: 11, day: 20 });
    expect(manifest?.source.contacts).toBeGreaterThan(0);
    expect(manifest?.rollup.rows).toBeGreaterThan(0);
    // Yesterday's partition is not closed: never built.
    expect(await store.readManifest({ year: 2026, month: 11, day: 23 })).toBeUndefined();

    const engine = await DuckDbEngine.create({ dataDir, threads: 1, rescanSeconds: 0 });
    try {
      const { rows } = await engine.query<{ contacts: number }>({
        id: 't',
        sql: "SELECT sum(contacts)::INTEGER AS contacts FROM connect_ctr_rollup15 WHERE year = 2026 AND month = 11 AND day = 20 AND attribution = 'CONTACT_INITIATION'",
        params: [],
      });
      expect(rows[0].contacts).toBe(manifest!.source.contacts);
    } finally {
      await engine.close();
    }
  });

  it('skips clean days on the next run and rebuilds only the day a late file of any name landed in', async () => {
    expect((await run(['--data', dataDir])).stdout).toMatch(/0 built, 4 skipped \(clean\)/);
    const day = path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=21');
    const contact = readRawRecords<Record<string, unknown>>(dataDir, 'ctr').find((r) => r.partition === '2026-11-21')!.record;
    const late = { ...contact, LastUpdateTimestamp: '2026-11-24T09:00:00.000Z' };
    fs.writeFileSync(path.join(day, 'connect-ctr-1-2026-11-24-09-00-05-late'), `${JSON.stringify(late)}\n`);
    const { code, stdout } = await run(['--data', dataDir, '--json']);
    expect(code).toBe(ROLLUP_EXIT.OK);
    const summary = JSON.parse(stdout) as { built: number; skippedClean: number; outcomes: { day: string; outcome: string; reason?: string }[] };
    expect(summary).toMatchObject({ built: 1, skippedClean: 3 });
    expect(summary.outcomes.find((o) => o.outcome === 'built')).toMatchObject({ day: '2026-11-21', reason: 'dirty' });
    const manifest = await new LocalRollupStateStore({ dataDir }).readManifest({ year: 2026, month: 11, day: 21 });
    expect(manifest?.source.maxLastUpdateTimestamp).toBe('2026-11-24T09:00:00.000Z');
  });

  it('rebuilds a range with --force', async () => {
    const { code, stdout } = await run(['--data', dataDir, '--from', '2026-11-20', '--to', '2026-11-21', '--force']);
    expect(code).toBe(ROLLUP_EXIT.OK);
    expect(stdout).toMatch(/2 closed day\(s\) considered: 2 built/);
  });

  it('answers bad arguments with exit 2 and what to write instead', async () => {
    const bad = await run(['--data', dataDir, '--from', '21/11/2026']);
    expect(bad.code).toBe(ROLLUP_EXIT.USAGE);
    expect(bad.stderr).toMatch(/--from 21\/11\/2026 is not a date: write it as YYYY-MM-DD/);
    const swapped = await run(['--data', dataDir, '--from', '2026-11-22', '--to', '2026-11-20']);
    expect(swapped.code).toBe(ROLLUP_EXIT.USAGE);
    expect(swapped.stderr).toMatch(/is after --to/);
    expect((await run(['--bogus'])).code).toBe(ROLLUP_EXIT.USAGE);
  });

  it('fails with exit 1 and a clear message for a folder that is not a data folder', async () => {
    const { code, stderr } = await run(['--data', path.join(dataDir, 'nope')]);
    expect(code).toBe(ROLLUP_EXIT.FAILED);
    expect(stderr).toMatch(/is not a data folder \(it is empty or missing\)/);
  });
});
