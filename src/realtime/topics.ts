import type { AgentState } from '../domain/agent-state';

/** Subscription topics (Redis channel names when Redis fans out). */
export const Topic = {
  AgentStateChanged: 'connect-analytics:agent-state-changed',
  QueueRealtimeChanged: 'connect-analytics:queue-realtime-changed',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

/** Published when an agent's visible state changed (never for heartbeats or stale events). */
export interface AgentStateChangedPayload {
  /** The state after the change. */
  readonly state: AgentState;
  /** The state before, when known: lets filtered subscribers see an agent leave their view. */
  readonly before: AgentState | null;
}

/**
 * Published when a queue's live contact counts may have changed (a contact entered, left or moved
 * within it). It names the queue only: each subscriber reads the counts it is allowed to see.
 */
export interface QueueRealtimeChangedPayload {
  readonly instanceArn: string;
  readonly queueArn: string;
}
