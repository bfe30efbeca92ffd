import type { DayPartition } from '../../domain/time-range';
import { join, raw, sql, type SqlFragment } from './sql-fragment';

/**
 * A bound predicate selecting the given UTC day partitions, so both engines read only those folders
 * (DuckDB prunes hive paths on it; Athena prunes projected partitions).
 */
export function partitionPredicate(days: readonly DayPartition[]): SqlFragment {
  if (days.length === 0) return raw('FALSE');
  return sql`(${join(
    days.map((d) => sql`(year = ${d.year} AND month = ${d.month} AND day = ${d.day})`),
    ' OR ',
  )})`;
}
