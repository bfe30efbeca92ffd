import { Parser } from 'node-sql-parser';
import { inlineTrinoParams } from '../../../../src/history/athena/trino-literal';
import type { SqlQuery } from '../../../../src/history/query-engine';
import { contactPageQuery, contactsByIdQuery } from '../../../../src/history/sql/contacts.sql';
import { ALL_INSTANCES, type Scope } from '../../../../src/history/sql/scope';

/**
 * Every Trino statement the builders emit must parse with node-sql-parser's `athena` dialect (the
 * one that reads Trino correctly, see toolchain.md §2(g)). That parser rejects `?` placeholders, so
 * each `?` is replaced by the literal Athena would put there (`inlineTrinoParams`, the rendering the
 * engine sends as ExecutionParameters) before parsing.
 */
const parser = new Parser();
const parse = (q: SqlQuery) => parser.parse(inlineTrinoParams(q.sql, q.params), { database: 'athena' });

const scoped: Scope = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc', 'arn:aws:connect:eu-west-2:111122223333:instance/def'] };
const everyFilter = {
  from: new Date('2026-11-20T05:00:00+05:00'),
  to: new Date('2026-11-21T05:00:00Z'),
  queue: "Sales'; DROP TABLE connect_ctr; --",
  channel: 'VOICE',
  agent: 'o.brien',
  initiationMethod: 'INBOUND',
};
const days = [
  { year: 2026, month: 11, day: 20 },
  { year: 2026, month: 11, day: 21 },
];

const statements: [string, SqlQuery][] = [
  ['contactPageQuery without filters', contactPageQuery({ dialect: 'trino', scope: ALL_INSTANCES, partitions: days, filter: { from: everyFilter.from, to: everyFilter.to }, limit: 51 })],
  ['contactPageQuery with every filter and a scope', contactPageQuery({ dialect: 'trino', scope: scoped, partitions: days, filter: everyFilter, limit: 51 })],
  [
    'contactPageQuery with every filter and an after cursor',
    contactPageQuery({
      dialect: 'trino',
      scope: scoped,
      partitions: days,
      filter: everyFilter,
      limit: 51,
      after: { initiationTimestamp: '2026-11-20T06:00:00.000Z', contactId: "c-1'" },
    }),
  ],
  ['contactPageQuery with no partitions', contactPageQuery({ dialect: 'trino', scope: ALL_INSTANCES, partitions: [], filter: everyFilter, limit: 1 })],
  ['contactsByIdQuery', contactsByIdQuery('trino', scoped, ['a', "b'; --", 'c'], days)],
];

describe('Trino statements of the builders parse as Athena SQL', () => {
  it.each(statements)('%s', (_name, q) => {
    const { ast, tableList } = parse(q);
    const select = Array.isArray(ast) ? ast[0] : ast;
    expect(select.type).toBe('select');
    expect(tableList).toContain('select::null::connect_ctr');
  });

  it('fails on SQL that is not Athena SQL, so the checks above mean something', () => {
    expect(() => parser.astify('SELECT * FROM connect_ctr WHERE', { database: 'athena' })).toThrow();
    expect(() => parse({ id: 'x', sql: "SELECT 1 FROM t WHERE a = ? AND b = '?'", params: [1] })).not.toThrow();
  });

  it('keeps an injection payload inside one string literal of one statement', () => {
    const q = contactPageQuery({ dialect: 'trino', scope: ALL_INSTANCES, partitions: days, filter: everyFilter, limit: 51 });
    const { ast } = parse(q);
    expect(Array.isArray(ast) ? ast : [ast]).toHaveLength(1);
    const strings: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const n = node as { type?: unknown; value?: unknown };
        if (n.type === 'single_quote_string' && typeof n.value === 'string') strings.push(n.value);
        Object.values(node).forEach(walk);
      }
    };
    walk(ast);
    // node-sql-parser keeps the doubled quote of the literal's text in `value`.
    expect(strings.filter((v) => v === "Sales''; DROP TABLE connect_ctr; --")).toHaveLength(2);
  });
});
