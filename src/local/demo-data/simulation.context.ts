import type { ContactCenterModel } from './contact-center.model';
import { derivePrng, type Prng } from './prng';
import { RecordEmitter } from './record-emitter';
import type { RecordSink } from './record-sink';
import { SimulationClock } from './simulation.clock';

/** The simulated period. */
export interface SimulationWindow {
  /** First instant simulated with arrivals (UTC midnight of the first day). */
  readonly startMs: number;
  /** Arrivals stop here (UTC midnight after the last day); contacts in progress still finish. */
  readonly endMs: number;
  /** Nothing is simulated or emitted after this instant (`endAt`); Infinity without. */
  readonly stopMs: number;
}

/**
 * What every part of one simulation run shares: the model, the window, the clock, the record
 * emitter and the two random streams used by more than one part. Streams used by one part only are
 * derived there (a derived stream depends on the seed and its label alone, not on when it is made).
 */
export interface SimulationContext {
  readonly model: ContactCenterModel;
  readonly window: SimulationWindow;
  readonly clock: SimulationClock;
  readonly emitter: RecordEmitter;
  /** Contact decisions (flows, queues, handling, transfers, outbound calls) and the delay before an agent's LOGOUT. */
  readonly contactPrng: Prng;
  /** Delivery quirks of CTRs and agent events (duplicates, late and out-of-order lines). */
  readonly quirkPrng: Prng;
}

export function createSimulationContext(model: ContactCenterModel, window: SimulationWindow, sink: RecordSink): SimulationContext {
  return {
    model,
    window,
    clock: new SimulationClock(),
    emitter: new RecordEmitter(sink, { startMs: window.startMs, stopMs: window.stopMs }),
    contactPrng: derivePrng(model.seed, 'contacts'),
    quirkPrng: derivePrng(model.seed, 'delivery-quirks'),
  };
}
