import type { ContactPhase } from './records/contact-event.record';

/**
 * Live queue state from contact events: what one contact's stored item says, and how a queue's
 * counts are derived from its contacts at read time (pure; the DynamoDB repository stores the
 * contacts, `QueueLiveService` counts them).
 */

/** Default of `LIVE_QUEUE_MAX_AGE_SECONDS`: a contact not heard from for 4 hours no longer counts. */
export const DEFAULT_LIVE_QUEUE_MAX_AGE_SECONDS = 4 * 60 * 60;

/** One contact as the live queue state knows it (the newest of its events wins). */
export interface LiveContact {
  readonly instanceArn: string;
  readonly contactId: string;
  readonly phase: ContactPhase;
  /** The queue it waits in (or was routed from); null while unknown. */
  readonly queueArn: string | null;
  /** Upper-cased channel, e.g. VOICE; null while unknown. */
  readonly channel: string | null;
  readonly initiationMethod: string | null;
  readonly queueType: string | null;
  /** When it entered the queue (ISO); null while unknown. */
  readonly enqueuedAt: string | null;
  /** When its current phase began (ISO): the age-out clock. */
  readonly phaseAt: string;
}

/** Contacts in queue of one channel. */
export interface ChannelCount {
  readonly channel: string;
  readonly count: number;
}

/** A queue's contact counts (GetCurrentMetricData vocabulary in the GraphQL descriptions). */
export interface QueueContactCounts {
  /** CONTACTS_IN_QUEUE: queued, not yet connected to an agent, not ended, not aged out. */
  readonly contactsInQueue: number;
  /** CONTACTS_IN_QUEUE per channel, sorted by channel. */
  readonly contactsInQueueByChannel: readonly ChannelCount[];
  /** OLDEST_CONTACT_AGE: enqueue time of the oldest queued contact (ISO); null when none waits. */
  readonly oldestContactEnqueuedAt: string | null;
  /** Contacts connected to an agent from this queue (the contact-side AGENTS_ON_CONTACT). */
  readonly contactsConnected: number;
  /** CONTACTS_SCHEDULED: queued callbacks (initiation method CALLBACK). */
  readonly contactsScheduled: number;
}

/** The counts of a queue with no live contacts. */
export const EMPTY_QUEUE_CONTACT_COUNTS: QueueContactCounts = {
  contactsInQueue: 0,
  contactsInQueueByChannel: [],
  oldestContactEnqueuedAt: null,
  contactsConnected: 0,
  contactsScheduled: 0,
};

/** The channel a contact is counted under when no event named it. */
export const UNKNOWN_CHANNEL = 'UNKNOWN';

/**
 * Whether a contact still counts at `nowMs`: its current phase began less than `maxAgeSeconds` ago.
 * This is what keeps one lost DISCONNECTED from showing a waiting contact for ever.
 */
export function isLive(contact: LiveContact, nowMs: number, maxAgeSeconds: number): boolean {
  return nowMs - Date.parse(contact.phaseAt) < maxAgeSeconds * 1000;
}

/**
 * Counts a queue's contacts: queued ones (per channel, oldest enqueue time, callbacks among them as
 * scheduled) and connected ones. Contacts of other queues, ended contacts and contacts whose phase
 * began `maxAgeSeconds` or more before `nowMs` are ignored. Pure.
 */
export function countQueueContacts(contacts: readonly LiveContact[], queueArn: string, nowMs: number, maxAgeSeconds: number): QueueContactCounts {
  let contactsInQueue = 0;
  let contactsConnected = 0;
  let contactsScheduled = 0;
  let oldest: number | undefined;
  const byChannel = new Map<string, number>();
  for (const contact of contacts) {
    if (contact.queueArn !== queueArn || !isLive(contact, nowMs, maxAgeSeconds)) continue;
    if (contact.phase === 'CONNECTED') {
      contactsConnected += 1;
    } else if (contact.phase === 'QUEUED') {
      contactsInQueue += 1;
      const channel = contact.channel ?? UNKNOWN_CHANNEL;
      byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1);
      if (contact.initiationMethod === 'CALLBACK') contactsScheduled += 1;
      const enqueuedMs = Date.parse(contact.enqueuedAt ?? contact.phaseAt);
      if (oldest === undefined || enqueuedMs < oldest) oldest = enqueuedMs;
    }
  }
  return {
    contactsInQueue,
    contactsInQueueByChannel: [...byChannel].map(([channel, count]) => ({ channel, count })).sort((a, b) => a.channel.localeCompare(b.channel)),
    oldestContactEnqueuedAt: oldest === undefined ? null : new Date(oldest).toISOString(),
    contactsConnected,
    contactsScheduled,
  };
}

/** Age in whole seconds (never negative) of an enqueue time at `nowMs`; null for null. */
export function ageSeconds(enqueuedAt: string | null, nowMs: number): number | null {
  return enqueuedAt === null ? null : Math.max(0, Math.floor((nowMs - Date.parse(enqueuedAt)) / 1000));
}

/** The queue ARN's instance ARN (`…:instance/<id>/queue/<id>` → `…:instance/<id>`), or undefined. */
export function instanceArnOfQueueArn(queueArn: string): string | undefined {
  const match = /^(arn:[^:]*:connect:[^:]*:[^:]*:instance\/[^/]+)\/queue\/[^/]+$/.exec(queueArn);
  return match?.[1];
}

/** Whether `ref` names the queue `queueArn`: the ARN itself or its id (the last part). */
export function queueRefMatches(queueArn: string, ref: string): boolean {
  return ref === queueArn || queueArn.endsWith(`/queue/${ref}`);
}

/** A subscriber's queue filter: `queue` and `queues` (ARN or id; any of them), `instance` (instance ARN). */
export interface QueueRealtimeFilterSpec {
  readonly queue?: string | null;
  readonly queues?: readonly string[] | null;
  readonly instance?: string | null;
}

/** Whether a change of `queueArn` (of `instanceArn`) concerns a subscriber with this filter. Pure. */
export function queueChangeMatchesFilter(change: { instanceArn: string; queueArn: string }, filter: QueueRealtimeFilterSpec): boolean {
  if (filter.instance != null && filter.instance !== change.instanceArn) return false;
  if (filter.queue != null && !queueRefMatches(change.queueArn, filter.queue)) return false;
  if (filter.queues != null && !filter.queues.some((ref) => queueRefMatches(change.queueArn, ref))) return false;
  return true;
}
