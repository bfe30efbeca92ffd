import type { SqlQuery } from '../query-engine';
import type { ByContactRequest } from './by-contact.sql';
import { dedupedContactsCte } from './contacts.sql';
import { partitionPredicate } from './partitions.sql';
import { join, sql, timestampOf } from './sql-fragment';

/** Parameters of {@link contactChainsQuery}. */
export interface ContactChainsRequest extends Omit<ByContactRequest, 'contactIds'> {
  /** Ids of the chains' initial contacts. */
  readonly initialContactIds: readonly string[];
}

/**
 * The latest delivery of every contact of the given transfer chains: the initial contacts themselves
 * and every contact whose `InitialContactId` names one of them (transfers, queued callbacks), ordered
 * by initiation time. The caller orders each chain by following `NextContactId`. Both predicates keep
 * or drop all deliveries of a contact together (ids never change between deliveries), so they are
 * applied before de-duplication.
 */
export function contactChainsQuery(request: ContactChainsRequest): SqlQuery {
  const { dialect } = request;
  const ids = join(request.initialContactIds.map((id) => sql`${id}`), ', ');
  const members = sql`(contactid IN (${ids}) OR initialcontactid IN (${ids}))`;
  const prefilter = sql`${partitionPredicate(request.partitions)} AND ${members}`;
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, prefilter)}
SELECT * FROM contacts
ORDER BY ${timestampOf(dialect, 'initiation_timestamp')}, contact_id`;
  return { id: 'contact_chains', sql: q.text, params: q.params, ...(request.freshness ? { freshness: request.freshness } : {}) };
}

