import type { RequestStats } from '../../domain/request-stats';
import type { QueryEngine } from '../query-engine';
import type { Scope } from '../sql/scope';
import { AgentDirectoryReader } from './agent-directory.reader';
import { AgentHistoryReader } from './agent-history.reader';
import { ContactDetailsReader } from './contact-details.reader';
import { ContactReader } from './contact.reader';
import { EvaluationReader } from './evaluation.reader';
import { MetricsReader } from './metrics.reader';
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

/**
 * Creates the readers of one request, for a caller of `scope`: every statement they run carries the
 * scope in its options, so the result cache keys it by scope (`QueryOptions.scope`).
 */
export function createHistoryReaders(unscoped: QueryEngine, stats: RequestStats, scope: Scope): HistoryReaders {
  const engine = withScope(unscoped, scope);
  return {
    contacts: new ContactReader(engine, stats),
    contactDetails: new ContactDetailsReader(engine, stats),
    evaluations: new EvaluationReader(engine, stats),
    agentDirectory: new AgentDirectoryReader(engine, stats),
    agentHistory: new AgentHistoryReader(engine, stats),
    queueStatistics: new QueueStatisticsReader(engine, stats),
    metrics: new MetricsReader(engine, stats),
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
