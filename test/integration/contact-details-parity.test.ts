import { partitionsOfContacts } from '../../src/domain/contact-partitions';
import { PARTITION_MARGINS, planPartitions } from '../../src/domain/partition-planner';
import type { AthenaEngine } from '../../src/history/athena.engine';
import type { DuckDbEngine } from '../../src/history/duckdb.engine';
import type { QueryEngine, SqlQuery } from '../../src/history/query-engine';
import type { ByContactRequest } from '../../src/history/sql/by-contact.sql';
import { contactChainsQuery } from '../../src/history/sql/contact-chain.sql';
import { contactFlowLogsQuery } from '../../src/history/sql/contact-flow-log.sql';
import { contactLensQuery } from '../../src/history/sql/contact-lens.sql';
import { evaluationPageQuery, evaluationsByContactQuery, type EvaluationListFilter } from '../../src/history/sql/evaluations.sql';
import { ALL_INSTANCES } from '../../src/history/sql/scope';
import type { Dialect } from '../../src/history/sql/sql-fragment';
import { startParityEngines, type ParityEngines } from '../helpers/parity-engines';
import { crossDayDataDir, readRawRecords } from '../helpers/raw-records';

interface RawCtr {
  ContactId: string;
  InitiationTimestamp: string;
  DisconnectTimestamp: string | null;
  InitialContactId: string | null;
}

/**
 * The contact-detail and evaluation builders give the same rows on DuckDB and on the Athena engine
 * (Trino dialect, over the local Athena-protocol endpoint), on the data set that has Contact Lens rows
 * in the day after their contact's partition.
 */
describe('contact details and evaluations: Athena engine gives the DuckDB engine’s answers', () => {
  let engines: ParityEngines;
  let duckdb: DuckDbEngine;
  let athena: AthenaEngine;
  let contacts: RawCtr[];

  beforeAll(async () => {
    const dataDir = await crossDayDataDir();
    engines = await startParityEngines(dataDir);
    ({ duckdb, athena } = engines);
    const byId = new Map(readRawRecords<RawCtr>(dataDir, 'ctr').map(({ record }) => [record.ContactId, record]));
    contacts = [...byId.values()];
  });

  afterAll(async () => {
    await engines?.close();
  });

  async function both(build: (dialect: Dialect) => SqlQuery): Promise<{ duck: unknown[]; trino: unknown[] }> {
    const run = async (engine: QueryEngine) => (await engine.query<Record<string, unknown>>(build(engine.dialect))).rows;
    const [duck, trino] = await Promise.all([run(duckdb), run(athena)]);
    return { duck, trino };
  }

  /** A by-contact request for a batch of contacts, bounded the way the loaders bound it. */
  const batch = (dialect: Dialect, of: RawCtr[], margins: (typeof PARTITION_MARGINS)[keyof typeof PARTITION_MARGINS]): ByContactRequest => ({
    dialect,
    scope: ALL_INSTANCES,
    contactIds: of.map((c) => c.ContactId),
    partitions: partitionsOfContacts(
      of.map((c) => ({ initiationTimestamp: new Date(c.InitiationTimestamp), disconnectTimestamp: c.DisconnectTimestamp ? new Date(c.DisconnectTimestamp) : null })),
      margins,
    ),
  });

  it('reads the journeys of 200 contacts identically (more than one Athena result page)', async () => {
    const { duck, trino } = await both((d) => contactFlowLogsQuery(batch(d, contacts.slice(0, 200), PARTITION_MARGINS.flowLogsOfContacts)));
    expect(duck.length).toBeGreaterThan(1_000);
    expect(trino).toEqual(duck);
  });

  it('reads Contact Lens rows identically, the ones on the next day included', async () => {
    const initiationDay = new Map(contacts.map((c) => [c.ContactId, c.InitiationTimestamp.slice(0, 10)]));
    const nextDay = readRawRecords<{ contactId: string }>(await crossDayDataDir(), 'cl')
      .filter(({ record, partition }) => initiationDay.has(record.contactId) && partition !== initiationDay.get(record.contactId))
      .map(({ record }) => record.contactId);
    expect(nextDay.length).toBeGreaterThan(0);
    const { duck, trino } = await both((d) => contactLensQuery(batch(d, contacts, PARTITION_MARGINS.contactLensOfContacts)));
    expect(duck.length).toBeGreaterThan(100);
    expect((duck as { contact_id: string }[]).map((r) => r.contact_id)).toEqual(expect.arrayContaining(nextDay));
    expect(trino).toEqual(duck);
  });

  it('reads the evaluations of contacts identically', async () => {
    const { duck, trino } = await both((d) => evaluationsByContactQuery(batch(d, contacts, PARTITION_MARGINS.evaluationsOfContacts)));
    expect(duck.length).toBeGreaterThan(5);
    expect(trino).toEqual(duck);
  });

  it('reads a single contact identically, bounded by its own days', async () => {
    const one = [contacts[0]];
    for (const [build, margins] of [
      [contactFlowLogsQuery, PARTITION_MARGINS.flowLogsOfContacts],
      [contactLensQuery, PARTITION_MARGINS.contactLensOfContacts],
      [evaluationsByContactQuery, PARTITION_MARGINS.evaluationsOfContacts],
    ] as const) {
      const { duck, trino } = await both((d) => build(batch(d, one, margins)));
      expect(trino).toEqual(duck);
    }
  });

  it('pages evaluations identically, with every filter and after a cursor', async () => {
    const range = { from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    const page = (d: Dialect, filter: EvaluationListFilter, after?: { submittedAt: string; evaluationId: string }) =>
      evaluationPageQuery({ dialect: d, scope: ALL_INSTANCES, partitions: planPartitions(filter, PARTITION_MARGINS.evaluationsBySubmission), filter, limit: 1_000, after });
    const { duck: all, trino } = await both((d) => page(d, range));
    expect(all.length).toBeGreaterThan(5);
    expect(trino).toEqual(all);
    const sample = all[2] as { form_title: string; agent_id: string; evaluator: string; submit_timestamp: string; evaluation_id: string };
    for (const filter of [{ formTitle: sample.form_title }, { agentId: sample.agent_id }, { evaluator: sample.evaluator }, { formTitle: "x' OR '1'='1" }]) {
      const filtered = await both((d) => page(d, { ...range, ...filter }));
      expect(filtered.trino).toEqual(filtered.duck);
      expect(filtered.duck.length).toBeLessThan(all.length);
    }
    const after = await both((d) => page(d, range, { submittedAt: sample.submit_timestamp, evaluationId: sample.evaluation_id }));
    expect(after.duck).toEqual(all.slice(3));
    expect(after.trino).toEqual(after.duck);
  });

  it('reads transfer chains identically', async () => {
    const initialIds = [...new Set(contacts.filter((c) => c.InitialContactId).map((c) => c.InitialContactId as string))];
    expect(initialIds.length).toBeGreaterThan(3);
    const { duck, trino } = await both((d) => contactChainsQuery({ dialect: d, scope: ALL_INSTANCES, initialContactIds: initialIds, partitions: batch(d, contacts, PARTITION_MARGINS.transferChainsOfContacts).partitions }));
    expect(duck.length).toBeGreaterThan(initialIds.length);
    // `delivery_rank` (always 1 here) is a BIGINT, which DuckDB's JSON rows give as text.
    const withoutRank = (rows: unknown[]) => rows.map((r) => ({ ...(r as Record<string, unknown>), delivery_rank: undefined }));
    expect(withoutRank(trino)).toEqual(withoutRank(duck));
  });
});
