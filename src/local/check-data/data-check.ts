import fs from 'node:fs';
import path from 'node:path';
import { catalog, type SourceFolder, type TableDefinition } from '../../history/catalog';
import { DuckDbEngine } from '../../history/duckdb.engine';
import { COUNTED_SKIP_REASONS } from '../../history/files/file-verdict';
import type { ScanProgress, SkippedFile } from '../../history/files/partition-file-index';
import { DataCheckReader, type SourceRecordsCheck, type UnknownValue } from '../../history/readers/data-check.reader';

export type { UnknownValue };

/** How many paths a report lists per skip reason. */
export const EXAMPLE_PATHS = 3;

/** What one source folder holds: its files, and what its records hold (see {@link SourceRecordsCheck}). */
export interface SourceReport extends SourceRecordsCheck {
  readonly source: SourceFolder;
  readonly table: string;
  /** Files read (by content: plain JSON, gzip JSON, Parquet), and their bytes on disk. */
  readonly filesRead: number;
  readonly bytesRead: number;
  /** Obvious non-data skipped silently (zero-byte markers, `_SUCCESS`, `*.crc`, hidden files). */
  readonly markerFiles: number;
  /** Files skipped, or read without their cut-off last record, by reason, with the first few paths. */
  readonly skipped: readonly { readonly reason: string; readonly files: number; readonly examples: readonly string[] }[];
  /** Why misplaced records may be expected for this source (flow logs are partitioned by arrival). */
  readonly misplacedNote?: string;
}

/** The whole report of `check-data`. */
export interface DataCheckReport {
  readonly dataDir: string;
  readonly sources: readonly SourceReport[];
  readonly totals: { readonly filesRead: number; readonly filesSkipped: number; readonly records: number; readonly bytesRead: number };
  /** Wall time of the check, in milliseconds. */
  readonly durationMs: number;
}

const MISPLACED_NOTES: Partial<Record<SourceFolder, string>> = {
  cfl: 'flow logs are partitioned by Firehose arrival time, not by the log timestamp: some difference is normal',
};

/** Progress of a check: the phase, and done/total within it. */
export type CheckProgress = (phase: 'files' | 'records', done: number, total: number) => void;

/** Options of {@link checkDataFolder}. */
export interface CheckDataOptions {
  readonly onProgress?: CheckProgress;
  /** DuckDB threads; @default the number of cores. */
  readonly threads?: number;
}

/**
 * Examines a data folder the way the server reads it: every file classified by content, bad files
 * skipped with a reason, then per source the records, their date range and partitions, CTR
 * re-deliveries, enum values Connect documents no meaning for today, and records filed under a day
 * that is not their own. Writes nothing but the file index's cache of verdicts (which the server then reuses).
 * @throws Error when `dataDir` does not exist or is not a folder.
 */
export async function checkDataFolder(dataDir: string, options: CheckDataOptions = {}): Promise<DataCheckReport> {
  const started = performance.now();
  const root = path.resolve(dataDir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new Error(`${dataDir} is not a folder`);
  const skippedFiles: SkippedFile[] = [];
  const scanProgress: ScanProgress | undefined = options.onProgress ? (done, total) => options.onProgress!('files', done, total) : undefined;
  const engine = await DuckDbEngine.create({
    dataDir: root,
    threads: options.threads,
    rescanSeconds: 0,
    onScanProgress: scanProgress,
    onFileSkipped: (skipped) => skippedFiles.push(skipped),
  });
  try {
    const reader = new DataCheckReader(engine);
    const sources: SourceReport[] = [];
    let done = 0;
    for (const table of catalog) {
      options.onProgress?.('records', done, catalog.length);
      sources.push(await checkSource(engine, reader, table, skippedFiles));
      options.onProgress?.('records', ++done, catalog.length);
    }
    // Files a query quarantined are known only now: report them too.
    for (const s of sources) Object.assign(s, { skipped: skippedBy(skippedFiles, s.source) });
    return {
      dataDir: root,
      sources,
      totals: {
        filesRead: sources.reduce((n, s) => n + s.filesRead, 0),
        filesSkipped: sources.reduce((n, s) => n + s.skipped.filter((k) => k.reason !== 'partial-record').reduce((m, k) => m + k.files, 0), 0),
        records: sources.reduce((n, s) => n + s.records, 0),
        bytesRead: sources.reduce((n, s) => n + s.bytesRead, 0),
      },
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await engine.close();
  }
}

function skippedBy(all: readonly SkippedFile[], source: SourceFolder): SourceReport['skipped'] {
  return COUNTED_SKIP_REASONS.map((reason) => {
    const files = all.filter((f) => f.source === source && f.reason === reason).map((f) => f.path);
    return { reason, files: files.length, examples: files.slice(0, EXAMPLE_PATHS) };
  }).filter((r) => r.files > 0);
}

/** One source's report: the file counts of the engine's index, and what its records hold (read by {@link DataCheckReader}). */
async function checkSource(engine: DuckDbEngine, reader: DataCheckReader, table: TableDefinition, skippedFiles: readonly SkippedFile[]): Promise<SourceReport> {
  const source = table.folder;
  const records = await reader.checkSource(table);
  const counts = engine.files.counts(source);
  return {
    source,
    table: table.name,
    filesRead: counts.readable,
    bytesRead: counts.bytes,
    markerFiles: counts.markers,
    skipped: skippedBy(skippedFiles, source),
    records: records.records,
    unreadableOrForeignRecords: records.unreadableOrForeignRecords,
    firstTimestamp: records.firstTimestamp,
    lastTimestamp: records.lastTimestamp,
    partitions: records.partitions,
    firstPartition: records.firstPartition,
    lastPartition: records.lastPartition,
    misplacedRecords: records.misplacedRecords,
    ...(MISPLACED_NOTES[source] ? { misplacedNote: MISPLACED_NOTES[source] } : {}),
    ...(records.redeliveries ? { redeliveries: records.redeliveries } : {}),
    unknownValues: records.unknownValues,
  };
}
