/**
 * The Athena columns of the rollup benchmark (bench/rollup.bench.ts measures DuckDB): the same
 * dashboards (1, 7 and 30 days, daily by queue in America/New_York, the usual contact KPIs) answered
 * by the Athena engine through the local Athena-protocol endpoint (test/helpers/athena-local-endpoint.ts,
 * the statements run on DuckDB over the same files), from the records (raw) and from the rollups:
 *  - bytes: the sum of `Statistics.DataScannedInBytes` of the answer's statements, as the endpoint
 *    computes it (the sizes of the files of the tables each statement names, after pruning by its
 *    year/month/day predicates; a rollup Parquet file counts whole, an upper bound of what Athena
 *    reads of a columnar file);
 *  - latency: median of --runs answers through the engine (Start, polls, GetQueryResults; no result
 *    cache, no result reuse), so it includes the endpoint's HTTP round trips;
 *  - equal answers (the benchmark stops if raw and rollup differ);
 *  - the cost per refresh at $5/TB for the measured bytes, and scaled to a center of --scale-agents.
 *
 *   npm run build && node dist/bench/rollup-athena.bench.js [--days 32] [--agents 50] [--data-root DIR] [--runs 3] [--scale-agents 25000]
 *
 * The CTR data set is written once under --data-root (default bench/.data, the folder rollup.bench.ts
 * uses: `rollup-<days>x<agents>`) and reused; missing rollups are built with the DuckDB writer (the
 * same SELECT as the Athena UNLOAD, in the other dialect). Figures go to bench/results/rollup.json
 * under `<size>.athena`, beside rollup.bench.ts's `<size>.duckdb`. A benchmark, not a test.
 */
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { AthenaClient } from '@aws-sdk/client-athena';
import { planMetricsRequest } from '../src/domain/metrics/metric-request';
import { RequestStats } from '../src/domain/request-stats';
import { AthenaEngine } from '../src/history/athena.engine';
import { ctrRollupTable } from '../src/history/catalog';
import { DuckDbEngine } from '../src/history/duckdb.engine';
import { MetricsReader } from '../src/history/readers/metrics.reader';
import { writeCtrRollupDay } from '../src/history/rollups/ctr-rollup.writer';
import { rollupFilesAvailability } from '../src/history/rollups/rollup-availability';
import { listRollupFiles } from '../src/history/rollups/rollup-files';
import { ALL_INSTANCES } from '../src/history/sql/scope';
import { LocalRollupStateStore } from '../src/history/rollup-state/rollup-state.store';
import { startAthenaLocalEndpoint } from '../test/helpers/athena-local-endpoint';
import { dashboard, DAY_MS, ensureCtrDataSet, LATER_MS, START, TIME_ZONE, utcDate } from './rollup-dashboards';
import { median, round } from './numbers';
import { readResults, writeResults } from './results.writer';

/** After every generated day: all of them are closed. */
/** Athena's price per terabyte scanned (us-east-1, 2026). */
const USD_PER_TB = 5;

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '32' },
    agents: { type: 'string', default: '50' },
    'data-root': { type: 'string', default: path.resolve(__dirname, '..', '..', 'bench', '.data') },
    runs: { type: 'string', default: '3' },
    'scale-agents': { type: 'string', default: '25000' },
  },
});





async function main(): Promise<void> {
  const days = Number(args.days);
  const agents = Number(args.agents);
  const runs = Number(args.runs);
  const scaleAgents = Number(args['scale-agents']);
  const dataDir = await ensureCtrDataSet(args['data-root']!, days, agents);

  // Rollups of every CTR partition day that has none yet (DuckDB writer: the same SELECT as the UNLOAD).
  const store = new LocalRollupStateStore({ dataDir });
  const have = new Set(listRollupFiles(dataDir, ctrRollupTable).map((f) => f.dayKey));
  const missing = (await store.sourceDays()).filter((d) => !have.has(`${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`));
  if (missing.length > 0) {
    const duckdb = await DuckDbEngine.create({ dataDir, rescanSeconds: 0 });
    try {
      for (const day of missing) await writeCtrRollupDay(duckdb, dataDir, day);
    } finally {
      await duckdb.close();
    }
  }

  const local = await startAthenaLocalEndpoint({ dataDir, runningPolls: 0 });
  const client = new AthenaClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const engine = new AthenaEngine({ client, database: 'connect', workgroup: 'bench', resultReuseMinutes: 0, pollInitialMs: 5, pollMaxMs: 50 });
  const limits = { maxMetricsRangeDaysIntraday: 3, maxMetricsRangeDays: 35 };
  try {
    // The dashboards of rollup.bench.ts: local days ending on the data set's last UTC day, so a 30-day set has its 30-day dashboard.
    const lastDay = utcDate(Date.parse(`${START}T00:00:00Z`) + (days - 1) * DAY_MS);
    const dashboards: Record<string, unknown>[] = [];
    for (const length of [1, 7, 30].filter((n) => n <= days)) {
      const plan = planMetricsRequest(dashboard(length, lastDay), limits);
      const answer = async (rollups: boolean) => {
        const stats = new RequestStats();
        const reader = new MetricsReader(engine, stats, rollups ? { rollups: rollupFilesAvailability(dataDir), nowMs: () => LATER_MS } : { nowMs: () => LATER_MS });
        const result = await reader.read(ALL_INSTANCES, plan);
        return { result, stats: stats.snapshot() };
      };
      const raw = await answer(false);
      const rolled = await answer(true);
      if (!isDeepStrictEqual(raw.result, rolled.result)) throw new Error(`the ${length}-day dashboard differs between raw and rollup on Athena`);
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
      const rawBytes = raw.stats.bytesScanned ?? 0;
      const rollupBytes = rolled.stats.bytesScanned ?? 0;
      // Bytes grow with contacts, i.e. with agents: the same dashboard at --scale-agents.
      const scale = scaleAgents / agents;
      const usd = (bytes: number) => round((bytes * scale * USD_PER_TB) / 1e12, 4);
      dashboards.push({
        dashboard: `${length} day${length > 1 ? 's' : ''}, daily by queue (${TIME_ZONE})`,
        rows: raw.result.rows.length,
        rollupDays: rolled.stats.ctrPartitionDays?.rollup.length ?? 0,
        rawDataScannedBytes: rawBytes,
        rollupDataScannedBytes: rollupBytes,
        bytesRatio: round(rawBytes / Math.max(1, rollupBytes), 1),
        rawMedianMs: round(rawMs),
        rollupMedianMs: round(rollupMs),
        latencyRatio: round(rawMs / rollupMs, 1),
        [`rawUsdPerRefreshAt${scaleAgents}Agents`]: usd(rawBytes),
        [`rollupUsdPerRefreshAt${scaleAgents}Agents`]: usd(rollupBytes),
        equalAnswers: true,
      });
    }
    const size = `${days}x${agents}`;
    const figures = {
      size,
      engine: 'athena (local Athena-protocol endpoint over the same files)',
      bytesMeasure:
        'Sum of Statistics.DataScannedInBytes of the statements of the answer, as the local endpoint reports it: the sizes of the files of the tables each statement names, after pruning by its year/month/day predicates (a rollup Parquet file counts whole).',
      costModel: `$${USD_PER_TB}/TB scanned; scaled linearly from ${agents} to ${scaleAgents} agents (bytes grow with contacts).`,
      dashboards,
      runs,
      node: process.version,
      measuredAt: new Date().toISOString(),
    };
    const previous = readResults<Record<string, unknown>>('rollup') ?? {};
    writeResults('rollup', { ...previous, [size]: { ...(previous[size] as object | undefined), athena: figures } });
    console.table(dashboards.map((d) => ({ ...d, equalAnswers: undefined })));
  } finally {
    client.destroy();
    await local.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
