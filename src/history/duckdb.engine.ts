import os from 'node:os';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { cancelReasonOf, UpstreamError } from '../domain/errors';
import { catalog } from './catalog';
import { duckDbRollupViewsSql, duckDbViewSql } from './duckdb-reader';
import { PartitionFileIndex, type ScanProgress, type SkippedFile } from './files/partition-file-index';
import type { SkipReason } from './files/file-verdict';
import type { QueryEngine, QueryObserver, QueryOptions, QueryResult, SqlQuery } from './query-engine';

/** Options of the embedded engine. */
export interface DuckDbEngineOptions {
  /** Root of the hive-partitioned layout. */
  readonly dataDir: string;
  /** DuckDB worker threads and pooled connections; @default the number of cores. */
  readonly threads?: number;
  readonly observe?: QueryObserver;
  /** Called once per file (and reason) that is not read, or read without its cut-off last record. */
  readonly onFileSkipped?: (skipped: SkippedFile) => void;
  /** Progress of the first examination of the folder (files done, files found). */
  readonly onScanProgress?: ScanProgress;
  /**
   * How often the data folder is listed again so that files landing while the server runs are read,
   * in seconds; 0 turns it off. @default 15 (under the result cache's 60 s open-day TTL).
   */
  readonly rescanSeconds?: number;
}

/** Files a single query may quarantine before it gives up (each costs a re-run). */
const MAX_QUARANTINES_PER_QUERY = 8;

/**
 * The file an engine error blames, when it names one the index hands out: DuckDB quotes the path
 * (`Malformed JSON in file "/…/part"`, `No magic bytes found at end of file '/…'`).
 */
function blamedFile(message: string, index: PartitionFileIndex): string | undefined {
  for (const match of message.matchAll(/["']([^"']+)["']/g)) if (index.sourceOf(match[1])) return match[1];
  return undefined;
}

function reasonOf(message: string): Exclude<SkipReason, 'not-data' | 'partial-record'> {
  if (/parquet/i.test(message)) return 'corrupt-parquet';
  if (/gzip|decompress|inflate/i.test(message)) return 'corrupt-gzip';
  if (/json/i.test(message)) return 'malformed-json';
  return 'unreadable';
}

/**
 * DuckDB error types that mean the SQL itself is wrong (a builder bug), not the engine or the data:
 * these stay internal errors (masked in production, logged with their stack).
 */
const SQL_BUG_ERROR = /^(Parser|Binder|Catalog|Not implemented|Internal|Dependency|Constraint) Error\b/;

/**
 * The error a caller sees for a failed statement: an I/O or engine error (IO, Invalid Input,
 * Conversion, Out of Memory, Interrupt …) becomes UpstreamError('duckdb') with DuckDB's text as the
 * operator-only reason; an error that means the SQL is wrong is returned unchanged (internal).
 */
export function translateDuckDbError(error: unknown, queryId: string): unknown {
  // Read the message without instanceof: the native binding's errors may come from another realm (jest, worker threads).
  const text = (error as { message?: unknown } | null)?.message;
  const message = (typeof text === 'string' ? text : String(error)).replace(/^Error: /, '');
  if (SQL_BUG_ERROR.test(message)) return error;
  return new UpstreamError('duckdb', `query ${queryId}: ${message.split('\n')[0]}`, error);
}

/**
 * The embedded history engine: one in-memory DuckDB database per process reading the data folder
 * through one view per catalog table, with a small pool of connections (one per core).
 *
 * The views list the files a {@link PartitionFileIndex} found readable by content. The folder is listed
 * again every `rescanSeconds` and the views are replaced when its readable files change. A query that
 * fails on one file quarantines that file and runs again without it, so one bad file never fails the
 * queries over the good ones.
 */
export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private rescanTimer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private viewsReplaced: Promise<void> = Promise.resolve();
  /** The rollup view statements last created, to replace them only when the rollup files changed. */
  private rollupViews = '';
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    /** A connection of its own for view DDL, so replacing views never waits for a pooled query. */
    private readonly ddl: DuckDBConnection,
    connections: DuckDBConnection[],
    /** The files the views read. */
    readonly files: PartitionFileIndex,
    private readonly observe?: QueryObserver,
  ) {
    this.idle.push(...connections);
  }

  /** Opens the database, examines the data folder and creates the table views over its readable files. */
  static async create(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    // Examine the files before DuckDB starts its worker threads: measured twice as fast on 2 cores.
    const index = new PartitionFileIndex(options.dataDir, { onSkip: options.onFileSkipped });
    await index.scan(options.onScanProgress);
    const threads = options.threads ?? Math.max(1, os.availableParallelism());
    const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
    const ddl = await instance.connect();
    const connections: DuckDBConnection[] = [];
    for (let i = 0; i < threads; i++) connections.push(await instance.connect());
    const engine = new DuckDbEngine(instance, ddl, connections, index, options.observe);
    await engine.replaceViews();
    const intervalMs = (options.rescanSeconds ?? 15) * 1000;
    if (intervalMs > 0) {
      engine.rescanTimer = setInterval(() => void engine.rescan().catch(() => undefined), intervalMs);
      engine.rescanTimer.unref();
    }
    return engine;
  }

  /**
   * Lists the data folder again now and replaces the views when its readable files changed.
   * Concurrent calls share one scan.
   */
  rescan(): Promise<void> {
    this.scanning ??= (async () => {
      try {
        const { changed } = await this.files.scan();
        if (changed && !this.closed) await this.replaceViews();
        else if (!this.closed) await this.refreshRollupViews();
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  /**
   * Runs a statement on a pooled connection. When `options.signal` aborts, a query waiting for a
   * connection leaves the queue and a running statement is interrupted (DuckDB stops its worker
   * threads and the connection stays usable); either way the call rejects with the signal's reason.
   */
  async query<Row = Record<string, unknown>>(query: SqlQuery, options: QueryOptions = {}): Promise<QueryResult<Row>> {
    const { signal } = options;
    signal?.throwIfAborted();
    const connection = await this.acquire(signal);
    const started = performance.now();
    let rows: Row[] = [];
    let ok = false;
    // Synchronous listener, removed before the connection goes back to the pool: an interrupt never reaches another query.
    const interrupt = (): void => connection.interrupt();
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const reader = await connection.runAndReadAll(query.sql, query.params as DuckDBValue[]);
          rows = reader.getRowObjectsJson() as Row[];
          break;
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
          const message = (error as Error).message;
          const file = attempt < MAX_QUARANTINES_PER_QUERY ? blamedFile(message, this.files) : undefined;
          if (file === undefined) throw translateDuckDbError(error, query.id);
          // One unreadable file: stop reading it and answer from the others.
          // Recreating the views reads the remaining files' schema, so it can fail the same way.
          if (this.files.quarantine(file, reasonOf(message), message.split('\n')[0])) await this.replaceViews().catch((viewError: unknown) => Promise.reject(translateDuckDbError(viewError, query.id)));
        }
      }
      // Aborted as the statement finished: the caller asked to stop, so it gets the reason, not rows.
      signal?.throwIfAborted();
      ok = true;
    } finally {
      signal?.removeEventListener('abort', interrupt);
      this.release(connection);
      const durationMs = performance.now() - started;
      const cancelled = signal?.aborted ? cancelReasonOf(signal.reason) : undefined;
      this.observe?.({ engine: this.name, queryId: query.id, durationMs, rows: rows.length, ok, ...(cancelled ? { cancelled } : {}) });
    }
    return { rows, stats: { engine: this.name, engineTimeMs: performance.now() - started, rowsReturned: rows.length } };
  }

  async ping(): Promise<void> {
    await this.query({ id: 'ping', sql: 'SELECT 1 AS ok', params: [] });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.rescanTimer) clearInterval(this.rescanTimer);
    await this.scanning?.catch(() => undefined);
    await this.files.persist();
    for (const c of this.idle) c.closeSync();
    this.idle.length = 0;
    this.ddl.closeSync();
    this.instance.closeSync();
  }

  /** Replaces every view with the index's current files; calls are serialised on the DDL connection. */
  private replaceViews(): Promise<void> {
    const run = async () => {
      for (const table of catalog) await this.ddl.run(duckDbViewSql(table, this.files.files(table.folder)));
      await this.replaceRollupViews(true);
    };
    this.viewsReplaced = this.viewsReplaced.then(run, run);
    return this.viewsReplaced;
  }

  /**
   * Lists the rollup files (`rollups/…`, written by this service, one per day) and replaces the
   * rollup views when they changed: every rescan, and after a rollup is written.
   */
  refreshRollupViews(): Promise<void> {
    const run = () => this.replaceRollupViews(false);
    this.viewsReplaced = this.viewsReplaced.then(run, run);
    return this.viewsReplaced;
  }

  private async replaceRollupViews(always: boolean): Promise<void> {
    const statements = duckDbRollupViewsSql(this.files.dataDir);
    const text = statements.join(';\n');
    if (!always && text === this.rollupViews) return;
    for (const statement of statements) await this.ddl.run(statement);
    this.rollupViews = text;
  }

  /** A pooled connection; a caller whose signal aborts while it waits leaves the queue with the signal's reason. */
  private acquire(signal: AbortSignal | undefined): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(take);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      const take = (connection: DuckDBConnection): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(connection);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(take);
    });
  }

  private release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }
}
