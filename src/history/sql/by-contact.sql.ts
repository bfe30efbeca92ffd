import type { DayPartition } from '../../domain/time-range';
import { join, sql, type Dialect, type SqlFragment } from './sql-fragment';
import type { Scope } from './scope';

/** Parameters of a read of one table's rows for a batch of contacts (a loader batch). */
export interface ByContactRequest {
  readonly dialect: Dialect;
  readonly scope: Scope;
  /** The contacts to read rows of; bound in an IN list. Must not be empty. */
  readonly contactIds: readonly string[];
  /** The partitions that can hold the rows (the contacts' windows): every read is bounded. */
  readonly partitions: readonly DayPartition[];
  /** The instants the partitions cover, for the result cache's TTL (short when they reach today). */
  readonly freshness?: { readonly from: Date; readonly to: Date };
}

/** `expr IN (?, ?, …)` with the contact ids bound. @throws Error for an empty list (a loader never sends one). */
export function contactIdIn(expr: SqlFragment, contactIds: readonly string[]): SqlFragment {
  if (contactIds.length === 0) throw new Error('a by-contact read needs at least one contact id');
  return sql`${expr} IN (${join(contactIds.map((id) => sql`${id}`), ', ')})`;
}
