/**
 * Benchmark of the 15-minute CTR rollup on the embedded engine (DuckDB), on a generated data set
 * (default 30 days × 500 agents, CTRs only): dashboards of 1, 7 and 30 days, daily by queue in
 * America/New_York, read from the records (raw) and from the rollups of the closed days:
 *  - bytes read: the sum of the sizes of the files each plan reads (every CTR file of a raw
 *    partition day — DuckDB reads JSON whole — and the rollup Parquet file of a rolled-up day, an
 *    upper bound since DuckDB reads only the columns it needs), for each statement of the answer;
 *  - latency: median of --runs answers, straight from the engine (no result cache);
 *  - equal answers (the benchmark stops if they differ);
 *  - the time and size of building the rollups.
 *
 *   npm run build && node dist/bench/rollup.bench.js [--days 30] [--agents 500] [--data-root DIR] [--runs 3]
 *
 * The data set is written once under --data-root (default bench/.data), in chunks of 5 days whose
 * non-CTR folders are deleted (the full 30 × 500 set is 34 GB; its CTRs about 2 GB), and reused.
 * Figures go to bench/results/rollup.json (an entry per size). A benchmark, not a test.
 */
import { isDeepStrictEqual } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { planMetricsRequest } from '../src/domain/metrics/metric-request';
import { RequestStats } from '../src/domain/request-stats';
import { ctrRollupTable } from '../src/history/catalog';
import { DuckDbEngine } from '../src/history/duckdb.engine';
import { MetricsReader } from '../src/history/readers/metrics.reader';
import { planFamilyQueries, rollupCandidateDays } from '../src/history/readers/metrics-queries';
import { writeCtrRollupDay } from '../src/history/rollups/ctr-rollup.writer';
import { rollupFilesAvailability } from '../src/history/rollups/rollup-availability';
import { listRollupFiles } from '../src/history/rollups/rollup-files';
import { ALL_INSTANCES } from '../src/history/sql/scope';
import { sqlLiteral } from '../src/history/duckdb-reader';
import { dashboard, DAY_MS, ensureCtrDataSet, LATER_MS, START, TIME_ZONE, utcDate } from './rollup-dashboards';
import { median, round } from './numbers';
import { readResults, writeResults } from './results.writer';

/** After every generated day: all of them are closed. */

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    agents: { type: 'string', default: '500' },
    'data-root': { type: 'string', default: path.resolve(__dirname, '..', '..', 'bench', '.data') },
    runs: { type: 'string', default: '3' },
  },
});




/** Bytes of the CTR files per partition day (`YYYY-MM-DD`), from the engine's file index. */
function ctrBytesByDay(engine: DuckDbEngine): Map<string, number> {
  const out = new Map<string, number>();
  const files = engine.files.files('ctr');
  for (const file of [...files.json, ...files.jsonGzip, ...files.parquet]) {
    const m = /year=(\d{4})\/month=(\d{1,2})\/day=(\d{1,2})\//.exec(file);
    if (!m) continue;
    const key = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    out.set(key, (out.get(key) ?? 0) + fs.statSync(file).size);
  }
  return out;
}

/** Compressed bytes of each column of a Parquet file (all row groups), from DuckDB's `parquet_metadata`. */
async function columnBytes(engine: DuckDbEngine, file: string): Promise<Map<string, number>> {
  const { rows } = await engine.query<{ name: string; bytes: number | string }>({
    id: 'bench_parquet_metadata',
    sql: `SELECT path_in_schema AS name, sum(total_compressed_size)::BIGINT AS bytes FROM parquet_metadata(${sqlLiteral(file)}) GROUP BY 1`,
    params: [],
  });
  return new Map(rows.map((r) => [r.name, Number(r.bytes)]));
}

/** The rollup columns a statement names in its rollup part (`rollup_facts`): the Parquet columns it reads. */
function rollupColumnsRead(statement: string): string[] {
  const start = statement.indexOf('rollup_facts AS (');
  if (start < 0) return [];
  const part = statement.slice(start, statement.indexOf('rollup_partial AS (', start));
  return ctrRollupTable.columns.map((c) => c.name).filter((name) => new RegExp(`\\b${name}\\b`).test(part));
}


async function main(): Promise<void> {
  const days = Number(args.days);
  const agents = Number(args.agents);
  const runs = Number(args.runs);
  const dataDir = await ensureCtrDataSet(args['data-root']!, days, agents);
  const engine = await DuckDbEngine.create({ dataDir, rescanSeconds: 0 });
  const limits = { maxMetricsRangeDaysIntraday: 3, maxMetricsRangeDays: 35 };
  try {
    // Build the rollup of every CTR partition day.
    const partitionDays = [...ctrBytesByDay(engine).keys()].sort();
    const buildStarted = performance.now();
    for (const key of partitionDays) {
      const [year, month, day] = key.split('-').map(Number);
      await writeCtrRollupDay(engine, dataDir, { year, month, day });
    }
    const buildMs = performance.now() - buildStarted;
    await engine.rescan();
    const rollupFiles = listRollupFiles(dataDir, ctrRollupTable);
    const rollupBytes = new Map(rollupFiles.map((f) => [f.dayKey, f.sizeBytes]));
    const ctrBytes = ctrBytesByDay(engine);
    const rollupColumnBytes = new Map<string, Map<string, number>>();
    for (const f of rollupFiles) rollupColumnBytes.set(f.dayKey, await columnBytes(engine, f.file));
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

    // Local days ending on the data set's last UTC day (its last hours in New York fall on a day without data, alike for both plans).
    const lastDay = utcDate(Date.parse(`${START}T00:00:00Z`) + (days - 1) * DAY_MS);
    const dashboards: Record<string, unknown>[] = [];
    for (const length of [1, 7, 30].filter((n) => n <= days)) {
      const request = dashboard(length, lastDay);
      const plan = planMetricsRequest(request, limits);
      const available = await rollupFilesAvailability(dataDir).cleanDays(rollupCandidateDays(plan, LATER_MS));
      const bytesOf = (rollupDays: ReadonlySet<string>) =>
        planFamilyQueries(plan, 'duckdb', ALL_INSTANCES, rollupDays).reduce(
          (sum, q) => sum + q.partitionDays!.raw.reduce((s, d) => s + (ctrBytes.get(d) ?? 0), 0) + q.partitionDays!.rollup.reduce((s, d) => s + (rollupBytes.get(d) ?? 0), 0),
          0,
        );
      const answer = (rollups: boolean) =>
        new MetricsReader(engine, new RequestStats(), rollups ? { rollups: rollupFilesAvailability(dataDir), nowMs: () => LATER_MS } : { nowMs: () => LATER_MS }).read(ALL_INSTANCES, plan);
      const raw = await answer(false);
      const rolled = await answer(true);
      if (!isDeepStrictEqual(raw, rolled)) throw new Error(`the ${length}-day dashboard differs between raw and rollup`);
      const time = async (rollups: boolean) => {
        const samples: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await answer(rollups);
          samples.push(performance.now() - t);
        }
        return median(samples);
      };
      const rawMs = await time(false);
      const rollupMs = await time(true);
      const rawBytes = bytesOf(new Set());
      const fromRollupBytes = bytesOf(available);
      // What a columnar reader (DuckDB, Athena) reads of the rollup files: the chunks of the columns the statement names.
      const fromRollupColumnBytes = planFamilyQueries(plan, 'duckdb', ALL_INSTANCES, available).reduce((sum, q) => {
        const columns = rollupColumnsRead(q.query.sql);
        const rawPart = q.partitionDays!.raw.reduce((s, d) => s + (ctrBytes.get(d) ?? 0), 0);
        const rollupPart = q.partitionDays!.rollup.reduce((s, d) => s + columns.reduce((c, name) => c + (rollupColumnBytes.get(d)?.get(name) ?? 0), 0), 0);
        return sum + rawPart + rollupPart;
      }, 0);
      dashboards.push({
        dashboard: `${length} day${length > 1 ? 's' : ''}, daily by queue (${TIME_ZONE})`,
        statements: planFamilyQueries(plan, 'duckdb', ALL_INSTANCES).length,
        rows: raw.rows.length,
        rollupDays: available.size,
        rawBytes,
        rollupBytes: fromRollupBytes,
        bytesRatio: round(rawBytes / fromRollupBytes, 1),
        rollupColumnChunkBytes: fromRollupColumnBytes,
        columnChunkBytesRatio: round(rawBytes / fromRollupColumnBytes, 1),
        rawMedianMs: round(rawMs),
        rollupMedianMs: round(rollupMs),
        latencyRatio: round(rawMs / rollupMs, 1),
        equalAnswers: true,
      });
    }

    const size = `${days}x${agents}`;
    const figures = {
      size,
      engine: 'duckdb',
      bytesMeasure:
        'rawBytes/rollupBytes: sum of the sizes of the files each statement of the answer reads (CTR JSON files of raw days, read whole; the whole rollup Parquet file of rolled-up days). rollupColumnChunkBytes: the same with only the compressed column chunks of the rollup columns the statement names (parquet_metadata), as a columnar reader reads them.',
      ctrPartitionDays: partitionDays.length,
      ctrBytes: total(ctrBytes),
      rollupFileBytes: total(rollupBytes),
      rollupBuildSeconds: round(buildMs / 1000),
      rollupBuildMsPerDay: round(buildMs / partitionDays.length),
      dashboards,
      runs,
      node: process.version,
      measuredAt: new Date().toISOString(),
    };
    const previous = readResults<Record<string, unknown>>('rollup') ?? {};
    writeResults('rollup', { ...previous, [size]: { ...(previous[size] as object | undefined), duckdb: figures } });
    console.table(dashboards.map((d) => ({ ...d, dashboard: d.dashboard, equalAnswers: undefined })));
    process.stdout.write(`rollups: ${figures.ctrPartitionDays} days, ${figures.rollupFileBytes} bytes (CTR files ${figures.ctrBytes} bytes), built in ${figures.rollupBuildSeconds} s\n`);
  } finally {
    await engine.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
