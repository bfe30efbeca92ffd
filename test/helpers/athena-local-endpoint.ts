import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { DuckDBInstance, DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { inlineTrinoLiterals, quotedOrCommentEnd } from '../../src/history/athena/trino-literal';
import { catalog, rollupCatalog, type TableDefinition } from '../../src/history/catalog';
import { PartitionFileIndex } from '../../src/history/files/partition-file-index';
import { unboundedPartitionReads, type UnboundedRead } from './athena-partition-check';
import { duckDbFlatViewSql, duckDbViewSql } from '../../src/history/duckdb-reader';
import { scannedBytes, type ScannableTable } from './athena-scanned-bytes';

/**
 * The Trino functions our builders use that DuckDB lacks or spells differently: each becomes a DuckDB
 * macro named `trino_<name>`, and calls to `<name>(` outside literals are renamed to it (the prefix
 * keeps a shim from colliding with a DuckDB built-in of the same name). Add a row when a builder
 * starts using another Trino function.
 */
export const TRINO_FUNCTION_SHIMS: readonly { readonly trino: string; readonly params: readonly string[]; readonly duckdb: string; readonly why: string }[] = [
  {
    trino: 'from_iso8601_timestamp',
    params: ['x'],
    duckdb: 'CAST(x AS TIMESTAMPTZ)',
    why: 'ISO-8601 text → timestamp with time zone; DuckDB keeps the offset and compares instants, as Trino does',
  },
  {
    trino: 'json_extract_scalar',
    params: ['j', 'path'],
    duckdb: 'json_extract_string(j, path)',
    why: 'a JSON scalar at a path as varchar (null when absent); DuckDB spells it json_extract_string',
  },
  {
    trino: 'json_format',
    params: ['j'],
    duckdb: 'CAST(j AS VARCHAR)',
    why: 'JSON value → its JSON text (Trino only casts JSON scalars to varchar); DuckDB casts any JSON to its text',
  },
  {
    trino: 'array_join',
    params: ['a', 'sep'],
    duckdb: 'array_to_string(a, sep)',
    why: 'array elements joined with a separator; DuckDB spells it array_to_string',
  },
  {
    trino: 'to_unixtime',
    params: ['x'],
    duckdb: 'epoch(x)',
    why: 'seconds since the epoch of a timestamp, as a double; DuckDB spells it epoch',
  },
  {
    trino: 'cardinality',
    params: ['a'],
    duckdb: 'len(a)',
    why: 'number of elements of an array; DuckDB only has cardinality for maps',
  },
];

/**
 * Trino functions that take a lambda, which a DuckDB macro cannot receive: calls to `<trino>(` outside
 * literals are renamed to the DuckDB built-in of the same meaning and argument order.
 */
export const TRINO_FUNCTION_RENAMES: readonly { readonly trino: string; readonly duckdb: string; readonly why: string }[] = [
  { trino: 'transform', duckdb: 'list_transform', why: 'maps an array through a lambda `x -> …` (DuckDB accepts the same arrow lambda)' },
];

/** Options of {@link startAthenaLocalEndpoint}. */
export interface AthenaLocalEndpointOptions {
  /** Root of the hive-partitioned layout the tables read. */
  readonly dataDir: string;
  /** GetQueryExecution calls that answer QUEUED/RUNNING before a finished query shows its final state. @default 1 */
  readonly runningPolls?: number;
  /**
   * Statements for which this returns true are never run: they stay RUNNING until a
   * StopQueryExecution cancels them (a query that outlives its caller, for cancellation tests).
   */
  readonly holdRunning?: (sql: string) => boolean;
  /**
   * Fail (Athena-style FAILED state) every statement that reads a partitioned catalog table without a
   * partition predicate on it (see `unboundedPartitionReads`), as a full scan on Athena costs every
   * partition. @default true
   */
  readonly enforcePartitionPredicates?: boolean;
  /**
   * Local folders standing for S3 buckets, by bucket name, for `UNLOAD (…) TO 's3://<bucket>/<prefix>'`
   * (written as one Parquet object; refused when the prefix holds objects, as Athena does).
   */
  readonly buckets?: Readonly<Record<string, string>>;
}

/** One statement StartQueryExecution received, as the endpoint checked it. */
export interface AthenaStatementLogEntry {
  readonly queryExecutionId: string;
  /** The statement with its ExecutionParameters put in place (what Athena runs). */
  readonly sql: string;
  /** Reads of partitioned tables without a partition predicate (the statement FAILED when enforcement is on). */
  readonly unbounded: readonly UnboundedRead[];
  /** Set when the statement could not be parsed to check it (it FAILED when enforcement is on). */
  readonly parseError?: string;
}

/** An `UNLOAD (<select>) TO '<s3 url>' WITH (format = '…', …)` statement. */
interface Unload {
  readonly select: string;
  readonly target: string;
  readonly format: string;
}

/** The parts of an UNLOAD statement (literals already inlined); undefined for any other statement. */
export function parseUnload(statement: string): Unload | undefined {
  const start = /^\s*UNLOAD\s*\(/i.exec(statement);
  if (!start) return undefined;
  let depth = 1;
  let i = start[0].length;
  while (i < statement.length && depth > 0) {
    const end = quotedOrCommentEnd(statement, i);
    if (end > i) {
      i = end;
      continue;
    }
    if (statement[i] === '(') depth++;
    else if (statement[i] === ')') depth--;
    i++;
  }
  const select = statement.slice(start[0].length, i - 1);
  const rest = /^\s*TO\s*'([^']*)'\s*WITH\s*\(([\s\S]*)\)\s*$/i.exec(statement.slice(i));
  if (!rest) throw new Error('UNLOAD needs TO \'s3://…\' WITH (format = …)');
  const format = /format\s*=\s*'([^']+)'/i.exec(rest[2])?.[1].toUpperCase() ?? 'TEXTFILE';
  return { select, target: rest[1], format };
}

/** Every object of a rollup table's location in a data folder, hidden names (writers' temporaries) aside. */
async function rollupObjects(dataDir: string, folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => [] as fs.Dirent[])) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (!/^[._]/.test(e.name)) out.push(full);
    }
  };
  await walk(path.join(dataDir, ...folder.split('/')));
  return out.sort();
}

/** A recorded API call. */
export interface AthenaLocalRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/** A running local endpoint. */
export interface AthenaLocalEndpoint {
  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_ATHENA` or the client's `endpoint` option. */
  readonly endpoint: string;
  /** Every call received, in order. */
  readonly requests: readonly AthenaLocalRequest[];
  /** Every statement started, in order, with what the partition check found. */
  readonly statements: readonly AthenaStatementLogEntry[];
  /** Lists the data folder again and recreates the views (files that landed since start or the last rescan). */
  rescan(): Promise<void>;
  close(): Promise<void>;
}

interface ColumnInfo {
  Name: string;
  Label: string;
  Type: string;
  Precision?: number;
  Scale?: number;
  Nullable: 'NULLABLE' | 'UNKNOWN';
  CaseSensitive: boolean;
}

interface Execution {
  readonly id: string;
  readonly query: string;
  readonly workgroup: string;
  readonly database: string | undefined;
  readonly submittedMs: number;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  pollsLeft: number;
  completedMs?: number;
  engineMs?: number;
  /** Statistics.DataScannedInBytes: see {@link scannedBytes}; 0 for a reused result, as Athena bills it. */
  scannedBytes?: number;
  reused: boolean;
  reason?: string;
  result?: { columns: ColumnInfo[]; rows: (string | null)[][] };
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Renames shimmed Trino function calls to their `trino_` macros, outside literals and comments. */
function translateToDuckDb(sql: string): string {
  let out = '';
  let code = '';
  const flush = (): void => {
    for (const shim of TRINO_FUNCTION_SHIMS) code = code.replace(new RegExp(`\\b${shim.trino}\\s*\\(`, 'gi'), `trino_${shim.trino}(`);
    for (const rename of TRINO_FUNCTION_RENAMES) code = code.replace(new RegExp(`\\b${rename.trino}\\s*\\(`, 'gi'), `${rename.duckdb}(`);
    out += code;
    code = '';
  };
  for (let i = 0; i < sql.length; ) {
    const end = quotedOrCommentEnd(sql, i);
    if (end > i) {
      flush();
      out += sql.slice(i, end);
      i = end;
    } else code += sql[i++];
  }
  flush();
  return out;
}

/** Athena's type name for a DuckDB result column. */
function athenaType(type: DuckDBType): Pick<ColumnInfo, 'Type' | 'Precision' | 'Scale'> {
  if (type.alias === 'JSON') return { Type: 'json' };
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.ENUM:
      return { Type: 'varchar' };
    case DuckDBTypeId.BOOLEAN:
      return { Type: 'boolean' };
    case DuckDBTypeId.TINYINT:
      return { Type: 'tinyint' };
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return { Type: 'smallint' };
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return { Type: 'integer' };
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return { Type: 'bigint' };
    case DuckDBTypeId.FLOAT:
      return { Type: 'float' };
    case DuckDBTypeId.DOUBLE:
      return { Type: 'double' };
    case DuckDBTypeId.DECIMAL: {
      const d = type as unknown as { width: number; scale: number };
      return { Type: 'decimal', Precision: d.width, Scale: d.scale };
    }
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
      return { Type: 'decimal', Precision: 38, Scale: 0 };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { Type: 'timestamp' };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { Type: 'timestamp with time zone' };
    case DuckDBTypeId.DATE:
      return { Type: 'date' };
    case DuckDBTypeId.TIME:
      return { Type: 'time' };
    case DuckDBTypeId.BLOB:
      return { Type: 'varbinary' };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { Type: 'array' };
    case DuckDBTypeId.STRUCT:
      return { Type: 'row' };
    case DuckDBTypeId.MAP:
      return { Type: 'map' };
    default:
      return { Type: 'varchar' };
  }
}

/** `2024-01-01 10:00:00.5` → `2024-01-01 10:00:00.500` (Athena prints timestamps with milliseconds). */
function millis(timestamp: string): string {
  const m = /^(\S+ \d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(timestamp);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}${m[3]}` : timestamp;
}

/** A Java-style double rendering, as Athena prints doubles: `100.0`, `0.25`, `1.0E7`. */
function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(n) ? n.toFixed(1) : String(n);
  const [mantissa, exponent] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** Renders a DuckDB value the way Athena's GetQueryResults prints it. */
function renderValue(value: DuckDBValue, type: DuckDBType): string | null {
  if (value === null) return null;
  const nested = (v: DuckDBValue): string => {
    if (v === null) return 'null';
    if (typeof v === 'object' && 'items' in v) return `[${v.items.map(nested).join(', ')}]`;
    if (typeof v === 'object' && 'entries' in v && Array.isArray(v.entries)) return `{${v.entries.map((e) => `${nested(e.key)}=${nested(e.value)}`).join(', ')}}`;
    if (typeof v === 'object' && 'entries' in v) return `{${Object.entries(v.entries as Record<string, DuckDBValue>).map(([k, x]) => `${k}=${nested(x)}`).join(', ')}}`;
    return String(v);
  };
  switch (type.typeId) {
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return javaDouble(value as number);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return millis(String(value));
    case DuckDBTypeId.TIMESTAMP_TZ:
      // The session runs in UTC, so DuckDB prints `…+00`.
      return `${millis(String(value).replace(/\+00$/, ''))} UTC`;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return nested(value);
    default:
      return String(value);
  }
}

/** JSON-protocol timestamps are epoch seconds. */
const epochSeconds = (ms: number): number => ms / 1000;

/**
 * Starts a local stand-in for Amazon Athena on 127.0.0.1: the awsJson1_1 protocol (`POST /` with
 * `x-amz-target: AmazonAthena.<Operation>`) for StartQueryExecution, GetQueryExecution,
 * GetQueryResults and StopQueryExecution. Statements run on an in-memory DuckDB with the DuckDB
 * engine's views over `dataDir` (typed as Glue types them: JSON columns are strings), after the
 * ExecutionParameters (already literals) are put into the `?` placeholders and the Trino functions in
 * {@link TRINO_FUNCTION_SHIMS} are mapped. Results come back in Athena's shape: lower-cased column
 * names with Athena type names, text cells, the header row first, pages of MaxResults rows (≤ 1000)
 * linked by NextToken. As in Athena, a request with result reuse enabled is answered from any earlier
 * successful run of the same statement and parameters in the workgroup within the maximum age.
 * Every statement is logged (`statements`) and, unless `enforcePartitionPredicates` is false, one that
 * reads a partitioned table without a partition predicate FAILS with the reason: so any test that
 * makes the server send an unbounded statement fails.
 * `Statistics.DataScannedInBytes` is the sum of the sizes of the files of the tables the statement
 * names, after pruning by its `year/month/day` predicates (see {@link scannedBytes}); 0 when reused.
 */
export async function startAthenaLocalEndpoint(options: AthenaLocalEndpointOptions): Promise<AthenaLocalEndpoint> {
  const runningPolls = options.runningPolls ?? 1;
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const setup = await instance.connect();
  await setup.run("SET TimeZone = 'UTC'");
  // The same reader as the embedded engine: files by content, whatever their names.
  const index = new PartitionFileIndex(options.dataDir);
  let scannable: ScannableTable[] = [];
  /** (Re)creates every table's view over the folder's files as they are now, and what a statement scans. */
  async function refreshViews(): Promise<void> {
    await index.scan();
    const connection = await instance.connect();
    try {
      const next: ScannableTable[] = [];
      for (const table of catalog) {
        const tableFiles = index.files(table.folder);
        next.push({ name: table.name, files: [...tableFiles.json, ...tableFiles.jsonGzip, ...tableFiles.parquet] });
        const files: TableDefinition = { ...table, name: `${table.name}__files` };
        await connection.run(duckDbViewSql(files, index.files(table.folder)));
        // Glue stores the catalog's JSON columns as `string`: Athena returns them as varchar.
        const jsonColumns = table.columns.filter((c) => c.type.kind === 'json').map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`);
        const replace = jsonColumns.length > 0 ? ` REPLACE (${jsonColumns.join(', ')})` : '';
        await connection.run(`CREATE OR REPLACE VIEW ${table.name} AS SELECT *${replace} FROM ${files.name}`);
      }
      // The rollup tables read every object of their location, whatever Athena named it (UNLOAD picks the names).
      for (const table of rollupCatalog) {
        const files = await rollupObjects(options.dataDir, table.folder);
        next.push({ name: table.name, files });
        await connection.run(duckDbFlatViewSql(table, files));
      }
      scannable = next;
    } finally {
      connection.closeSync();
    }
  }
  await refreshViews();
  for (const shim of TRINO_FUNCTION_SHIMS) await setup.run(`CREATE OR REPLACE MACRO trino_${shim.trino}(${shim.params.join(', ')}) AS ${shim.duckdb}`);
  setup.closeSync();

  const requests: AthenaLocalRequest[] = [];
  const statements: AthenaStatementLogEntry[] = [];
  const enforce = options.enforcePartitionPredicates ?? true;
  const executions = new Map<string, Execution>();
  const byToken = new Map<string, string>();
  const reusable = new Map<string, Execution>();

  /** Runs an UNLOAD into the local folder standing for its bucket, refusing a target that holds objects, as Athena does. */
  async function runUnload(connection: Awaited<ReturnType<DuckDBInstance['connect']>>, unload: Unload, executionId: string): Promise<void> {
    const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(unload.target);
    const root = m ? options.buckets?.[m[1]] : undefined;
    if (!m || root === undefined) throw new Error(`UNLOAD target ${unload.target} is not in a bucket this endpoint serves`);
    if (unload.format !== 'PARQUET') throw new Error(`UNLOAD format ${unload.format} is not supported here (PARQUET is)`);
    const dir = path.join(root, ...m[2].split('/').filter(Boolean));
    const existing = await fs.promises.readdir(dir).catch(() => [] as string[]);
    if (existing.some((name) => !/^[._]/.test(name))) throw new Error(`HIVE_PATH_ALREADY_EXISTS: Target directory for table already exists: ${unload.target}`);
    await fs.promises.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${executionId}_00000`);
    await connection.run(`COPY (${translateToDuckDb(unload.select)}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  }

  async function execute(execution: Execution, parameters: readonly string[]): Promise<void> {
    // Checked after StartQueryExecution answers, as Athena validates a started query: FAILED, never run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (failUnbounded(execution, parameters) || execution.state !== 'QUEUED') return;
    const started = performance.now();
    const connection = await instance.connect();
    try {
      execution.state = 'RUNNING';
      const statement = inlineTrinoLiterals(execution.query, parameters);
      execution.scannedBytes = scannedBytes(statement, scannable);
      const unload = parseUnload(statement);
      if (unload) {
        await runUnload(connection, unload, execution.id);
        if (execution.state !== 'RUNNING') return;
        await refreshViews();
        execution.result = { columns: [], rows: [] };
        execution.state = 'SUCCEEDED';
        return;
      }
      const reader = await connection.runAndReadAll(translateToDuckDb(statement));
      const types = reader.columnTypes();
      // Trino lower-cases result column names; DuckDB keeps the case the view spells.
      const columns = reader.columnNames().map((name, i): ColumnInfo => ({
        Name: name.toLowerCase(),
        Label: name.toLowerCase(),
        ...athenaType(types[i]),
        Nullable: 'UNKNOWN',
        CaseSensitive: types[i].typeId === DuckDBTypeId.VARCHAR,
      }));
      const rows = reader.getRows().map((row) => row.map((v, i) => renderValue(v, types[i])));
      if (execution.state !== 'RUNNING') return; // stopped meanwhile
      execution.result = { columns, rows };
      execution.state = 'SUCCEEDED';
    } catch (error) {
      if (execution.state !== 'RUNNING') return;
      execution.state = 'FAILED';
      execution.reason = (error as Error).message.split('\n')[0];
    } finally {
      connection.closeSync();
      execution.engineMs = Math.round(performance.now() - started);
      execution.completedMs = Date.now();
    }
  }

  function startQueryExecution(body: Record<string, unknown>): object {
    const query = body.QueryString;
    if (typeof query !== 'string' || query.length === 0) throw new ApiError('InvalidRequestException', 'QueryString is required');
    const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : undefined;
    if (token && byToken.has(token)) return { QueryExecutionId: byToken.get(token) };
    const parameters = (body.ExecutionParameters as string[] | undefined) ?? [];
    const workgroup = typeof body.WorkGroup === 'string' ? body.WorkGroup : 'primary';
    const reuse = (body.ResultReuseConfiguration as { ResultReuseByAgeConfiguration?: { Enabled?: boolean; MaxAgeInMinutes?: number } } | undefined)
      ?.ResultReuseByAgeConfiguration;
    const reuseKey = JSON.stringify([workgroup, query, parameters]);
    const execution: Execution = {
      id: randomUUID(),
      query,
      workgroup,
      database: (body.QueryExecutionContext as { Database?: string } | undefined)?.Database,
      submittedMs: Date.now(),
      state: 'QUEUED',
      pollsLeft: runningPolls,
      reused: false,
    };
    executions.set(execution.id, execution);
    if (token) byToken.set(token, execution.id);
    const previous = reusable.get(reuseKey);
    if (reuse?.Enabled && previous?.completedMs !== undefined && Date.now() - previous.completedMs <= (reuse.MaxAgeInMinutes ?? 60) * 60_000) {
      Object.assign(execution, { state: 'SUCCEEDED', reused: true, result: previous.result, engineMs: 0, completedMs: Date.now() });
      return { QueryExecutionId: execution.id };
    }
    try {
      inlineTrinoLiterals(query, parameters);
    } catch (error) {
      throw new ApiError('InvalidRequestException', `EXECUTION_PARAMETERS: ${(error as Error).message}`);
    }
    if (options.holdRunning?.(query)) {
      execution.state = 'RUNNING';
      // Checked after StartQueryExecution answers, as Athena validates a started query.
      setImmediate(() => failUnbounded(execution, parameters));
      return { QueryExecutionId: execution.id };
    }
    void execute(execution, parameters).then(() => {
      if (execution.state === 'SUCCEEDED') reusable.set(reuseKey, execution);
    });
    return { QueryExecutionId: execution.id };
  }

  /** Runs the partition check of a started statement; with enforcement on, a violation FAILS it. @returns true when it failed. */
  function failUnbounded(execution: Execution, parameters: readonly string[]): boolean {
    const violation = checkPartitionPredicates(execution, parameters);
    if (!violation || !enforce || (execution.state !== 'QUEUED' && execution.state !== 'RUNNING')) return false;
    Object.assign(execution, { state: 'FAILED', reason: violation, engineMs: 0, completedMs: Date.now() });
    return true;
  }

  /** Logs the statement with what the partition check found; returns the FAILED reason when a read is unbounded or the statement cannot be checked. */
  function checkPartitionPredicates(execution: Execution, parameters: readonly string[]): string | undefined {
    let sql: string;
    try {
      sql = inlineTrinoLiterals(execution.query, parameters);
    } catch {
      return undefined; // bad ExecutionParameters: StartQueryExecution answers InvalidRequestException below
    }
    try {
      // UNLOAD (<select>) TO …: the partition check applies to the select it runs.
      const unbounded = unboundedPartitionReads(parseUnload(sql)?.select ?? sql);
      statements.push({ queryExecutionId: execution.id, sql, unbounded });
      return unbounded.length === 0 ? undefined : `PARTITION_PREDICATE_MISSING: ${unbounded.map((u) => u.reason).join('; ')} (a full scan of every partition on Athena)`;
    } catch (error) {
      const parseError = (error as Error).message.split('\n')[0];
      statements.push({ queryExecutionId: execution.id, sql, unbounded: [], parseError });
      return `PARTITION_PREDICATE_UNCHECKED: the statement could not be parsed to check its partition predicates: ${parseError}`;
    }
  }

  function find(body: Record<string, unknown>): Execution {
    const execution = executions.get(String(body.QueryExecutionId));
    if (!execution) throw new ApiError('InvalidRequestException', `QueryExecution ${String(body.QueryExecutionId)} was not found`);
    return execution;
  }

  function getQueryExecution(body: Record<string, unknown>): object {
    const e = find(body);
    const finished = e.state === 'SUCCEEDED' || e.state === 'FAILED' || e.state === 'CANCELLED';
    let shown = e.state;
    if (e.pollsLeft > 0 && e.state !== 'CANCELLED') {
      e.pollsLeft--;
      shown = finished ? 'RUNNING' : e.state;
    }
    const done = shown === 'SUCCEEDED' || shown === 'FAILED' || shown === 'CANCELLED';
    return {
      QueryExecution: {
        QueryExecutionId: e.id,
        Query: e.query,
        StatementType: 'DML',
        WorkGroup: e.workgroup,
        QueryExecutionContext: { Database: e.database, Catalog: 'awsdatacatalog' },
        Status: {
          State: shown,
          SubmissionDateTime: epochSeconds(e.submittedMs),
          ...(done && e.completedMs !== undefined ? { CompletionDateTime: epochSeconds(e.completedMs) } : {}),
          ...(shown === 'FAILED' ? { StateChangeReason: e.reason, AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: e.reason } } : {}),
          ...(shown === 'CANCELLED' ? { StateChangeReason: 'Query cancelled by user' } : {}),
        },
        Statistics: done
          ? {
              EngineExecutionTimeInMillis: e.engineMs ?? 0,
              TotalExecutionTimeInMillis: e.engineMs ?? 0,
              DataScannedInBytes: e.reused ? 0 : (e.scannedBytes ?? 0),
              ResultReuseInformation: { ReusedPreviousResult: e.reused },
            }
          : {},
      },
    };
  }

  function getQueryResults(body: Record<string, unknown>): object {
    const e = find(body);
    if (e.state !== 'SUCCEEDED' || !e.result) throw new ApiError('InvalidRequestException', `Query has not yet finished. Current state: ${e.state}`);
    const maxResults = body.MaxResults === undefined ? 1000 : Number(body.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) throw new ApiError('InvalidRequestException', 'MaxResults must be between 1 and 1000');
    const offset = body.NextToken === undefined ? 0 : Number(Buffer.from(String(body.NextToken), 'base64url').toString());
    if (!Number.isInteger(offset) || offset < 0) throw new ApiError('InvalidRequestException', 'NextToken is invalid');
    const { columns, rows } = e.result;
    const all = [columns.map((c) => c.Label), ...rows];
    const slice = all.slice(offset, offset + maxResults);
    const next = offset + maxResults < all.length ? Buffer.from(String(offset + maxResults)).toString('base64url') : undefined;
    return {
      UpdateCount: 0,
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ CatalogName: 'hive', SchemaName: '', TableName: '', ...c })) },
        Rows: slice.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
      },
      ...(next ? { NextToken: next } : {}),
    };
  }

  function stopQueryExecution(body: Record<string, unknown>): object {
    const e = find(body);
    if (e.state === 'QUEUED' || e.state === 'RUNNING') {
      e.state = 'CANCELLED';
      e.completedMs = Date.now();
    }
    return {};
  }

  const operations: Record<string, (body: Record<string, unknown>) => object> = {
    StartQueryExecution: startQueryExecution,
    GetQueryExecution: getQueryExecution,
    GetQueryResults: getQueryResults,
    StopQueryExecution: stopQueryExecution,
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, payload: object, errorType?: string): void => {
        if (res.destroyed) return;
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': randomUUID(),
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        res.end(JSON.stringify(payload));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AmazonAthena.') ? target.slice('AmazonAthena.'.length) : '';
      const handler = req.method === 'POST' ? operations[operation] : undefined;
      if (!handler) {
        reply(400, { __type: 'UnknownOperationException', Message: `unsupported operation ${target || req.method}` }, 'UnknownOperationException');
        return;
      }
      try {
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        requests.push({ operation, body });
        reply(200, handler(body));
      } catch (error) {
        const type = error instanceof ApiError ? error.type : 'InternalServerException';
        reply(error instanceof ApiError ? 400 : 500, { __type: type, Message: (error as Error).message }, type);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    statements,
    rescan: refreshViews,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      instance.closeSync();
    },
  };
}
