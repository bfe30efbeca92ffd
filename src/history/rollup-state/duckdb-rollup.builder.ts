import { ctrRollupTable, ctrTable } from '../catalog';
import type { DuckDbEngine } from '../duckdb.engine';
import { writeCtrRollupDay } from '../rollups/ctr-rollup.writer';
import { partitionPredicate } from '../sql/partitions.sql';
import { raw, sql } from '../sql/sql-fragment';
import type { RollupDayBuilder } from './rollup-job';

/**
 * Builds CTR rollups on the embedded engine: the day's Parquet file (`writeCtrRollupDay`, atomic
 * replace), then the partition's de-duplicated contacts and greatest LastUpdateTimestamp for the
 * manifest. The engine lists the data folder first, so it reads the files that are there now (the
 * manifest's source listing is taken before, so a file landing in between leaves the day dirty).
 * @param engine - a DuckDB engine over `dataDir` (not a caching wrapper: the COPY must run).
 */
export function createDuckDbRollupBuilder(engine: DuckDbEngine, dataDir: string): RollupDayBuilder {
  return {
    engine: 'duckdb',
    table: ctrRollupTable.name,
    build: async (day) => {
      await engine.rescan();
      const written = await writeCtrRollupDay(engine, dataDir, day);
      const facts = sql`SELECT count(DISTINCT "ContactId") AS contacts, max("LastUpdateTimestamp") AS max_last_update FROM ${raw(ctrTable.name)} WHERE ${partitionPredicate([day])}`;
      const { rows } = await engine.query<{ contacts: number | string; max_last_update: string | null }>({ id: 'rollup_ctr_day_source', sql: facts.text, params: facts.params });
      return {
        rows: written.rows,
        bytes: written.sizeBytes,
        contacts: Number(rows[0]?.contacts ?? 0),
        maxLastUpdateTimestamp: rows[0]?.max_last_update ?? null,
      };
    },
  };
}
