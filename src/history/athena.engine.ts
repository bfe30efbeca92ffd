import { randomUUID } from 'node:crypto';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InternalServerException,
  InvalidRequestException,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type QueryExecution,
  type QueryExecutionStatus,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { AppError, cancelReasonOf, QueryTimeoutError, UpstreamError } from '../domain/errors';
import { ConcurrencyLimiter } from './athena/concurrency-limiter';
import { CancelledSignal, QueryCancellation, unlessCancelled, type CancelCause } from './athena/query-cancellation';
import { convertRows, isHeaderRow } from './athena/result-set';
import { isThrottlingError, pollDelayMs, throttleDelayMs } from './athena/throttling';
import { toExecutionParameters } from './athena/trino-literal';
import type { QueryEngine, QueryEvent, QueryObserver, QueryOptions, QueryResult, QueryStats, SqlQuery } from './query-engine';

/** Rows per GetQueryResults call: Athena's maximum. */
export const ATHENA_PAGE_SIZE_ROWS = 1_000;
/** Longest result-reuse age Athena accepts (7 days), minutes. */
export const ATHENA_MAX_RESULT_REUSE_MINUTES = 10_080;
/** How long a StopQueryExecution call may take before the engine gives up on it, milliseconds. */
const STOP_TIMEOUT_MS = 10_000;
/**
 * Socket timeouts of the client the engine creates, milliseconds. They bound a hung Start call,
 * which the engine never abandons (it needs the execution id to stop the query).
 */
const OWN_CLIENT_TIMEOUTS_MS = { connectionTimeout: 5_000, requestTimeout: 30_000 } as const;

/** Options of {@link AthenaEngine}. */
export interface AthenaEngineOptions {
  /**
   * The client to use (tests inject one). Default: a client the engine creates and owns, configured
   * by the SDK itself from `region` and the environment (credentials chain, `AWS_REGION`,
   * `AWS_ENDPOINT_URL_ATHENA` for any Athena-protocol endpoint).
   */
  readonly client?: AthenaClient;
  /** Region of the created client; default: the SDK's (`AWS_REGION`, profile). Ignored with `client`. */
  readonly region?: string;
  /** Glue database the statements' unqualified table names resolve in. */
  readonly database: string;
  /** Athena workgroup to run in (its limits, engine version and enforced settings apply). */
  readonly workgroup: string;
  /** `s3://` prefix for result files; default: the workgroup's. */
  readonly outputLocation?: string;
  /** Maximum age, minutes, of a stored result Athena may reuse for an identical query; 0 disables reuse. @default 60 */
  readonly resultReuseMinutes?: number;
  /** Time a query may take, queueing here included, before it is stopped with QUERY_TIMEOUT, milliseconds. @default 120000 */
  readonly timeoutMs?: number;
  /** Queries running at once from this engine; more wait in a FIFO queue. @default 5 */
  readonly maxConcurrency?: number;
  /** First delay between GetQueryExecution polls, milliseconds; doubles each poll. @default 200 */
  readonly pollInitialMs?: number;
  /** Longest delay between polls, milliseconds. @default 2000 */
  readonly pollMaxMs?: number;
  /** Retries of one API call that Athena throttled (TooManyRequestsException, ThrottlingException). @default 5 */
  readonly maxThrottleRetries?: number;
  /** Ceiling of the first throttling back-off, milliseconds; doubles per retry (full jitter). @default 250 */
  readonly throttleBaseMs?: number;
  /** Largest throttling back-off ceiling, milliseconds. @default 5000 */
  readonly throttleMaxMs?: number;
  readonly observe?: QueryObserver;
  /** Waits between polls and retries; injectable for tests. @default a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock for the timeout deadline, milliseconds; injectable for tests. @default performance.now */
  readonly now?: () => number;
  /** Source of back-off jitter in [0, 1); injectable for tests. @default Math.random */
  readonly random?: () => number;
}

interface Settings {
  readonly database: string;
  readonly workgroup: string;
  readonly outputLocation?: string;
  readonly resultReuseMinutes: number;
  readonly timeoutMs: number;
  readonly pollInitialMs: number;
  readonly pollMaxMs: number;
  readonly maxThrottleRetries: number;
  readonly throttleBaseMs: number;
  readonly throttleMaxMs: number;
}

function wholeNumber(name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`AthenaEngine option ${name} must be a whole number from ${min} to ${max}, got ${v}`);
  return v;
}

function resolveSettings(o: AthenaEngineOptions): Settings {
  if (!o.database) throw new RangeError('AthenaEngine option database is required');
  if (!o.workgroup) throw new RangeError('AthenaEngine option workgroup is required');
  const pollInitialMs = wholeNumber('pollInitialMs', o.pollInitialMs, 200, 1);
  return {
    database: o.database,
    workgroup: o.workgroup,
    outputLocation: o.outputLocation,
    resultReuseMinutes: wholeNumber('resultReuseMinutes', o.resultReuseMinutes, 60, 0, ATHENA_MAX_RESULT_REUSE_MINUTES),
    timeoutMs: wholeNumber('timeoutMs', o.timeoutMs, 120_000, 1),
    pollInitialMs,
    pollMaxMs: wholeNumber('pollMaxMs', o.pollMaxMs, Math.max(2_000, pollInitialMs), pollInitialMs),
    maxThrottleRetries: wholeNumber('maxThrottleRetries', o.maxThrottleRetries, 5, 0),
    throttleBaseMs: wholeNumber('throttleBaseMs', o.throttleBaseMs, 250, 1),
    throttleMaxMs: wholeNumber('throttleMaxMs', o.throttleMaxMs, 5_000, 1),
  };
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The reason Athena gives for a FAILED query: the AthenaError message, else the StateChangeReason. */
function failureReason(status: QueryExecutionStatus | undefined): string {
  const error = status?.AthenaError;
  const reason = error?.ErrorMessage ?? status?.StateChangeReason ?? 'Athena gave no reason';
  return error?.ErrorType !== undefined ? `${reason} (error type ${error.ErrorType}${error.Retryable ? ', retryable' : ''})` : reason;
}

/**
 * The cloud history engine: runs the builders' Trino SQL on Amazon Athena through the real
 * `@aws-sdk/client-athena` (StartQueryExecution → GetQueryExecution polls → GetQueryResults pages).
 *
 * - Parameters travel as `ExecutionParameters`, each rendered as a Trino literal (see `toTrinoLiteral`).
 * - Each logical query gets one random `ClientRequestToken`, reused by every retry of its Start call,
 *   so a retried Start never runs the query twice.
 * - Throttled calls are retried with jittered exponential back-off; at most `maxConcurrency`
 *   queries run at once, the rest wait in FIFO order.
 * - A query past `timeoutMs` is stopped (StopQueryExecution) and rejected with QueryTimeoutError; an
 *   aborted `signal` stops it and rejects with the signal's reason.
 * - Statistics (engine time, bytes scanned, result reuse) come back in `stats`.
 */
export class AthenaEngine implements QueryEngine {
  readonly name = 'athena' as const;
  readonly dialect = 'trino' as const;
  private readonly client: AthenaClient;
  private readonly ownsClient: boolean;
  private readonly settings: Settings;
  private readonly limiter: ConcurrencyLimiter;
  private readonly observe?: QueryObserver;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly running = new Map<QueryCancellation, Promise<unknown>>();
  /** Stops of executions whose Start returned after their caller had given up. */
  private readonly lateStops = new Set<Promise<void>>();
  private closed = false;

  /** @throws RangeError when an option is out of range or database/workgroup is missing. */
  constructor(options: AthenaEngineOptions) {
    this.settings = resolveSettings(options);
    this.limiter = new ConcurrencyLimiter(wholeNumber('maxConcurrency', options.maxConcurrency, 5, 1));
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new AthenaClient({ ...(options.region ? { region: options.region } : {}), requestHandler: { ...OWN_CLIENT_TIMEOUTS_MS } });
    this.observe = options.observe;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
  }

  /**
   * Runs a statement and returns its rows converted by column type (see `convertAthenaValue`).
   * @throws UpstreamError (UPSTREAM_FAILED) when Athena fails the query or rejects the call, with its reason.
   * @throws QueryTimeoutError (QUERY_TIMEOUT) after `timeoutMs`; the query has been stopped.
   * @throws the signal's reason when `options.signal` aborts; the query has been stopped.
   */
  async query<Row = Record<string, unknown>>(query: SqlQuery, options?: QueryOptions): Promise<QueryResult<Row>> {
    const startedMs = this.now();
    let rows = 0;
    let ok = false;
    let cancelled: QueryEvent['cancelled'];
    try {
      const result = await this.run<Row>(query, options?.signal);
      rows = result.rows.length;
      ok = true;
      return result;
    } catch (error) {
      // Stopped for the caller (timeout, client gone) or at this engine's own timeout.
      if (options?.signal?.aborted) cancelled = cancelReasonOf(options.signal.reason);
      else if (error instanceof QueryTimeoutError) cancelled = 'timeout';
      throw error;
    } finally {
      this.observe?.({ engine: this.name, queryId: query.id, durationMs: this.now() - startedMs, rows, ok, ...(cancelled ? { cancelled } : {}) });
    }
  }

  async ping(): Promise<void> {
    await this.query({ id: 'ping', sql: 'SELECT 1 AS ok', params: [] });
  }

  /** Stops the queries still running (they reject with UPSTREAM_FAILED), waits for them, and closes an owned client. */
  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.running.keys()) cancel.cancel({ kind: 'closed' });
    await Promise.allSettled([...this.running.values()]);
    await Promise.allSettled([...this.lateStops]);
    if (this.ownsClient) this.client.destroy();
  }

  private run<Row>(query: SqlQuery, signal: AbortSignal | undefined): Promise<QueryResult<Row>> {
    if (this.closed) return Promise.reject(new UpstreamError('athena', `query ${query.id}: the engine is closed`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const cancel = new QueryCancellation(signal, this.settings.timeoutMs, this.now);
    const run = this.runCancellable<Row>(query, cancel).finally(() => {
      cancel.dispose();
      this.running.delete(cancel);
    });
    this.running.set(cancel, run.catch(() => undefined));
    return run;
  }

  private async runCancellable<Row>(query: SqlQuery, cancel: QueryCancellation): Promise<QueryResult<Row>> {
    let release: (() => void) | undefined;
    try {
      release = await this.limiter.acquire(cancel.signal).catch((error: unknown) => {
        throw cancel.cause ? new CancelledSignal(cancel.cause) : error;
      });
      const startedMs = this.now();
      const start = this.startExecution(query, cancel.signal);
      let executionId: string;
      try {
        executionId = await unlessCancelled(start, cancel.signal);
      } catch (error) {
        if (error instanceof CancelledSignal) {
          // Start may still succeed after we stopped waiting: stop that execution once its id is
          // known, and keep the concurrency slot until then.
          const held = release;
          release = undefined;
          const lateStop = start.then((id) => this.stopQuietly(id), () => undefined).finally(() => {
            held();
            this.lateStops.delete(lateStop);
          });
          this.lateStops.add(lateStop);
        }
        throw error;
      }
      let finished = false;
      try {
        const execution = await this.waitForCompletion(query, executionId, cancel);
        finished = true;
        const rows = (await this.fetchRows(executionId, execution, cancel.signal)) as Row[];
        return { rows, stats: this.statsOf(execution, rows.length, this.now() - startedMs) };
      } catch (error) {
        if (error instanceof CancelledSignal && !finished) await this.stopQuietly(executionId);
        throw error;
      }
    } catch (error) {
      throw this.translate(error, query);
    } finally {
      release?.();
    }
  }

  private async startExecution(query: SqlQuery, signal: AbortSignal): Promise<string> {
    const s = this.settings;
    const input: StartQueryExecutionCommandInput = {
      QueryString: query.sql,
      // One token per logical query: the SDK's and our retries of this Start are then idempotent.
      ClientRequestToken: randomUUID(),
      QueryExecutionContext: { Database: s.database },
      WorkGroup: s.workgroup,
      ExecutionParameters: toExecutionParameters(query.params),
      ResultConfiguration: s.outputLocation ? { OutputLocation: s.outputLocation } : undefined,
      ResultReuseConfiguration:
        s.resultReuseMinutes > 0 ? { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: s.resultReuseMinutes } } : undefined,
    };
    // Start is never abandoned mid-call: its execution id must come back so that a cancelled query can be stopped.
    const out = await this.withThrottleRetries(() => this.client.send(new StartQueryExecutionCommand(input)), signal, false);
    if (!out.QueryExecutionId) throw new UpstreamError('athena', `query ${query.id}: StartQueryExecution returned no QueryExecutionId`);
    return out.QueryExecutionId;
  }

  private async waitForCompletion(query: SqlQuery, executionId: string, cancel: QueryCancellation): Promise<QueryExecution> {
    for (let poll = 0; ; poll++) {
      const out = await this.withThrottleRetries(
        () => this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId }), { abortSignal: cancel.signal }),
        cancel.signal,
      );
      const execution = out.QueryExecution ?? {};
      const status = execution.Status;
      switch (status?.State) {
        case 'SUCCEEDED':
          return execution;
        case 'FAILED':
          throw new UpstreamError('athena', `query ${query.id} (execution ${executionId}): ${failureReason(status)}`);
        case 'CANCELLED':
          throw new UpstreamError('athena', `query ${query.id} (execution ${executionId}) was cancelled outside this engine: ${status.StateChangeReason ?? 'no reason given'}`);
        default: // QUEUED, RUNNING
          cancel.checkDeadline();
          await this.pause(Math.min(pollDelayMs(poll, this.settings.pollInitialMs, this.settings.pollMaxMs), cancel.remainingMs()), cancel.signal);
      }
    }
  }

  private async fetchRows(executionId: string, execution: QueryExecution, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    let columns: ColumnInfo[] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const token = nextToken;
      const page = await this.withThrottleRetries(
        () =>
          this.client.send(new GetQueryResultsCommand({ QueryExecutionId: executionId, MaxResults: ATHENA_PAGE_SIZE_ROWS, NextToken: token }), {
            abortSignal: signal,
          }),
        signal,
      );
      if (first) columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      let data = page.ResultSet?.Rows ?? [];
      if (first && isHeaderRow(data[0], columns, execution.StatementType)) data = data.slice(1);
      for (const row of convertRows(data, columns)) rows.push(row);
      nextToken = page.NextToken;
      first = false;
    } while (nextToken);
    return rows;
  }

  private statsOf(execution: QueryExecution, rowsReturned: number, elapsedMs: number): QueryStats {
    const s = execution.Statistics;
    return {
      engine: this.name,
      engineTimeMs: s?.EngineExecutionTimeInMillis ?? elapsedMs,
      rowsReturned,
      ...(s?.DataScannedInBytes !== undefined ? { bytesScanned: s.DataScannedInBytes } : {}),
      resultReused: s?.ResultReuseInformation?.ReusedPreviousResult ?? false,
    };
  }

  /**
   * Calls `call`, retrying throttling errors with jittered back-off. A cancelled `signal` ends the
   * back-off and, with `abandonCall`, the wait for a call in flight.
   */
  private async withThrottleRetries<T>(call: () => Promise<T>, signal: AbortSignal | undefined, abandonCall = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await (signal && abandonCall ? unlessCancelled(call(), signal) : call());
      } catch (error) {
        if (signal?.aborted) throw new CancelledSignal(signal.reason as CancelCause);
        if (!isThrottlingError(error) || attempt >= this.settings.maxThrottleRetries) throw error;
        await this.pause(throttleDelayMs(attempt, this.settings.throttleBaseMs, this.settings.throttleMaxMs, this.random), signal);
      }
    }
  }

  private pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledSignal(signal.reason as CancelCause));
    return signal ? unlessCancelled(this.sleep(ms), signal) : this.sleep(ms);
  }

  /** Best-effort StopQueryExecution (the caller is already failing for another reason). */
  private async stopQuietly(executionId: string): Promise<void> {
    try {
      await this.withThrottleRetries(
        () => this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: executionId }), { abortSignal: AbortSignal.timeout(STOP_TIMEOUT_MS) }),
        undefined,
      );
    } catch {
      // Nothing more to do: Athena ends the query at the workgroup's own limit.
    }
  }

  /** The error the caller sees: cancellations by cause, the expected Athena errors as UpstreamError, anything else unchanged. */
  private translate(error: unknown, query: SqlQuery): unknown {
    if (error instanceof CancelledSignal) return this.cancelError(error.cancelCause, query);
    if (error instanceof AppError) return error;
    if (isThrottlingError(error)) {
      return new UpstreamError('athena', `query ${query.id}: still throttled after ${this.settings.maxThrottleRetries} retries: ${(error as Error).message}`, error);
    }
    if (error instanceof InvalidRequestException) {
      const code = error.AthenaErrorCode ? ` (${error.AthenaErrorCode})` : '';
      return new UpstreamError('athena', `query ${query.id}: ${error.message}${code}`, error);
    }
    if (error instanceof InternalServerException) return new UpstreamError('athena', `query ${query.id}: ${error.message}`, error);
    return error;
  }

  private cancelError(cause: CancelCause, query: SqlQuery): unknown {
    switch (cause.kind) {
      case 'aborted':
        return cause.reason;
      case 'timeout':
        return new QueryTimeoutError('athena', query.id, this.settings.timeoutMs);
      case 'closed':
        return new UpstreamError('athena', `query ${query.id}: the engine was closed while the query ran`);
    }
  }
}
