import DataLoader from 'dataloader';
import type { AgentKey, AgentState } from '../domain/agent-state';
import { matchesAgentFilter, type AgentStateFilterSpec } from '../domain/agent-state-filter';
import { countQueueRealtime, type QueueRealtimeCounts } from '../domain/queue-realtime';
import { ALL_INSTANCES, scopeIncludes, type InstanceScope } from '../domain/principal';
import type { RequestStats } from '../domain/request-stats';

/** Options of the listing reads: called once per DynamoDB request made (for the request stats). */
export interface AgentStateListOptions {
  /**
   * Only agents of these instances: the store Queries each instance's partition instead of a Scan and
   * restricts queue and routing-profile lookups to them. Absent: every instance.
   */
  readonly instanceArns?: readonly string[];
  readonly onRequest?: (operation: 'Query' | 'Scan' | 'BatchGetItem', items: number) => void;
}

/** What the service and the loaders need from the agent-state store (the DynamoDB repository provides it). */
export interface AgentStateReader {
  /** Every agent (a paginated Scan), or of `options.instanceArns` (a Query per instance). */
  listAll(options?: AgentStateListOptions): Promise<AgentState[]>;
  /** For each queue (ARN or name), the agents a queue filter matches, read through the queue's memberships and the routing-profile index (Query, BatchGetItem). */
  listByQueues(queues: readonly string[], options?: AgentStateListOptions): Promise<AgentState[][]>;
  /** The agents of a routing profile (ARN or name), read through the routing-profile index (Query, BatchGetItem). */
  listByRoutingProfile(routingProfile: string, options?: AgentStateListOptions): Promise<AgentState[]>;
  /** States by key, in key order, null where missing: BatchGetItem in chunks of 100 keys. */
  getMany(keys: readonly AgentKey[]): Promise<(AgentState | null)[]>;
}

/**
 * Per-request reads of live agent state. A queue or routing-profile filter reads only the agents
 * it can match, through the memberships and the routing-profile index (Query, never Scan); the
 * `Queue.realtime` of all queues of one request is one such read for the union of the queues.
 * Only an unfiltered list (or one filtered by activity or hierarchy group alone) Scans the table,
 * at most once per request — and only for a principal of every instance: a principal scoped to
 * instances Queries each instance's partition, its queue and routing-profile lookups are restricted
 * to those instances, and every state read is checked against the scope again before it is returned.
 * Every DynamoDB request counts as one `dynamodb` backend call.
 */
export class AgentStateService {
  private all: Promise<AgentState[]> | undefined;
  /** Queues asked for in one tick are read together (one `listByQueues`), each once per request. */
  private readonly byQueue: DataLoader<string, AgentState[]>;
  private readonly options: AgentStateListOptions;

  constructor(
    private readonly reader: AgentStateReader,
    private readonly stats: RequestStats,
    private readonly scope: InstanceScope = ALL_INSTANCES,
  ) {
    this.options = {
      onRequest: (_operation, items) => this.stats.recordCall('dynamodb', { rows: items }),
      ...(scope.kind === 'instances' ? { instanceArns: scope.instanceArns } : {}),
    };
    this.byQueue = new DataLoader(async (queues: readonly string[]) => (await this.reader.listByQueues(queues, this.options)).map((states) => this.inScope(states)));
  }

  /** Agents matching the filter, ordered by username. */
  async list(filter: AgentStateFilterSpec = {}): Promise<AgentState[]> {
    const candidates = filter.queue
      ? await this.agentsOfQueue(filter.queue)
      : filter.routingProfile
        ? this.inScope(await this.reader.listByRoutingProfile(filter.routingProfile, this.options))
        : await this.snapshot();
    return candidates.filter((s) => matchesAgentFilter(s, filter)).sort((a, b) => a.username.localeCompare(b.username));
  }

  /**
   * Forgets what this service read, so the next read asks the store again. A subscription's context
   * lives as long as the subscription: each push that reads live state starts with this.
   */
  clearCache(): void {
    this.all = undefined;
    this.byQueue.clearAll();
  }

  /** Live agent counts of a queue. */
  async realtime(queueArn: string): Promise<QueueRealtimeCounts> {
    return countQueueRealtime(await this.agentsOfQueue(queueArn), queueArn);
  }

  /** The agents a queue filter matches (from the request's Scan when one was made, else through the queue loader). */
  private agentsOfQueue(queue: string): Promise<AgentState[]> {
    if (this.all) return this.all.then((states) => states.filter((s) => matchesAgentFilter(s, { queue })));
    return this.byQueue.load(queue);
  }

  private snapshot(): Promise<AgentState[]> {
    this.all ??= this.reader.listAll(this.options).then((states) => this.inScope(states));
    return this.all;
  }

  /** The states of the principal's instances (the store is asked for them only; this is the second check). */
  private inScope(states: AgentState[]): AgentState[] {
    return this.scope.kind === 'all' ? states : states.filter((s) => scopeIncludes(this.scope, s.instanceArn));
  }
}
