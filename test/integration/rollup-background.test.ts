import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalRollupStateStore } from '../../src/history/rollup-state/rollup-state.store';
import { generateDemoData } from '../../src/local/demo-data';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer } from '../helpers/test-server';

const QUERY = `query { metrics(input: { from: "2026-11-19T00:00:00Z", to: "2026-11-23T00:00:00Z", interval: DAY, timeZone: "UTC", metrics: [{ name: CONTACTS_HANDLED }] }) { rows { intervalStart } } }`;

/** The embedded stack's background rollup task: on by configuration, never in the way of start-up or of stopping. */
describe('embedded background rollups', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-rollup-bg-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 4, agents: 4, seed: 'rollup-bg', start: '2026-11-19', progress: false });
  });
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('answers right after start without waiting for a rollup, and stops cleanly while a run is building days', async () => {
    const server = await startTestServer({ DATA_DIR: dataDir, ROLLUP_INTERVAL_SECONDS: '3600', ROLLUP_CLEAN_CACHE_SECONDS: '0' });
    let stopped = false;
    try {
      const first = await postQuery<unknown>(server.url, QUERY);
      expect(first.body.errors).toBeUndefined();
      // The first background run is a minute away: nothing was rolled up before the first answer.
      expect((first.body.extensions?.stats as { ctrPartitionDays?: { rollup: string[] } }).ctrPartitionDays?.rollup ?? []).toEqual([]);
      expect(fs.existsSync(path.join(dataDir, 'rollups'))).toBe(false);

      const running = server.stack.rollups!.runNow();
      await server.stop();
      stopped = true;
      const summary = await running;
      expect(summary.failed).toBe(0);
      // Stopped between days: whatever was built is whole (a manifest only beside its Parquet file), no temporary files left.
      const store = new LocalRollupStateStore({ dataDir });
      for (const day of await store.sourceDays()) {
        const manifest = await store.readManifest(day);
        if (manifest) expect(await store.rollupExists(day)).toBe(true);
      }
      const leftovers = fs.existsSync(path.join(dataDir, 'rollups', 'ctr'))
        ? fs.readdirSync(path.join(dataDir, 'rollups', 'ctr'), { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'))
        : [];
      expect(leftovers).toEqual([]);
      // Either the stop came between two days (the run ended early) or the run had finished them all.
      expect(summary.aborted ? summary.built < 4 : summary.built === 4).toBe(true);
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
