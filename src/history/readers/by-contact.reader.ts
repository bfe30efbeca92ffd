import { partitionsOfContacts, rangeOfPartitions, type ContactTimes } from '../../domain/contact-partitions';
import type { PartitionMargins } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { QueryEngine, SqlQuery } from '../query-engine';
import type { ByContactRequest } from '../sql/by-contact.sql';
import type { Scope } from '../sql/scope';
import { runHistoryQuery } from './history-query';

/**
 * A contact to read rows of: its id, plus its times when the caller has them, so one read covers only
 * the partitions that can hold the contacts' rows.
 */
export interface ContactRef extends ContactTimes {
  readonly contactId: string;
}

/** How one per-contact read plans, queries and shapes its rows. */
export interface ByContactSpec<Row extends { contact_id: string }, Item, Value> {
  /** How far past each contact's own days its rows may lie (see `PARTITION_MARGINS`). */
  readonly margins: PartitionMargins;
  /** The one statement of a read. */
  readonly query: (request: ByContactRequest) => SqlQuery;
  /** One row to one item; may throw for a malformed row (only that contact's slot fails). */
  readonly toItem: (row: Row) => Item;
  /** A contact's items (in the statement's order; none when it has no rows) to the value read. */
  readonly toValue: (items: Item[]) => Value;
}

/**
 * Reads one table's rows of `contacts` with one engine query, the contact ids bound in an IN list, over
 * the union of the contacts' partition windows (never the whole history). A contact without rows gets `toValue([])`; a malformed row puts
 * an Error in its contact's slot and never fails the others.
 * @returns one value or Error per contact, in the order given.
 */
export async function readByContact<Row extends { contact_id: string }, Item, Value>(
  engine: QueryEngine,
  stats: RequestStats,
  scope: Scope,
  contacts: readonly ContactRef[],
  spec: ByContactSpec<Row, Item, Value>,
): Promise<(Value | Error)[]> {
  const partitions = partitionsOfContacts(contacts, spec.margins);
  const freshness = rangeOfPartitions(partitions);
  const query = spec.query({ dialect: engine.dialect, scope, contactIds: contacts.map((k) => k.contactId), partitions, freshness });
  const { rows } = await runHistoryQuery<Row>(engine, stats, query);
  const byContact = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byContact.get(row.contact_id);
    if (list) list.push(row);
    else byContact.set(row.contact_id, [row]);
  }
  return contacts.map((contact) => {
    try {
      return spec.toValue((byContact.get(contact.contactId) ?? []).map(spec.toItem));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
}
