import { RequestStats } from '../../../../src/domain/request-stats';
import type { QueryEngine, QueryOptions, SqlQuery } from '../../../../src/history/query-engine';
import { createHistoryReaders } from '../../../../src/history/readers/history-readers';
import type { Scope } from '../../../../src/history/sql/scope';

describe('createHistoryReaders', () => {
  it('passes the request\'s scope with every statement, for the result cache key', async () => {
    const seen: { id: string; options: QueryOptions | undefined }[] = [];
    const engine: QueryEngine = {
      name: 'duckdb',
      dialect: 'duckdb',
      query: <Row>(query: SqlQuery, options?: QueryOptions) => {
        seen.push({ id: query.id, options });
        return Promise.resolve({ rows: [] as Row[], stats: { engine: 'duckdb' as const, engineTimeMs: 0, rowsReturned: 0 } });
      },
      ping: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const scope: Scope = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/a'] };
    const readers = createHistoryReaders(engine, new RequestStats(), scope);
    const window = { from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };
    await readers.contacts.byIds(scope, [{ contactId: 'c-1', window }]);
    await readers.agentDirectory.read(scope, window);
    await readers.agentDirectory.newestDay(scope, window.to, 3);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.every((s) => s.options?.scope === scope)).toBe(true);
  });
});
