import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { RECORD_SOURCES, type RecordSource } from '../../domain/records';
import { DemoDataError } from './demo-data.errors';
import { parquetCopyStatement } from '../../history/sql/parquet-export.sql';

/** DuckDB may use this much memory before it spills to the staging folder. */
const DUCKDB_MEMORY_LIMIT = '1GB';

/** `year=YYYY/month=MM/day=DD` folders of a source, sorted. */
function partitionFolders(sourceDir: string): string[] {
  if (!fs.existsSync(sourceDir)) return [];
  return (fs.readdirSync(sourceDir, { recursive: true }) as string[])
    .filter((entry) => /^year=\d{4}[/\\]month=\d{2}[/\\]day=\d{2}$/.test(entry))
    .sort();
}

/** Files and bytes per source of a converted layout. */
export interface ParquetStats {
  readonly files: Record<RecordSource, number>;
  readonly bytes: Record<RecordSource, number>;
}

/** True when a file starts with gzip's magic bytes. */
function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Converts the JSON layout under `jsonDir` into the same layout of Parquet files under `parquetDir`
 * with DuckDB, one partition at a time (`COPY (SELECT … FROM read_json(…)) TO …/<delivery name>`),
 * so memory stays bounded by one day of one source. Column types come from the table catalog; one
 * thread keeps row order and bytes reproducible. Partition keys live in the folder names only.
 * @throws DemoDataError `PARQUET_FAILED` when DuckDB fails, `ABORTED` when the signal fires.
 */
export async function convertToParquet(
  jsonDir: string,
  parquetDir: string,
  options: { gzip: boolean; signal?: AbortSignal; tempDir: string },
): Promise<ParquetStats> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    // One thread keeps the order anyway; not preserving it lets COPY stream instead of buffer.
    preserve_insertion_order: 'false',
    memory_limit: DUCKDB_MEMORY_LIMIT,
    temp_directory: options.tempDir,
  });
  const connection = await instance.connect();
  const stats: ParquetStats = { files: { ctr: 0, ae: 0, cfl: 0, cl: 0, ef: 0 }, bytes: { ctr: 0, ae: 0, cfl: 0, cl: 0, ef: 0 } };
  try {
    for (const source of RECORD_SOURCES) {
      for (const partition of partitionFolders(path.join(jsonDir, source))) {
        if (options.signal?.aborted) throw new DemoDataError('ABORTED', 'interrupted while converting to Parquet; nothing was written');
        const from = path.join(jsonDir, source, partition);
        const to = path.join(parquetDir, source, partition);
        fs.mkdirSync(to, { recursive: true });
        const parts = fs.readdirSync(from).sort();
        for (const part of parts) {
          // Delivery files are JSON or gzip JSON whatever their names (see firehose-naming.ts); Parquet
          // objects keep the delivery's name without an extension, as Firehose's format conversion writes them.
          const source_ = path.join(from, part);
          const target = path.join(to, part.replace(/\.(gz|json)$/, ''));
          const sql = parquetCopyStatement({ source, jsonFile: source_, jsonIsGzip: isGzip(source_), parquetFile: target, compression: options.gzip ? 'gzip' : 'snappy' });
          try {
            await connection.run(sql);
          } catch (error) {
            const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
            throw new DemoDataError('PARQUET_FAILED', `converting ${source}/${partition}/${part} to Parquet failed: ${reason}`, { cause: error });
          }
          stats.files[source]++;
          stats.bytes[source] += fs.statSync(target).size;
        }
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return stats;
}
