import type { ContactRecord } from '../../domain/contact';
import type { ContactLookupKey } from '../../domain/contact-lookup';
import { partitionsOfWindows, rangeOfPartitions } from '../../domain/contact-partitions';
import { lookaheadLimit } from '../../domain/paging';
import { PARTITION_MARGINS, planPartitions } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { TimeRange } from '../../domain/time-range';
import type { QueryEngine } from '../query-engine';
import { contactPageQuery, contactsByIdQuery, type ContactListFilter, type ContactRow } from '../sql/contacts.sql';
import type { Scope } from '../sql/scope';
import { toContactRecord } from './contact-row.mapper';
import { runHistoryQuery } from './history-query';

/**
 * Reads contact trace records (de-duplicated by contact id, latest delivery) for one request: plans the
 * partitions, builds the statement, runs it through the (caching) engine and maps the rows.
 */
export class ContactReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /**
   * The contacts of these bounded lookups in the scope, in key order; null for a key without a
   * contact. One engine query over the union of the keys' UTC days (each key's window is bounded, see
   * `contactLookupWindow`), never the whole table.
   */
  async byIds(scope: Scope, keys: readonly ContactLookupKey[]): Promise<(ContactRecord | null)[]> {
    const partitions = partitionsOfWindows(keys.map((k) => k.window));
    const ids = [...new Set(keys.map((k) => k.contactId))];
    const query = contactsByIdQuery(this.engine.dialect, scope, ids, partitions, rangeOfPartitions(partitions));
    const { rows } = await runHistoryQuery<ContactRow>(this.engine, this.stats, query);
    const byId = new Map(rows.map((r) => [r.contact_id, toContactRecord(r)]));
    return keys.map((k) => byId.get(k.contactId) ?? null);
  }

  /**
   * The contacts initiated in the (validated) range after the keyset position, ordered by initiation
   * time then contact id: up to `first + 1` of them ({@link lookaheadLimit}), the extra one telling
   * `pageOf` that another page follows.
   */
  async page(
    scope: Scope,
    request: { range: TimeRange; filter: Omit<ContactListFilter, 'from' | 'to'>; first: number; after?: { initiationTimestamp: string; contactId: string } },
  ): Promise<ContactRecord[]> {
    const { range, first } = request;
    const query = contactPageQuery({
      dialect: this.engine.dialect,
      scope,
      partitions: planPartitions(range, PARTITION_MARGINS.contactsByInitiation),
      analysisPartitions: planPartitions(range, PARTITION_MARGINS.contactLensOfContacts),
      filter: { ...request.filter, from: range.from, to: range.to },
      limit: lookaheadLimit(first),
      after: request.after,
    });
    const { rows } = await runHistoryQuery<ContactRow>(this.engine, this.stats, query);
    return rows.map(toContactRecord);
  }
}
