import os from 'node:os';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { UpstreamError } from '../domain/errors';
import { catalog } from './catalog';
import type { SourceFolder } from './catalog';
import { inspectDataDir } from './data-layout';
import { duckDbViewSql } from './duckdb-reader';
import type { QueryEngine, QueryObserver, QueryResult, SqlQuery } from './query-engine';

/** Options of the embedded engine. */
export interface DuckDbEngineOptions {
  /** Root of the hive-partitioned layout. */
  readonly dataDir: string;
  /** DuckDB worker threads and pooled connections; @default the number of cores. */
  readonly threads?: number;
  readonly observe?: QueryObserver;
}

/**
 * The embedded history engine: one in-memory DuckDB database per process reading the data folder
 * through one view per catalog table, with a small pool of connections (one per core).
 */
export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];

  private constructor(
    private readonly instance: DuckDBInstance,
    connections: DuckDBConnection[],
    private readonly observe?: QueryObserver,
  ) {
    this.idle.push(...connections);
  }

  /** Opens the database and creates the table views over `dataDir`. */
  static async create(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const threads = options.threads ?? Math.max(1, os.availableParallelism());
    const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
    const connections: DuckDBConnection[] = [];
    for (let i = 0; i < threads; i++) connections.push(await instance.connect());
    const state = inspectDataDir(options.dataDir);
    const sources = state.kind === 'layout' ? state.sources : {};
    for (const table of catalog) {
      const source = sources[table.folder as SourceFolder];
      await connections[0].run(
        duckDbViewSql(table, { dataDir: options.dataDir, format: source?.format ?? 'json', hasFiles: (source?.files ?? 0) > 0 }),
      );
    }
    return new DuckDbEngine(instance, connections, options.observe);
  }

  async query<Row = Record<string, unknown>>(query: SqlQuery): Promise<QueryResult<Row>> {
    const connection = await this.acquire();
    const started = performance.now();
    let rows: Row[] = [];
    let ok = false;
    try {
      const reader = await connection.runAndReadAll(query.sql, query.params as DuckDBValue[]);
      rows = reader.getRowObjectsJson() as Row[];
      ok = true;
    } catch (error) {
      throw new UpstreamError('duckdb', `query ${query.id}: ${(error as Error).message.split('\n')[0]}`, error);
    } finally {
      this.release(connection);
      const durationMs = performance.now() - started;
      this.observe?.({ engine: this.name, queryId: query.id, durationMs, rows: rows.length, ok });
    }
    return { rows, stats: { engine: this.name, engineTimeMs: performance.now() - started, rowsReturned: rows.length } };
  }

  async ping(): Promise<void> {
    await this.query({ id: 'ping', sql: 'SELECT 1 AS ok', params: [] });
  }

  async close(): Promise<void> {
    for (const c of this.idle) c.closeSync();
    this.idle.length = 0;
    this.instance.closeSync();
  }

  private acquire(): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }
}
