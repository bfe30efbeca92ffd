import type { AgentKey, AgentState } from '../domain/agent-state';
import { matchesAgentFilter, type AgentStateFilterSpec } from '../domain/agent-state-filter';
import { countQueueRealtime, type QueueRealtimeCounts } from '../domain/queue-realtime';
import type { RequestStats } from '../domain/request-stats';

/** What the service and the loaders need from the agent-state store (the DynamoDB repository provides it). */
export interface AgentStateReader {
  /** Every agent (a Scan). */
  listAll(): Promise<AgentState[]>;
  /** States by key, in key order, null where missing: BatchGetItem in chunks of 100 keys. */
  getMany(keys: readonly AgentKey[]): Promise<(AgentState | null)[]>;
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
