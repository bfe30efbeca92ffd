import type { RequestStats } from '../../domain/request-stats';
import type { QueryEngine } from '../query-engine';
import type { Scope } from '../sql/scope';
import { bindSignal, type QueryCancelledListener } from '../signal-bound-engine';
import { AgentDirectoryReader } from './agent-directory.reader';
import { AgentHistoryReader } from './agent-history.reader';
import { ContactDetailsReader } from './contact-details.reader';
import { ContactReader } from './contact.reader';
import { EvaluationReader } from './evaluation.reader';
import { MetricsReader, type MetricsReaderOptions } from './metrics.reader';
import { QueueStatisticsReader } from './queue-statistics.reader';

/** The readers of one request, over one (caching) engine, recording their cost in the request's stats. */
export interface HistoryReaders {
  readonly contacts: ContactReader;
  readonly contactDetails: ContactDetailsReader;
  readonly evaluations: EvaluationReader;
  readonly agentDirectory: AgentDirectoryReader;
  readonly agentHistory: AgentHistoryReader;
  readonly queueStatistics: QueueStatisticsReader;
  readonly metrics: MetricsReader;
}

/** Per-request options of {@link createHistoryReaders}. */
export interface HistoryReadersOptions {
  /** The request's signal: every query the readers run is aborted with it (timeout, client gone). */
  readonly signal?: AbortSignal;
  /** Told of each query given up because `signal` aborted. */
  readonly onCancelled?: QueryCancelledListener;
  /** Which closed CTR partition days the metrics reader may read from the rollup; @default none. */
  readonly rollups?: MetricsReaderOptions['rollups'];
}

/**
 * Creates the readers of one request, for a caller of `scope`: every statement they run carries the
 * scope in its options, so the result cache keys it by scope (`QueryOptions.scope`); with
 * `options.signal`, every query they run is aborted with it.
 */
export function createHistoryReaders(unscoped: QueryEngine, stats: RequestStats, scope: Scope, options: HistoryReadersOptions = {}): HistoryReaders {
  const engine = withScope(unscoped, scope);
  const bound = options.signal ? bindSignal(engine, options.signal, options.onCancelled) : engine;
  return {
    contacts: new ContactReader(bound, stats),
    contactDetails: new ContactDetailsReader(bound, stats),
    evaluations: new EvaluationReader(bound, stats),
    agentDirectory: new AgentDirectoryReader(bound, stats),
    agentHistory: new AgentHistoryReader(bound, stats),
    queueStatistics: new QueueStatisticsReader(bound, stats),
    metrics: new MetricsReader(bound, stats, { rollups: options.rollups }),
  };
}

/** The engine, every query of which carries `scope` in its options. */
function withScope(engine: QueryEngine, scope: Scope): QueryEngine {
  return {
    name: engine.name,
    dialect: engine.dialect,
    query: (query, options) => engine.query(query, { ...options, scope }),
    ping: () => engine.ping(),
    close: () => engine.close(),
  };
}
