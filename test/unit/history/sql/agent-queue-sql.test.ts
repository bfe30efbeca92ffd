import { Parser } from 'node-sql-parser';
import { inlineTrinoParams } from '../../../../src/history/athena/trino-literal';
import type { SqlQuery } from '../../../../src/history/query-engine';
import { agentContactSpansQuery, agentHandledQuery } from '../../../../src/history/sql/agent-contacts.sql';
import { agentDirectoryQuery, agentEventsQuery } from '../../../../src/history/sql/agent-events.sql';
import { queueDirectoryQuery, queueStatisticsQuery } from '../../../../src/history/sql/queue-statistics.sql';
import { ALL_INSTANCES, type Scope } from '../../../../src/history/sql/scope';
import type { Dialect } from '../../../../src/history/sql/sql-fragment';

const scope: Scope = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc'] };
const days = [
  { year: 2026, month: 11, day: 19 },
  { year: 2026, month: 11, day: 20 },
];
const from = new Date('2026-11-20T05:00:00Z');
const to = new Date('2026-11-21T05:00:00Z');
const injection = "x'); DROP TABLE connect_ae; --";
const agentArns = ['arn:aws:connect:us-east-1:111122223333:instance/abc/agent/a-1', injection];

/** Every statement of the agent, queue and workload builders, in one dialect. */
function statements(dialect: Dialect): [string, SqlQuery][] {
  return [
    ['agentEventsQuery', agentEventsQuery({ dialect, scope, partitions: days, agentArns, from, to })],
    ['agentDirectoryQuery over a window', agentDirectoryQuery(dialect, scope, days, { from, to })],
    ['agentDirectoryQuery for every instance', agentDirectoryQuery(dialect, ALL_INSTANCES, days)],
    ['agentContactSpansQuery', agentContactSpansQuery({ dialect, scope, partitions: days, agentArns, from, to })],
    ['agentHandledQuery', agentHandledQuery({ dialect, scope, partitions: days, agentArns, from, to })],
    ['queueStatisticsQuery', queueStatisticsQuery({ dialect, scope, partitions: days, queueArns: ['arn:q-1', injection], from, to, thresholdsSeconds: [20, 60] })],
    ['queueDirectoryQuery', queueDirectoryQuery(dialect, scope, days, { from, to })],
  ];
}

/**
 * The SQL this module owns: CTR statements start with the shared de-duplication CTE
 * (`dedupedContactsCte`, pinned by contacts-sql.test.ts), so their snapshot starts after it.
 */
function ownSql(q: SqlQuery): string {
  const cteEnd = 'SELECT * FROM deliveries WHERE delivery_rank = 1\n)';
  const at = q.sql.indexOf(cteEnd);
  return at < 0 ? q.sql : `<dedupedContactsCte>${q.sql.slice(at + cteEnd.length)}`;
}

describe.each(['duckdb', 'trino'] as const)('agent and queue SQL (%s)', (dialect) => {
  it.each(statements(dialect))('%s binds every value and is pinned', (_name, q) => {
    expect(q.sql).not.toContain('DROP TABLE');
    expect(q.sql).not.toContain('2026-11-2');
    expect(q.sql).not.toContain('arn:aws');
    expect(q.sql.split('?').length - 1).toBe(q.params.length);
    if (q.sql.includes('FROM connect_ctr')) expect(q.sql).toContain('WITH deliveries AS (');
    expect(ownSql(q)).toMatchSnapshot();
  });
});

describe('agentEventsQuery', () => {
  const q = agentEventsQuery({ dialect: 'duckdb', scope: ALL_INSTANCES, partitions: days, agentArns, from, to });

  it('de-duplicates by event id before ordering, and keeps only changes plus the state in force at `from`', () => {
    expect(q.sql).toContain('PARTITION BY eventid');
    expect(q.sql.indexOf('delivery_rank = 1')).toBeLessThan(q.sql.indexOf('lag(signature)'));
    expect(q.sql).toContain("event_type IN ('LOGIN', 'LOGOUT')");
    expect(q.params).toEqual([2026, 11, 19, 2026, 11, 20, ...agentArns, to.toISOString(), from.toISOString(), from.toISOString(), from.toISOString(), from.toISOString()]);
  });

  it('renders the contacts of a snapshot with list functions of each dialect', () => {
    expect(q.sql).toContain('array_to_string(list_transform(currentagentsnapshot.contacts');
    expect(agentEventsQuery({ dialect: 'trino', scope: ALL_INSTANCES, partitions: days, agentArns, from, to }).sql).toContain('array_join(transform(currentagentsnapshot.contacts');
  });
});

describe('queueStatisticsQuery', () => {
  it('reads the de-duplicated contacts and binds one threshold per service-level column', () => {
    const q = queueStatisticsQuery({ dialect: 'duckdb', scope: ALL_INSTANCES, partitions: days, queueArns: ['q'], from, to, thresholdsSeconds: [15, 25, 35] });
    expect(q.sql).toContain('delivery_rank = 1');
    expect(q.sql).toContain('within_threshold_2');
    expect(q.sql).not.toContain('within_threshold_3');
    expect(q.params.filter((p) => p === 15 || p === 25 || p === 35)).toEqual([15, 25, 35]);
  });
});

/**
 * Every Trino statement must parse as Athena SQL with node-sql-parser (see trino-sql-parses.test.ts);
 * `?` are replaced by the literals Athena would receive.
 */
describe('Trino statements of the agent and queue builders parse as Athena SQL', () => {
  const parser = new Parser();
  it.each(statements('trino'))('%s', (_name, q) => {
    const { ast, tableList } = parser.parse(inlineTrinoParams(q.sql, q.params), { database: 'athena' });
    const list = Array.isArray(ast) ? ast : [ast];
    expect(list).toHaveLength(1);
    expect(list[0]?.type).toBe('select');
    expect(tableList.some((t) => t === 'select::null::connect_ae' || t === 'select::null::connect_ctr')).toBe(true);
  });
});
