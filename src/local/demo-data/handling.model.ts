import type { ModelChannel } from './contact-center.model';
import { QUEUE } from './contact-center.model';

/**
 * Mean durations (seconds) of the work on one contact, per queue and channel. The arrival model
 * calibrates volumes with these means and the simulation samples around them (log-normal), so
 * planned and simulated workloads agree.
 */
export interface HandlingProfile {
  /** Mean connected time without holds (voice talk time, chat conversation, task work). */
  readonly talkSeconds: number;
  /** Mean after-contact work. */
  readonly afterContactWorkSeconds: number;
  /** Probability that a voice contact is put on hold at least once. */
  readonly holdProbability: number;
  /** Mean time a customer waits in queue before giving up (Infinity: never). */
  readonly patienceSeconds: number;
}

const VOICE_TALK_SECONDS: readonly number[] = [200, 260, 340, 320];
const VOICE_ACW_SECONDS: readonly number[] = [25, 35, 50, 45];

/** Mean hold duration, seconds. */
export const MEAN_HOLD_SECONDS = 45;
/** Expected holds per held call (1 → 70 %, 2 → 22 %, 3 → 8 %). */
export const HOLD_COUNT_WEIGHTS: readonly number[] = [70, 22, 8];
/** Mean time an agent's phone rings before they accept, seconds. */
export const MEAN_RING_SECONDS = 5;
/** A ringing contact not accepted within this time is MISSED, seconds. */
export const RING_TIMEOUT_SECONDS = 20;
/** Share of offers the agent misses. */
export const MISSED_OFFER_PROBABILITY = 0.015;
/** Chats an agent effectively runs in parallel, as a share of the profile's chat slots. */
export const CHAT_CONCURRENCY_EFFICIENCY = 0.75;

/** The handling profile of a queue and channel. */
export function handlingProfile(queueIndex: number, channel: ModelChannel): HandlingProfile {
  switch (channel) {
    case 'VOICE':
      return {
        talkSeconds: VOICE_TALK_SECONDS[queueIndex] ?? 280,
        afterContactWorkSeconds: VOICE_ACW_SECONDS[queueIndex] ?? 35,
        holdProbability: queueIndex === QUEUE.BASIC ? 0.15 : 0.28,
        patienceSeconds: 150,
      };
    case 'CHAT':
      return { talkSeconds: 540, afterContactWorkSeconds: 25, holdProbability: 0, patienceSeconds: 420 };
    case 'TASK':
      return { talkSeconds: 420, afterContactWorkSeconds: 20, holdProbability: 0, patienceSeconds: Infinity };
  }
}

/** Expected seconds an agent slot is busy with one contact of this queue and channel (talk, holds, ACW, ringing). */
export function expectedHandleSeconds(queueIndex: number, channel: ModelChannel): number {
  const profile = handlingProfile(queueIndex, channel);
  const expectedHolds = 1 * 0.7 + 2 * 0.22 + 3 * 0.08;
  return profile.talkSeconds + profile.holdProbability * expectedHolds * MEAN_HOLD_SECONDS + profile.afterContactWorkSeconds + MEAN_RING_SECONDS;
}
