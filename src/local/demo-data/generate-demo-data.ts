import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RECORD_SOURCES, type RecordSource } from '../../domain/records';
import { buildContactCenterModel } from './contact-center.model';
import { DemoDataError } from './demo-data.errors';
import { resolveOptions, type DemoDataOptions } from './demo-data.options';
import { commitStaging, discardStaging, prepareStaging } from './output-dir';
import { convertToParquet } from './parquet.converter';
import type { DemoCompression } from './firehose-naming';
import { PartitionedWriter } from './partitioned.writer';
import { createProgressReporter } from './progress.reporter';
import { runSimulation } from './simulation.engine';

/** What {@link generateDemoData} wrote. */
export interface DemoDataSummary {
  /** The output folder (absolute). */
  readonly outDir: string;
  readonly format: 'json' | 'parquet';
  /** How the JSON files were compressed and named (see `DemoCompression`). */
  readonly compression: DemoCompression;
  readonly seed: string;
  readonly agents: number;
  readonly days: number;
  /** First simulated UTC day, `YYYY-MM-DD`. */
  readonly start: string;
  /** The `endAt` instant (ISO) if one was given. */
  readonly endAt: string | null;
  /** Records (lines) written per source, re-deliveries and duplicates included. */
  readonly counts: Record<RecordSource, number>;
  /** Distinct contacts (ContactIds) with a CTR. */
  readonly contacts: number;
  /** Files written, in total and per source. */
  readonly files: number;
  readonly filesBySource: Record<RecordSource, number>;
  /** Bytes on disk, in total and per source. */
  readonly bytes: number;
  readonly bytesBySource: Record<RecordSource, number>;
  /** Wall time of the whole run, milliseconds. */
  readonly durationMs: number;
}

function sum(values: Record<RecordSource, number>): number {
  return Object.values(values).reduce((total, value) => total + value, 0);
}

/**
 * Writes a deterministic demo data set of a simulated Amazon Connect contact center in the Firehose
 * layout `<outDir>/{ctr,ae,cfl,cl,ef}/year=YYYY/month=MM/day=DD/part-NNNNN.json[.gz]` (or `.parquet`).
 *
 * Everything is written into a staging folder beside `outDir` and renamed into place at the end;
 * on error or abort the staging folder is removed and `outDir` is left as it was. The same options
 * (including `endAt`) give byte-identical files.
 * @throws DemoDataError `BAD_ARGUMENT`, `OUT_NOT_EMPTY`, `OUT_NOT_WRITABLE`, `ABORTED` or `PARQUET_FAILED`.
 */
export async function generateDemoData(options: DemoDataOptions): Promise<DemoDataSummary> {
  const startedAt = performance.now();
  const resolved = resolveOptions(options, Date.now());
  const staging = prepareStaging(resolved.outDir);
  const reporter = createProgressReporter(resolved.progress);
  const jsonDir = path.join(staging.stagingDir, resolved.format === 'json' ? 'data' : 'json');
  const writer = new PartitionedWriter(jsonDir, resolved.compression);
  try {
    const model = buildContactCenterModel(resolved.seed, resolved.agents);
    const stats = await runSimulation({
      model,
      window: { startMs: resolved.startMs, endMs: resolved.endMs, stopMs: resolved.stopMs },
      sink: writer,
      onProgress: reporter.update,
      signal: resolved.signal,
    }).catch((error: unknown) => {
      if (resolved.signal?.aborted) throw new DemoDataError('ABORTED', 'interrupted; nothing was written', { cause: error });
      throw error;
    });
    await writer.close();
    let filesBySource = writer.stats.files;
    let bytesBySource = writer.stats.bytes;
    let contentDir = jsonDir;
    if (resolved.format === 'parquet') {
      reporter.phase('parquet');
      contentDir = path.join(staging.stagingDir, 'data');
      const parquet = await convertToParquet(jsonDir, contentDir, {
        gzip: resolved.compression !== 'none',
        signal: resolved.signal,
        tempDir: path.join(staging.stagingDir, 'duckdb-tmp'),
      });
      filesBySource = parquet.files;
      bytesBySource = parquet.bytes;
    }
    if (resolved.signal?.aborted) throw new DemoDataError('ABORTED', 'interrupted; nothing was written');
    // Every source folder exists, even when a source has no record yet (e.g. evaluations, which come
    // days after their contacts, in a short run that ends now).
    for (const source of RECORD_SOURCES) fs.mkdirSync(path.join(contentDir, source), { recursive: true });
    commitStaging(staging, contentDir);
    reporter.stop();
    return {
      outDir: staging.outDir,
      format: resolved.format,
      compression: resolved.compression,
      seed: resolved.seed,
      agents: resolved.agents,
      days: resolved.days,
      start: resolved.start,
      endAt: Number.isFinite(resolved.stopMs) ? new Date(resolved.stopMs).toISOString() : null,
      counts: stats.counts,
      contacts: stats.contacts,
      files: sum(filesBySource),
      filesBySource,
      bytes: sum(bytesBySource),
      bytesBySource,
      durationMs: Math.round(performance.now() - startedAt),
    };
  } catch (error) {
    reporter.stop();
    await writer.destroy();
    discardStaging(staging);
    throw error;
  }
}
