import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ctrRollupTable } from '../../src/history/catalog';
import { inspectDataDir } from '../../src/history/data-layout';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { writeCtrRollupDay } from '../../src/history/rollups/ctr-rollup.writer';
import { listRollupFiles, rollupFilePath } from '../../src/history/rollups/rollup-files';
import { generateDemoData } from '../../src/local/demo-data';
import { addCtrRedeliveries } from '../helpers/ctr-redeliveries';
import { readRawRecords } from '../helpers/raw-records';

interface RawCtr {
  ContactId: string;
  LastUpdateTimestamp: string;
  InitiationTimestamp: string;
  Queue?: { EnqueueTimestamp?: string | null } | null;
  Agent?: { ConnectedToAgentTimestamp?: string | null } | null;
}

describe('writeCtrRollupDay (DuckDB, one CTR partition day into its Parquet file)', () => {
  let dataDir: string;
  let engine: DuckDbEngine;
  const day = { year: 2026, month: 3, day: 8 };

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rollup-writer-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 2, agents: 6, seed: 'rollup-writer', start: '2026-03-07', progress: false });
    expect(addCtrRedeliveries(dataDir)).toBeGreaterThan(20);
    engine = await DuckDbEngine.create({ dataDir, threads: 2, rescanSeconds: 0 });
  });
  afterAll(async () => {
    await engine.close();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('sees no rollup before one is written (an empty view with the table columns)', async () => {
    const { rows } = await engine.query<{ n: number }>({ id: 't', sql: 'SELECT count(*)::INTEGER AS n FROM connect_ctr_rollup15', params: [] });
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('writes the de-duplicated contacts of the day, one copy per attribution timestamp they have', async () => {
    const written = await writeCtrRollupDay(engine, dataDir, day);
    expect(written.file).toBe(rollupFilePath(dataDir, ctrRollupTable, day));
    expect(written.file).toMatch(/\/rollups\/ctr\/year=2026\/month=03\/day=08\/rollup15\.parquet$/);
    expect(written.rows).toBeGreaterThan(0);
    await engine.refreshRollupViews();

    // The latest delivery of each contact of the partition, from the files themselves.
    const latest = new Map<string, RawCtr>();
    for (const { record, partition } of readRawRecords<RawCtr>(dataDir, 'ctr')) {
      if (partition !== '2026-03-08') continue;
      const seen = latest.get(record.ContactId);
      if (!seen || Date.parse(record.LastUpdateTimestamp) > Date.parse(seen.LastUpdateTimestamp)) latest.set(record.ContactId, record);
    }
    const deliveries = readRawRecords<RawCtr>(dataDir, 'ctr').filter((r) => r.partition === '2026-03-08').length;
    expect(deliveries).toBeGreaterThan(latest.size); // the demo data re-delivers contacts
    const contacts = [...latest.values()];
    const expected = {
      CONTACT_INITIATION: contacts.length,
      QUEUE_ENQUEUE: contacts.filter((c) => c.Queue?.EnqueueTimestamp).length,
      AGENT_CONNECTED: contacts.filter((c) => c.Agent?.ConnectedToAgentTimestamp).length,
    };
    const { rows } = await engine.query<{ attribution: string; contacts: number; year: number; month: number; day: number; off_grid: number }>({
      id: 't',
      sql: `SELECT attribution, sum(contacts)::INTEGER AS contacts, min(year) AS year, min(month) AS month, min(day) AS day,
              sum(CASE WHEN bucket_start_epoch_seconds % 900 <> 0 THEN 1 ELSE 0 END)::INTEGER AS off_grid
            FROM connect_ctr_rollup15 GROUP BY attribution ORDER BY attribution`,
      params: [],
    });
    expect(Object.fromEntries(rows.map((r) => [r.attribution, r.contacts]))).toEqual(expected);
    expect(rows.every((r) => r.year === 2026 && r.month === 3 && r.day === 8 && r.off_grid === 0)).toBe(true);
  });

  it('replaces the day atomically, leaves no temporary file, and keeps the data folder in the layout', async () => {
    const first = fs.statSync(rollupFilePath(dataDir, ctrRollupTable, day));
    const again = await writeCtrRollupDay(engine, dataDir, day);
    expect(fs.readdirSync(path.dirname(again.file))).toEqual(['rollup15.parquet']);
    expect(fs.statSync(again.file).ino).not.toBe(first.ino);
    expect(listRollupFiles(dataDir, ctrRollupTable).map((f) => f.dayKey)).toEqual(['2026-03-08']);
    expect(inspectDataDir(dataDir)).toEqual({ kind: 'layout', sources: ['ae', 'cfl', 'cl', 'ctr', 'ef'] });
    // Rollups are derived: a folder holding only them is not a data folder (and not an empty one to fill with demo data).
    const onlyRollups = fs.mkdtempSync(path.join(os.tmpdir(), 'rollups-only-'));
    fs.cpSync(path.join(dataDir, 'rollups'), path.join(onlyRollups, 'rollups'), { recursive: true });
    expect(inspectDataDir(onlyRollups)).toEqual({ kind: 'invalid', reason: 'there is no ctr/ folder' });
    fs.rmSync(onlyRollups, { recursive: true, force: true });
  });

  it('writes an empty rollup for a day without contacts (the day is rolled up, with nothing in it)', async () => {
    const empty = await writeCtrRollupDay(engine, dataDir, { year: 2026, month: 1, day: 1 });
    expect(empty.rows).toBe(0);
    await engine.rescan();
    const { rows } = await engine.query<{ n: number }>({ id: 't', sql: 'SELECT count(*)::INTEGER AS n FROM connect_ctr_rollup15 WHERE year = 2026 AND month = 1', params: [] });
    expect(rows).toEqual([{ n: 0 }]);
    expect(listRollupFiles(dataDir, ctrRollupTable).map((f) => f.dayKey)).toEqual(['2026-01-01', '2026-03-08']);
  });
});
