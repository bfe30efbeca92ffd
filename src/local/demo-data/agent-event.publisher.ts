import { AgentEventBuilder, type AgentEventType } from './agent-event.builder';
import { publishAgentEvent } from './delivery-quirks';
import { derivePrng, type Prng } from './prng';
import type { SimulationContext } from './simulation.context';
import type { SimAgent } from './simulation.types';
import { SECOND_MS } from './time.format';

const HEARTBEAT_INTERVAL_MS = 120 * SECOND_MS;

/**
 * The agent event stream: one event per change of what an agent's snapshot shows, and HEART_BEAT
 * 120 s after the last event while logged in and for a while after LOGOUT.
 */
export class AgentEventPublisher {
  private readonly builder: AgentEventBuilder;
  private readonly eventIdPrng: Prng;

  constructor(private readonly context: SimulationContext) {
    this.builder = new AgentEventBuilder(context.model);
    this.eventIdPrng = derivePrng(context.model.seed, 'agent-event-ids');
  }

  /** Emits an event of the agent's current snapshot (inside the window). */
  publish(agent: SimAgent, eventType: AgentEventType): void {
    const { clock, window, emitter, quirkPrng } = this.context;
    const now = clock.nowMs;
    // Every change of what a snapshot shows emits an event, so a heartbeat repeats the last snapshot.
    const snapshot = eventType === 'HEART_BEAT' && agent.lastSnapshotJson !== null ? agent.lastSnapshotJson : this.builder.snapshotJson(agent);
    const previous = eventType === 'LOGIN' || eventType === 'LOGOUT' ? null : agent.lastSnapshotJson;
    const eventId = this.eventIdPrng.uuid();
    if (now >= window.startMs && now <= window.stopMs) {
      const line = this.builder.eventJson(agent, eventType, now, eventId, snapshot, previous);
      publishAgentEvent(emitter, quirkPrng, line, now);
    }
    agent.lastSnapshotJson = snapshot;
    agent.lastEventMs = now;
  }

  /** Starts the agent's heartbeat timer unless it runs. */
  ensureHeartbeat(agent: SimAgent): void {
    if (agent.heartbeatRunning) return;
    agent.heartbeatRunning = true;
    this.context.clock.at(agent.lastEventMs + HEARTBEAT_INTERVAL_MS, { kind: 'heartbeat', agent });
  }

  /** The heartbeat timer fired: HEART_BEAT if 120 s passed since the last event, the timer stops after the post-LOGOUT period. */
  heartbeat(agent: SimAgent): void {
    const { clock } = this.context;
    const dueMs = agent.lastEventMs + HEARTBEAT_INTERVAL_MS;
    if (clock.nowMs < dueMs) {
      clock.at(dueMs, { kind: 'heartbeat', agent });
      return;
    }
    if (!agent.loggedIn && clock.nowMs > agent.heartbeatUntilMs) {
      agent.heartbeatRunning = false;
      return;
    }
    this.publish(agent, 'HEART_BEAT');
    clock.at(clock.nowMs + HEARTBEAT_INTERVAL_MS, { kind: 'heartbeat', agent });
  }
}
