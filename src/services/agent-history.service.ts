import type { AgentDirectoryEntry } from '../domain/agent-directory';
import { agentTimeStatistics, averageOrNull, msToSeconds, occupancyPercent } from '../domain/agent-statistics';
import { buildStatusHistory, countNonResponses, type StatusInterval } from '../domain/agent-timeline';
import { validateTimeRange, type TimeRange } from '../domain/time-range';
import { WORKLOAD_INTERVAL_MINUTES, sliceWorkload, validateWorkloadRange, workloadGrid, type WorkloadIntervalName, type WorkloadSlice } from '../domain/workload';
import { assertTimeZone } from '../domain/partition-planner';
import { agentRangeKey, type AgentHistoryLoaders } from '../loaders/agent-history.loader';

/** Limits of agent history requests. */
export interface AgentHistoryLimits {
  /** Longest range of status history, statistics and contacts, in days. */
  readonly maxRangeDays: number;
  /** Longest range of workload at 15-minute, 30-minute and hourly intervals, in days (`MAX_METRICS_RANGE_DAYS_INTRADAY`, shared with metrics). */
  readonly maxMetricsRangeDaysIntraday: number;
}

/** An agent's statistics over a range (see `src/domain/agent-statistics.ts` for the definitions). */
export interface AgentStatisticsResult {
  readonly from: Date;
  readonly to: Date;
  readonly onlineTimeSeconds: number;
  readonly idleTimeSeconds: number;
  readonly onContactTimeSeconds: number;
  readonly connectingTimeSeconds: number;
  readonly nonProductiveTimeSeconds: number;
  readonly errorTimeSeconds: number;
  readonly occupancyPercent: number | null;
  readonly contactsHandled: number;
  readonly averageHandleTimeSeconds: number | null;
  readonly agentNonResponse: number;
}

/** The agent identity a workload row carries. */
export type WorkloadAgent = Pick<AgentDirectoryEntry, 'agentId' | 'agentArn' | 'username'>;

/** One agent's workload in one interval. */
export interface AgentWorkloadSlice {
  readonly agent: WorkloadAgent;
  readonly slice: WorkloadSlice;
}

/**
 * Per-request agent history: status history (agent events), statistics (agent events + CTRs) and
 * workload (both, sliced into intervals). Reads go through the request's loaders, so the same
 * question for many agents is one engine query.
 */
export class AgentHistoryService {
  constructor(
    private readonly loaders: AgentHistoryLoaders,
    private readonly limits: AgentHistoryLimits,
    /** The request's clock: an interval still in force ends now (taken once, so every answer agrees). */
    private readonly now: Date = new Date(),
  ) {}

  /**
   * The agent's status intervals in [from, to) while logged in, each with the activities inside it.
   * @throws BadUserInputError for a bad range; RangeTooLargeError beyond the configured maximum.
   */
  async statusHistory(agent: Pick<AgentDirectoryEntry, 'agentArn'>, range: { from: Date; to: Date }): Promise<StatusInterval[]> {
    const r = validateTimeRange(range, this.limits.maxRangeDays);
    return this.history(agent.agentArn, r);
  }

  /**
   * The agent's statistics over [from, to): time statistics and non-response from agent events,
   * contacts handled and average handle time from CTRs (contacts connected to the agent in the range).
   * @throws BadUserInputError for a bad range; RangeTooLargeError beyond the configured maximum.
   */
  async statistics(agent: Pick<AgentDirectoryEntry, 'agentArn'>, range: { from: Date; to: Date }): Promise<AgentStatisticsResult> {
    const r = validateTimeRange(range, this.limits.maxRangeDays);
    const key = agentRangeKey(agent.agentArn, r.from, r.to);
    const [events, handled] = await Promise.all([this.loaders.events.load(key), this.loaders.handled.load(key)]);
    const totals = agentTimeStatistics(buildStatusHistory(events, msRange(r), this.now.getTime()));
    return {
      from: r.from,
      to: r.to,
      onlineTimeSeconds: msToSeconds(totals.onlineMs),
      idleTimeSeconds: msToSeconds(totals.idleMs),
      onContactTimeSeconds: msToSeconds(totals.onContactMs),
      connectingTimeSeconds: msToSeconds(totals.connectingMs),
      nonProductiveTimeSeconds: msToSeconds(totals.nonProductiveMs),
      errorTimeSeconds: msToSeconds(totals.errorMs),
      occupancyPercent: occupancyPercent(totals),
      contactsHandled: handled.contactsHandled,
      averageHandleTimeSeconds: averageOrNull(handled.handleTimeSecondsSum, handled.handleTimeCount),
      agentNonResponse: countNonResponses(events, msRange(r)),
    };
  }

  /**
   * The agents' workload in [from, to) at `interval` edges of local time in `timeZone`: per agent and
   * interval with any status or contact time, the time by status, talk time, wrap-up time and
   * parallel conversations. Ordered by agent (as given), then interval.
   * @throws BadUserInputError for a bad range or time zone; RANGE_TOO_LARGE beyond the interval limit.
   */
  async workload(agents: readonly WorkloadAgent[], range: { from: Date; to: Date }, timeZone: string, interval: WorkloadIntervalName): Promise<AgentWorkloadSlice[]> {
    const r = this.checkWorkloadArguments(range, timeZone, interval);
    const ms = msRange(r);
    const cells = workloadGrid(ms, timeZone, WORKLOAD_INTERVAL_MINUTES[interval]);
    const keys = agents.map((a) => agentRangeKey(a.agentArn, r.from, r.to));
    const [events, spans] = await Promise.all([this.loaders.events.loadMany(keys), this.loaders.contactSpans.loadMany(keys)]);
    return agents.flatMap((agent, i) => {
      const agentEvents = events[i];
      const agentSpans = spans[i];
      if (agentEvents instanceof Error) throw agentEvents;
      if (agentSpans instanceof Error) throw agentSpans;
      const history = buildStatusHistory(agentEvents ?? [], ms, this.now.getTime());
      return sliceWorkload(cells, ms, history, agentSpans ?? []).map((slice) => ({ agent, slice }));
    });
  }

  /**
   * Checks workload arguments before anything is read: the range (at most the intraday limit) and the time zone.
   * @throws BadUserInputError for a bad range or time zone; RangeTooLargeError (RANGE_TOO_LARGE) beyond the limit.
   */
  checkWorkloadArguments(range: { from: Date; to: Date }, timeZone: string, interval: WorkloadIntervalName): TimeRange {
    const r = validateWorkloadRange(range, interval, this.limits.maxMetricsRangeDaysIntraday);
    assertTimeZone(timeZone);
    return r;
  }

  private async history(agentArn: string, range: TimeRange): Promise<StatusInterval[]> {
    const events = await this.loaders.events.load(agentRangeKey(agentArn, range.from, range.to));
    return buildStatusHistory(events, msRange(range), this.now.getTime());
  }
}

function msRange(range: TimeRange): { fromMs: number; toMs: number } {
  return { fromMs: range.from.getTime(), toMs: range.to.getTime() };
}
