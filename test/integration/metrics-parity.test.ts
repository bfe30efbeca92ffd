import { RequestStats } from '../../src/domain/request-stats';
import type { MetricsRequest } from '../../src/domain/metrics/metric-request';
import { METRIC_CATALOG } from '../../src/domain/metrics/metric-catalog';
import type { AthenaEngine } from '../../src/history/athena.engine';
import type { DuckDbEngine } from '../../src/history/duckdb.engine';
import type { QueryEngine } from '../../src/history/query-engine';
import { ALL_INSTANCES } from '../../src/history/sql/scope';
import { MetricsReader } from '../../src/history/readers/metrics.reader';
import { MetricsService, type MetricsResult } from '../../src/services/metrics.service';
import { startParityEngines, type ParityEngines } from '../helpers/parity-engines';
import { testDataDir } from '../helpers/test-server';

const limits = { maxMetricsRangeDaysIntraday: 3, maxMetricsRangeDays: 35 };
const twoLocalDays = { from: new Date('2026-11-19T05:00:00Z'), to: new Date('2026-11-21T05:00:00Z'), timeZone: 'America/New_York' };
const threshold = (seconds: number, comparison: 'LT' | 'LTE' = 'LT') => ({ comparison, seconds });

/** Every catalog metric that takes no threshold, plus the threshold metrics with two thresholds. */
const everyContactMetric = METRIC_CATALOG.filter((m) => m.source === 'ctr').map((m) =>
  m.thresholds === 'required' ? { name: m.name, thresholds: [threshold(20), threshold(60, 'LTE')] } : { name: m.name },
);

const requests: [string, MetricsRequest][] = [
  ['every contact metric by queue and day', { ...twoLocalDays, interval: 'DAY', groupings: [{ key: 'QUEUE' }], metrics: everyContactMetric }],
  [
    'contact metrics by hour, channel and call reason, filtered',
    {
      ...twoLocalDays,
      interval: 'HOUR',
      groupings: [{ key: 'CHANNEL' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: 'callreason' }],
      filters: [{ key: 'INITIATION_METHOD', values: ['INBOUND', 'TRANSFER'] }],
      metrics: [{ name: 'CONTACTS_HANDLED' }, { name: 'AVG_HANDLE_TIME' }, { name: 'SERVICE_LEVEL', thresholds: [threshold(20), threshold(60)] }],
    },
  ],
  [
    'agent activity by agent and 30 minutes',
    {
      ...twoLocalDays,
      interval: 'THIRTY_MIN',
      groupings: [{ key: 'AGENT' }],
      metrics: METRIC_CATALOG.filter((m) => m.source === 'ae').map((m) => ({ name: m.name })),
    },
  ],
  [
    'agent activity by hierarchy, filtered by routing profile',
    { ...twoLocalDays, interval: 'TOTAL', groupings: [{ key: 'AGENT_HIERARCHY_LEVEL_THREE' }], filters: [{ key: 'ROUTING_PROFILE', values: ['Sales Routing Profile'] }], metrics: [{ name: 'AGENT_OCCUPANCY' }, { name: 'SUM_ONLINE_TIME_AGENT' }] },
  ],
  ['Contact Lens by queue and day', { ...twoLocalDays, interval: 'DAY', groupings: [{ key: 'QUEUE' }], metrics: METRIC_CATALOG.filter((m) => m.source === 'cl').map((m) => ({ name: m.name })) }],
  ['evaluations by form and agent', { ...twoLocalDays, interval: 'TOTAL', groupings: [{ key: 'EVALUATION_FORM' }, { key: 'AGENT' }], metrics: [{ name: 'AVG_EVALUATION_SCORE' }, { name: 'EVALUATIONS_PERFORMED' }] }],
  ['no groupings, every interval', { ...twoLocalDays, interval: 'FIFTEEN_MIN', metrics: [{ name: 'CONTACTS_QUEUED_BY_ENQUEUE' }, { name: 'CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT' }, { name: 'MAX_QUEUED_TIME' }] }],
];

describe('metrics through DuckDB and through Athena (local endpoint) give equal rows', () => {
  let engines: ParityEngines;
  let duckdb: DuckDbEngine;
  let athena: AthenaEngine;

  beforeAll(async () => {
    const dataDir = await testDataDir();
    engines = await startParityEngines(dataDir);
    ({ duckdb, athena } = engines);
  });

  afterAll(async () => {
    await engines?.close();
  });

  const run = (engine: QueryEngine, request: MetricsRequest): Promise<MetricsResult> => new MetricsService(new MetricsReader(engine, new RequestStats()), ALL_INSTANCES, limits).getMetrics(request);

  it.each(requests)('%s', async (_name, request) => {
    const [fromDuckDb, fromAthena] = await Promise.all([run(duckdb, request), run(athena, request)]);
    expect(fromDuckDb.rows.length).toBeGreaterThan(0);
    expect(fromDuckDb.rows.some((r) => r.metrics.some((m) => m.value !== null && m.value !== 0))).toBe(true);
    expect(fromAthena).toEqual(fromDuckDb);
  });

  it('treats injection attempts in attribute keys and filter values as data on both engines', async () => {
    const injection = "x'); DROP TABLE connect_ctr; --";
    const grouped: MetricsRequest = {
      ...twoLocalDays,
      interval: 'TOTAL',
      groupings: [{ key: 'CONTACT_ATTRIBUTE', attributeKey: `CallReason"]${injection}` }],
      metrics: [{ name: 'CONTACTS_CREATED' }],
      // No contact has that attribute: every contact is in the one unassigned (null) row.
      includeUnassigned: true,
    };
    const [duck, trino] = await Promise.all([run(duckdb, grouped), run(athena, grouped)]);
    expect(duck.rows.map((r) => r.dimensions[0].value)).toEqual([null]);
    expect(duck.rows[0].metrics[0].value).toBeGreaterThan(500);
    expect(trino).toEqual(duck);
    const filtered: MetricsRequest = { ...grouped, groupings: [{ key: 'QUEUE' }], filters: [{ key: 'QUEUE', values: [injection] }, { key: 'CONTACT_ATTRIBUTE', attributeKey: injection, values: [injection] }] };
    const [duckFiltered, trinoFiltered] = await Promise.all([run(duckdb, filtered), run(athena, filtered)]);
    expect(duckFiltered.rows).toEqual([]);
    expect(trinoFiltered.rows).toEqual([]);
    expect((await run(duckdb, { ...grouped, groupings: [] })).rows[0].metrics[0].value).toBe(duck.rows[0].metrics[0].value);
    // By default that row is left out, on both engines.
    const [duckDefault, trinoDefault] = await Promise.all([run(duckdb, { ...grouped, includeUnassigned: false }), run(athena, { ...grouped, includeUnassigned: false })]);
    expect(duckDefault.rows).toEqual([]);
    expect(trinoDefault.rows).toEqual([]);
  });
});
