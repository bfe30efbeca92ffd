import { Parser } from 'node-sql-parser';
import { AE_COMPONENTS, CL_COMPONENTS, CTR_COMPONENTS, CTR_THRESHOLD_COMPONENTS, EF_COMPONENTS, type ComponentRequest } from '../../../../../src/domain/metrics/metric-components';
import { metricBuckets } from '../../../../../src/domain/metrics/metric-buckets';
import type { MetricFilter, MetricGrouping } from '../../../../../src/domain/metrics/metric-types';
import { inlineTrinoParams } from '../../../../../src/history/athena/trino-literal';
import type { SqlQuery } from '../../../../../src/history/query-engine';
import { agentTimeMetricsQuery } from '../../../../../src/history/sql/metrics/agent-time-metrics.sql';
import { contactLensMetricsQuery } from '../../../../../src/history/sql/metrics/contact-lens-metrics.sql';
import { ctrMetricsQuery, type CtrAttribution } from '../../../../../src/history/sql/metrics/ctr-metrics.sql';
import { evaluationMetricsQuery } from '../../../../../src/history/sql/metrics/evaluation-metrics.sql';
import { attributeValuePattern } from '../../../../../src/history/sql/metrics/metric-sql';
import { ALL_INSTANCES, type Scope } from '../../../../../src/history/sql/scope';
import type { Dialect } from '../../../../../src/history/sql/sql-fragment';

const INJECTION = "x'); DROP TABLE connect_ctr; --";
const KEY_INJECTION = `CallReason"]') OR 1=1; DROP TABLE connect_ctr; --`;
const scoped: Scope = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc-123'] };
const range = { from: new Date('2026-11-19T05:00:00Z'), to: new Date('2026-11-21T05:00:00Z') };
const buckets = metricBuckets(range, 'DAY', 'America/New_York');
const days = [19, 20, 21].map((day) => ({ year: 2026, month: 11, day }));
const threshold = { comparison: 'LTE', seconds: 20 } as const;
const all = <C extends string>(names: readonly C[], thresholded: readonly string[] = []): ComponentRequest<C>[] =>
  names.map((name) => (thresholded.includes(name) ? { name, threshold } : { name }));

const contactGroupings: MetricGrouping[] = [{ key: 'QUEUE' }, { key: 'AGENT_HIERARCHY_LEVEL_TWO' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: KEY_INJECTION }];
const contactFilters: MetricFilter[] = [
  { key: 'QUEUE', values: ['Sales', INJECTION] },
  { key: 'CHANNEL', values: ['VOICE'] },
  { key: 'CONTACT_ATTRIBUTE', attributeKey: KEY_INJECTION, values: [INJECTION] },
];
const agentGroupings: MetricGrouping[] = [{ key: 'AGENT' }, { key: 'ROUTING_PROFILE' }];
const agentFilters: MetricFilter[] = [{ key: 'AGENT', values: [INJECTION] }, { key: 'AGENT_HIERARCHY_LEVEL_ONE', values: ['AnyCompany'] }];

function statements(dialect: Dialect, scope: Scope = ALL_INSTANCES): [string, SqlQuery][] {
  const common = { dialect, scope, buckets, freshness: range };
  const ctr = (attribution: CtrAttribution) =>
    ctrMetricsQuery({ ...common, attribution, groupings: contactGroupings, filters: contactFilters, contactPartitions: days, components: all(CTR_COMPONENTS, CTR_THRESHOLD_COMPONENTS) });
  return [
    ['ctr by initiation', ctr('CONTACT_INITIATION')],
    ['ctr by enqueue', ctr('QUEUE_ENQUEUE')],
    ['ctr by connected to agent', ctr('AGENT_CONNECTED')],
    ['ctr without groupings or filters', ctrMetricsQuery({ ...common, attribution: 'CONTACT_INITIATION', groupings: [], filters: [], contactPartitions: days, components: [{ name: 'contacts' }] })],
    ['agent time', agentTimeMetricsQuery({ ...common, groupings: agentGroupings, filters: agentFilters, eventPartitions: days, components: all(AE_COMPONENTS) })],
    ['agent time without non-responses', agentTimeMetricsQuery({ ...common, groupings: [], filters: [], eventPartitions: days, components: [{ name: 'on_contact_ms' }, { name: 'idle_ms' }] })],
    ['contact lens', contactLensMetricsQuery({ ...common, groupings: contactGroupings, filters: contactFilters, contactPartitions: days, analysisPartitions: days, components: all(CL_COMPONENTS) })],
    [
      'evaluations',
      evaluationMetricsQuery({
        ...common,
        groupings: [{ key: 'EVALUATION_FORM' }, { key: 'AGENT' }],
        filters: [{ key: 'EVALUATION_FORM', values: [INJECTION] }],
        contactPartitions: days,
        evaluationPartitions: days,
        components: all(EF_COMPONENTS),
      }),
    ],
  ];
}

/** `?` placeholders outside string literals. */
const placeholders = (text: string): number => text.replace(/'(?:[^']|'')*'/g, '').split('?').length - 1;

describe.each<Dialect>(['duckdb', 'trino'])('metric SQL builders (%s)', (dialect) => {
  it.each(statements(dialect))('%s: pinned SQL and parameters', (_name, q) => {
    expect({ sql: q.sql, params: q.params }).toMatchSnapshot();
  });

  it.each(statements(dialect, scoped))('%s: request values are bound, never in the SQL text', (name, q) => {
    expect(q.sql).not.toContain('DROP TABLE');
    expect(q.sql).not.toContain('Sales');
    expect(q.sql).not.toContain('2026-11');
    expect(q.sql).not.toContain('instance/abc-123');
    expect(placeholders(q.sql)).toBe(q.params.length);
    expect(q.freshness).toEqual(range);
    if (!name.includes('without')) expect(q.params.some((p) => typeof p === 'string' && p.includes('DROP TABLE'))).toBe(true);
  });
});

describe('metric SQL in Trino parses as Athena SQL', () => {
  const parser = new Parser();
  it.each([...statements('trino'), ...statements('trino', scoped)])('%s', (_name, q) => {
    const { ast, tableList } = parser.parse(inlineTrinoParams(q.sql, q.params), { database: 'athena' });
    const list = Array.isArray(ast) ? ast : [ast];
    expect(list).toHaveLength(1);
    expect(list[0].type).toBe('select');
    expect(tableList.some((t) => /connect_(ctr|ae)$/.test(t))).toBe(true);
  });
});

describe('contact attribute patterns', () => {
  const extract = (json: string, key: string, ignoreCase: boolean): string | null => {
    const source = attributeValuePattern(key, ignoreCase).replace('(?i:', '(?:');
    const m = new RegExp(source, ignoreCase ? 'i' : '').exec(json);
    return m ? m[1] : null;
  };

  it('finds a key as spelled, or without regard to case, and never inside a value', () => {
    const json = '{"note":"say \\"callreason\\": \\"no\\"","greetingPlayed":"true","CallReason":"NoSelection"}';
    expect(extract(json, 'CallReason', false)).toBe('NoSelection');
    expect(extract(json, 'callreason', false)).toBeNull();
    expect(extract(json, 'callreason', true)).toBe('NoSelection');
    expect(extract('{"callreason" : "a\\"b"}', 'CallReason', true)).toBe('a\\"b');
  });

  it('escapes regular-expression and JSON syntax in the key', () => {
    expect(attributeValuePattern('a.b*(c)"', false)).toBe('[{,]\\s*"a\\.b\\*\\(c\\)\\\\""\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"');
    expect(extract('{"a.b*(c)\\"":"v","aXb":"w"}', 'a.b*(c)"', false)).toBe('v');
  });
});
