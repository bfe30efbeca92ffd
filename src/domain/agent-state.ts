/**
 * Live agent state: the model the agent-event reducer produces, the repository stores and GraphQL
 * serves. Pure types and constants (the reducer is in `agent-state.reducer.ts`).
 */

/** What an agent is doing now, derived from the status *and* the contacts (not the status alone). */
export const AGENT_ACTIVITIES = [
  'AVAILABLE',
  'INCOMING',
  'ON_CONTACT',
  'ON_HOLD',
  'AFTER_CONTACT_WORK',
  'MISSED',
  'NON_PRODUCTIVE',
  'OFFLINE',
] as const;
export type AgentActivity = (typeof AGENT_ACTIVITIES)[number];

/** A reference to a named Connect resource. */
export interface ResourceRef {
  readonly arn: string;
  readonly name: string | null;
}

/** One contact the agent has, as the latest event shows it. */
export interface AgentContact {
  readonly contactId: string;
  readonly initialContactId: string | null;
  /** VOICE, CHAT, TASK, EMAIL … as sent (Connect adds channels). */
  readonly channel: string;
  /**
   * INCOMING, PENDING, CONNECTING, CONNECTED, CONNECTED_ONHOLD, MISSED, PAUSED, ERROR, ENDED
   * (after-contact work), REJECTED — or a state Connect added later, kept as sent.
   */
  readonly state: string;
  /** When the contact entered `state` (ISO-8601, ms). */
  readonly stateSince: string;
  readonly queue: ResourceRef | null;
  /** INBOUND, OUTBOUND, TRANSFER, CALLBACK, API, WEBRTC_API … as sent. */
  readonly initiationMethod: string | null;
  readonly connectedToAgentAt: string | null;
  readonly queuedAt: string | null;
}

/** The agent's routing profile with the queues it takes contacts from. */
export interface AgentRoutingProfile {
  readonly arn: string;
  readonly name: string | null;
  readonly inboundQueues: readonly (ResourceRef & { readonly channels: readonly string[] })[];
  readonly concurrency: readonly { readonly channel: string; readonly maximumSlots: number; readonly availableSlots: number }[];
}

/** The state of one agent, as of its newest event. */
export interface AgentState {
  readonly instanceArn: string;
  readonly agentArn: string;
  /** The agent id (last segment of the ARN). */
  readonly agentId: string;
  readonly username: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /**
   * The status the agent chose (Available, Offline, a custom status such as Lunch). `type` is the
   * event's `Type` as sent (ROUTABLE, CUSTOM, OFFLINE or a newer type), or inferred from the name
   * when the event has none.
   */
  readonly status: { readonly name: string; readonly type: string; readonly arn: string | null; readonly since: string };
  /** A status chosen while on contacts, applied when the agent is free (`NextAgentStatus`). */
  readonly nextStatus: string | null;
  readonly activity: AgentActivity;
  readonly contacts: readonly AgentContact[];
  readonly routingProfile: AgentRoutingProfile | null;
  /** Hierarchy groups level 1 to 5 (null where not set). */
  readonly hierarchy: readonly (ResourceRef | null)[];
  /**
   * The newest event applied (ordering key: timestamp, then event id), HEART_BEAT included: a
   * heartbeat is a full snapshot as of its time, so events older than it are stale.
   */
  readonly lastEvent: { readonly id: string; readonly type: string; readonly timestamp: string };
  /** The newest HEART_BEAT seen (liveness), ISO-8601. */
  readonly lastHeartbeatAt: string | null;
}

/** Connect sends an agent's HEART_BEAT every 120 s while nothing else happens (`AGENT_HEARTBEAT_PERIOD_SECONDS`). */
export const DEFAULT_AGENT_HEARTBEAT_PERIOD_SECONDS = 120;

/** Epoch ms of the newest sign of life of an agent: the newer of its last event and its last heartbeat. */
export function lastHeardOfMs(state: Pick<AgentState, 'lastEvent' | 'lastHeartbeatAt'>): number {
  return Math.max(Date.parse(state.lastEvent.timestamp), state.lastHeartbeatAt === null ? 0 : Date.parse(state.lastHeartbeatAt));
}

/**
 * True when the agent is logged in (last event not LOGOUT, status not Offline): only then does its
 * liveness matter ({@link isAgentStale}). Connect keeps sending HEART_BEAT for up to an hour after a
 * logout (shared/reference/connect-schemas.md), and those say nothing a reader needs.
 */
export function isLoggedIn(state: Pick<AgentState, 'lastEvent' | 'status'>): boolean {
  return !(state.lastEvent.type === 'LOGOUT' || state.status.type === 'OFFLINE' || state.status.name === 'Offline');
}

/**
 * True when Connect has not reported a logged-in agent for more than twice the heartbeat period:
 * its state may be out of date (connection lost, missed events). An agent who logged out (last
 * event LOGOUT) or whose status is Offline is never stale ({@link isLoggedIn}). Computed
 * at read time. The stored liveness may lag the last heartbeat by the heartbeat write window
 * (`AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS`, less than a period), so a live agent is never flagged.
 */
export function isAgentStale(
  state: Pick<AgentState, 'lastEvent' | 'lastHeartbeatAt' | 'status'>,
  nowMs: number,
  heartbeatPeriodSeconds: number = DEFAULT_AGENT_HEARTBEAT_PERIOD_SECONDS,
): boolean {
  if (!isLoggedIn(state)) return false;
  return nowMs - lastHeardOfMs(state) > 2 * heartbeatPeriodSeconds * 1000;
}

/** Identity of an agent item. */
export interface AgentKey {
  readonly instanceArn: string;
  readonly agentId: string;
}

/**
 * The one string form of an {@link AgentKey}, for maps, de-duplication and DataLoader cache keys:
 * instance ARN and agent id joined by a NUL (which neither contains), so distinct keys never collide.
 */
export function agentKeyString(key: AgentKey): string {
  return `${key.instanceArn}\u0000${key.agentId}`;
}

/** What applying events did to an agent's state. */
export type AgentStateChangeKind =
  /** Something a subscriber can see changed (status, activity, contacts, configuration). */
  | 'changed'
  /** Only liveness moved (a heartbeat with nothing new): stored, never published. */
  | 'heartbeat'
  /** Duplicate or older than the stored state: nothing written. */
  | 'none';
