import fs from 'node:fs';
import path from 'node:path';
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { testDataDir } from '../helpers/test-server';
import { prunedDays } from '../helpers/athena-scanned-bytes';

/** Sum of the sizes of every regular file under a folder (the partition's objects). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(p) : fs.statSync(p).size;
  }
  return total;
}

/**
 * The local Athena endpoint bills statements like Athena: DataScannedInBytes is the size of the files
 * of the partitions the statement reads, after pruning by its year/month/day predicates.
 */
describe('local Athena endpoint: DataScannedInBytes', () => {
  let local: AthenaLocalEndpoint;
  let client: AthenaClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await testDataDir();
    // One test reads a whole table on purpose (the bytes of a scan without a partition predicate), which the endpoint otherwise fails.
    local = await startAthenaLocalEndpoint({ dataDir, runningPolls: 0, enforcePartitionPredicates: false });
    client = new AthenaClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  afterAll(async () => {
    client?.destroy();
    await local?.close();
  });

  async function scanned(sql: string, parameters?: string[]): Promise<number> {
    const { QueryExecutionId } = await client.send(new StartQueryExecutionCommand({ QueryString: sql, ExecutionParameters: parameters, WorkGroup: 'primary' }));
    for (;;) {
      const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') return QueryExecution!.Statistics!.DataScannedInBytes!;
      if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`query ${state}: ${QueryExecution?.Status?.StateChangeReason}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  const day1 = () => path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=19');
  const day2 = () => path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=20');

  it('counts the files of the one day partition a statement selects, with bound parameters', async () => {
    const bytes = await scanned('SELECT count(*) FROM connect_ctr WHERE (year = ? AND month = ? AND day = ?)', ['2026', '11', '19']);
    expect(bytes).toBe(folderBytes(day1()));
    expect(bytes).toBeGreaterThan(0);
  });

  it('adds the days of an OR of partitions, and ignores other tables', async () => {
    const bytes = await scanned('SELECT count(*) FROM connect_ctr WHERE ((year = 2026 AND month = 11 AND day = 19) OR (year = 2026 AND month = 11 AND day = 20))');
    expect(bytes).toBe(folderBytes(day1()) + folderBytes(day2()));
  });

  it('prunes each table by its own read\'s predicate, not the days another table is read for', async () => {
    const ae20 = path.join(dataDir, 'ae', 'year=2026', 'month=11', 'day=20');
    const bytes = await scanned(
      'SELECT count(*) FROM connect_ctr WHERE (year = 2026 AND month = 11 AND day = 19) UNION ALL SELECT count(*) FROM connect_ae WHERE (year = 2026 AND month = 11 AND day = 20)',
    );
    expect(folderBytes(ae20)).toBeGreaterThan(0);
    expect(bytes).toBe(folderBytes(day1()) + folderBytes(ae20));
  });

  it('counts every file of the table when the statement has no partition predicate', async () => {
    expect(await scanned('SELECT count(*) FROM connect_ctr')).toBe(folderBytes(path.join(dataDir, 'ctr')));
  });

  it('counts nothing for a table named only inside a string literal', async () => {
    expect(await scanned("SELECT 'connect_ctr' AS x")).toBe(0);
  });

  it('reads partition days only from code, never from literals or comments', () => {
    expect(prunedDays("SELECT 1 -- year = 2026 AND month = 1 AND day = 2\nWHERE x = 'year = 2026 AND month = 1 AND day = 3'")).toBeUndefined();
    expect([...prunedDays('WHERE (year = 2026 AND month = 3 AND day = 8)')!]).toEqual(['2026-03-08']);
  });
});
