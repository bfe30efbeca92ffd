import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { METRIC_CATALOG } from '../../src/domain/metrics/metric-catalog';
import type { MetricsRequest } from '../../src/domain/metrics/metric-request';
import { ROLLUP_THRESHOLD_SECONDS } from '../../src/domain/metrics/metric-rollup';
import type { GroupingKey, MetricGrouping, MetricInterval, MetricFilter } from '../../src/domain/metrics/metric-types';
import { planPartitions } from '../../src/domain/partition-planner';
import { RequestStats, type RequestStatsSnapshot } from '../../src/domain/request-stats';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { MetricsReader } from '../../src/history/readers/metrics.reader';
import { writeCtrRollupDay } from '../../src/history/rollups/ctr-rollup.writer';
import { rollupFilesAvailability } from '../../src/history/rollups/rollup-availability';
import { ALL_INSTANCES, type Scope } from '../../src/history/sql/scope';
import { generateDemoData } from '../../src/local/demo-data';
import { MetricsService, type MetricsResult } from '../../src/services/metrics.service';
import { addCtrRedeliveries } from '../helpers/ctr-redeliveries';
import { readRaw } from '../helpers/raw-records';

/**
 * The rollup read path gives exactly the raw answer: on generated data over the spring and autumn
 * daylight-saving changes (New York 2026-03-08 and 2026-11-01, Berlin 2026-03-29 and 2026-10-25),
 * with duplicate and stale CTR re-deliveries, for every contact metric the rollup holds, every
 * interval, several time zones, groupings and filters, and both threshold comparisons.
 */

// Four intraday days: the autumn intraday range is 3 local days, 73 hours long.
const limits = { maxMetricsRangeDaysIntraday: 4, maxMetricsRangeDays: 35 };
/** Far after the data: every partition day is closed. */
const LATER_MS = Date.parse('2027-06-01T00:00:00Z');

/** Every contact metric that allows the keys; threshold metrics at rolled-up thresholds, both comparisons. */
const contactMetrics = (seconds: [number, number], keys: readonly GroupingKey[] = []) =>
  METRIC_CATALOG.filter((m) => m.source === 'ctr' && keys.every((k) => m.allowedGroupings.includes(k))).map((m) =>
    m.thresholds === 'required'
      ? { name: m.name, thresholds: [{ comparison: 'LT' as const, seconds: seconds[0] }, { comparison: 'LTE' as const, seconds: seconds[1] }] }
      : { name: m.name },
  );

const GROUPINGS: readonly (readonly MetricGrouping[])[] = [[], [{ key: 'QUEUE' }], [{ key: 'CHANNEL' }], [{ key: 'AGENT' }], [{ key: 'QUEUE' }, { key: 'CHANNEL' }]];
const FILTERS: readonly (readonly MetricFilter[])[] = [[], [{ key: 'CHANNEL', values: ['VOICE', 'CHAT'] }], [{ key: 'QUEUE', values: ['BasicQueue', 'Sales'] }, { key: 'INITIATION_METHOD', values: ['INBOUND', 'TRANSFER', 'CALLBACK'] }]];

/** Local midnight of a date in a zone, as an instant (the zone offset found by formatting). */
function localMidnight(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  for (let t = guess - 15 * 3_600_000; t <= guess + 15 * 3_600_000; t += 15 * 60_000) {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
    if (parts === `${date}, 00:00`) return new Date(t);
  }
  throw new Error(`no midnight on ${date} in ${timeZone}`);
}

interface Case {
  readonly name: string;
  readonly request: MetricsRequest;
}

/** Requests over local days [first, last] in a zone, cycling groupings, filters and thresholds. */
function cases(period: { first: string; last: string; intradayFirst: string; intradayLast: string }, zones: readonly string[]): Case[] {
  const intervals: MetricInterval[] = ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'TOTAL'];
  const out: Case[] = [];
  let n = 0;
  for (const timeZone of zones) {
    for (const interval of intervals) {
      const intraday = ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR'].includes(interval);
      const from = localMidnight(intraday ? period.intradayFirst : period.first, timeZone);
      const to = localMidnight(intraday ? period.intradayLast : period.last, timeZone);
      const groupings = GROUPINGS[n % GROUPINGS.length];
      const filters = FILTERS[n % FILTERS.length];
      const thresholds = ROLLUP_THRESHOLD_SECONDS[n % ROLLUP_THRESHOLD_SECONDS.length];
      n++;
      out.push({
        name: `${timeZone} ${interval} by [${groupings.map((g) => g.key).join(',')}] filters [${filters.map((f) => f.key).join(',')}]`,
        request: { from, to, timeZone, interval, groupings: [...groupings], filters: [...filters], metrics: contactMetrics([thresholds, ROLLUP_THRESHOLD_SECONDS[(n + 4) % 9]], [...groupings, ...filters].map((k) => k.key)) },
      });
    }
  }
  return out;
}

const SPRING = { start: '2026-03-05', days: 27, first: '2026-03-06', last: '2026-03-31', intradayFirst: '2026-03-28', intradayLast: '2026-03-30' };
const SPRING_NY_INTRADAY = { ...SPRING, intradayFirst: '2026-03-07', intradayLast: '2026-03-10' };
const AUTUMN = { start: '2026-10-23', days: 12, first: '2026-10-24', last: '2026-11-03', intradayFirst: '2026-10-31', intradayLast: '2026-11-03' };

describe.each([
  ['spring changes (New York 2026-03-08, Berlin 2026-03-29)', SPRING, [...cases(SPRING, ['Europe/Berlin', 'UTC', 'Asia/Kolkata']), ...cases(SPRING_NY_INTRADAY, ['America/New_York'])]],
  ['autumn changes (Berlin 2026-10-25, New York 2026-11-01)', AUTUMN, cases(AUTUMN, ['America/New_York', 'Europe/Berlin'])],
])('metrics from rollups equal metrics from the records: %s', (_period, period, requests) => {
  let root: string;
  let dataDir: string;
  let engine: DuckDbEngine;
  const run = async (rollups: boolean, request: MetricsRequest, scope: Scope = ALL_INSTANCES): Promise<{ result: MetricsResult; stats: RequestStatsSnapshot }> => {
    const stats = new RequestStats();
    const reader = new MetricsReader(engine, stats, rollups ? { rollups: rollupFilesAvailability(dataDir), nowMs: () => LATER_MS } : { nowMs: () => LATER_MS });
    const result = await new MetricsService(reader, scope, limits).getMetrics(request);
    return { result, stats: stats.snapshot() };
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rollup-parity-'));
    dataDir = path.join(root, 'data');
    await generateDemoData({ outDir: dataDir, days: period.days, agents: 5, seed: `rollup-parity-${period.start}`, start: period.start, progress: false });
    addCtrRedeliveries(dataDir, 5);
    engine = await DuckDbEngine.create({ dataDir, threads: 2, rescanSeconds: 0 });
    // Every CTR partition day rolled up except two, so most answers mix rollup and raw days.
    const days = planPartitions({ from: new Date(`${period.start}T00:00:00Z`), to: new Date(Date.parse(`${period.start}T00:00:00Z`) + period.days * 86_400_000) });
    for (const [i, day] of days.entries()) if (i !== 3 && i !== days.length - 4) await writeCtrRollupDay(engine, dataDir, day);
    await engine.rescan();
  });
  afterAll(async () => {
    await engine.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.each(requests.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const raw = await run(false, c.request);
    const rolled = await run(true, c.request);
    expect(raw.stats.ctrPartitionDays?.rollup).toEqual([]);
    expect(rolled.stats.ctrPartitionDays?.rollup.length).toBeGreaterThan(0);
    expect(rolled.result).toEqual(raw.result);
    // Not an empty answer that trivially matches.
    expect(raw.result.rows.some((row) => row.metrics.some((m) => m.value !== null && m.value > 0))).toBe(true);
  });

  it('mixes rolled-up and raw days in one answer, one statement per family', async () => {
    const c = requests.find((r) => r.request.interval === 'DAY')!;
    const rolled = await run(true, c.request);
    expect(rolled.stats.ctrPartitionDays!.rollup.length).toBeGreaterThan(0);
    expect(rolled.stats.ctrPartitionDays!.raw.length).toBeGreaterThan(0);
    expect(rolled.stats.backendCalls.duckdb).toBe(new Set(c.request.metrics.map((m) => METRIC_CATALOG.find((d) => d.name === m.name)!.attribution)).size);
    expect(rolled.result).toEqual((await run(false, c.request)).result);
  });

  it("keeps the caller's instance scope on the rollup: the data's own instance sees everything, another instance nothing", async () => {
    const request = requests.find((r) => r.request.interval === 'WEEK')!.request;
    const own = readRaw<{ InstanceARN: string }>(dataDir, 'ctr')[0].InstanceARN;
    const all = await run(true, request);
    const mine = await run(true, request, { kind: 'instances', instanceArns: [own] });
    const other = await run(true, request, { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:999999999999:instance/other'] });
    expect(mine.stats.ctrPartitionDays!.rollup.length).toBeGreaterThan(0);
    expect(mine.result).toEqual(all.result);
    expect(other.result).toEqual((await run(false, request, { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:999999999999:instance/other'] })).result);
    expect(other.result.rows.every((row) => row.metrics.every((m) => m.value === null || m.value === 0))).toBe(true);
  });

  it('reads raw what the rollup cannot answer: a contact attribute, a hierarchy level, a threshold not rolled up, an off-grid range', async () => {
    const base = requests.find((r) => r.request.interval === 'DAY')!.request;
    const ineligible: MetricsRequest[] = [
      { ...base, groupings: [{ key: 'CONTACT_ATTRIBUTE', attributeKey: 'callreason' }], filters: [], metrics: contactMetrics([20, 20], ['CONTACT_ATTRIBUTE']) },
      { ...base, groupings: [{ key: 'AGENT_HIERARCHY_LEVEL_ONE' }], filters: [], metrics: contactMetrics([20, 20], ['AGENT_HIERARCHY_LEVEL_ONE']) },
      { ...base, groupings: [], filters: [], metrics: [{ name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 25 }] }] },
      { ...base, from: new Date(base.from.getTime() + 7 * 60_000), interval: 'TOTAL' },
    ];
    for (const request of ineligible) {
      expect(request.metrics.length).toBeGreaterThan(0);
      const rolled = await run(true, request);
      expect(rolled.stats.ctrPartitionDays?.rollup).toEqual([]);
      expect(rolled.stats.ctrPartitionDays?.raw.length).toBeGreaterThan(0);
    }
  });
});
