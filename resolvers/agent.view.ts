import type { AgentDirectoryEntry } from '../src/domain/agent-directory';
import { msToSeconds } from '../src/domain/agent-statistics';
import type { StatusInterval } from '../src/domain/agent-timeline';
import type { AgentWorkloadSlice } from '../src/services/agent-history.service';
import type { AgentActivityEnum } from '../schema/agent-state.type';
import type { Agent, AgentStatusInterval } from '../schema/agent.type';
import type { Workload } from '../schema/workload.type';

/** Maps a directory entry to the GraphQL `Agent` shape. */
export function toAgentView(entry: AgentDirectoryEntry): Agent {
  return {
    id: entry.agentId,
    arn: entry.agentArn,
    instanceArn: entry.instanceArn,
    username: entry.username,
    firstName: entry.firstName,
    lastName: entry.lastName,
    routingProfile: entry.routingProfile
      ? {
          arn: entry.routingProfile.arn,
          name: entry.routingProfile.name,
          inboundQueues: entry.routingProfile.inboundQueues.map((q) => ({ arn: q.arn, name: q.name, channels: [...q.channels] })),
        }
      : null,
    hierarchyGroups: entry.hierarchy.flatMap((g, i) => (g ? [{ level: i + 1, arn: g.arn, name: g.name }] : [])),
    lastEventTimestamp: new Date(entry.lastSeenMs),
  };
}

/** Maps a status interval to the GraphQL `AgentStatusInterval` shape. */
export function toStatusIntervalView(interval: StatusInterval): AgentStatusInterval {
  return {
    status: interval.status.name,
    statusType: interval.status.type,
    statusArn: interval.status.arn,
    start: new Date(interval.startMs),
    end: new Date(interval.endMs),
    durationSeconds: msToSeconds(interval.endMs - interval.startMs),
    activities: interval.activities.map((a) => ({
      activity: a.activity as AgentActivityEnum,
      start: new Date(a.startMs),
      end: new Date(a.endMs),
      durationSeconds: msToSeconds(a.endMs - a.startMs),
    })),
  };
}

/** Maps one agent's workload slice to the GraphQL `Workload` shape. */
export function toWorkloadView({ agent, slice }: AgentWorkloadSlice): Workload {
  return {
    agentId: agent.agentId,
    agentArn: agent.agentArn,
    username: agent.username,
    intervalStart: new Date(slice.cell.startMs),
    intervalEnd: new Date(slice.cell.endMs),
    localIntervalStart: slice.cell.localStart,
    statuses: slice.statuses.map((s) => ({ status: s.status.name, statusType: s.status.type, activityTimeSeconds: msToSeconds(s.ms) })),
    activityTimeSeconds: msToSeconds(slice.statuses.reduce((sum, s) => sum + s.ms, 0)),
    talkTimeSeconds: msToSeconds(slice.talkMs),
    wrapUpTimeSeconds: msToSeconds(slice.wrapUpMs),
    parallelConversations: slice.parallelConversations,
  };
}
