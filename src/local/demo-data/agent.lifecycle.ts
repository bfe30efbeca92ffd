import type { AgentEventPublisher } from './agent-event.publisher';
import { derivePrng } from './prng';
import { RoutingState } from './routing.state';
import type { ShiftPlan } from './shift.planner';
import type { SimulationContext } from './simulation.context';
import type { AgentEvent } from './simulation.events';
import type { AgentLeg, SimAgent, SimContact } from './simulation.types';
import { SECOND_MS } from './time.format';

/** Indexes of the agent statuses the simulation sets. */
type StatusIndex = Record<'Available' | 'Offline' | 'Lunch' | 'Break' | 'Training', number>;

/** Hands a waiting contact to an agent (the contact lifecycle's offer). */
export type OfferContact = (agent: SimAgent, contact: SimContact) => void;

/**
 * The agents' side of the simulation: shifts (login, planned activities, logout), status changes
 * (at once on an empty desk, else as NextAgentStatus), whether an agent is routable, and taking
 * waiting work when their desk frees up. Agent events and heartbeats go through the publisher.
 */
export class AgentLifecycle {
  /** Every agent of the model, in model order. */
  readonly agents: SimAgent[];
  /** Who can take what, and what waits (shared with the contact lifecycle). */
  readonly routing: RoutingState;
  private readonly statusIndex: StatusIndex;

  constructor(
    private readonly context: SimulationContext,
    private readonly events: AgentEventPublisher,
    private readonly offer: OfferContact,
  ) {
    const { model, window } = context;
    this.routing = new RoutingState(model, (agent) => this.isRoutable(agent));
    const statusOf = (name: string): number => model.agentStatuses.findIndex((status) => status.name === name);
    this.statusIndex = {
      Available: statusOf('Available'),
      Offline: statusOf('Offline'),
      Lunch: statusOf('Lunch'),
      Break: statusOf('Break'),
      Training: statusOf('Training'),
    };
    this.agents = model.agents.map((agentModel) => ({
      model: agentModel,
      routingProfile: model.routingProfiles[agentModel.routingProfileIndex] ?? (model.routingProfiles[0] as never),
      loggedIn: false,
      statusIndex: this.statusIndex.Offline,
      statusStartMs: window.startMs,
      nextStatus: null,
      legs: [],
      availableSinceMs: [0, 0, 0],
      inAvailableSet: [false, false, false],
      lastEventMs: 0,
      lastSnapshotJson: null,
      heartbeatRunning: false,
      heartbeatUntilMs: 0,
      shift: null,
      activityStatusIndex: null,
      logoutRequested: false,
      shiftToken: 0,
    }));
  }

  handle(event: AgentEvent): void {
    switch (event.kind) {
      case 'login':
        return this.login(event.agent, event.plan);
      case 'available':
        return this.becomeAvailable(event.agent, event.token);
      case 'activityStart':
        return this.startActivity(event.agent, event.statusIndex, event.token);
      case 'activityEnd':
        return this.endActivity(event.agent, event.statusIndex, event.token);
      case 'logoutDue':
        return this.logoutDue(event.agent, event.token);
      case 'logout':
        return this.logout(event.agent, event.token);
      case 'heartbeat':
        return this.events.heartbeat(event.agent);
    }
  }

  /** Whether contacts can be routed to the agent: logged in, Available, no pending status. */
  isRoutable(agent: SimAgent): boolean {
    return agent.loggedIn && agent.statusIndex === this.statusIndex.Available && agent.nextStatus === null;
  }

  /** Updates the agent's place in the routing's available sets after a change of status or desk. */
  refreshAvailability(agent: SimAgent): void {
    this.routing.refresh(agent, this.context.clock.nowMs);
  }

  /** A contact leaves the agent's desk: a pending status applies now, else the agent takes more work. */
  removeLeg(leg: AgentLeg): void {
    const agent = leg.agent;
    const index = agent.legs.indexOf(leg);
    if (index >= 0) agent.legs.splice(index, 1);
    this.events.publish(agent, 'STATE_CHANGE');
    if (agent.legs.length === 0 && agent.nextStatus !== null) {
      this.setStatus(agent, agent.nextStatus.statusIndex);
      return;
    }
    this.refreshAvailability(agent);
    this.pickWork(agent);
  }

  private login(agent: SimAgent, plan: ShiftPlan): void {
    const { clock, model } = this.context;
    const now = clock.nowMs;
    const prng = derivePrng(model.seed, 'login', agent.model.index, plan.loginMs);
    agent.shift = plan;
    agent.shiftToken++;
    agent.loggedIn = true;
    agent.logoutRequested = false;
    agent.nextStatus = null;
    agent.activityStatusIndex = null;
    agent.statusIndex = this.statusIndex.Offline;
    agent.statusStartMs = now;
    this.events.publish(agent, 'LOGIN');
    this.events.ensureHeartbeat(agent);
    const token = agent.shiftToken;
    clock.at(now + prng.int(5, 45) * SECOND_MS + prng.int(0, 999), { kind: 'available', agent, token });
    for (const activity of plan.activities) {
      const statusIndex = this.statusIndex[activity.status];
      clock.at(activity.startMs, { kind: 'activityStart', agent, statusIndex, token });
      clock.at(activity.endMs, { kind: 'activityEnd', agent, statusIndex, token });
    }
    for (const attemptMs of plan.outboundAttemptsMs) clock.at(attemptMs, { kind: 'outbound', agent, token });
    clock.at(plan.logoutMs, { kind: 'logoutDue', agent, token });
  }

  /** Some seconds after LOGIN the agent sets themselves Available (unless the shift already moved on). */
  private becomeAvailable(agent: SimAgent, token: number): void {
    if (token === agent.shiftToken && agent.loggedIn && !agent.logoutRequested && agent.statusIndex === this.statusIndex.Offline) {
      this.setStatus(agent, this.statusIndex.Available);
    }
  }

  /** End of shift: the agent asks for Offline, and logs out once Offline. */
  private logoutDue(agent: SimAgent, token: number): void {
    if (token === agent.shiftToken && agent.loggedIn) {
      agent.logoutRequested = true;
      this.requestStatus(agent, this.statusIndex.Offline);
    }
  }

  private logout(agent: SimAgent, token: number): void {
    if (token !== agent.shiftToken || !agent.loggedIn) return;
    agent.loggedIn = false;
    agent.heartbeatUntilMs = this.context.clock.nowMs + (agent.shift?.heartbeatsAfterLogoutMs ?? 0);
    agent.shift = null;
    this.refreshAvailability(agent);
    this.events.publish(agent, 'LOGOUT');
    this.events.ensureHeartbeat(agent);
  }

  private startActivity(agent: SimAgent, statusIndex: number, token: number): void {
    if (token !== agent.shiftToken || !agent.loggedIn || agent.logoutRequested) return;
    if (agent.statusIndex !== this.statusIndex.Available || agent.nextStatus !== null) return;
    agent.activityStatusIndex = statusIndex;
    this.requestStatus(agent, statusIndex);
  }

  private endActivity(agent: SimAgent, statusIndex: number, token: number): void {
    if (token !== agent.shiftToken || !agent.loggedIn || agent.activityStatusIndex !== statusIndex) return;
    agent.activityStatusIndex = null;
    if (agent.statusIndex === statusIndex) {
      this.setStatus(agent, this.statusIndex.Available);
    } else if (agent.nextStatus?.statusIndex === statusIndex) {
      // Busy for the whole break: the pending status is withdrawn.
      agent.nextStatus = null;
      this.events.publish(agent, 'STATE_CHANGE');
      this.refreshAvailability(agent);
      this.pickWork(agent);
    }
  }

  /** The agent picks a status: at once when their desk is empty, else as NextAgentStatus (routing pauses). */
  private requestStatus(agent: SimAgent, statusIndex: number): void {
    if (agent.legs.length === 0) {
      this.setStatus(agent, statusIndex);
      return;
    }
    agent.nextStatus = { statusIndex, enqueuedMs: this.context.clock.nowMs };
    this.events.publish(agent, 'STATE_CHANGE');
    this.refreshAvailability(agent);
  }

  private setStatus(agent: SimAgent, statusIndex: number): void {
    const { clock, contactPrng } = this.context;
    agent.statusIndex = statusIndex;
    agent.statusStartMs = clock.nowMs;
    agent.nextStatus = null;
    this.events.publish(agent, 'STATE_CHANGE');
    this.refreshAvailability(agent);
    if (statusIndex === this.statusIndex.Offline && agent.logoutRequested) {
      clock.at(clock.nowMs + contactPrng.int(2, 25) * SECOND_MS, { kind: 'logout', agent, token: agent.shiftToken });
    } else if (statusIndex === this.statusIndex.Available) {
      this.pickWork(agent);
    }
  }

  /** The agent takes waiting contacts while their desk has room (several chats at once). */
  private pickWork(agent: SimAgent): void {
    for (let next = this.routing.takeWorkFor(agent); next !== undefined; next = this.routing.takeWorkFor(agent)) this.offer(agent, next);
  }
}
