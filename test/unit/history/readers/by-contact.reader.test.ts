import { RequestStats } from '../../../../src/domain/request-stats';
import { PARTITION_MARGINS } from '../../../../src/domain/partition-planner';
import type { QueryEngine, QueryResult, SqlQuery } from '../../../../src/history/query-engine';
import { readByContact } from '../../../../src/history/readers/by-contact.reader';
import { ALL_INSTANCES } from '../../../../src/history/sql/scope';
import { createByContactLoader } from '../../../../src/loaders/by-contact.loader';

type Row = { contact_id: string; value: string };

/**
 * An engine that answers every statement with fixed rows and records what it was sent: the reader's
 * and loader's contract (one statement per batch, bounded partitions, slots per key) is about what it sends and
 * how it splits the answer, not about SQL (the builders and the engines are tested on real data).
 */
function recordingEngine(rows: Row[]) {
  const sent: SqlQuery[] = [];
  const engine: QueryEngine = {
    name: 'duckdb',
    dialect: 'duckdb',
    async query<R>(query: SqlQuery): Promise<QueryResult<R>> {
      sent.push(query);
      return { rows: rows as unknown as R[], stats: { engine: 'duckdb', engineTimeMs: 1, rowsReturned: rows.length } };
    },
    ping: async () => undefined,
    close: async () => undefined,
  };
  return { engine, sent };
}

function loaderOver(rows: Row[]) {
  const { engine, sent } = recordingEngine(rows);
  const stats = new RequestStats();
  const requests: { contactIds: readonly string[]; partitions?: readonly unknown[] }[] = [];
  const loader = createByContactLoader<string[]>((keys) =>
    readByContact<Row, string, string[]>(engine, stats, ALL_INSTANCES, keys, {
      margins: PARTITION_MARGINS.contactLensOfContacts,
      query: (request) => {
        requests.push(request);
        return { id: 'test', sql: 'SELECT 1', params: [], freshness: request.freshness };
      },
      toItem: (row) => {
        if (row.value === 'bad') throw new Error(`malformed row of ${row.contact_id}`);
        return row.value;
      },
      toValue: (items) => items,
    }),
  );
  return { loader, sent, stats, requests };
}

const at = (iso: string) => new Date(iso);

describe('readByContact through createByContactLoader', () => {
  it('loads a batch with one engine query over the union of the contacts\' windows, values in key order', async () => {
    const { loader, sent, stats, requests } = loaderOver([
      { contact_id: 'b', value: 'b1' },
      { contact_id: 'a', value: 'a1' },
      { contact_id: 'b', value: 'b2' },
    ]);
    const values = await Promise.all([
      loader.load({ contactId: 'a', initiationTimestamp: at('2026-11-19T23:59:00Z') }),
      loader.load({ contactId: 'b', initiationTimestamp: at('2026-11-20T10:00:00Z') }),
      loader.load({ contactId: 'none', initiationTimestamp: at('2026-11-20T11:00:00Z') }),
    ]);
    expect(values).toEqual([['a1'], ['b1', 'b2'], []]);
    expect(sent).toHaveLength(1);
    expect(stats.snapshot().backendCalls).toEqual({ duckdb: 1 });
    expect(requests[0].contactIds).toEqual(['a', 'b', 'none']);
    expect(requests[0].partitions).toEqual([
      { year: 2026, month: 11, day: 19 },
      { year: 2026, month: 11, day: 20 },
      { year: 2026, month: 11, day: 21 },
    ]);
    expect(sent[0].freshness).toEqual({ from: at('2026-11-19T00:00:00Z'), to: at('2026-11-22T00:00:00Z') });
  });

  it('caches by contact id within the request', async () => {
    const { loader, sent } = loaderOver([{ contact_id: 'a', value: 'a1' }]);
    await loader.load({ contactId: 'a', initiationTimestamp: at('2026-11-19T10:00:00Z') });
    await loader.load({ contactId: 'a', initiationTimestamp: at('2026-11-25T10:00:00Z') });
    expect(sent).toHaveLength(1);
  });

  it('fails only the slot of a contact with a malformed row, never the batch', async () => {
    const { loader } = loaderOver([
      { contact_id: 'a', value: 'bad' },
      { contact_id: 'b', value: 'b1' },
    ]);
    const [a, b] = await Promise.allSettled([
      loader.load({ contactId: 'a', initiationTimestamp: at('2026-11-19T10:00:00Z') }),
      loader.load({ contactId: 'b', initiationTimestamp: at('2026-11-19T10:00:00Z') }),
    ]);
    expect(a).toMatchObject({ status: 'rejected', reason: new Error('malformed row of a') });
    expect(b).toEqual({ status: 'fulfilled', value: ['b1'] });
  });
});
