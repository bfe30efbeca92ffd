import type { SqlQuery } from '../../../../src/history/query-engine';
import { contactChainsQuery } from '../../../../src/history/sql/contact-chain.sql';
import { contactFlowLogsQuery } from '../../../../src/history/sql/contact-flow-log.sql';
import { contactLensQuery } from '../../../../src/history/sql/contact-lens.sql';
import { evaluationPageQuery, evaluationsByContactQuery } from '../../../../src/history/sql/evaluations.sql';
import { jsonScalar, jsonValue } from '../../../../src/history/sql/json.sql';
import { ALL_INSTANCES, type Scope } from '../../../../src/history/sql/scope';
import type { Dialect } from '../../../../src/history/sql/sql-fragment';

const INJECTION = "c-1'); DROP TABLE connect_cfl; --";
const scoped: Scope = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc-123'] };
const days = [
  { year: 2026, month: 11, day: 20 },
  { year: 2026, month: 11, day: 21 },
];
const partitionParams = [2026, 11, 20, 2026, 11, 21];
const freshness = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') };
const dialects: Dialect[] = ['duckdb', 'trino'];

/** Every `?` has exactly one bound value, and no request value is spliced into the text. */
function expectBound(q: SqlQuery, values: readonly string[]): void {
  expect(q.sql.split('?').length - 1).toBe(q.params.length);
  for (const v of values) expect(q.sql).not.toContain(v);
}

describe.each(dialects)('by-contact builders (%s)', (dialect) => {
  const request = { dialect, scope: ALL_INSTANCES, contactIds: ['c-0', INJECTION], partitions: days, freshness };

  it('contactFlowLogsQuery binds the ids inside the read of connect_cfl and orders by flow time', () => {
    const q = contactFlowLogsQuery(request);
    expectBound(q, [INJECTION, '2026']);
    expect(q.id).toBe('contact_flow_logs_by_contact');
    expect(q.params).toEqual([...partitionParams, 'c-0', INJECTION]);
    expect(q.freshness).toEqual(freshness);
    expect(q.sql).toMatch(/FROM connect_cfl\s+WHERE .* IN \(\?, \?\)/s);
    expect(q.sql).toContain('PARTITION BY eventid');
    expect(q.sql).toMatchSnapshot();
  });

  it('contactFlowLogsQuery keeps only entries whose contact flow ARN lies in a scoped instance', () => {
    const q = contactFlowLogsQuery({ ...request, scope: scoped });
    const prefix = `${scoped.kind === 'instances' ? scoped.instanceArns[0] : ''}/`;
    expectBound(q, [INJECTION, prefix]);
    expect(q.params).toEqual([...partitionParams, 'c-0', INJECTION, prefix.length, prefix]);
    expect(q.sql).toMatch(/substr\(.*ContactFlowId.*, 1, \?\) = \?/s);
    expect(contactFlowLogsQuery({ ...request, scope: { kind: 'instances', instanceArns: [] } }).sql).toContain('AND FALSE');
  });

  it('contactLensQuery binds the ids, keeps one row per contact and renders the categories as JSON', () => {
    const q = contactLensQuery({ ...request, scope: scoped });
    expectBound(q, [INJECTION, 'abc-123']);
    expect(q.id).toBe('contact_lens_by_contact');
    // The scope is the instance id: connect_cl has no instance ARN.
    expect(q.params).toEqual([...partitionParams, 'c-0', INJECTION, 'abc-123']);
    expect(q.sql).toContain('contactid IN (?, ?)');
    expect(q.sql).toContain(dialect === 'duckdb' ? 'CAST(CAST(matchedcategories AS JSON) AS VARCHAR)' : 'json_format(CAST(matchedcategories AS JSON))');
    expect(q.sql).toMatchSnapshot();
  });

  it('evaluationsByContactQuery binds the ids inside the read of connect_ef', () => {
    const q = evaluationsByContactQuery(request);
    expectBound(q, [INJECTION]);
    expect(q.id).toBe('evaluations_by_contact');
    expect(q.params).toEqual([...partitionParams, 'c-0', INJECTION]);
    expect(q.sql).toMatch(/FROM connect_ef\s+WHERE .*contactid IN \(\?, \?\)/s);
    expect(q.sql).toMatchSnapshot();
  });

  it('reads no partition at all for an empty list of days (never every partition)', () => {
    for (const q of [contactFlowLogsQuery, contactLensQuery, evaluationsByContactQuery].map((build) => build({ dialect, scope: ALL_INSTANCES, contactIds: ['c-0'], partitions: [] }))) {
      expect(q.params).toEqual(['c-0']);
      expect(q.sql).toContain('WHERE FALSE');
      expect(q.sql).not.toContain('WHERE TRUE');
    }
  });

  it('refuses an empty id list (a loader never sends one)', () => {
    expect(() => contactFlowLogsQuery({ ...request, contactIds: [] })).toThrow(/at least one contact id/);
  });

  it('contactChainsQuery reads the chain members by initial contact id inside the de-duplication', () => {
    const q = contactChainsQuery({ dialect, scope: ALL_INSTANCES, initialContactIds: ['c-0', INJECTION], partitions: days });
    expectBound(q, [INJECTION]);
    expect(q.params).toEqual([...partitionParams, 'c-0', INJECTION, 'c-0', INJECTION]);
    expect(q.sql).toContain('(contactid IN (?, ?) OR initialcontactid IN (?, ?))');
    expect(q.sql.indexOf('initialcontactid IN')).toBeLessThan(q.sql.indexOf('delivery_rank = 1'));
    expect(q.sql).toMatchSnapshot();
  });
});

describe.each(dialects)('evaluationPageQuery (%s)', (dialect) => {
  const filter = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') };

  it('binds the range, every filter, the cursor and the limit', () => {
    const q = evaluationPageQuery({
      dialect,
      scope: scoped,
      partitions: days,
      filter: { ...filter, formTitle: "Sales' OR '1'='1", agentId: 'agent-1', evaluator: 'lead; --' },
      limit: 26,
      after: { submittedAt: '2026-11-20T16:30:52.281Z', evaluationId: 'e-1' },
    });
    expectBound(q, ["Sales' OR", 'lead; --', '2026-11']);
    expect(q.id).toBe('evaluation_page');
    expect(q.params).toEqual([
      ...partitionParams,
      'abc-123',
      '2026-11-20T00:00:00.000Z',
      '2026-11-22T00:00:00.000Z',
      "Sales' OR '1'='1",
      'agent-1',
      'lead; --',
      '2026-11-20T16:30:52.281Z',
      '2026-11-20T16:30:52.281Z',
      'e-1',
      26,
    ]);
    expect(q.freshness).toEqual(filter);
    expect(q.sql).toMatchSnapshot();
  });

  it('filters after de-duplicating by evaluation id, and orders by submission time then id', () => {
    const q = evaluationPageQuery({ dialect, scope: ALL_INSTANCES, partitions: days, filter: { ...filter, formTitle: 'F' }, limit: 3 });
    expect(q.sql.indexOf('version_rank = 1')).toBeLessThan(q.sql.indexOf('form_title = ?'));
    const submitted = dialect === 'duckdb' ? 'CAST(submit_timestamp AS TIMESTAMPTZ)' : 'from_iso8601_timestamp(submit_timestamp)';
    expect(q.sql.endsWith(`ORDER BY ${submitted}, evaluation_id\nLIMIT ?`)).toBe(true);
  });
});

describe('JSON access', () => {
  it('reads Connect\'s key casing on DuckDB and both casings on Trino (the SerDe may lower-case keys)', () => {
    expect(jsonScalar('duckdb', 'message', ['ContactId']).text).toBe("json_extract_string(message, '$.ContactId')");
    expect(jsonScalar('trino', 'message', ['ContactId']).text).toBe(
      "coalesce(json_extract_scalar(message, '$.ContactId'), json_extract_scalar(message, '$.contactid'))",
    );
    expect(jsonScalar('trino', 'message', ['results']).text).toBe("json_extract_scalar(message, '$.results')");
    expect(jsonValue('trino', 'message', ['Parameters']).text).toBe(
      "coalesce(json_format(json_extract(message, '$.Parameters')), json_format(json_extract(message, '$.parameters')))",
    );
    expect(jsonValue('duckdb', 'message', ['Parameters']).text).toBe("CAST(json_extract(message, '$.Parameters') AS VARCHAR)");
  });

  it('accepts only plain key names as path segments', () => {
    expect(() => jsonScalar('duckdb', 'message', ["a') OR 1=1 --"])).toThrow(/unsupported JSON path segment/);
  });
});
