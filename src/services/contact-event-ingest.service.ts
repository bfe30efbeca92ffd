import { operatorDetail } from '../domain/errors';
import { mapBounded } from '../domain/map-bounded';
import { ALL_INSTANCES, scopeIncludes, type InstanceScope } from '../domain/principal';
import { parseContactEvent, type ContactEvent } from '../domain/records/contact-event.record';
import type { QueueRealtimeChangedPayload } from '../realtime/topics';
import type { ContactEventApplyResult } from '../state/queue-live.repository';
import { DEFAULT_MAX_FUTURE_SKEW_SECONDS } from './agent-event-admission';
import type { IngestFailureKind, IngestLogger, IngestOutcome, IngestRecordInput, IngestResult, MalformedRecord } from './agent-event-ingest.service';

/**
 * The contact-event ingest path shared by the `contactEvents` Lambda (EventBridge), `POST
 * /ingest/contact-events` and the simulator: parse → admit (instance scope, date) → one conditional
 * write per event → publish each queue whose counts may have changed, once per call. It returns one
 * outcome per record (the agent-event ingest's types), never throwing for a bad record or a failed write.
 */

/** The part of `QueueLiveRepository` the ingest uses. */
export interface ContactEventApplier {
  apply(event: ContactEvent): Promise<ContactEventApplyResult>;
}

/** What {@link ingestContactEvents} needs. */
export interface ContactIngestDeps {
  readonly repository: ContactEventApplier;
  /** Publishes one queue's change; a rejection is logged, not retried. */
  readonly publish: (change: QueueRealtimeChangedPayload) => Promise<void> | void;
  readonly logger: IngestLogger;
  readonly onMalformed?: (record: MalformedRecord) => void;
  /** How far in the future (server clock) an event may be dated, seconds. @default 300 */
  readonly maxFutureSkewSeconds?: number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
}

/** Contacts written at once; the events of one contact are written one after the other, in the order received. */
const CONTACTS_IN_FLIGHT = 16;

/** JSON text or bytes → value; objects pass through. */
function decode(record: IngestRecordInput): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (record.malformedReason !== undefined) return { ok: false, reason: record.malformedReason };
  const data = record.data;
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) return { ok: true, value: data };
  try {
    return { ok: true, value: JSON.parse(typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data)) as unknown };
  } catch (error) {
    return { ok: false, reason: `not JSON: ${operatorDetail(error)}` };
  }
}

/**
 * Ingests contact events (EventBridge events or bare `detail` objects). An event of an instance
 * outside `scope` or dated more than `maxFutureSkewSeconds` ahead is refused (`malformed`, with the
 * reason); a failed write marks the event `write_failed` (retrying is safe: writes are idempotent).
 */
export async function ingestContactEvents(input: { readonly records: readonly IngestRecordInput[]; readonly scope?: InstanceScope }, deps: ContactIngestDeps): Promise<IngestResult> {
  const { records } = input;
  const scope = input.scope ?? ALL_INSTANCES;
  const nowMs = (deps.now ?? Date.now)();
  const maxFutureMs = nowMs + (deps.maxFutureSkewSeconds ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS) * 1000;
  const failures = new Map<number, { kind: IngestFailureKind; reason: string }>();
  const byContact = new Map<string, { event: ContactEvent; index: number }[]>();

  records.forEach((record, index) => {
    const refuse = (reason: string, rejection?: MalformedRecord['rejection']) => {
      failures.set(index, { kind: 'malformed', reason });
      deps.logger.warn(rejection ? 'contact event refused' : 'malformed contact event record', { recordId: record.id, reason });
      deps.onMalformed?.({ id: record.id, reason, ...(rejection ? { rejection } : {}) });
    };
    const decoded = decode(record);
    if (!decoded.ok) return refuse(decoded.reason);
    let event: ContactEvent;
    try {
      event = parseContactEvent(decoded.value);
    } catch (error) {
      return refuse(operatorDetail(error));
    }
    if (!scopeIncludes(scope, event.instanceArn)) return refuse(`instance ${event.instanceArn} is outside the instances this sender may write`, 'out_of_scope');
    if (Date.parse(event.phaseAt) > maxFutureMs) return refuse(`the event is dated ${event.phaseAt}, in the future beyond the allowed skew (INGEST_MAX_FUTURE_SKEW_SECONDS)`, 'future_timestamp');
    const key = `${event.instanceArn}\u0000${event.contactId}`;
    byContact.set(key, [...(byContact.get(key) ?? []), { event, index }]);
  });
  const malformed = failures.size;

  const changedQueues = new Map<string, QueueRealtimeChangedPayload>();
  await mapBounded([...byContact.values()], CONTACTS_IN_FLIGHT, async (group) => {
    for (const { event, index } of group) {
      try {
        const result = await deps.repository.apply(event);
        for (const queueArn of result.queueArns) changedQueues.set(`${event.instanceArn}\u0000${queueArn}`, { instanceArn: event.instanceArn, queueArn });
      } catch (error) {
        const reason = `live contact not written: ${operatorDetail(error)}`;
        failures.set(index, { kind: 'write_failed', reason });
        deps.logger.error('live contact write failed', { recordId: records[index]!.id, instanceArn: event.instanceArn, contactId: event.contactId, reason });
      }
    }
  });

  let publishFailed = 0;
  const published = await Promise.allSettled([...changedQueues.values()].map(async (change) => deps.publish(change)));
  published.forEach((outcome) => {
    if (outcome.status === 'fulfilled') return;
    publishFailed += 1;
    deps.logger.error('queue realtime change not published', { reason: operatorDetail(outcome.reason) });
  });

  const outcomes = records.map((record, index): IngestOutcome => {
    const failure = failures.get(index);
    return failure === undefined ? { id: record.id, ok: true } : { id: record.id, ok: false, ...failure };
  });
  return {
    outcomes,
    counts: {
      received: records.length,
      applied: records.length - failures.size,
      malformed,
      writeFailed: failures.size - malformed,
      changed: changedQueues.size,
      publishFailed,
    },
  };
}

/** {@link ingestContactEvents} over a plain array (ids are the indexes): what `POST /ingest/contact-events` and the simulator run. */
export function ingestContactEventArray(records: readonly unknown[], deps: ContactIngestDeps, scope: InstanceScope = ALL_INSTANCES): Promise<IngestResult> {
  return ingestContactEvents({ records: records.map((data, index) => ({ id: String(index), data })), scope }, deps);
}
