import type { AgentState } from '../domain/agent-state';
import { matchesAgentFilter, type AgentStateFilterSpec } from '../domain/agent-state-filter';
import { countQueueRealtime, queuesInLiveState, type QueueRealtimeCounts } from '../domain/queue-realtime';
import type { RequestStats } from '../domain/request-stats';

/** What the service needs from the agent-state store (the DynamoDB repository provides it). */
export interface AgentStateReader {
  listAll(): Promise<AgentState[]>;
}

/**
 * Per-request reads of live agent state. The whole table is read at most once per request (a
 * contact center has hundreds to a few thousand agents) and every question is answered from it.
 */
export class AgentStateService {
  private all: Promise<AgentState[]> | undefined;

  constructor(
    private readonly reader: AgentStateReader,
    private readonly stats: RequestStats,
  ) {}

  /** Agents matching the filter, ordered by username. */
  async list(filter: AgentStateFilterSpec = {}): Promise<AgentState[]> {
    return (await this.snapshot()).filter((s) => matchesAgentFilter(s, filter)).sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Queues staffed by agents in live state. */
  async queues(): Promise<{ arn: string; name: string | null }[]> {
    return queuesInLiveState(await this.snapshot());
  }

  /** Live agent counts of a queue. */
  async realtime(queueArn: string): Promise<QueueRealtimeCounts> {
    return countQueueRealtime(await this.snapshot(), queueArn);
  }

  private snapshot(): Promise<AgentState[]> {
    this.all ??= this.reader.listAll().then((states) => {
      this.stats.recordCall('dynamodb', { rows: states.length });
      return states;
    });
    return this.all;
  }
}
