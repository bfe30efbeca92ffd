import type { AgentEventsBatchEntry, AgentStateApplyResult } from '../src/state/agent-state.repository';

/** What the repository did with the events, per event (each agent group of a batch has one result). */
export class ApplyTally {
  /** Events by event type and by the result of their agent's group: 'changed' | 'heartbeat' (written to the agent's item) | 'heartbeat-logged' (stored in the liveness log) | 'heartbeat-deferred' (not stored: inside the window) | 'none' | 'error'. */
  readonly events = new Map<string, number>();
  /** Agent groups (one per agent per batch) by result. */
  readonly groups = new Map<string, number>();

  record(batch: readonly AgentEventsBatchEntry[], results: readonly AgentStateApplyResult[]): void {
    batch.forEach((entry, i) => {
      const result = results[i];
      const outcome = result === undefined || result.error !== undefined ? 'error' : result.heartbeatDeferred === true ? 'heartbeat-deferred' : result.heartbeatLogged === true ? 'heartbeat-logged' : result.change;
      this.groups.set(outcome, (this.groups.get(outcome) ?? 0) + 1);
      for (const event of entry.events) {
        const key = `${event.EventType} ${outcome}`;
        this.events.set(key, (this.events.get(key) ?? 0) + 1);
      }
    });
  }

  count(type: string, outcome: string): number {
    return this.events.get(`${type} ${outcome}`) ?? 0;
  }

  reset(): void {
    this.events.clear();
    this.groups.clear();
  }
}
