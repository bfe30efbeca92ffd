import { EventQueue } from './event-queue';
import type { SimEvent } from './simulation.events';

/**
 * Simulated time: the current instant and the one timeline of scheduled events. Events due at the
 * same millisecond come out in the order they were scheduled (see {@link EventQueue}).
 */
export class SimulationClock {
  private readonly queue = new EventQueue<SimEvent>();
  private currentMs = 0;

  /** The instant of the event being handled. */
  get nowMs(): number {
    return this.currentMs;
  }

  /** Schedules an event; times are whole milliseconds (timestamps carry ms, never fractions) and never in the past. */
  at(timeMs: number, event: SimEvent): void {
    this.queue.push(Math.max(Math.round(timeMs), this.currentMs), event);
  }

  /** Moves time to the next event and returns it; undefined when none is left or the next is after `stopMs`. */
  next(stopMs: number): SimEvent | undefined {
    const next = this.queue.pop();
    if (next === undefined || next.timeMs > stopMs) return undefined;
    this.currentMs = next.timeMs;
    return next.item;
  }
}

/** `value` limited to [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
