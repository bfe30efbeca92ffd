import type { ArrivalStream, DemandPlan } from './arrival.model';
import type { Prng } from './prng';
import type { ShiftPlan } from './shift.planner';
import type { AgentLeg, SimAgent, SimContact } from './simulation.types';
import type { LocalDate } from '../../domain/time-zone';

/** The calendar: a local day to plan, and the next 15-minute slot of arrivals. */
export type DayEvent =
  | { readonly kind: 'planDay'; readonly date: LocalDate }
  | { readonly kind: 'slot'; readonly demand: DemandPlan; readonly slot: number; readonly prng: Prng };

/** One customer contact arriving on a stream (it goes through its flow next). */
export type ArrivalEvent = { readonly kind: 'arrival'; readonly stream: ArrivalStream };

/** What happens to an agent: the shift, status changes and heartbeats. Tokens discard timers of an earlier shift. */
export type AgentEvent =
  | { readonly kind: 'login'; readonly agent: SimAgent; readonly plan: ShiftPlan }
  | { readonly kind: 'available'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'activityStart'; readonly agent: SimAgent; readonly statusIndex: number; readonly token: number }
  | { readonly kind: 'activityEnd'; readonly agent: SimAgent; readonly statusIndex: number; readonly token: number }
  | { readonly kind: 'logoutDue'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'logout'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'heartbeat'; readonly agent: SimAgent };

/** What happens to a contact from its queue to the end of after-contact work. Tokens discard timers of an earlier wait. */
export type ContactEvent =
  | { readonly kind: 'enqueue'; readonly contact: SimContact }
  | { readonly kind: 'abandon'; readonly contact: SimContact; readonly token: number }
  | { readonly kind: 'callbackOffer'; readonly contact: SimContact; readonly token: number }
  | { readonly kind: 'outbound'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'legAccept'; readonly leg: AgentLeg }
  | { readonly kind: 'legMissed'; readonly leg: AgentLeg }
  | { readonly kind: 'legClear'; readonly leg: AgentLeg }
  | { readonly kind: 'customerAnswer'; readonly leg: AgentLeg; readonly answered: boolean }
  | { readonly kind: 'holdStart'; readonly leg: AgentLeg }
  | { readonly kind: 'holdEnd'; readonly leg: AgentLeg; readonly startMs: number }
  | { readonly kind: 'disconnect'; readonly leg: AgentLeg }
  | { readonly kind: 'acwEnd'; readonly leg: AgentLeg };

/** Every event of the simulation's single timeline. */
export type SimEvent = DayEvent | ArrivalEvent | AgentEvent | ContactEvent;
