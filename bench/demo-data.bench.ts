/**
 * Benchmark of the demo-data generator: wall time, output size, peak memory and record counts for
 * one or more sizes. Each size runs in its own child process so that its peak RSS is its own.
 *
 *   npm run build && node dist/bench/demo-data.bench.js [--size DAYSxAGENTS ...] [--format json|parquet] [--gzip] [--keep DIR]
 *
 * Default sizes: 7x50 and 30x500. Figures go to bench/results/demo-data.json (merged by size and
 * format) and are printed as a table. A benchmark, not a test: nothing here asserts on time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoData, type DemoDataSummary } from '../src/local/demo-data';
import { readResults, writeResults } from './results.writer';

/** One measured run. */
export interface DemoDataBenchResult {
  readonly size: string;
  readonly days: number;
  readonly agents: number;
  readonly format: 'json' | 'parquet';
  readonly gzip: boolean;
  readonly wallSeconds: number;
  readonly peakRssMb: number;
  readonly outputMb: number;
  readonly files: number;
  readonly contacts: number;
  readonly records: DemoDataSummary['counts'];
  readonly megabytesPerSecond: number;
  readonly node: string;
  readonly cpus: number;
  readonly measuredAt: string;
}

const SEED = 'bench';
const START = '2024-03-04';

/** Runs one size in this process and returns its figures. */
async function measure(days: number, agents: number, format: 'json' | 'parquet', gzip: boolean, keepDir: string | undefined): Promise<DemoDataBenchResult> {
  const outDir = keepDir ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'demo-data-bench-')), 'data');
  const startedAt = process.hrtime.bigint();
  const summary = await generateDemoData({ outDir, days, agents, seed: SEED, start: START, format, gzip, progress: true });
  const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  if (keepDir === undefined) fs.rmSync(path.dirname(outDir), { recursive: true, force: true });
  return {
    size: `${days}x${agents}`,
    days,
    agents,
    format,
    gzip,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    outputMb: Math.round(summary.bytes / 1_048_576),
    files: summary.files,
    contacts: summary.contacts,
    records: summary.counts,
    megabytesPerSecond: Math.round(summary.bytes / 1_048_576 / wallSeconds),
    node: process.version,
    cpus: os.cpus().length,
    measuredAt: new Date().toISOString(),
  };
}

function parseSize(text: string): [number, number] {
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (match === null) throw new Error(`--size must look like DAYSxAGENTS, e.g. 7x50 (got "${text}")`);
  return [Number(match[1]), Number(match[2])];
}

function printTable(results: readonly DemoDataBenchResult[]): void {
  const rows = results.map((result) => ({
    size: `${result.days} d × ${result.agents} agents`,
    format: `${result.format}${result.gzip ? '+gzip' : ''}`,
    'wall s': result.wallSeconds,
    'peak RSS MB': result.peakRssMb,
    'output MB': result.outputMb,
    'MB/s': result.megabytesPerSecond,
    contacts: result.contacts,
    'CTR lines': result.records.ctr,
    'agent events': result.records.ae,
    'flow logs': result.records.cfl,
  }));
  console.table(rows);
}

/** Merges the figures into bench/results/demo-data.json: one entry per size and format (a run replaces its own only). */
function saveResults(results: readonly DemoDataBenchResult[]): void {
  const saved = readResults<Record<string, DemoDataBenchResult>>('demo-data') ?? {}; // none on a first run
  for (const result of results) saved[`${result.size} ${result.format}${result.gzip ? '+gzip' : ''}`] = result;
  writeResults('demo-data', saved);
}

/**
 * Runs the benchmark for the given sizes (`DAYSxAGENTS`), one child process each, saves and prints
 * the figures.
 */
export function runDemoDataBench(sizes: readonly string[], options: { format?: 'json' | 'parquet'; gzip?: boolean } = {}): DemoDataBenchResult[] {
  const results: DemoDataBenchResult[] = [];
  for (const size of sizes) {
    parseSize(size);
    const args = [__filename, '--child', '--size', size, '--format', options.format ?? 'json', ...(options.gzip === true ? ['--gzip'] : [])];
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`benchmark of ${size} failed (exit ${child.status})`);
    results.push(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as DemoDataBenchResult);
  }
  saveResults(results);
  printTable(results);
  return results;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', multiple: true },
      format: { type: 'string', default: 'json' },
      gzip: { type: 'boolean', default: false },
      keep: { type: 'string' },
      child: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const format = values.format === 'parquet' ? 'parquet' : 'json';
  const sizes = values.size ?? ['7x50', '30x500'];
  if (values.child) {
    const [days, agents] = parseSize(sizes[0] as string);
    console.log(JSON.stringify(await measure(days, agents, format, values.gzip, values.keep)));
    return;
  }
  if (values.keep !== undefined) {
    // Keeping the output is for one size at a time, in this process.
    const results = [];
    for (const size of sizes) {
      const [days, agents] = parseSize(size);
      results.push(await measure(days, agents, format, values.gzip, path.join(values.keep, `${size}-${format}${values.gzip ? '-gzip' : ''}`)));
    }
    saveResults(results);
    printTable(results);
    return;
  }
  runDemoDataBench(sizes, { format, gzip: values.gzip });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`demo-data bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
