import DataLoader from 'dataloader';
import { partitionsOfContacts, rangeOfPartitions } from '../domain/contact-partitions';
import type { PartitionMargins } from '../domain/partition-planner';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine, SqlQuery } from '../history/query-engine';
import type { ByContactRequest } from '../history/sql/by-contact.sql';
import type { Scope } from '../history/sql/scope';
import { runHistoryQuery } from '../services/history-runner';
import { contactKeyCacheKey, type ContactKey } from './contact-key';

/** Contacts per batch: bounds the IN list and the union of the contacts' partition windows. */
export const BY_CONTACT_MAX_BATCH_SIZE = 200;

/** How one per-contact loader reads and shapes its rows. */
export interface ByContactLoaderSpec<Row extends { contact_id: string }, Item, Value> {
  /** How far past each contact's own days its rows may lie (see `PARTITION_MARGINS`). */
  readonly margins: PartitionMargins;
  /** The one statement of a batch. */
  readonly query: (request: ByContactRequest) => SqlQuery;
  /** One row to one item; may throw for a malformed row (only that contact's slot fails). */
  readonly toItem: (row: Row) => Item;
  /** A contact's items (in the statement's order; none when it has no rows) to the loaded value. */
  readonly toValue: (items: Item[]) => Value;
}

/**
 * A per-request loader of one table's rows by contact: each batch is one engine query with the
 * contact ids bound in an IN list, over the union of the contacts' partition windows (every partition
 * when a key has no initiation time — acceptable only for a single lookup; keys made with
 * `contactKeyOf` always have it). A contact without rows gets `toValue([])`; a malformed row puts an
 * Error in its contact's slot and never fails the batch.
 */
export function createByContactLoader<Row extends { contact_id: string }, Item, Value>(
  engine: QueryEngine,
  stats: RequestStats,
  scope: Scope,
  spec: ByContactLoaderSpec<Row, Item, Value>,
): DataLoader<ContactKey, Value, string> {
  return new DataLoader<ContactKey, Value, string>(
    async (keys) => {
      const partitions = partitionsOfContacts(keys, spec.margins);
      const freshness = partitions === undefined ? undefined : rangeOfPartitions(partitions);
      const query = spec.query({ dialect: engine.dialect, scope, contactIds: keys.map((k) => k.contactId), partitions, freshness });
      const { rows } = await runHistoryQuery<Row>(engine, stats, query);
      const byContact = new Map<string, Row[]>();
      for (const row of rows) {
        const list = byContact.get(row.contact_id);
        if (list) list.push(row);
        else byContact.set(row.contact_id, [row]);
      }
      return keys.map((key) => {
        try {
          return spec.toValue((byContact.get(key.contactId) ?? []).map(spec.toItem));
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      });
    },
    { maxBatchSize: BY_CONTACT_MAX_BATCH_SIZE, cacheKeyFn: contactKeyCacheKey },
  );
}
