import fs from 'node:fs';
import path from 'node:path';
import type { DayPartition } from '../../domain/time-range';
import { ctrRollupTable, ROLLUP_ATTRIBUTION_COLUMN, ROLLUP_BUCKET_COLUMN } from '../catalog';
import { sqlLiteral } from '../duckdb-reader';
import type { QueryEngine } from '../query-engine';
import { ctrRollupDayQuery } from '../sql/rollup/ctr-rollup.sql';
import { ROLLUP_FILE_NAME, rollupFilePath } from './rollup-files';

/** What {@link writeCtrRollupDay} wrote. */
export interface CtrRollupDayWritten {
  /** The day's rollup file (absolute path). */
  readonly file: string;
  /** Rollup rows in the file (0 for a day without contacts: the file still says the day is rolled up). */
  readonly rows: number;
  readonly sizeBytes: number;
}

let temporaryCount = 0;

/** Row order of a rollup file: the low-cardinality columns first, the bucket last. */
const ROLLUP_SORT_ORDER = [ROLLUP_ATTRIBUTION_COLUMN, 'instance_arn', 'channel', 'queue_arn', 'queue_name', 'initiation_method', 'disconnect_reason', 'agent_routing_profile_arn', 'agent_routing_profile_name', 'agent_arn', 'agent_username', ROLLUP_BUCKET_COLUMN].join(', ');

/**
 * Builds the rollup of one CTR partition day into its Parquet file on the embedded (DuckDB)
 * engine, atomically: DuckDB writes a hidden temporary file beside the target (which no reader
 * lists), then it is renamed over the old file, so a reader sees the old rollup or the new one,
 * never half a file. The engine must already see the day's CTR files (rescan it first after new
 * files landed) and sees the new rollup after its next rescan.
 * @param engine - a DuckDB engine over `dataDir` (`ctrRollupDayQuery` in its dialect).
 * @throws UpstreamError when DuckDB fails; the temporary file is removed and the old rollup kept.
 */
export async function writeCtrRollupDay(engine: QueryEngine, dataDir: string, day: DayPartition): Promise<CtrRollupDayWritten> {
  if (engine.dialect !== 'duckdb') throw new Error('writeCtrRollupDay writes Parquet files with DuckDB; Athena builds rollups with INSERT INTO');
  const target = rollupFilePath(dataDir, ctrRollupTable, day);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temporary = path.join(path.dirname(target), `.${ROLLUP_FILE_NAME}.${process.pid}.${++temporaryCount}.tmp`);
  const select = ctrRollupDayQuery({ dialect: 'duckdb', day });
  try {
    const result = await engine.query<{ Count?: number | string }>({
      id: 'rollup_ctr_day_write',
      // The path comes from configuration (DATA_DIR), never from a request; every value of the SELECT stays bound.
      // Sorted by attribution and dimensions, so runs of equal values compress (dictionary and run-length encoding).
      sql: `COPY (SELECT * FROM (${select.sql}) ORDER BY ${ROLLUP_SORT_ORDER}) TO ${sqlLiteral(temporary)} (FORMAT parquet, COMPRESSION zstd)`,
      params: select.params,
    });
    await fs.promises.rename(temporary, target);
    const { size } = await fs.promises.stat(target);
    return { file: target, rows: Number(result.rows[0]?.Count ?? 0), sizeBytes: size };
  } finally {
    await fs.promises.rm(temporary, { force: true });
  }
}
