import { arrivalStreams, planDemand, poissonArrivals, SLOTS_PER_DAY, type ArrivalStream, type DemandPlan } from './arrival.model';
import { derivePrng, type Prng } from './prng';
import { planShift, type ShiftPlan } from './shift.planner';
import type { SimulationContext } from './simulation.context';
import type { DayEvent } from './simulation.events';
import type { SimAgent } from './simulation.types';
import { formatLocalDate, localDateOf, localTimeToUtcMs, nextLocalDate, type LocalDate } from '../../domain/time-zone';

/**
 * The calendar of the run, one local day at a time: at each local midnight it plans the day's
 * shifts (scheduling the logins) and its demand, then releases the day's arrivals one 15-minute
 * slot at a time so the timeline never holds more than a slot of future arrivals.
 */
export class DayScheduler {
  /** The arrival streams (queue × channel) the demand plans rates for. */
  readonly streams: ArrivalStream[];

  constructor(
    private readonly context: SimulationContext,
    private readonly agents: readonly SimAgent[],
  ) {
    this.streams = arrivalStreams(context.model);
  }

  /** Schedules the planning of the local day that contains the instant one day before the window. */
  start(): void {
    const { model, window, clock } = this.context;
    const timeZone = model.instance.timeZone;
    const firstDate = localDateOf(timeZone, window.startMs - 86_400_000);
    clock.at(localTimeToUtcMs(timeZone, firstDate, 0), { kind: 'planDay', date: firstDate });
  }

  handle(event: DayEvent): void {
    switch (event.kind) {
      case 'planDay':
        return this.planDay(event.date);
      case 'slot':
        return this.slotArrivals(event.demand, event.slot, event.prng);
    }
  }

  private planDay(date: LocalDate): void {
    const { model, window, clock } = this.context;
    const plans: ShiftPlan[] = [];
    for (const agent of this.agents) {
      const plan = planShift(model, agent.model, date);
      if (plan === null) continue;
      if (plan.logoutMs + plan.heartbeatsAfterLogoutMs < window.startMs || plan.loginMs >= window.endMs) continue;
      plans.push(plan);
      clock.at(plan.loginMs, { kind: 'login', agent, plan });
    }
    const demand = planDemand(model, this.streams, plans, date, derivePrng(model.seed, 'demand', formatLocalDate(date)));
    const firstSlot = demand.slotStartMs.findIndex((_, slot) => slot < SLOTS_PER_DAY && (demand.slotStartMs[slot + 1] as number) > window.startMs);
    if (firstSlot >= 0) {
      const prng = derivePrng(model.seed, 'arrivals', formatLocalDate(date));
      clock.at(demand.slotStartMs[firstSlot] as number, { kind: 'slot', demand, slot: firstSlot, prng });
    }
    const nextDate = nextLocalDate(date);
    const nextMidnightMs = localTimeToUtcMs(model.instance.timeZone, nextDate, 0);
    if (nextMidnightMs < window.endMs) clock.at(nextMidnightMs, { kind: 'planDay', date: nextDate });
  }

  private slotArrivals(demand: DemandPlan, slot: number, prng: Prng): void {
    const { window, clock } = this.context;
    const fromMs = Math.max(demand.slotStartMs[slot] as number, window.startMs);
    const toMs = Math.min(demand.slotStartMs[slot + 1] as number, window.endMs);
    if (fromMs < toMs) {
      this.streams.forEach((stream, index) => {
        const rate = demand.ratePerSecond[index]?.[slot] ?? 0;
        for (const arrivalMs of poissonArrivals(prng, rate, fromMs, toMs)) clock.at(arrivalMs, { kind: 'arrival', stream });
      });
    }
    if (slot + 1 < SLOTS_PER_DAY && (demand.slotStartMs[slot + 1] as number) < window.endMs) {
      clock.at(demand.slotStartMs[slot + 1] as number, { kind: 'slot', demand, slot: slot + 1, prng });
    }
  }
}
