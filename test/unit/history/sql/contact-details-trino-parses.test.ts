import { Parser } from 'node-sql-parser';
import { inlineTrinoParams } from '../../../../src/history/athena/trino-literal';
import type { SqlQuery } from '../../../../src/history/query-engine';
import { contactChainsQuery } from '../../../../src/history/sql/contact-chain.sql';
import { contactFlowLogsQuery } from '../../../../src/history/sql/contact-flow-log.sql';
import { contactLensQuery } from '../../../../src/history/sql/contact-lens.sql';
import { evaluationPageQuery, evaluationsByContactQuery } from '../../../../src/history/sql/evaluations.sql';
import { ALL_INSTANCES, type Scope } from '../../../../src/history/sql/scope';

/**
 * The Trino statements of the contact-detail and evaluation builders parse with node-sql-parser's
 * `athena` dialect (as in trino-sql-parses.test.ts: `?` replaced by the literals Athena would put
 * there), and read the table they are meant to read.
 */
const parser = new Parser();
const parse = (q: SqlQuery) => parser.parse(inlineTrinoParams(q.sql, q.params), { database: 'athena' });

const scoped: Scope = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc'] };
const ids = ['c-1', "c-2'); DROP TABLE connect_ef; --"];
const days = [
  { year: 2026, month: 11, day: 20 },
  { year: 2026, month: 11, day: 21 },
];

const statements: [string, SqlQuery, string][] = [
  ['contactFlowLogsQuery', contactFlowLogsQuery({ dialect: 'trino', scope: ALL_INSTANCES, contactIds: ids, partitions: days }), 'connect_cfl'],
  ['contactFlowLogsQuery without days', contactFlowLogsQuery({ dialect: 'trino', scope: ALL_INSTANCES, contactIds: ids, partitions: [] }), 'connect_cfl'],
  ['contactFlowLogsQuery with a scope', contactFlowLogsQuery({ dialect: 'trino', scope: { kind: 'instances', instanceArns: [...(scoped.kind === 'instances' ? scoped.instanceArns : []), 'arn:aws:connect:us-east-1:111122223333:instance/def'] }, contactIds: ids, partitions: days }), 'connect_cfl'],
  ['contactLensQuery with a scope', contactLensQuery({ dialect: 'trino', scope: scoped, contactIds: ids, partitions: days }), 'connect_cl'],
  ['evaluationsByContactQuery', evaluationsByContactQuery({ dialect: 'trino', scope: scoped, contactIds: ids, partitions: days }), 'connect_ef'],
  [
    'evaluationPageQuery with every filter and a cursor',
    evaluationPageQuery({
      dialect: 'trino',
      scope: scoped,
      partitions: days,
      filter: { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z'), formTitle: "O'Brien form", agentId: 'a-1', evaluator: 'lead' },
      limit: 51,
      after: { submittedAt: '2026-11-20T16:30:52.281Z', evaluationId: 'e-1' },
    }),
    'connect_ef',
  ],
  ['contactChainsQuery', contactChainsQuery({ dialect: 'trino', scope: scoped, initialContactIds: ids, partitions: days }), 'connect_ctr'],
];

describe('Trino statements of the contact-detail and evaluation builders parse as Athena SQL', () => {
  it.each(statements)('%s', (_name, q, table) => {
    const { ast, tableList } = parse(q);
    const list = Array.isArray(ast) ? ast : [ast];
    expect(list).toHaveLength(1);
    expect(list[0].type).toBe('select');
    expect(tableList).toContain(`select::null::${table}`);
  });
});
