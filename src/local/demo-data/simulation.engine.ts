import { AgentEventPublisher } from './agent-event.publisher';
import { AgentLifecycle } from './agent.lifecycle';
import type { ContactCenterModel } from './contact-center.model';
import type { FlowContext } from './contact-flows';
import { ContactArrivals } from './contact.arrivals';
import { ContactFactory } from './contact.factory';
import { ContactLifecycle } from './contact.lifecycle';
import { ContactRecords } from './contact.records';
import { DayScheduler } from './day.scheduler';
import type { RecordSink } from './record-sink';
import { clamp } from './simulation.clock';
import { createSimulationContext, type SimulationContext, type SimulationWindow } from './simulation.context';
import type { SimEvent } from './simulation.events';
import { MINUTE_MS } from './time.format';
import type { RecordSource } from '../../domain/records';

export type { SimulationWindow } from './simulation.context';

/** What a simulation run produced. */
export interface SimulationStats {
  /** Lines written per source, duplicates and re-deliveries included. */
  readonly counts: Record<RecordSource, number>;
  /** Distinct contacts whose CTR was written. */
  readonly contacts: number;
}

/** Options of {@link runSimulation}. */
export interface SimulationOptions {
  readonly model: ContactCenterModel;
  readonly window: SimulationWindow;
  readonly sink: RecordSink;
  /** Called as simulated time passes: minutes simulated so far and in total. */
  readonly onProgress?: (doneMinutes: number, totalMinutes: number) => void;
  /** Aborts the run between events (throws the signal's reason). */
  readonly signal?: AbortSignal;
}

/**
 * The discrete-event simulation of the demo contact center. One run covers the whole window in
 * time order with one timeline; only the state of what is in progress is kept (agents, waiting
 * and connected contacts), and every record is handed to the sink as soon as it exists, so memory
 * does not grow with the number of days. This class wires the parts and runs the event loop; each
 * event goes to the part it belongs to: the calendar, arrivals, agents or contacts.
 */
class ContactCenterSimulation {
  private readonly context: SimulationContext;
  private readonly records: ContactRecords;
  private readonly days: DayScheduler;
  private readonly arrivals: ContactArrivals;
  private readonly agents: AgentLifecycle;
  private readonly contacts: ContactLifecycle;

  constructor(model: ContactCenterModel, window: SimulationWindow, sink: RecordSink) {
    const context = createSimulationContext(model, window, sink);
    this.context = context;
    this.records = new ContactRecords(context);
    const factory = new ContactFactory(model.seed, model.agents.length);
    const flows: FlowContext = { model, prng: context.contactPrng, log: (entry) => this.records.flowLog(entry) };
    const events = new AgentEventPublisher(context);
    this.agents = new AgentLifecycle(context, events, (agent, contact) => this.contacts.offer(agent, contact));
    this.contacts = new ContactLifecycle(context, this.agents, events, factory, flows, this.records);
    this.arrivals = new ContactArrivals(context, factory, flows, this.records);
    this.days = new DayScheduler(context, this.agents.agents);
  }

  async run(options: SimulationOptions): Promise<SimulationStats> {
    const { window, clock, emitter } = this.context;
    this.days.start();
    const totalMinutes = Math.max(1, Math.round((window.endMs - window.startMs) / MINUTE_MS));
    let reportedMinute = -1;
    let processed = 0;
    for (let event = clock.next(window.stopMs); event !== undefined; event = clock.next(window.stopMs)) {
      this.handle(event);
      if (++processed % 2048 === 0) {
        options.sink.advanceTo(clock.nowMs);
        if (options.sink.needsDrain()) await options.sink.drain();
        if (options.signal?.aborted) throw options.signal.reason;
        const doneMinute = clamp(Math.floor((clock.nowMs - window.startMs) / MINUTE_MS), 0, totalMinutes);
        if (doneMinute !== reportedMinute && options.onProgress !== undefined) {
          reportedMinute = doneMinute;
          options.onProgress(doneMinute, totalMinutes);
        }
      }
    }
    emitter.flush();
    options.onProgress?.(totalMinutes, totalMinutes);
    return { counts: { ...emitter.counts }, contacts: this.records.contactsWritten };
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'planDay':
      case 'slot':
        return this.days.handle(event);
      case 'arrival':
        return this.arrivals.arrive(event.stream);
      case 'login':
      case 'available':
      case 'activityStart':
      case 'activityEnd':
      case 'logoutDue':
      case 'logout':
      case 'heartbeat':
        return this.agents.handle(event);
      default:
        return this.contacts.handle(event);
    }
  }
}

/**
 * Runs the demo contact center over a window and hands every record to the sink.
 * Deterministic: the same model and window give the same lines in the same order.
 * @throws the abort signal's reason when aborted.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationStats> {
  const simulation = new ContactCenterSimulation(options.model, options.window, options.sink);
  return simulation.run(options);
}
