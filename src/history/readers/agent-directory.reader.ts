import { AgentDirectory, mergeQueues, type AgentDirectoryEntry } from '../../domain/agent-directory';
import { planPartitions } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { TimeRange } from '../../domain/time-range';
import type { QueryEngine } from '../query-engine';
import { agentDirectoryQuery, type AgentDirectoryRow } from '../sql/agent-events.sql';
import { queueDirectoryQuery, type QueueDirectoryRow } from '../sql/queue-statistics.sql';
import type { Scope } from '../sql/scope';
import { parseQueues, toAgentDirectoryEntry } from './agent-row.mapper';
import { runHistoryQuery } from './history-query';

/**
 * Reads the directory of agents and queues: the newest agent-event snapshot of every agent, and the
 * queues of their routing profiles and of the contacts, in two engine queries run in parallel.
 */
export class AgentDirectoryReader {
  constructor(
    /** The engine read through; also the identity a process-wide directory memo is kept under. */
    readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /** The directory from the partitions of `window`, or from every partition when `window` is null. */
  async read(scope: Scope, window: TimeRange | null): Promise<AgentDirectory> {
    const { dialect } = this.engine;
    const partitions = window === null ? null : planPartitions(window);
    const freshness = window === null ? undefined : window;
    const [agentRows, queueRows] = await Promise.all([
      runHistoryQuery<AgentDirectoryRow>(this.engine, this.stats, agentDirectoryQuery(dialect, scope, partitions, freshness)),
      runHistoryQuery<QueueDirectoryRow>(this.engine, this.stats, queueDirectoryQuery(dialect, scope, partitions, freshness)),
    ]);
    const agents = agentRows.rows.map(toAgentDirectoryEntry).filter((a): a is AgentDirectoryEntry => a !== null);
    const profileQueues = agentRows.rows.flatMap((r) => parseQueues(r.inbound_queues));
    const contactQueues = queueRows.rows.map((r) => ({ arn: r.queue_arn, name: r.queue_name }));
    return new AgentDirectory(agents, mergeQueues(profileQueues, contactQueues));
  }
}
