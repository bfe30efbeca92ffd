import type { AgentState } from '../domain/agent-state';

/** Subscription topics (Redis channel names when Redis fans out). */
export const Topic = {
  AgentStateChanged: 'connect-analytics:agent-state-changed',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

/** Published when an agent's visible state changed (never for heartbeats or stale events). */
export interface AgentStateChangedPayload {
  /** The state after the change. */
  readonly state: AgentState;
  /** The state before, when known: lets filtered subscribers see an agent leave their view. */
  readonly before: AgentState | null;
}
