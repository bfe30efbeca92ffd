import { QueueLiveService } from '../../services/queue-live.service';
import type { LiveContactReader } from '../../state/queue-live.repository';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { RequestStats } from '../../domain/request-stats';
import type { PartitionListing } from '../../history/files/partition-days';
import type { QueryEngine } from '../../history/query-engine';
import { createHistoryReaders } from '../../history/readers/history-readers';
import { DEFAULT_WATERMARK_PROBE_DAYS, historySourcesOf, recentUtcDays, type WatermarkPartitions } from '../../history/readers/watermark.reader';
import { DataFreshnessCollector } from '../../services/data-freshness.service';
import { DEFAULT_CONTACT_MAX_DURATION_HOURS } from '../../domain/data-freshness';
import { HOUR_MS } from '../../domain/time';
import type { RollupAvailability } from '../../history/rollups/rollup-availability';
import { PiiAttributeAllowlist } from '../../domain/pii';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../domain/principal';
import { DEFAULT_AGENT_HEARTBEAT_PERIOD_SECONDS } from '../../domain/agent-state';
import { createAgentByIdLoader } from '../../loaders/agent.loader';
import { createAgentHistoryLoaders } from '../../loaders/agent-history.loader';
import { createAgentStateLoader } from '../../loaders/agent-state.loader';
import { createContactChainLoader } from '../../loaders/contact-chain.loader';
import { createJourneyLoader } from '../../loaders/contact-flow-log.loader';
import { createAnalysisLoader } from '../../loaders/contact-lens.loader';
import { createContactLoader } from '../../loaders/contact.loader';
import { createEvaluationsByContactLoader } from '../../loaders/evaluation.loader';
import { createQueueStatisticsLoader } from '../../loaders/queue-statistics.loader';
import { AgentDirectoryService } from '../../services/agent-directory.service';
import { AgentHistoryService } from '../../services/agent-history.service';
import { AgentStateService, type AgentStateReader } from '../../services/agent-state.service';
import { ContactDetailsService } from '../../services/contact-details.service';
import { ContactService } from '../../services/contact.service';
import { EvaluationService } from '../../services/evaluation.service';
import { MetricsService } from '../../services/metrics.service';
import { DEFAULT_METRICS_RANGE_LIMITS } from '../../domain/metrics/metric-limits';
import { QueueStatisticsService } from '../../services/queue-statistics.service';
import { WorkloadService } from '../../services/workload.service';
import { DEFAULT_WORKLOAD_MAX_RANGE_DAYS } from '../../domain/workload';
import type { RequestContext } from '../../services/request-context';

/** What every request context is built from. */
export interface ContextDeps {
  readonly engine: QueryEngine;
  readonly logger: Logger;
  readonly limits: {
    readonly maxPageSize: number;
    readonly maxRangeDays: number;
    /** Longest metrics range at FIFTEEN_MIN, THIRTY_MIN and HOUR, days; @default 3 (`MAX_METRICS_RANGE_DAYS_INTRADAY`). */
    readonly maxMetricsRangeDaysIntraday?: number;
    /** Longest metrics range at DAY, WEEK, MONTH and TOTAL, days; @default 35 (`MAX_METRICS_RANGE_DAYS`). */
    readonly maxMetricsRangeDays?: number;
    /** Days of history the agent and queue directory is read from, ending at the newest day with data; @default 35 (`DIRECTORY_LOOKBACK_DAYS`). */
    readonly directoryLookbackDays?: number;
    /** UTC days (ending today) a lookup by contact id without a hint reads; @default 7 (`CONTACT_LOOKUP_MAX_DAYS`). */
    readonly contactLookupMaxDays?: number;
  };
  readonly agentStates: AgentStateReader;
  /** A local listing of the data folder's partitions (the DuckDB engine's file index); absent on Athena, where the directory probes for its newest day. */
  readonly partitionListing?: PartitionListing;
  /** Live queue contacts from contact events (`Queue.realtime` contact counts); absent: they count zero. */
  readonly queueLive?: { readonly reader: LiveContactReader; readonly maxAgeSeconds: number };
  /** Contact attribute names shown unmasked without `pii:read` (`PII_ATTRIBUTE_ALLOWLIST`); @default none. */
  readonly piiAttributeAllowlist?: readonly string[];
  /** Connect's agent heartbeat period, seconds: `AgentState.stale` after twice this (`AGENT_HEARTBEAT_PERIOD_SECONDS`); @default 120. */
  readonly agentHeartbeatPeriodSeconds?: number;
  /** The freshness watermark (`extensions.dataAsOf`). */
  readonly dataAsOf?: {
    /** The partitions the watermark reads per source; @default the last `probeDays` UTC days. The embedded engine passes its newest indexed partitions. */
    readonly partitions?: WatermarkPartitions;
    /** UTC days up to today the watermark probes when `partitions` is not given (`DATA_AS_OF_PROBE_DAYS`); @default 3. */
    readonly probeDays?: number;
    /** The longest a contact lasts, hours (`CONTACT_MAX_DURATION_HOURS`); @default 24. */
    readonly contactMaxDurationHours?: number;
  };
  /** Which closed CTR partition days contact-record metrics may read from the 15-minute rollup; @default none (all raw). */
  readonly rollups?: RollupAvailability;
}

/** A signal that never aborts: the context of a caller that passes none. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * Builds a fresh context (own stats, own loaders) for one HTTP request or one subscription operation.
 * Every reader, loader and service of it is bound to the principal's instance scope, so no resolver
 * can read another instance's rows. With `signal` (the request's timeout and disconnect), every
 * history query of the context is aborted with it, and each query given up is logged with the request id.
 */
export function createRequestContext(
  deps: ContextDeps,
  requestId: string = randomUUID(),
  logger: Logger = deps.logger,
  principal: Principal = ANONYMOUS_PRINCIPAL,
  signal: AbortSignal = NEVER_ABORTED,
): RequestContext {
  const stats = new RequestStats();
  const scope = principal.instances;
  const requestLogger = logger.child({ requestId, principal: principal.id });
  // The watermark reader is the readers' own (same scope and signal); the collector asks it lazily.
  const dataAsOf = new DataFreshnessCollector({ read: (source, sourceScope) => readers.watermarks.read(source, sourceScope) }, scope, {
    rule: { contactMaxDurationMs: (deps.dataAsOf?.contactMaxDurationHours ?? DEFAULT_CONTACT_MAX_DURATION_HOURS) * HOUR_MS },
    onError: (source, error) => requestLogger.warn({ source, err: error }, 'freshness watermark unavailable'),
  });
  const readers = createHistoryReaders(deps.engine, stats, scope, {
    partitionListing: deps.partitionListing,
    signal,
    // Every statement of the data readers tells what it reads; the watermark's own statements do not.
    onQuery: (query) => dataAsOf.recordHistory(historySourcesOf(query.sql), query.freshness),
    watermarkPartitions: deps.dataAsOf?.partitions ?? recentUtcDays(deps.dataAsOf?.probeDays ?? DEFAULT_WATERMARK_PROBE_DAYS),
    rollups: deps.rollups,
    onCancelled: ({ queryId, reason }) => requestLogger.info({ queryId, reason }, `history query cancelled: ${reason === 'client_gone' ? 'client gone' : reason === 'operation_ended' ? 'operation ended' : reason}`),
  });
  // Live state reads are noted as such (no watermark: DynamoDB is kept current from the event streams).
  const agentStates = liveReadsNoted(deps.agentStates, () => dataAsOf.recordLive('agentState'));
  const queueLiveReader = deps.queueLive?.reader && liveReadsNoted(deps.queueLive.reader, () => dataAsOf.recordLive('queueLive'));
  const contactById = createContactLoader(readers.contacts, scope);
  const contactDetailLoaders = {
    contactById,
    contactChainByInitialContactId: createContactChainLoader(readers.contactDetails, scope),
    journeyByContactId: createJourneyLoader(readers.contactDetails, scope),
    analysisByContactId: createAnalysisLoader(readers.contactDetails, scope),
    evaluationsByContactId: createEvaluationsByContactLoader(readers.contactDetails, scope),
  };
  const directory = new AgentDirectoryService(readers.agentDirectory, scope, {
    maxPageSize: deps.limits.maxPageSize,
    directoryLookbackDays: deps.limits.directoryLookbackDays,
    directorySearchDays: deps.limits.maxRangeDays,
  });
  const agentHistory = new AgentHistoryService(createAgentHistoryLoaders(readers.agentHistory, scope), {
    maxRangeDays: deps.limits.maxRangeDays,
    // Workload shares the intraday limit of interval reports (MAX_METRICS_RANGE_DAYS_INTRADAY).
    maxMetricsRangeDaysIntraday: deps.limits.maxMetricsRangeDaysIntraday ?? DEFAULT_WORKLOAD_MAX_RANGE_DAYS,
  });
  return {
    requestId,
    principal,
    piiAttributeAllowlist: new PiiAttributeAllowlist(deps.piiAttributeAllowlist),
    agentHeartbeatPeriodSeconds: deps.agentHeartbeatPeriodSeconds ?? DEFAULT_AGENT_HEARTBEAT_PERIOD_SECONDS,
    logger: requestLogger,
    signal,
    stats,
    dataAsOf,
    loaders: {
      ...contactDetailLoaders,
      agentStateByAgent: createAgentStateLoader(agentStates, stats, scope),
      agentById: createAgentByIdLoader(() => directory.directory()),
    },
    services: {
      contacts: new ContactService(readers.contacts, scope, deps.limits, contactById),
      agentStates: new AgentStateService(agentStates, stats, scope),
      queueLive: new QueueLiveService(queueLiveReader, stats, scope, { maxAgeSeconds: deps.queueLive?.maxAgeSeconds }),
      contactDetails: new ContactDetailsService(contactDetailLoaders),
      evaluations: new EvaluationService(readers.evaluations, scope, deps.limits),
      directory,
      agentHistory,
      queueStatistics: new QueueStatisticsService(createQueueStatisticsLoader(readers.queueStatistics, scope), deps.limits),
      workload: new WorkloadService(directory, agentHistory),
      metrics: new MetricsService(readers.metrics, scope, {
        maxMetricsRangeDaysIntraday: deps.limits.maxMetricsRangeDaysIntraday ?? DEFAULT_METRICS_RANGE_LIMITS.maxMetricsRangeDaysIntraday,
        maxMetricsRangeDays: deps.limits.maxMetricsRangeDays ?? DEFAULT_METRICS_RANGE_LIMITS.maxMetricsRangeDays,
      }),
    },
  };
}

/** The reader with `noted` called before each of its methods runs. */
function liveReadsNoted<T extends object>(reader: T, noted: () => void): T {
  return new Proxy(reader, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        noted();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
