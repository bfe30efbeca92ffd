/**
 * Benchmark of the Data Analytics Sample's KPI set (test/operations/kpis.graphql) through the real
 * server over the 30 days × 500 agents data set, in JSON and in Parquet: each KPI operation over one
 * week (2026-10-12 … 2026-10-18, America/New_York) sent once cold (a fresh server: new DuckDB, empty
 * result cache) and once more cached (the second run: the result cache answers), per KPI and in total.
 *
 *   npm run build && node dist/bench/kpi.bench.js [--data-root DIR] [--formats json,parquet]
 *
 * Each format runs in its own child process, so "cold" is a fresh process and its first requests.
 * SIMULATE=0, embedded DynamoDB (the live agent state is empty: the dashboard times the state read).
 * Figures go to bench/results/kpi.json and are printed as a table. A benchmark, not a test.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from '../src/config/env';
import { startStack } from '../src/server/stack';
import { round } from './numbers';
import { writeResults } from './results.writer';

const OPERATIONS_FILE = path.resolve(__dirname, '..', '..', 'test', 'operations', 'kpis.graphql');
const WEEK = { from: '2026-10-12T00:00:00-04:00', to: '2026-10-19T00:00:00-04:00', timeZone: 'America/New_York' };
const WEEK_UTC = { from: '2026-10-12T04:00:00Z', to: '2026-10-19T04:00:00Z' };

/** One KPI request: the operation and its variables (the contact id is filled in at run time). */
const KPIS: { name: string; variables: Record<string, unknown> }[] = [
  { name: 'KpiCallsPerReasonPerDay', variables: WEEK },
  { name: 'KpiAbandonedPerReason', variables: { ...WEEK, afterSeconds: 12 } },
  { name: 'KpiAnsweredPerReason', variables: WEEK },
  { name: 'KpiAgentStatusDashboard', variables: {} },
  { name: 'KpiContactJourney', variables: {} },
  { name: 'KpiDisconnectReasons', variables: WEEK_UTC },
  { name: 'KpiSentiment', variables: WEEK },
  { name: 'KpiCustomerLoyaltyRisk', variables: { ...WEEK_UTC, category: 'customer-loyalty-risk', first: 500 } },
  { name: 'KpiEvaluationScores', variables: { ...WEEK_UTC, first: 500 } },
];

interface KpiTiming {
  kpi: string;
  coldMs: number;
  cachedMs: number;
  /** Rows, buckets or items in the answer (a sanity check that the KPI returned data). */
  size: number;
}


/** POSTs one operation; returns its time and the size of its answer. Throws on GraphQL errors. */
async function send(url: string, query: string, operationName: string, variables: Record<string, unknown>): Promise<{ ms: number; data: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, operationName, variables }) });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  const ms = performance.now() - started;
  if (body.errors?.length) throw new Error(`${operationName}: ${body.errors.map((e) => e.message).join('; ')}`);
  return { ms, data: body.data ?? {} };
}

/** A rough size of an answer: the length of its first list. */
function sizeOf(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  if (data && typeof data === 'object') {
    for (const v of Object.values(data)) {
      const n = sizeOf(v);
      if (n > 0) return n;
    }
  }
  return 0;
}

/** Child: one fresh server over one data set, every KPI cold then cached; prints the timings as JSON. */
async function runFormat(dataDir: string): Promise<void> {
  const query = fs.readFileSync(OPERATIONS_FILE, 'utf8');
  const config = loadConfig({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SIMULATE: '0', DYNAMODB_EMBEDDED: '1', DATA_DIR: dataDir });
  const started = performance.now();
  const stack = await startStack(config, pino({ level: 'silent' }), { onDemoDataProgress: false });
  const startupMs = performance.now() - started;
  try {
    // A contact of the week with a journey (not timed): the first contact of the busiest hour.
    const probe = await send(stack.url, 'query P($f: ContactFilter!) { contacts(filter: $f, first: 1) { edges { node { contactId } } } }', 'P', {
      f: { from: '2026-10-14T14:00:00Z', to: '2026-10-14T15:00:00Z' },
    });
    const contactId = (probe.data.contacts as { edges: { node: { contactId: string } }[] }).edges[0]?.node.contactId;
    const timings: KpiTiming[] = [];
    for (const kpi of KPIS) {
      const variables = kpi.name === 'KpiContactJourney' ? { contactId } : kpi.variables;
      const cold = await send(stack.url, query, kpi.name, variables);
      timings.push({ kpi: kpi.name, coldMs: round(cold.ms), cachedMs: 0, size: sizeOf(cold.data) });
    }
    for (const [i, kpi] of KPIS.entries()) {
      const variables = kpi.name === 'KpiContactJourney' ? { contactId } : kpi.variables;
      timings[i].cachedMs = round((await send(stack.url, query, kpi.name, variables)).ms, 2);
    }
    process.stdout.write(`${JSON.stringify({ startupMs: round(startupMs), timings })}\n`);
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-root': { type: 'string', default: path.resolve(__dirname, '..', '..', 'bench', '.data') },
      formats: { type: 'string', default: 'json,parquet' },
      child: { type: 'string' },
    },
    strict: true,
  });
  if (values.child) return runFormat(values.child);

  const results = [];
  for (const format of values.formats!.split(',')) {
    const dataDir = path.join(values['data-root']!, `30x500-${format}`);
    if (!fs.existsSync(path.join(dataDir, 'ctr'))) throw new Error(`${dataDir} is missing: run the history benchmark first (it writes the data sets)`);
    const started = performance.now();
    const child = spawnSync(process.execPath, [__filename, '--child', dataDir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`${format}: ${child.stderr || child.stdout}`);
    const { startupMs, timings } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { startupMs: number; timings: KpiTiming[] };
    const total = { coldMs: round(timings.reduce((s, t) => s + t.coldMs, 0)), cachedMs: round(timings.reduce((s, t) => s + t.cachedMs, 0), 2) };
    results.push({ size: '30x500', format, startupMs, processMs: round(performance.now() - started), timings, total });
    process.stdout.write(`\n30x500 ${format} (server startup ${startupMs} ms)\n`);
    console.table([...timings, { kpi: 'TOTAL', ...total, size: '' }]);
  }
  const out = { measuredAt: new Date().toISOString(), node: process.version, cpus: os.availableParallelism(), range: WEEK, results };
  writeResults('kpi', out);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
