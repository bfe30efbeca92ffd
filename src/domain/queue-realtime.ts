import type { AgentState } from './agent-state';

/** Live agent counts of one queue. */
export interface QueueRealtimeCounts {
  agentsOnline: number;
  agentsAvailable: number;
  agentsOnContact: number;
  agentsInAfterContactWork: number;
  agentsIncoming: number;
  agentsNonProductive: number;
  agentsMissed: number;
}

/**
 * Counts the agents staffing a queue (their routing profile takes contacts from it) by activity.
 * Online means logged in with a status other than Offline (status type not OFFLINE and activity not OFFLINE).
 * Pure.
 */
export function countQueueRealtime(states: readonly AgentState[], queueArn: string): QueueRealtimeCounts {
  const counts: QueueRealtimeCounts = {
    agentsOnline: 0,
    agentsAvailable: 0,
    agentsOnContact: 0,
    agentsInAfterContactWork: 0,
    agentsIncoming: 0,
    agentsNonProductive: 0,
    agentsMissed: 0,
  };
  for (const state of states) {
    if (!state.routingProfile?.inboundQueues.some((q) => q.arn === queueArn)) continue;
    if (state.activity === 'OFFLINE') continue;
    counts.agentsOnline += 1;
    switch (state.activity) {
      case 'AVAILABLE':
        counts.agentsAvailable += 1;
        break;
      case 'ON_CONTACT':
      case 'ON_HOLD':
        counts.agentsOnContact += 1;
        break;
      case 'AFTER_CONTACT_WORK':
        counts.agentsInAfterContactWork += 1;
        break;
      case 'INCOMING':
        counts.agentsIncoming += 1;
        break;
      case 'NON_PRODUCTIVE':
        counts.agentsNonProductive += 1;
        break;
      case 'MISSED':
        counts.agentsMissed += 1;
        break;
    }
  }
  return counts;
}

/** The named queues agents in live state are staffed for, sorted by name. */
export function queuesInLiveState(states: readonly AgentState[]): { arn: string; name: string | null }[] {
  const byArn = new Map<string, string | null>();
  for (const state of states) {
    for (const q of state.routingProfile?.inboundQueues ?? []) if (q.name !== null) byArn.set(q.arn, q.name);
  }
  return [...byArn].map(([arn, name]) => ({ arn, name })).sort((a, b) => String(a.name).localeCompare(String(b.name)));
}
