import { PARTITION_MARGINS, planPartitions } from '../../src/domain/partition-planner';
import type { AthenaEngine } from '../../src/history/athena.engine';
import type { DuckDbEngine } from '../../src/history/duckdb.engine';
import type { QueryEngine, SqlQuery } from '../../src/history/query-engine';
import { agentContactSpansQuery, agentHandledQuery } from '../../src/history/sql/agent-contacts.sql';
import { agentDirectoryQuery, agentEventsQuery } from '../../src/history/sql/agent-events.sql';
import { queueDirectoryQuery, queueStatisticsQuery } from '../../src/history/sql/queue-statistics.sql';
import { ALL_INSTANCES } from '../../src/history/sql/scope';
import { readRawRecords } from '../helpers/raw-records';
import type { Dialect } from '../../src/history/sql/sql-fragment';
import { startParityEngines, type ParityEngines } from '../helpers/parity-engines';
import { testDataDir } from '../helpers/test-server';

/** Engine-neutral form of a row: numeric text as numbers (DuckDB returns BIGINT as text, Athena as numbers). */
function normalise(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v]));
}

/** Agent ARNs of the shared data set, read from the raw agent events (no engine involved). */
function agentArnsOnDisk(dataDir: string): string[] {
  const arns = new Set<string>();
  for (const { record, partition } of readRawRecords<{ AgentARN: string }>(dataDir, 'ae')) if (partition === '2026-11-20') arns.add(record.AgentARN);
  return [...arns].sort();
}

describe('agent, queue and workload SQL: DuckDB and Athena (local Athena-protocol endpoint) give the same answers', () => {
  let engines: ParityEngines;
  let duckdb: DuckDbEngine;
  let athena: AthenaEngine;
  let agentArns: string[];
  const range = { from: new Date('2026-11-19T12:00:00Z'), to: new Date('2026-11-20T18:00:00Z') };
  /** Every day of the test data (and a day either side): the directory's reads are always bounded. */
  const everyDay = planPartitions({ from: new Date('2026-11-18T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') });

  beforeAll(async () => {
    const dataDir = await testDataDir();
    agentArns = agentArnsOnDisk(dataDir);
    engines = await startParityEngines(dataDir);
    ({ duckdb, athena } = engines);
  });

  afterAll(async () => {
    await engines?.close();
  });

  async function both(build: (dialect: Dialect) => SqlQuery): Promise<{ duck: Record<string, unknown>[]; trino: Record<string, unknown>[] }> {
    const run = async (engine: QueryEngine) => (await engine.query<Record<string, unknown>>(build(engine.dialect))).rows.map(normalise);
    const [duck, trino] = await Promise.all([run(duckdb), run(athena)]);
    return { duck, trino };
  }

  const request = (dialect: Dialect, margins: (typeof PARTITION_MARGINS)[keyof typeof PARTITION_MARGINS]) => ({
    dialect,
    scope: ALL_INSTANCES,
    partitions: planPartitions(range, margins),
    agentArns,
    ...range,
  });

  it('reads agent events identically: de-duplicated, changes only, contacts rendered the same', async () => {
    const { duck, trino } = await both((d) => agentEventsQuery(request(d, PARTITION_MARGINS.agentEvents)));
    expect(duck.length).toBeGreaterThan(200);
    expect(duck.some((r) => typeof r.contacts === 'string' && (r.contacts as string).includes('|CONNECTED|'))).toBe(true);
    expect(new Set(duck.map((r) => r.event_id)).size).toBe(duck.length);
    expect(trino).toEqual(duck);
  });

  it('builds the agent and queue directory identically, windowed and over every day of the data', async () => {
    for (const partitions of [planPartitions(range), everyDay]) {
      const agents = await both((d) => agentDirectoryQuery(d, ALL_INSTANCES, partitions));
      expect(agentArns.length).toBeGreaterThan(0);
      expect(agents.duck.map((r) => r.agent_arn)).toEqual(expect.arrayContaining(agentArns));
      expect(agents.trino).toEqual(agents.duck);
      const queues = await both((d) => queueDirectoryQuery(d, ALL_INSTANCES, partitions));
      expect(queues.duck.map((r) => r.queue_name).sort()).toEqual(['BasicQueue', 'Billing', 'Sales', 'Support']);
      expect(queues.trino).toEqual(queues.duck);
    }
  });

  it('reads contact spans and handled totals identically', async () => {
    const spans = await both((d) => agentContactSpansQuery(request(d, PARTITION_MARGINS.contactsByCompletion)));
    expect(spans.duck.length).toBeGreaterThan(50);
    expect(spans.trino).toEqual(spans.duck);
    const handled = await both((d) => agentHandledQuery(request(d, PARTITION_MARGINS.contactsByCompletion)));
    expect(handled.duck.length).toBeGreaterThan(0);
    expect(handled.trino).toEqual(handled.duck);
  });

  it('computes queue statistics identically', async () => {
    const queues = (await both((d) => queueDirectoryQuery(d, ALL_INSTANCES, everyDay))).duck.map((r) => String(r.queue_arn));
    const { duck, trino } = await both((d) =>
      queueStatisticsQuery({ dialect: d, scope: ALL_INSTANCES, partitions: planPartitions(range, PARTITION_MARGINS.contactsByCompletion), queueArns: queues, ...range, thresholdsSeconds: [10, 20, 60] }),
    );
    expect(duck).toHaveLength(4);
    expect(duck.every((r) => Number(r.contacts_queued) > 0)).toBe(true);
    expect(trino).toEqual(duck);
  });
});
