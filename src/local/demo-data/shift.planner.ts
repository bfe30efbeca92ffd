import type { AgentModel, ContactCenterModel } from './contact-center.model';
import { derivePrng } from './prng';
import { MINUTE_MS, SECOND_MS } from './time.format';
import { formatLocalDate, localTimeToUtcMs, weekdayOf, type LocalDate } from '../../domain/time-zone';

/** A non-productive status planned inside a shift. */
export interface PlannedActivity {
  readonly status: 'Break' | 'Lunch' | 'Training';
  readonly startMs: number;
  readonly endMs: number;
}

/** One agent's shift on one local day (UTC instants). */
export interface ShiftPlan {
  readonly agentIndex: number;
  readonly loginMs: number;
  readonly logoutMs: number;
  /** Breaks, lunch and training, in time order, inside [loginMs, logoutMs]. */
  readonly activities: readonly PlannedActivity[];
  /** When the agent means to place an outbound call (skipped if busy then). */
  readonly outboundAttemptsMs: readonly number[];
  /** How long HEART_BEAT events keep coming after LOGOUT (0: none). */
  readonly heartbeatsAfterLogoutMs: number;
}

/** Planned shift length including lunch, minutes. */
export const SHIFT_MINUTES = 510;
/** Share of planned shifts the agent does not show up for. */
const ABSENCE_PROBABILITY = 0.03;
/** Share of shifts with a training session. */
const TRAINING_PROBABILITY = 0.15;
/** Share of logouts after which heartbeats continue (the stream model allows up to an hour). */
const HEARTBEATS_AFTER_LOGOUT_PROBABILITY = 0.25;

/**
 * Plans an agent's shift on a local date: nothing on days off or absences; otherwise a login a few
 * minutes before the planned start, two 15-minute breaks, a 30-minute lunch, sometimes training,
 * and a logout a few minutes after the end. Deterministic per `(seed, agent, date)`.
 */
export function planShift(model: ContactCenterModel, agent: AgentModel, date: LocalDate): ShiftPlan | null {
  if (agent.daysOff.includes(weekdayOf(date))) return null;
  const prng = derivePrng(model.seed, 'shift', agent.index, formatLocalDate(date));
  if (prng.chance(ABSENCE_PROBABILITY)) return null;
  const timeZone = model.instance.timeZone;
  const startMinute = agent.shiftStartMinute + prng.int(-5, 5);
  const at = (minuteOffset: number): number => localTimeToUtcMs(timeZone, date, startMinute + minuteOffset) + prng.int(0, 59) * SECOND_MS;
  const loginMs = at(-prng.int(1, 6));
  const logoutMs = at(SHIFT_MINUTES + prng.int(0, 4));
  const activities: PlannedActivity[] = [];
  const plan = (status: PlannedActivity['status'], startOffset: number, minutes: number): void => {
    const startMs = at(startOffset);
    activities.push({ status, startMs, endMs: startMs + minutes * MINUTE_MS + prng.int(0, 180) * SECOND_MS });
  };
  plan('Break', 120 + prng.int(-20, 20), 15);
  plan('Lunch', 240 + prng.int(-30, 30), 30);
  if (prng.chance(TRAINING_PROBABILITY)) plan('Training', 315 + prng.int(0, 5), 45);
  plan('Break', 395 + prng.int(-15, 20), 15);
  const outboundAttemptsMs: number[] = [];
  for (let i = 0; i < agent.outboundCallsPerShift; i++) outboundAttemptsMs.push(at(prng.int(30, 480)));
  outboundAttemptsMs.sort((a, b) => a - b);
  const heartbeatsAfterLogoutMs = prng.chance(HEARTBEATS_AFTER_LOGOUT_PROBABILITY) ? prng.int(5, 60) * MINUTE_MS : 0;
  return { agentIndex: agent.index, loginMs, logoutMs, activities, outboundAttemptsMs, heartbeatsAfterLogoutMs };
}
