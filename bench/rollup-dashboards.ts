/**
 * What the two rollup benchmarks share (bench/rollup.bench.ts on DuckDB, bench/rollup-athena.bench.ts
 * at the local Athena endpoint): the CTR data set of days × agents and the dashboards they time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { localDaysToRange } from '../src/domain/partition-planner';
import type { MetricsRequest } from '../src/domain/metrics/metric-request';
import { generateDemoData } from '../src/local/demo-data';

/** First day of every data set. */
export const START = '2026-10-01';
/** The dashboards' time zone: local days, so the partitions read are one more than the days shown. */
export const TIME_ZONE = 'America/New_York';
const CHUNK_DAYS = 5;
export const DAY_MS = 86_400_000;
/** "Now" of the planners: every day of the data sets is closed. */
export const LATER_MS = Date.parse('2030-01-01T00:00:00Z');

/** `YYYY-MM-DD` of an epoch-ms instant (UTC). */
export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Every file below `dir`. */
export function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The CTR folders of a days × agents data set, written in chunks; the other sources are dropped. */
export async function ensureCtrDataSet(root: string, days: number, agents: number): Promise<string> {
  const dir = path.join(root, `rollup-${days}x${agents}`);
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'ctr'), { recursive: true });
  for (let first = 0; first < days; first += CHUNK_DAYS) {
    const chunkDays = Math.min(CHUNK_DAYS, days - first);
    const start = utcDate(Date.parse(`${START}T00:00:00Z`) + first * DAY_MS);
    const scratch = path.join(root, `.chunk-${process.pid}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    process.stdout.write(`writing ${chunkDays} days x ${agents} agents from ${start}\n`);
    await generateDemoData({ outDir: scratch, days: chunkDays, agents, seed: `rollup-bench-${start}`, start, progress: false });
    // A chunk's contacts may spill into the day after it; that day's own chunk is added file by file.
    for (const file of walk(path.join(scratch, 'ctr'))) {
      const target = path.join(dir, 'ctr', path.relative(path.join(scratch, 'ctr'), file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(file, fs.existsSync(target) ? `${target}-${start}` : target);
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  fs.writeFileSync(done, '');
  return dir;
}

/** The dashboard of `days` local days ending on `lastDay`: daily by queue, the usual contact KPIs. */
export function dashboard(days: number, lastDay: string): MetricsRequest {
  const lastMs = Date.parse(`${lastDay}T00:00:00Z`);
  const first = new Date(lastMs - (days - 1) * DAY_MS);
  const last = new Date(lastMs);
  const local = (d: Date) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  const range = localDaysToRange(local(first), local(last), TIME_ZONE);
  return {
    ...range,
    timeZone: TIME_ZONE,
    interval: 'DAY',
    groupings: [{ key: 'QUEUE' }],
    metrics: [
      { name: 'CONTACTS_CREATED' },
      { name: 'CONTACTS_HANDLED' },
      { name: 'CONTACTS_ABANDONED' },
      { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LTE', seconds: 60 }] },
      { name: 'AVG_HANDLE_TIME' },
      { name: 'AVG_QUEUE_ANSWER_TIME' },
      { name: 'MAX_QUEUED_TIME' },
      { name: 'AVG_HOLD_TIME' },
    ],
  };
}
