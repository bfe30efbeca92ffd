/**
 * Benchmark of the history engine on a generated data set (default 30 days × 500 agents), in JSON and
 * in Parquet:
 *  - a typical dashboard query (one day of contacts of one queue, first 100) through the engine
 *    (builder + bound parameters + views) vs a hand-written SQL of the same question run directly in
 *    DuckDB (only the columns the dashboard shows), and vs the engine's own statement run directly
 *    with the values inlined (what the engine itself adds);
 *  - files read for a one-day query vs all files (partition pruning), from EXPLAIN ANALYZE;
 *  - cold (engine) vs cached (result cache) response time.
 *
 *   npm run build && node dist/bench/history.bench.js [--days 30] [--agents 500] [--data-root DIR] [--runs 5]
 *
 * Data sets are written once under --data-root (default bench/.data) and reused. Figures go to
 * bench/results/history.json and are printed as a table. A benchmark, not a test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { CachingQueryEngine, ResultCache } from '../src/cache';
import { PARTITION_MARGINS, planPartitions } from '../src/domain/partition-planner';
import { ctrTable } from '../src/history/catalog';
import { DuckDbEngine } from '../src/history/duckdb.engine';
import { inlineTrinoParams } from '../src/history/athena/trino-literal';
import { duckDbViewSql } from '../src/history/duckdb-reader';
import { contactPageQuery } from '../src/history/sql/contacts.sql';
import { ALL_INSTANCES } from '../src/history/sql/scope';
import { generateDemoData } from '../src/local/demo-data';
import { median, round } from './numbers';
import { writeResults } from './results.writer';

const START = '2026-10-01';


async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function ensureDataSet(root: string, days: number, agents: number, format: 'json' | 'parquet'): Promise<string> {
  const dir = path.join(root, `${days}x${agents}-${format}`);
  if (fs.existsSync(path.join(dir, 'ctr'))) return dir;
  process.stdout.write(`writing ${days} days x ${agents} agents (${format}) into ${dir}\n`);
  await generateDemoData({ outDir: dir, days, agents, seed: 'bench', start: START, format, progress: process.stdout.isTTY });
  return dir;
}

/** EXPLAIN ANALYZE's "Total Files Read" summed over the plan. */
function filesRead(plan: string): number {
  return [...plan.matchAll(/Total Files Read: (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function benchFormat(dataDir: string, format: 'json' | 'parquet', runs: number) {
  const engine = await DuckDbEngine.create({ dataDir });
  const day = { from: new Date(`${START}T00:00:00Z`), to: new Date(Date.parse(`${START}T00:00:00Z`) + 86_400_000) };
  day.from.setUTCDate(day.from.getUTCDate() + 14);
  day.to.setUTCDate(day.to.getUTCDate() + 14);
  const query = contactPageQuery({
    dialect: 'duckdb',
    scope: ALL_INSTANCES,
    partitions: planPartitions(day, PARTITION_MARGINS.contactsByInitiation),
    filter: { ...day, queue: 'Support' },
    limit: 101,
  });
  await engine.query(query); // warm the file system cache for both contenders
  const engineMs = await timeIt(runs, () => engine.query(query));

  const direct = await (await DuckDBInstance.create(':memory:')).connect();
  // A hand-written reader still needs explicit columns: auto-detection fails on keys that collide
  // once lower-cased (CustomerTier / customerTier in Attributes). It reads the files the engine found
  // (by content: Firehose names have no extension), plain and gzip separately.
  const list = (files: readonly string[]) => `[${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;
  const ctrFiles = engine.files.files('ctr');
  const columns = `columns={'ContactId': 'VARCHAR', 'InitiationTimestamp': 'VARCHAR', 'LastUpdateTimestamp': 'VARCHAR', 'Channel': 'VARCHAR', 'Queue': 'STRUCT("Name" VARCHAR)', 'Agent': 'STRUCT("Username" VARCHAR)'}`;
  const sources =
    format === 'parquet'
      ? `read_parquet(${list(ctrFiles.parquet)}, hive_partitioning=true)`
      : [
          ...(ctrFiles.json.length > 0 ? [`SELECT * FROM read_json(${list(ctrFiles.json)}, hive_partitioning=true, format='auto', compression='uncompressed', ${columns})`] : []),
          ...(ctrFiles.jsonGzip.length > 0 ? [`SELECT * FROM read_json(${list(ctrFiles.jsonGzip)}, hive_partitioning=true, format='auto', compression='gzip', ${columns})`] : []),
        ]
          .join(' UNION ALL BY NAME ')
          .replace(/^/, '(')
          .concat(')');
  const y = day.from.getUTCFullYear();
  const m = day.from.getUTCMonth() + 1;
  const d = day.from.getUTCDate();
  const handWritten = `
    SELECT * FROM (
      SELECT ContactId, InitiationTimestamp, Channel, Queue.Name AS queue_name, Agent.Username AS agent,
             row_number() OVER (PARTITION BY ContactId ORDER BY LastUpdateTimestamp DESC) AS rn
      FROM ${sources}
      WHERE year = ${y} AND month = ${m} AND day = ${d}
    ) WHERE rn = 1 AND queue_name = 'Support'
      AND CAST(InitiationTimestamp AS TIMESTAMPTZ) >= TIMESTAMPTZ '${day.from.toISOString()}'
      AND CAST(InitiationTimestamp AS TIMESTAMPTZ) < TIMESTAMPTZ '${day.to.toISOString()}'
    ORDER BY InitiationTimestamp, ContactId LIMIT 101`;
  await direct.runAndReadAll(handWritten);
  const directMs = await timeIt(runs, () => direct.runAndReadAll(handWritten));

  // The engine's own statement (all contact columns, de-duplication) run directly, values inlined:
  // what the engine adds on top of DuckDB (pooling, binding, row conversion).
  await direct.run(duckDbViewSql(ctrTable, ctrFiles));
  const inlined = inlineTrinoParams(query.sql, query.params);
  await direct.runAndReadAll(inlined);
  const sameSqlDirectMs = await timeIt(runs, () => direct.runAndReadAll(inlined));

  const explain = async (sql: string, params: unknown[] = []) => {
    const reader = await direct.runAndReadAll(`EXPLAIN ANALYZE ${sql}`, params as never);
    return filesRead(String(reader.getRowObjectsJson()[0].explain_value));
  };
  const filesOneDay = await explain(query.sql, [...query.params]);
  const filesAll = await explain('SELECT count(*) FROM connect_ctr');

  const cached = new CachingQueryEngine(engine, new ResultCache({}));
  const coldMs = await timeIt(1, () => cached.query(query));
  const warmMs = await timeIt(runs, () => cached.query(query));
  await engine.close();
  return {
    format,
    engineMs: round(engineMs),
    directMs: round(directMs),
    ratioEngineToDirect: round(engineMs / directMs, 2),
    sameSqlDirectMs: round(sameSqlDirectMs),
    ratioEngineToSameSql: round(engineMs / sameSqlDirectMs, 2),
    filesReadOneDay: filesOneDay,
    filesReadAll: filesAll,
    coldMs: round(coldMs),
    cachedMs: round(warmMs, 3),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '30' },
      agents: { type: 'string', default: '500' },
      runs: { type: 'string', default: '5' },
      'data-root': { type: 'string', default: path.resolve(__dirname, '..', '..', 'bench', '.data') },
    },
    strict: true,
  });
  const days = Number(values.days);
  const agents = Number(values.agents);
  const runs = Number(values.runs);
  const rows = [];
  for (const format of ['json', 'parquet'] as const) {
    const dir = await ensureDataSet(values['data-root']!, days, agents, format);
    rows.push({ size: `${days}x${agents}`, ...(await benchFormat(dir, format, runs)) });
  }
  const report = { measuredAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs, results: rows };
  console.table(rows);
  writeResults('history', report);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
