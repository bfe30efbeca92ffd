import type { DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { partitionPredicate } from './partitions.sql';
import { scopePredicate, type Scope } from './scope';
import { sql } from './sql-fragment';

/** A row of {@link newestDirectoryDayQuery}: `year * 10000 + month * 100 + day` of the newest day, null when the days hold nothing. */
export interface NewestDayRow {
  newest_day: number | string | null;
}

/**
 * The newest of the given UTC days holding an agent event or a contact record of the scope: a
 * bounded probe (both tables read only these days), so the directory can find the newest data
 * without listing or scanning the whole history. On Athena a day without files costs nothing.
 */
export function newestDirectoryDayQuery(scope: Scope, days: readonly DayPartition[], freshness?: { from: Date; to: Date }): SqlQuery {
  const q = sql`SELECT max(year * 10000 + month * 100 + day) AS newest_day
FROM (
  SELECT year, month, day FROM connect_ae WHERE ${partitionPredicate(days)} AND ${scopePredicate(scope, 'instancearn')}
  UNION ALL
  SELECT year, month, day FROM connect_ctr WHERE ${partitionPredicate(days)} AND ${scopePredicate(scope, 'instancearn')}
) AS days_with_data`;
  return { id: 'directory_newest_day', sql: q.text, params: q.params, ...(freshness ? { freshness } : {}) };
}
