import type { AgentModel, ModelChannel, RoutingProfileModel } from './contact-center.model';
import type { ShiftPlan } from './shift.planner';

/**
 * How a simulated contact was initiated (the CTR `InitiationMethod`). WEBRTC_API (an in-app or web
 * call) is one of the values newer than the Data Analytics Sample, so the demo data carries it.
 */
export type SimInitiationMethod = 'INBOUND' | 'WEBRTC_API' | 'OUTBOUND' | 'TRANSFER' | 'CALLBACK' | 'API';

/** State of a contact on an agent (`Contacts[].State` in agent events). */
export type LegState = 'INCOMING' | 'CONNECTING' | 'CONNECTED' | 'CONNECTED_ONHOLD' | 'MISSED' | 'ENDED';

/** Where a contact is in its life. */
export type ContactPhase = 'FLOW' | 'WAITING' | 'OFFERED' | 'CONNECTED' | 'AFTER_CONTACT_WORK' | 'DONE';

/** A hold inside a connected contact. */
export interface HoldInterval {
  readonly startMs: number;
  readonly endMs: number;
}

/** A contact being simulated (one CTR). Mutable: the engine fills it in as the contact progresses. */
export interface SimContact {
  readonly id: string;
  readonly channel: ModelChannel;
  readonly initiationMethod: SimInitiationMethod;
  readonly initiationMs: number;
  connectedToSystemMs: number | null;
  /** The queue of the CTR (`Queue`), null when the contact never reached one. */
  queueIndex: number | null;
  /** For outbound calls: the queue is the agent's default outbound queue and has no enqueue time. */
  outboundQueue: boolean;
  enqueueMs: number | null;
  dequeueMs: number | null;
  phase: ContactPhase;
  /** Changes each time the contact (re-)enters a queue; stale timers compare it. */
  waitToken: number;
  /** When the customer gives up waiting (Infinity: never). */
  patienceDeadlineMs: number;
  readonly attributes: Record<string, string>;
  /** The customer's number: the calling number, or (WEBRTC_API calls) the callback number they would give; null for chats and tasks. */
  readonly customerPhone: string | null;
  readonly previousContactId: string | null;
  readonly initialContactId: string | null;
  nextContactId: string | null;
  /** Transfers so far in this contact's chain (the first contact has 0). */
  readonly chainDepth: number;
  /** A web or in-app call (WEBRTC_API), or a transfer of one: the customer has no calling number. */
  readonly webCall: boolean;
  agentConnectionAttempts: number;
  agent: SimAgent | null;
  connectedToAgentMs: number | null;
  readonly holds: HoldInterval[];
  disconnectMs: number | null;
  disconnectReason: string | null;
  afterContactWorkStartMs: number | null;
  afterContactWorkEndMs: number | null;
  transferCompletedMs: number | null;
  transferredToEndpoint: string | null;
  /** The customer answered (outbound calls and callbacks; always true otherwise once connected). */
  customerAnswered: boolean;
  /** Task references (`References`), empty for calls and chats. */
  readonly references: readonly { Name: string; Type: string; Value: string }[];
}

/** A contact on an agent's desk. */
export interface AgentLeg {
  readonly contact: SimContact;
  readonly agent: SimAgent;
  state: LegState;
  stateStartMs: number;
}

/** A pending status the agent chose while still on contacts (`NextAgentStatus`). */
export interface PendingStatus {
  readonly statusIndex: number;
  readonly enqueuedMs: number;
}

/** An agent being simulated. */
export interface SimAgent {
  readonly model: AgentModel;
  readonly routingProfile: RoutingProfileModel;
  loggedIn: boolean;
  /** Index into the model's agent statuses. */
  statusIndex: number;
  statusStartMs: number;
  nextStatus: PendingStatus | null;
  readonly legs: AgentLeg[];
  /** Per channel index: when the agent last became able to take that channel (routing picks the longest idle). */
  readonly availableSinceMs: number[];
  /** Per channel index: whether the agent sits in the routing profile's available set. */
  readonly inAvailableSet: boolean[];
  /** Time of the last agent event (HEART_BEAT fires 120 s after it). */
  lastEventMs: number;
  /** JSON of the last CurrentAgentSnapshot (the next event's PreviousAgentSnapshot). */
  lastSnapshotJson: string | null;
  heartbeatRunning: boolean;
  /** HEART_BEAT events continue until this instant after a LOGOUT. */
  heartbeatUntilMs: number;
  shift: ShiftPlan | null;
  /** The planned activity currently requested or running (to end it on time). */
  activityStatusIndex: number | null;
  logoutRequested: boolean;
  /** Invalidates scheduled status changes of an earlier shift. */
  shiftToken: number;
}
