import { MODEL_CHANNELS, type ContactCenterModel, type ModelChannel } from './contact-center.model';
import { CHAT_CONCURRENCY_EFFICIENCY, expectedHandleSeconds } from './handling.model';
import type { Prng } from './prng';
import type { ShiftPlan } from './shift.planner';
import { MINUTE_MS } from './time.format';
import { localTimeToUtcMs, weekdayOf, type LocalDate } from '../../domain/time-zone';

/** Length of a demand slot, minutes. */
export const SLOT_MINUTES = 15;
/** Demand slots per local day. */
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES;
/**
 * Share of staffed time planned to be busy with inbound work (the rest absorbs outbound, transfers,
 * callbacks and noise). Small teams cannot run as hot as large ones (less pooling), so the target
 * grows with the number of agents: about 0.62 for 8 agents, 0.73 for 50, 0.85 from 400 on.
 */
export function targetOccupancy(agents: number): number {
  return Math.min(0.85, Math.max(0.5, 0.5 + 0.06 * Math.log(Math.max(1, agents))));
}

/**
 * Relative inbound demand per local hour (0–23): closed before 07:00 and from 22:00, a late-morning
 * peak, a lunch dip and a second peak after lunch.
 */
const HOURLY_DEMAND: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 0.4, 0.8, 1.0, 1.12, 1.05, 0.85, 0.95, 1.02, 0.95, 0.82, 0.66, 0.52, 0.42, 0.32, 0.22, 0, 0,
];

/**
 * Share of each stream's volume that follows the staffed capacity slot by slot (a workforce plan
 * that fits); the rest follows the intraday curve whatever the staffing, which is where queues build.
 */
const CAPACITY_FOLLOWING_SHARE = 0.75;

/** Weekly factor on the demand per staffed agent (0 = Sunday): Mondays run hot, weekends a little cold. */
const WEEKDAY_PRESSURE: readonly number[] = [0.9, 1.1, 1.02, 1.0, 0.98, 0.96, 0.92];

/** An arrival stream: contacts of one channel for one queue. */
export interface ArrivalStream {
  readonly queueIndex: number;
  readonly channel: ModelChannel;
}

/** Planned inbound demand of one local day. */
export interface DemandPlan {
  /** UTC start of each slot; `slotStartMs[SLOTS_PER_DAY]` is the end of the day. */
  readonly slotStartMs: readonly number[];
  /** Arrival rate per stream and slot, contacts per second: `ratePerSecond[stream][slot]`. */
  readonly ratePerSecond: readonly (readonly number[])[];
}

/** The arrival streams of a model, in a fixed order (queue, then channel). */
export function arrivalStreams(model: ContactCenterModel): ArrivalStream[] {
  const streams: ArrivalStream[] = [];
  for (const queue of model.queues) {
    for (const channel of MODEL_CHANNELS) if (queue.channels.includes(channel)) streams.push({ queueIndex: queue.index, channel });
  }
  return streams;
}

function demandWeight(slot: number): number {
  const hour = Math.floor((slot * SLOT_MINUTES) / 60);
  const next = HOURLY_DEMAND[hour + 1] ?? 0;
  const current = HOURLY_DEMAND[hour] ?? 0;
  if (current === 0) return 0;
  const fraction = ((slot * SLOT_MINUTES) % 60) / 60;
  return current + (next === 0 ? 0 : (next - current) * fraction);
}

function overlapMs(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

/**
 * Plans a local day's inbound demand the way a workforce plan would: the staffed, productive agent
 * time of each routing profile (from the shift plans) is split over queue × channel by the profile's
 * work mix and turned into contacts at {@link targetOccupancy}. Most of that volume follows the
 * staffing slot by slot, the rest follows the intraday curve (closed before 07:00 and from 22:00
 * local); day-level and slot-level noise make some slots under-staffed.
 */
export function planDemand(
  model: ContactCenterModel,
  streams: readonly ArrivalStream[],
  plans: readonly ShiftPlan[],
  date: LocalDate,
  prng: Prng,
): DemandPlan {
  const timeZone = model.instance.timeZone;
  const slotStartMs: number[] = [];
  for (let slot = 0; slot <= SLOTS_PER_DAY; slot++) slotStartMs.push(localTimeToUtcMs(timeZone, date, slot * SLOT_MINUTES));

  // Productive agent-seconds per routing profile and slot.
  const staffedSeconds = model.routingProfiles.map(() => new Array<number>(SLOTS_PER_DAY).fill(0));
  for (const plan of plans) {
    const row = staffedSeconds[model.agents[plan.agentIndex]?.routingProfileIndex ?? 0] as number[];
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      const from = slotStartMs[slot] as number;
      const to = slotStartMs[slot + 1] as number;
      let covered = overlapMs(from, to, plan.loginMs, plan.logoutMs);
      if (covered === 0) continue;
      for (const activity of plan.activities) covered -= overlapMs(from, to, activity.startMs, activity.endMs);
      row[slot] = (row[slot] as number) + Math.max(0, covered) / 1000;
    }
  }

  let totalWeight = 0;
  for (let slot = 0; slot < SLOTS_PER_DAY; slot++) totalWeight += demandWeight(slot);
  const occupancy = targetOccupancy(model.agents.length);
  const dayFactor = (WEEKDAY_PRESSURE[weekdayOf(date)] ?? 1) * prng.lognormal(1, 0.06);

  const ratePerSecond = streams.map((stream) => {
    const channelFactor = stream.channel === 'CHAT' ? CHAT_CONCURRENCY_EFFICIENCY : 1;
    const handleSeconds = expectedHandleSeconds(stream.queueIndex, stream.channel);
    // Contacts per slot this stream's share of the staffed capacity can handle at the target occupancy.
    const capacity = new Array<number>(SLOTS_PER_DAY).fill(0);
    for (const profile of model.routingProfiles) {
      const share = profile.workMix.find((mix) => mix.queueIndex === stream.queueIndex && mix.channel === stream.channel)?.share ?? 0;
      if (share === 0) continue;
      const slots = stream.channel === 'CHAT' ? (profile.concurrency.find((c) => c.channel === 'CHAT')?.maximumSlots ?? 1) : 1;
      const row = staffedSeconds[profile.index] as number[];
      for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
        capacity[slot] = (capacity[slot] as number) + ((row[slot] as number) * share * slots * channelFactor * occupancy) / handleSeconds;
      }
    }
    let dailyVolume = 0;
    for (const value of capacity) dailyVolume += value;
    const rates: number[] = [];
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      const slotSeconds = ((slotStartMs[slot + 1] as number) - (slotStartMs[slot] as number)) / 1000;
      const weight = demandWeight(slot);
      const curveShare = weight === 0 || totalWeight === 0 ? 0 : (dailyVolume * weight) / totalWeight;
      const volume = weight === 0 ? 0 : CAPACITY_FOLLOWING_SHARE * (capacity[slot] as number) + (1 - CAPACITY_FOLLOWING_SHARE) * curveShare;
      rates.push(volume === 0 ? 0 : ((volume * dayFactor) / slotSeconds) * prng.lognormal(1, 0.12));
    }
    return rates;
  });
  return { slotStartMs, ratePerSecond };
}

/** Arrival instants of a Poisson process with a constant rate over [fromMs, toMs), sorted. */
export function poissonArrivals(prng: Prng, ratePerSecond: number, fromMs: number, toMs: number): number[] {
  const arrivals: number[] = [];
  if (ratePerSecond <= 0) return arrivals;
  const meanGapMs = 1000 / ratePerSecond;
  let t = fromMs + prng.exponential(meanGapMs);
  while (t < toMs) {
    arrivals.push(Math.floor(t));
    t += prng.exponential(meanGapMs);
  }
  return arrivals;
}

/** Minutes in a slot, as milliseconds. */
export const SLOT_MS = SLOT_MINUTES * MINUTE_MS;
