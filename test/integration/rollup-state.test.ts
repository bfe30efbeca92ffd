import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { partitionDayKey, type DayPartition } from '../../src/domain/time-range';
import { ManifestRollupAvailability } from '../../src/history/rollup-state/rollup-availability';
import { runRollups, type RollupDayBuilder } from '../../src/history/rollup-state/rollup-job';
import { partitionPathOf } from '../../src/history/rollup-state/rollup-manifest';
import { LocalRollupStateStore } from '../../src/history/rollup-state/rollup-state.store';

const NOW = new Date('2026-11-25T10:00:00Z');
const day = (key: string): DayPartition => ({ year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)), day: Number(key.slice(8, 10)) });

/** A builder that writes one stand-in rollup object per day and records which days it built. */
function recordingBuilder(dataDir: string): RollupDayBuilder & { builtDays: string[] } {
  const builtDays: string[] = [];
  return {
    engine: 'duckdb',
    table: 'connect_ctr_rollup15',
    builtDays,
    build: async (d) => {
      builtDays.push(partitionDayKey(d));
      const folder = path.join(dataDir, 'rollups', 'ctr', partitionPathOf(d));
      await fs.promises.mkdir(folder, { recursive: true });
      await fs.promises.writeFile(path.join(folder, 'rollup.parquet'), 'rollup');
      return { rows: 10, bytes: 6, contacts: 3, maxLastUpdateTimestamp: '2026-11-20T10:00:00Z' };
    },
  };
}

function writeCtr(dataDir: string, key: string, name: string, body: string): void {
  const folder = path.join(dataDir, 'ctr', partitionPathOf(day(key)));
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, name), body);
}

describe('rollup state: manifests, dirty days and runs over a local data folder', () => {
  let dataDir: string;
  let store: LocalRollupStateStore;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-rollup-state-'));
    store = new LocalRollupStateStore({ dataDir });
    // Three closed days, yesterday (not closed: contacts may still run) and today.
    for (const key of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-24', '2026-11-25']) writeCtr(dataDir, key, 'firehose-1', '{"ContactId":"a"}\n');
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('builds every closed day that is missing, never yesterday or today, and writes a manifest per day', async () => {
    const builder = recordingBuilder(dataDir);
    const summary = await runRollups({ store, builder, now: NOW });
    expect(builder.builtDays).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(summary).toMatchObject({ days: 3, built: 3, skippedClean: 0, failed: 0, rows: 30, bytes: 18, aborted: false });
    const manifest = await store.readManifest(day('2026-11-21'));
    expect(manifest).toMatchObject({ day: '2026-11-21', engine: 'duckdb', table: 'connect_ctr_rollup15', rollup: { rows: 10, bytes: 6 } });
    expect(manifest!.source.objects).toEqual([{ path: 'year=2026/month=11/day=21/firehose-1', sizeBytes: 18, version: expect.stringMatching(/^\d+$/) }]);
    expect(manifest!.source.maxLastUpdateTimestamp).toBe('2026-11-20T10:00:00Z');
  });

  it('skips clean days, and a late file of any name in a closed partition makes that day dirty until the next run', async () => {
    const builder = recordingBuilder(dataDir);
    await runRollups({ store, builder, now: NOW });
    const availability = new ManifestRollupAvailability(store, { ttlMs: 0 });
    const closed = ['2026-11-20', '2026-11-21', '2026-11-22'].map(day);
    expect([...(await availability.cleanDays(closed))].sort()).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);

    writeCtr(dataDir, '2026-11-21', 'connect-ctr-stream-1-2026-11-25-09-59-00-0b1c', '{"ContactId":"a","LastUpdateTimestamp":"2026-11-25T09:59:00Z"}\n');
    expect([...(await availability.cleanDays(closed))].sort()).toEqual(['2026-11-20', '2026-11-22']);
    expect(await availability.dayState(day('2026-11-21'))).toMatchObject({ state: 'dirty' });

    builder.builtDays.length = 0;
    const second = await runRollups({ store, builder, now: NOW });
    expect(builder.builtDays).toEqual(['2026-11-21']);
    expect(second).toMatchObject({ built: 1, skippedClean: 2 });
    expect(second.outcomes.find((o) => o.day === '2026-11-21')).toMatchObject({ outcome: 'built', reason: 'dirty' });
    expect((await availability.cleanDays(closed)).size).toBe(3);
  });

  it('reports a day whose rollup objects were removed as dirty, and a day never built as missing', async () => {
    await runRollups({ store, builder: recordingBuilder(dataDir), now: NOW, to: day('2026-11-21') });
    const availability = new ManifestRollupAvailability(store, { ttlMs: 0 });
    expect(await availability.dayState(day('2026-11-22'))).toEqual({ state: 'missing' });
    fs.rmSync(path.join(dataDir, 'rollups', 'ctr', partitionPathOf(day('2026-11-20'))), { recursive: true });
    expect(await availability.dayState(day('2026-11-20'))).toMatchObject({ state: 'dirty' });
  });

  it('keeps a day\'s answer for its TTL, so a polling dashboard does not list folders each time, until forgotten', async () => {
    await runRollups({ store, builder: recordingBuilder(dataDir), now: NOW });
    const availability = new ManifestRollupAvailability(store, { ttlMs: 60_000 });
    expect((await availability.cleanDays([day('2026-11-21')])).size).toBe(1);
    writeCtr(dataDir, '2026-11-21', 'late', '{"ContactId":"b"}\n');
    expect((await availability.cleanDays([day('2026-11-21')])).size).toBe(1);
    availability.forget();
    expect((await availability.cleanDays([day('2026-11-21')])).size).toBe(0);
  });

  it('rebuilds clean days with force, honours from/to, and goes on after a failed day', async () => {
    const builder = recordingBuilder(dataDir);
    await runRollups({ store, builder, now: NOW });
    builder.builtDays.length = 0;
    const forced = await runRollups({ store, builder, now: NOW, force: true, from: day('2026-11-21'), to: day('2026-11-30') });
    expect(builder.builtDays).toEqual(['2026-11-21', '2026-11-22']);
    expect(forced.outcomes.map((o) => o.outcome === 'built' && o.reason)).toEqual(['forced', 'forced']);

    const failing: RollupDayBuilder = { ...builder, build: async (d) => (partitionDayKey(d) === '2026-11-20' ? Promise.reject(new Error('disk full')) : builder.build(d)) };
    const summary = await runRollups({ store, builder: failing, now: NOW, force: true });
    expect(summary).toMatchObject({ built: 2, failed: 1 });
    expect(summary.outcomes[0]).toMatchObject({ day: '2026-11-20', outcome: 'failed', error: new Error('disk full') });
  });

  it('stops between days when its signal aborts', async () => {
    const controller = new AbortController();
    const builder = recordingBuilder(dataDir);
    const summary = await runRollups({ store, builder, now: NOW, signal: controller.signal, onDay: () => controller.abort() });
    expect(builder.builtDays).toEqual(['2026-11-20']);
    expect(summary).toMatchObject({ built: 1, aborted: true });
  });
});
