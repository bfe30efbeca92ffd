import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LiveContact } from '../domain/queue-live';
import { DEFAULT_LIVE_QUEUE_MAX_AGE_SECONDS } from '../domain/queue-live';
import { contactEventOrderKey, type ContactEvent, type ContactPhase } from '../domain/records/contact-event.record';
import { UpstreamError } from '../domain/errors';
import { DynamoDbItems } from './dynamodb-items';

/**
 * Live contacts in the agent-state table (the same table, its own partitions): one small item per
 * contact currently known, keyed by instance so that every read stays inside one instance.
 *
 * | item | `pk` | `sk` |
 * | --- | --- | --- |
 * | live contact | `QLIVE#<instanceArn>` | `CONTACT#<contactId>` |
 *
 * The item holds the contact's phase (INITIATED, QUEUED, CONNECTED, ENDED), queue, channel,
 * initiation method, enqueue time, the time its phase began, the order key of the newest event
 * applied ({@link contactEventOrderKey}) and `expiresAt` (TTL).
 *
 * Writes are conditional UpdateItems, so they are idempotent and order tolerant: an event is
 * applied only when its order key is greater than the stored one and the contact has not ended
 * (an ENDED contact is a tombstone: a QUEUED event arriving after the DISCONNECTED never revives
 * it). A refused (older) event still fills attributes the item lacks (`if_not_exists`), e.g. the
 * queue when the newer event did not name it. Counts are derived at read time from the contacts
 * (Query of the instance's partition, ended contacts filtered out), which is what makes shuffled
 * and duplicated events give the same answer as ordered ones. A contact is keyed by contact id,
 * not by queue, so a contact that moves between queues is one item.
 *
 * Items expire (TTL) `maxAgeSeconds` after their phase began; readers also ignore contacts older
 * than that ({@link isLive}), since TTL deletion may lag by hours.
 */

/** Partition-key prefix of live-contact items. */
export const LIVE_CONTACT_PK_PREFIX = 'QLIVE#';
/** Sort-key prefix of live-contact items. */
export const LIVE_CONTACT_SK_PREFIX = 'CONTACT#';

/** What applying one event did. */
export interface ContactEventApplyResult {
  /** `changed`: the stored contact's visible attributes changed; `none`: duplicate, older or no visible change. */
  readonly change: 'changed' | 'none';
  /** Queues whose counts may have changed (the contact's queue before and after). */
  readonly queueArns: readonly string[];
}

/** What the live-queue service reads. */
export interface LiveContactReader {
  /** The contacts of an instance that are queued or connected (ended ones are left out); one paginated Query. */
  listLiveContacts(instanceArn: string, options?: { onRequest?: (operation: 'Query', items: number) => void }): Promise<LiveContact[]>;
}

type Item = Record<string, unknown>;

/** Attributes a later event may leave out; kept from earlier events. */
const VISIBLE_ATTRIBUTES = ['phase', 'queueArn', 'channel', 'initiationMethod', 'enqueuedAt'] as const;

function liveContactOf(item: Item): LiveContact {
  if (item.entity !== 'live-contact' || typeof item.contactId !== 'string' || typeof item.phaseAt !== 'string') {
    throw new UpstreamError('dynamodb', `item ${String(item.pk)} / ${String(item.sk)} is not a live contact`);
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    instanceArn: String(item.instanceArn),
    contactId: item.contactId,
    phase: item.phase as ContactPhase,
    queueArn: text(item.queueArn),
    channel: text(item.channel),
    initiationMethod: text(item.initiationMethod),
    queueType: text(item.queueType),
    enqueuedAt: text(item.enqueuedAt),
    phaseAt: item.phaseAt,
  };
}

/** The live-contact items of the agent-state table: conditional writes from contact events, reads per instance. */
export class QueueLiveRepository implements LiveContactReader {
  private readonly items: DynamoDbItems;
  private readonly maxAgeSeconds: number;

  constructor(options: { client: DynamoDBClient; tableName: string; maxAgeSeconds?: number }) {
    this.items = new DynamoDbItems(options.client, options.tableName);
    this.maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_LIVE_QUEUE_MAX_AGE_SECONDS;
  }

  /**
   * Applies one contact event (idempotent, order tolerant; see the module comment).
   * @throws UpstreamError when DynamoDB fails.
   */
  async apply(event: ContactEvent): Promise<ContactEventApplyResult> {
    const key = { pk: `${LIVE_CONTACT_PK_PREFIX}${event.instanceArn}`, sk: `${LIVE_CONTACT_SK_PREFIX}${event.contactId}` };
    const optional: Record<string, string | null> = {
      queueArn: event.queueArn,
      channel: event.channel,
      initiationMethod: event.initiationMethod,
      queueType: event.queueType,
      enqueuedAt: event.enqueuedAt,
    };
    const present = Object.entries(optional).filter((entry): entry is [string, string] => entry[1] !== null);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [name, value] of present) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    const expiresAt = Math.floor(Date.parse(event.phaseAt) / 1000) + this.maxAgeSeconds;
    try {
      const stored = await this.items.update({
        Key: key,
        UpdateExpression: `SET ${[...sets, 'entity = :entity', 'instanceArn = :instance', 'contactId = :contact', '#phase = :phase', 'phaseAt = :phaseAt', 'orderKey = :order', 'expiresAt = :expires'].join(', ')}`,
        ConditionExpression: 'attribute_not_exists(pk) OR (orderKey < :order AND #phase <> :ended)',
        ExpressionAttributeNames: { ...names, '#phase': 'phase' },
        ExpressionAttributeValues: {
          ...values,
          ':entity': 'live-contact',
          ':instance': event.instanceArn,
          ':contact': event.contactId,
          ':phase': event.phase,
          ':phaseAt': event.phaseAt,
          ':order': contactEventOrderKey(event),
          ':expires': expiresAt,
          ':ended': 'ENDED',
        },
        ReturnValues: 'ALL_OLD',
      });
      const before = stored ?? {};
      const after: Item = { ...before, ...Object.fromEntries(present), phase: event.phase };
      const changed = VISIBLE_ATTRIBUTES.some((name) => before[name] !== after[name]);
      const queueArns = [...new Set([before.queueArn, after.queueArn].filter((q): q is string => typeof q === 'string'))];
      return { change: changed ? 'changed' : 'none', queueArns: changed ? queueArns : [] };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // Older (or duplicate) event: it may still know what the stored item does not (e.g. the queue).
    if (present.length === 0) return { change: 'none', queueArns: [] };
    try {
      const fill = present.map(([name]) => `#${name} = if_not_exists(#${name}, :${name})`);
      const stored = await this.items.update({
        Key: key,
        UpdateExpression: `SET ${fill.join(', ')}`,
        ConditionExpression: `attribute_exists(pk) AND (${present.map(([name]) => `attribute_not_exists(#${name})`).join(' OR ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      });
      const after = stored ?? {};
      const queueArn = typeof after.queueArn === 'string' ? [after.queueArn] : [];
      return { change: after.phase === 'ENDED' ? 'none' : 'changed', queueArns: after.phase === 'ENDED' ? [] : queueArn };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { change: 'none', queueArns: [] };
      throw error;
    }
  }

  async listLiveContacts(instanceArn: string, options: { onRequest?: (operation: 'Query', items: number) => void } = {}): Promise<LiveContact[]> {
    const contacts: LiveContact[] = [];
    let start: Item | undefined;
    do {
      const out = await this.items.query({
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#phase IN (:queued, :connected)',
        ExpressionAttributeNames: { '#phase': 'phase' },
        ExpressionAttributeValues: { ':pk': `${LIVE_CONTACT_PK_PREFIX}${instanceArn}`, ':queued': 'QUEUED', ':connected': 'CONNECTED' },
        ExclusiveStartKey: start,
      });
      options.onRequest?.('Query', out.Items.length);
      for (const item of out.Items) contacts.push(liveContactOf(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return contacts;
  }
}
