import { contactPageQuery, contactsByIdQuery } from '../../../../src/history/sql/contacts.sql';
import { ALL_INSTANCES } from '../../../../src/history/sql/scope';

const request = {
  scope: { kind: 'instances' as const, instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc'] },
  partitions: [
    { year: 2026, month: 11, day: 20 },
    { year: 2026, month: 11, day: 21 },
  ],
  filter: {
    from: new Date('2026-11-20T05:00:00Z'),
    to: new Date('2026-11-21T05:00:00Z'),
    queue: "Sales'; DROP TABLE connect_ctr; --",
    channel: 'VOICE',
  },
  limit: 51,
};

describe('contactPageQuery', () => {
  it('binds every value and keeps request strings out of the SQL text (duckdb)', () => {
    const q = contactPageQuery({ ...request, dialect: 'duckdb' });
    expect(q.sql).not.toContain('DROP TABLE');
    expect(q.sql).not.toContain('2026-11-20');
    expect(q.sql).toContain('CAST(initiation_timestamp AS TIMESTAMPTZ)');
    expect(q.sql.split('?').length - 1).toBe(q.params.length);
    expect(q.params).toEqual([
      2026, 11, 20, 2026, 11, 21,
      'arn:aws:connect:us-east-1:111122223333:instance/abc',
      '2026-11-20T05:00:00.000Z',
      '2026-11-21T05:00:00.000Z',
      "Sales'; DROP TABLE connect_ctr; --",
      "Sales'; DROP TABLE connect_ctr; --",
      'VOICE',
      51,
    ]);
    expect(q.sql).toMatchSnapshot();
  });

  it('emits Trino functions for Athena', () => {
    const q = contactPageQuery({ ...request, dialect: 'trino', after: { initiationTimestamp: '2026-11-20T06:00:00.000Z', contactId: 'c-1' } });
    expect(q.sql).toContain('from_iso8601_timestamp(initiation_timestamp)');
    expect(q.params).toContain('2026-11-20T06:00:00.000Z');
    expect(q.params).toContain('c-1');
    expect(q.sql).toMatchSnapshot();
  });

  it('de-duplicates before filtering: the latest delivery decides queue and agent', () => {
    const q = contactPageQuery({ ...request, dialect: 'duckdb' });
    const dedup = q.sql.indexOf('delivery_rank = 1');
    const queueFilter = q.sql.indexOf('queue_name = ?');
    expect(dedup).toBeGreaterThan(0);
    expect(queueFilter).toBeGreaterThan(dedup);
  });
});

describe('contactsByIdQuery', () => {
  it('filters by id and by the lookup\'s days inside the de-duplication and binds both', () => {
    const freshness = { from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
    const q = contactsByIdQuery('duckdb', ALL_INSTANCES, ['a', 'b'], [{ year: 2026, month: 11, day: 19 }, { year: 2026, month: 11, day: 20 }], freshness);
    expect(q.params).toEqual([2026, 11, 19, 2026, 11, 20, 'a', 'b']);
    expect(q.sql).toContain('((year = ? AND month = ? AND day = ?) OR (year = ? AND month = ? AND day = ?)) AND contactid IN (?, ?)');
    expect(q.freshness).toEqual(freshness);
  });
});
