import fs from 'node:fs';
import path from 'node:path';
import {
  AGENT_CONTACT_STATES,
  AGENT_EVENT_TYPES,
  AGENT_STATUS_TYPES,
  CHANNELS,
  DISCONNECT_REASONS,
  INITIATION_METHODS,
} from '../../domain/records/connect-enums';
import { catalog, type SourceFolder, type TableDefinition } from '../../history/catalog';
import { unfilteredViewName } from '../../history/duckdb-reader';
import { DuckDbEngine } from '../../history/duckdb.engine';
import { COUNTED_SKIP_REASONS } from '../../history/files/file-verdict';
import type { ScanProgress, SkippedFile } from '../../history/files/partition-file-index';

/** How many paths a report lists per skip reason. */
export const EXAMPLE_PATHS = 3;

/** One value of a Connect enumeration that is not documented today (quirk 12), and how often it occurs. */
export interface UnknownValue {
  readonly field: string;
  readonly value: string;
  readonly records: number;
}

/** What one source folder holds. */
export interface SourceReport {
  readonly source: SourceFolder;
  readonly table: string;
  /** Files read (by content: plain JSON, gzip JSON, Parquet), and their bytes on disk. */
  readonly filesRead: number;
  readonly bytesRead: number;
  /** Obvious non-data skipped silently (zero-byte markers, `_SUCCESS`, `*.crc`, hidden files). */
  readonly markerFiles: number;
  /** Files skipped, or read without their cut-off last record, by reason, with the first few paths. */
  readonly skipped: readonly { readonly reason: string; readonly files: number; readonly examples: readonly string[] }[];
  /** Records of this source (rows with the source's partition timestamp). */
  readonly records: number;
  /** Rows without the partition timestamp: records cut off mid-line or of another source's shape. Not read by queries. */
  readonly unreadableOrForeignRecords: number;
  /** Earliest and latest partition timestamp (as written, ISO-8601 UTC). */
  readonly firstTimestamp: string | null;
  readonly lastTimestamp: string | null;
  /** Day partitions holding records, and the first and last of them (`YYYY-MM-DD`). */
  readonly partitions: number;
  readonly firstPartition: string | null;
  readonly lastPartition: string | null;
  /** Records whose `year=/month=/day=` folder is not the UTC day of their partition timestamp. */
  readonly misplacedRecords: number;
  /** Why misplaced records may be expected for this source (flow logs are partitioned by arrival). */
  readonly misplacedNote?: string;
  /** CTR only: contacts delivered more than once, and the records beyond one per contact. */
  readonly redeliveries?: { readonly contacts: number; readonly extraRecords: number };
  readonly unknownValues: readonly UnknownValue[];
}

/** The whole report of `check-data`. */
export interface DataCheckReport {
  readonly dataDir: string;
  readonly sources: readonly SourceReport[];
  readonly totals: { readonly filesRead: number; readonly filesSkipped: number; readonly records: number; readonly bytesRead: number };
  /** Wall time of the check, in milliseconds. */
  readonly durationMs: number;
}

interface EnumCheck {
  readonly field: string;
  /** SQL over the materialised rows yielding one text value per row (or per contact, for lists). */
  readonly sql: string;
  readonly documented: readonly string[];
}

/** The Connect enumerations checked per source, as SQL over the per-source scratch table. */
const ENUM_CHECKS: Readonly<Record<SourceFolder, readonly EnumCheck[]>> = {
  ctr: [
    { field: 'Channel', sql: 'SELECT channel AS v FROM check_rows', documented: CHANNELS },
    { field: 'InitiationMethod', sql: 'SELECT initiation_method AS v FROM check_rows', documented: INITIATION_METHODS },
    { field: 'DisconnectReason', sql: 'SELECT disconnect_reason AS v FROM check_rows', documented: DISCONNECT_REASONS },
  ],
  ae: [
    { field: 'EventType', sql: 'SELECT event_type AS v FROM check_rows', documented: AGENT_EVENT_TYPES },
    { field: 'AgentStatus.Type', sql: 'SELECT status_type AS v FROM check_rows', documented: AGENT_STATUS_TYPES },
    { field: 'Contacts[].State', sql: 'SELECT unnest(list_transform(contacts, c -> c.State)) AS v FROM check_rows', documented: AGENT_CONTACT_STATES },
    { field: 'Contacts[].Channel', sql: 'SELECT unnest(list_transform(contacts, c -> c.Channel)) AS v FROM check_rows', documented: CHANNELS },
    { field: 'Contacts[].InitiationMethod', sql: 'SELECT unnest(list_transform(contacts, c -> c.InitiationMethod)) AS v FROM check_rows', documented: INITIATION_METHODS },
  ],
  cfl: [],
  cl: [{ field: 'channel', sql: 'SELECT channel AS v FROM check_rows', documented: CHANNELS }],
  ef: [],
};

/** Extra columns each source keeps in its scratch table for {@link ENUM_CHECKS} and re-deliveries. */
const EXTRA_COLUMNS: Readonly<Record<SourceFolder, string>> = {
  ctr: '"ContactId" AS contact_id, "Channel" AS channel, "InitiationMethod" AS initiation_method, "DisconnectReason" AS disconnect_reason',
  ae: '"EventType" AS event_type, "CurrentAgentSnapshot"."AgentStatus"."Type" AS status_type, "CurrentAgentSnapshot"."Contacts" AS contacts',
  cfl: 'NULL AS none',
  cl: '"channel" AS channel',
  ef: 'NULL AS none',
};

const MISPLACED_NOTES: Partial<Record<SourceFolder, string>> = {
  cfl: 'flow logs are partitioned by Firehose arrival time, not by the log timestamp: some difference is normal',
};

type Row = Record<string, string | number | null>;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

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
    const sources: SourceReport[] = [];
    let done = 0;
    for (const table of catalog) {
      options.onProgress?.('records', done, catalog.length);
      sources.push(await checkSource(engine, table, skippedFiles));
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

async function checkSource(engine: DuckDbEngine, table: TableDefinition, skippedFiles: readonly SkippedFile[]): Promise<SourceReport> {
  const source = table.folder;
  const ts = `"${table.partitionTimestamp}"`;
  const run = async (id: string, sql: string, params: (string | number)[] = []): Promise<Row[]> =>
    (await engine.query<Row>({ id: `check_${source}_${id}`, sql, params })).rows;
  // One scan of the files into a scratch table; every figure below reads it.
  await run(
    'scan',
    `CREATE OR REPLACE TABLE check_rows AS SELECT CAST(${ts} AS VARCHAR) AS ts, year, month, day, ${EXTRA_COLUMNS[source]} FROM ${unfilteredViewName(table)}`,
  );
  try {
    const [summary] = await run(
      'summary',
      `SELECT count(*) FILTER (WHERE ts IS NOT NULL) AS records,
              count(*) FILTER (WHERE ts IS NULL) AS foreign_rows,
              min(ts) AS first_ts, max(ts) AS last_ts,
              count(DISTINCT (year, month, day)) FILTER (WHERE ts IS NOT NULL) AS partitions,
              min(printf('%04d-%02d-%02d', year, month, day)) FILTER (WHERE ts IS NOT NULL) AS first_partition,
              max(printf('%04d-%02d-%02d', year, month, day)) FILTER (WHERE ts IS NOT NULL) AS last_partition,
              count(*) FILTER (WHERE ts IS NOT NULL AND substr(ts, 1, 10) <> printf('%04d-%02d-%02d', year, month, day)) AS misplaced
       FROM check_rows`,
    );
    const unknownValues: UnknownValue[] = [];
    for (const check of ENUM_CHECKS[source]) {
      const placeholders = check.documented.map(() => '?').join(', ');
      const rows = await run(
        'enum',
        `SELECT v AS value, count(*) AS n FROM (${check.sql}) WHERE v IS NOT NULL AND v NOT IN (${placeholders}) GROUP BY v ORDER BY n DESC, v`,
        [...check.documented],
      );
      for (const r of rows) unknownValues.push({ field: check.field, value: String(r.value), records: num(r.n) });
    }
    let redeliveries: SourceReport['redeliveries'];
    if (source === 'ctr') {
      const [r] = await run(
        'redeliveries',
        'SELECT count(*) AS contacts, coalesce(sum(n - 1), 0) AS extra FROM (SELECT contact_id, count(*) AS n FROM check_rows WHERE ts IS NOT NULL GROUP BY contact_id HAVING count(*) > 1)',
      );
      redeliveries = { contacts: num(r.contacts), extraRecords: num(r.extra) };
    }
    const counts = engine.files.counts(source);
    return {
      source,
      table: table.name,
      filesRead: counts.readable,
      bytesRead: counts.bytes,
      markerFiles: counts.markers,
      skipped: skippedBy(skippedFiles, source),
      records: num(summary.records),
      unreadableOrForeignRecords: num(summary.foreign_rows),
      firstTimestamp: text(summary.first_ts),
      lastTimestamp: text(summary.last_ts),
      partitions: num(summary.partitions),
      firstPartition: text(summary.first_partition),
      lastPartition: text(summary.last_partition),
      misplacedRecords: num(summary.misplaced),
      ...(MISPLACED_NOTES[source] ? { misplacedNote: MISPLACED_NOTES[source] } : {}),
      ...(redeliveries ? { redeliveries } : {}),
      unknownValues,
    };
  } finally {
    await run('drop', 'DROP TABLE IF EXISTS check_rows');
  }
}
