import { ctrRollupTable } from '../catalog';
import type { QueryEngine } from '../query-engine';
import { ctrRollupDayQuery } from '../sql/rollup/ctr-rollup.sql';
import { partitionPredicate } from '../sql/partitions.sql';
import { raw, sql } from '../sql/sql-fragment';
import type { RollupObjectStore } from './object-store';
import { partitionPathOf } from './rollup-manifest';
import type { RollupDayBuilder } from './rollup-job';

/** Options of {@link createAthenaRollupBuilder}. */
export interface AthenaRollupBuilderOptions {
  /** An Athena engine without result reuse and without the result cache: every statement must run. */
  readonly engine: QueryEngine;
  /** The data bucket (the rollup's old objects are deleted there before a rebuild). */
  readonly objects: RollupObjectStore;
  /** The data bucket's name. */
  readonly bucket: string;
  /** The rollup table's location in the bucket, e.g. `rollups/ctr/` (its Glue table's location). */
  readonly rollupPrefix: string;
}

/** Only configuration reaches the UNLOAD target; still, a quote would end the literal. */
function s3Literal(url: string): string {
  if (/['\\]/.test(url)) throw new RangeError(`rollup location ${url} may not contain quotes or backslashes`);
  return `'${url}'`;
}

/**
 * Builds CTR rollups on Athena, one day at a time:
 * 1. deletes the day's old rollup objects (`<rollupPrefix>year=YYYY/month=MM/day=DD/`);
 * 2. `UNLOAD (<the day's rollup SELECT>) TO 's3://<bucket>/<that prefix>' WITH (format = 'PARQUET')`;
 * 3. counts the rows written (a scan of the small new Parquet objects) and sums their sizes.
 *
 * UNLOAD rather than INSERT INTO: it writes exactly the prefix the table's partition projection
 * template names (two-digit month and day), needs no Glue write permission or partition registration,
 * and refuses a prefix that still holds objects, so a half-deleted rebuild fails loudly instead of
 * doubling a day. INSERT INTO would write under Hive's own `month=3/` names for the integer partition
 * keys, which the projection template (`month=03`) never reads. CTAS would create a table per day.
 * Every value of the SELECT stays a bound execution parameter; the target comes from configuration.
 */
export function createAthenaRollupBuilder(options: AthenaRollupBuilderOptions): RollupDayBuilder {
  const { engine, objects, bucket, rollupPrefix } = options;
  return {
    engine: 'athena',
    table: ctrRollupTable.name,
    build: async (day, signal) => {
      const prefix = `${rollupPrefix}${partitionPathOf(day)}/`;
      await objects.deletePrefix(prefix);
      const select = ctrRollupDayQuery({ dialect: 'trino', day });
      await engine.query(
        { id: 'rollup_ctr_day_unload', sql: `UNLOAD (${select.sql}) TO ${s3Literal(`s3://${bucket}/${prefix}`)} WITH (format = 'PARQUET', compression = 'SNAPPY')`, params: select.params },
        { signal },
      );
      const count = sql`SELECT count(*) AS n FROM ${raw(ctrRollupTable.name)} WHERE ${partitionPredicate([day])}`;
      const { rows } = await engine.query<{ n: number | string }>({ id: 'rollup_ctr_day_rows', sql: count.text, params: count.params }, { signal });
      const written = await objects.list(prefix);
      return { rows: Number(rows[0]?.n ?? 0), bytes: written.reduce((n, o) => n + o.sizeBytes, 0) };
    },
  };
}
