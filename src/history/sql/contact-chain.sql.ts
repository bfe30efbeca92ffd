import type { DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { dedupedContactsCte } from './contacts.sql';
import { partitionPredicate } from './partitions.sql';
import type { Scope } from './scope';
import { join, sql, timestampOf, type Dialect } from './sql-fragment';

/** Parameters of {@link contactChainsQuery}. */
export interface ContactChainsRequest {
  readonly dialect: Dialect;
  readonly scope: Scope;
  /** Ids of the chains' initial contacts. */
  readonly initialContactIds: readonly string[];
  /** Partitions to read; `undefined` reads every partition (a lookup without known times). */
  readonly partitions?: readonly DayPartition[];
  /** The instants the partitions cover, for the result cache's TTL. */
  readonly freshness?: { readonly from: Date; readonly to: Date };
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
  const prefilter = request.partitions === undefined ? members : sql`${partitionPredicate(request.partitions)} AND ${members}`;
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, prefilter)}
SELECT * FROM contacts
ORDER BY ${timestampOf(dialect, 'initiation_timestamp')}, contact_id`;
  return { id: 'contact_chains', sql: q.text, params: q.params, ...(request.freshness ? { freshness: request.freshness } : {}) };
}

