import type { CtrRecord } from '../../domain/records';
import type { Prng } from './prng';
import type { RecordEmitter } from './record-emitter';
import { DAY_MS, MINUTE_MS, SECOND_MS, formatCtrTimestamp } from './time.format';

/**
 * The deliberate delivery quirks of the demo data (see docs/demo-data.md, "The awkward parts, on
 * purpose"). Rates are per record.
 */
export const DELIVERY_QUIRKS = {
  /** CTRs delivered a second time, byte for byte. */
  ctrIdenticalRedelivery: 0.015,
  /** CTRs delivered again later with a later `LastUpdateTimestamp` and changed attributes. */
  ctrUpdatedRedelivery: 0.015,
  /** Of the updated ones: the stale first version is delivered once more *after* the update. */
  ctrStaleCopyAfterUpdate: 0.4,
  /** Agent events delivered twice (same EventId). */
  agentEventDuplicate: 0.004,
  /** Agent events written later than events that happened after them. */
  agentEventOutOfOrder: 0.002,
  /** Lines between the first and the late delivery, at most. */
  maxLinesLate: 40,
} as const;

const DISPOSITIONS: readonly string[] = ['Resolved', 'FollowUp', 'Escalated', 'Resolved', 'Resolved'];

/** How long after the first delivery an updated CTR arrives: mostly within the hour, sometimes days later. */
function updateDelayMs(prng: Prng): number {
  const r = prng.float();
  if (r < 0.7) return prng.int(1, 60) * MINUTE_MS + prng.int(0, 59) * SECOND_MS;
  if (r < 0.95) return prng.int(1, 24) * 60 * MINUTE_MS + prng.int(0, 3599) * SECOND_MS;
  return prng.int(1, 6) * DAY_MS + prng.int(0, 86_399) * SECOND_MS;
}

/**
 * Publishes a finished contact's CTR, with at-least-once delivery: most CTRs once; some twice
 * byte-identical; some again later with a later `LastUpdateTimestamp` (attributes updated after the
 * contact — a `disposition`, sometimes a second `GreetingPlayed` key next to `greetingPlayed`, as in
 * the real published duplicates), occasionally followed by one more copy of the stale version.
 * All copies go to the partition of `InitiationTimestamp`. Returns whether the first copy was written.
 */
export function publishCtr(emitter: RecordEmitter, prng: Prng, ctr: CtrRecord, initiationMs: number, lastUpdateMs: number): boolean {
  const line = JSON.stringify(ctr);
  const written = emitter.emit('ctr', initiationMs, lastUpdateMs, line);
  const r = prng.float();
  const late = (): number => prng.int(1, DELIVERY_QUIRKS.maxLinesLate);
  if (r < DELIVERY_QUIRKS.ctrIdenticalRedelivery) {
    emitter.emit('ctr', initiationMs, lastUpdateMs + prng.int(5, 120) * SECOND_MS, line, late());
  } else if (r < DELIVERY_QUIRKS.ctrIdenticalRedelivery + DELIVERY_QUIRKS.ctrUpdatedRedelivery) {
    const updatedMs = lastUpdateMs + updateDelayMs(prng);
    const attributes: Record<string, string> = { ...ctr.Attributes, disposition: prng.pick(DISPOSITIONS) };
    if (attributes.greetingPlayed !== undefined && prng.chance(0.35)) attributes.GreetingPlayed = attributes.greetingPlayed;
    const updated: CtrRecord = { ...ctr, Attributes: attributes, LastUpdateTimestamp: formatCtrTimestamp(updatedMs) };
    const updateLate = late();
    emitter.emit('ctr', initiationMs, updatedMs, JSON.stringify(updated), updateLate);
    if (prng.chance(DELIVERY_QUIRKS.ctrStaleCopyAfterUpdate)) {
      emitter.emit('ctr', initiationMs, updatedMs, line, updateLate + late());
    }
  }
  return written;
}

/** Publishes one agent event line: sometimes twice, sometimes out of order. */
export function publishAgentEvent(emitter: RecordEmitter, prng: Prng, line: string, eventMs: number): void {
  const r = prng.float();
  if (r < DELIVERY_QUIRKS.agentEventOutOfOrder) {
    emitter.emit('ae', eventMs, eventMs, line, prng.int(1, DELIVERY_QUIRKS.maxLinesLate));
    return;
  }
  emitter.emit('ae', eventMs, eventMs, line);
  if (r < DELIVERY_QUIRKS.agentEventOutOfOrder + DELIVERY_QUIRKS.agentEventDuplicate) {
    emitter.emit('ae', eventMs, eventMs, line, prng.int(1, DELIVERY_QUIRKS.maxLinesLate));
  }
}
