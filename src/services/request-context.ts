import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { AgentDirectoryEntry } from '../domain/agent-directory';
import type { AgentKey, AgentState } from '../domain/agent-state';
import type { PiiAttributeAllowlist } from '../domain/pii';
import type { Principal } from '../domain/principal';
import type { RequestStats } from '../domain/request-stats';
import type { AgentDirectoryService } from './agent-directory.service';
import type { AgentHistoryService } from './agent-history.service';
import type { AgentStateService } from './agent-state.service';
import type { QueueLiveService } from './queue-live.service';
import type { ContactDetailLoaders, ContactDetailsService } from './contact-details.service';
import type { ContactService } from './contact.service';
import type { DataFreshnessCollector } from './data-freshness.service';
import type { EvaluationService } from './evaluation.service';
import type { MetricsService } from './metrics.service';
import type { QueueStatisticsService } from './queue-statistics.service';
import type { WorkloadService } from './workload.service';

/** Everything a resolver gets for one request (or one subscription operation). */
export interface RequestContext {
  readonly requestId: string;
  /** Who is asking: scopes, instance scope (every reader of this context is bound to it). */
  readonly principal: Principal;
  /** Contact attributes shown unmasked to principals without `pii:read` (`PII_ATTRIBUTE_ALLOWLIST`). */
  readonly piiAttributeAllowlist: PiiAttributeAllowlist;
  /** Connect's agent heartbeat period, seconds (`AGENT_HEARTBEAT_PERIOD_SECONDS`): an agent not heard from for twice this is `stale`. */
  readonly agentHeartbeatPeriodSeconds: number;
  readonly logger: Logger;
  /**
   * Aborts when the request's work should stop: its timeout (reason QueryTimeoutError), the HTTP
   * client disconnecting or the WebSocket operation ending (RequestCancelledError). Every history
   * query of this context carries it; long work of its own should too.
   */
  readonly signal: AbortSignal;
  readonly stats: RequestStats;
  /** What the answer read, for `extensions.dataAsOf` (sources, ranges, live state); told by the request's engine and live readers. */
  readonly dataAsOf: DataFreshnessCollector;
  readonly services: {
    readonly contacts: ContactService;
    readonly agentStates: AgentStateService;
    /** Live contact counts of queues (contact events). */
    readonly queueLive: QueueLiveService;
    readonly contactDetails: ContactDetailsService;
    readonly evaluations: EvaluationService;
    /** Agents and queues (directory of the newest agent-event snapshots and CTR queues). */
    readonly directory: AgentDirectoryService;
    /** Status history, statistics and workload of agents. */
    readonly agentHistory: AgentHistoryService;
    readonly queueStatistics: QueueStatisticsService;
    readonly workload: WorkloadService;
    /** Connect-style metrics (`Query.metrics`) and their catalog. */
    readonly metrics: MetricsService;
  };
  readonly loaders: {
    readonly contactById: ContactDetailLoaders['contactById'];
    readonly contactChainByInitialContactId: ContactDetailLoaders['contactChainByInitialContactId'];
    readonly journeyByContactId: ContactDetailLoaders['journeyByContactId'];
    readonly analysisByContactId: ContactDetailLoaders['analysisByContactId'];
    readonly evaluationsByContactId: ContactDetailLoaders['evaluationsByContactId'];
    /** Live agent state by agent: one DynamoDB BatchGetItem per 100 agents of a tick. */
    readonly agentStateByAgent: DataLoader<AgentKey, AgentState | null, string>;
    /** Agents of the directory by agent id or ARN; null when unknown. */
    readonly agentById: DataLoader<string, AgentDirectoryEntry | null>;
  };
}
