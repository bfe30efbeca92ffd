import { AgentDirectory, mergeQueues, type AgentDirectoryEntry } from '../../domain/agent-directory';
import { planPartitions } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { DayPartition, TimeRange } from '../../domain/time-range';
import { DAY_MS, startOfUtcDayMs } from '../../domain/time';
import type { PartitionListing } from '../files/partition-days';
import type { QueryEngine } from '../query-engine';
import { agentDirectoryQuery, type AgentDirectoryRow } from '../sql/agent-events.sql';
import { newestDirectoryDayQuery, type NewestDayRow } from '../sql/newest-partition.sql';
import { queueDirectoryQuery, type QueueDirectoryRow } from '../sql/queue-statistics.sql';
import type { Scope } from '../sql/scope';
import { parseQueues, toAgentDirectoryEntry } from './agent-row.mapper';
import { runHistoryQuery } from './history-query';

/** Days the first probe for the newest day reads (today only); each next probe reads twice as many older days. */
const FIRST_PROBE_DAYS = 1;

/**
 * Reads the directory of agents and queues: the newest agent-event snapshot of every agent, and the
 * queues of their routing profiles and of the contacts, in two engine queries run in parallel.
 */
export class AgentDirectoryReader {
  constructor(
    /** The engine read through; also the identity a process-wide directory memo is kept under. */
    readonly engine: QueryEngine,
    private readonly stats: RequestStats,
    /** A local listing of the data folder (the DuckDB engine's file index); without one the newest day is probed with bounded queries. */
    private readonly listing?: PartitionListing,
  ) {}

  /** The directory from the partitions of `window` (never more: the caller bounds it). */
  async read(scope: Scope, window: TimeRange): Promise<AgentDirectory> {
    const { dialect } = this.engine;
    const partitions = planPartitions(window);
    const [agentRows, queueRows] = await Promise.all([
      runHistoryQuery<AgentDirectoryRow>(this.engine, this.stats, agentDirectoryQuery(dialect, scope, partitions, window)),
      runHistoryQuery<QueueDirectoryRow>(this.engine, this.stats, queueDirectoryQuery(dialect, scope, partitions, window)),
    ]);
    const agents = agentRows.rows.map(toAgentDirectoryEntry).filter((a): a is AgentDirectoryEntry => a !== null);
    const profileQueues = agentRows.rows.flatMap((r) => parseQueues(r.inbound_queues));
    const contactQueues = queueRows.rows.map((r) => ({ arn: r.queue_arn, name: r.queue_name }));
    return new AgentDirectory(agents, mergeQueues(profileQueues, contactQueues));
  }

  /**
   * The newest UTC day holding agent events or contact records: from the local listing when there is
   * one (no query, any date), otherwise probed back from `today` with bounded queries of 1, 2, 4 …
   * days, never further back than `searchDays` days in all. Undefined when none is found.
   */
  async newestDay(scope: Scope, today: Date, searchDays: number): Promise<DayPartition | undefined> {
    if (this.listing) return this.listing.newestDay(['ae', 'ctr']);
    const tomorrowMs = startOfUtcDayMs(today.getTime()) + DAY_MS;
    let searched = 0;
    for (let size = FIRST_PROBE_DAYS; searched < searchDays; size *= 2) {
      const days = Math.min(size, searchDays - searched);
      const window = { from: new Date(tomorrowMs - (searched + days) * DAY_MS), to: new Date(tomorrowMs - searched * DAY_MS) };
      const { rows } = await runHistoryQuery<NewestDayRow>(this.engine, this.stats, newestDirectoryDayQuery(scope, planPartitions(window), window));
      const newest = rows[0]?.newest_day;
      if (newest !== null && newest !== undefined) {
        const n = Number(newest);
        return { year: Math.floor(n / 10_000), month: Math.floor(n / 100) % 100, day: n % 100 };
      }
      searched += days;
    }
    return undefined;
  }
}
