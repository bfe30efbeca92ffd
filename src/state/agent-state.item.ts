import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AgentKey, AgentState } from '../domain/agent-state';
import { normalizeTimestamp, type EventOrder } from '../domain/agent-state.reducer';
import { UpstreamError } from '../domain/errors';

/**
 * Agent-state items ↔ {@link AgentState}, in the plain-object form `DynamoDBDocumentClient`
 * (lib-dynamodb) marshals. Item version 2 (written now) keeps ordering and liveness as top-level
 * attributes (`eventOrderKey`, `lastEvent`, `lastHeartbeatAt`, `expiresAt`), so a heartbeat updates
 * them alone, and the visible state as one compressed `body` (raw deflate of its JSON, with the
 * instance ARN as the preset dictionary, since every ARN in it starts with it): a typical agent item
 * shrinks from ~1.6–2 KB to ~0.5 KB, i.e. one write capacity unit instead of two. Version 1 items
 * (every field top-level) are still read. The attribute names match the constants of
 * `agent-state.table.ts` (`pk`, `sk`, `routingProfileArn`, `expiresAt`).
 */

/** Sort-key prefix of agent items. */
export const AGENT_SK_PREFIX = 'AGENT#';
/** Partition-key prefix of queue-membership items. */
export const QUEUE_PK_PREFIX = 'QUEUE#';
/** Sort-key prefix of queue-membership and routing-profile-name items. */
export const ROUTING_PROFILE_SK_PREFIX = 'RP#';
/** Partition-key prefix of routing-profile-name items. */
export const ROUTING_PROFILE_NAME_PK_PREFIX = 'RPNAME#';
/** Version of the agent item's shape written now; bump when it changes incompatibly (see {@link stateFromItem} for the versions read). */
export const AGENT_ITEM_VERSION = 2;
/** The first item version: every state field a top-level attribute. Still read. */
export const AGENT_ITEM_VERSION_PLAIN = 1;

/** The primary key of an item. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The visible part of a state, stored compressed as `body` (instance ARN and agent id are in the key). */
type AgentStateBody = Omit<AgentState, 'instanceArn' | 'agentId' | 'lastEvent' | 'lastHeartbeatAt'>;

/** An agent item as version 2 stores it: ordering and liveness top-level, the visible state compressed in `body`. */
export interface AgentStateItem extends ItemKey {
  readonly entity: 'agent';
  readonly itemVersion: number;
  /** `lastEvent` as one sortable string, see {@link eventOrderKey}. */
  readonly eventOrderKey: string;
  /** Epoch seconds (TTL). */
  readonly expiresAt: number;
  readonly routingProfileArn?: string;
  readonly lastEvent: AgentState['lastEvent'];
  /** Absent (not NULL) when there has been no heartbeat, so conditions can use `attribute_not_exists`. */
  readonly lastHeartbeatAt?: string;
  /** Raw deflate of the JSON of the visible state, instance ARN as dictionary ({@link encodeStateBody}). */
  readonly body: Uint8Array;
}

/** An agent item of version 1: the state's fields, with key, index, ordering and TTL attributes around them. */
export interface PlainAgentStateItem extends ItemKey, Omit<AgentState, 'lastHeartbeatAt'> {
  readonly entity: 'agent';
  readonly itemVersion: number;
  /** `lastEvent` as one sortable string, see {@link eventOrderKey}. */
  readonly eventOrderKey: string;
  /** Epoch seconds (TTL). */
  readonly expiresAt: number;
  readonly routingProfileArn?: string;
  /** Absent (not NULL) when there has been no heartbeat, so conditions can use `attribute_not_exists`. */
  readonly lastHeartbeatAt?: string;
}

/** A stored item that cannot be read as an agent state (another shape or item version): the store's failure, UPSTREAM_FAILED. */
function unreadableItem(key: ItemKey | undefined, reason: string): UpstreamError {
  return new UpstreamError('dynamodb', `agent-state item ${key ? `${key.pk} / ${key.sk}` : '(no key)'} cannot be read: ${reason}`);
}

/** The primary key of an agent's item. */
export function agentItemKey(key: AgentKey): ItemKey {
  return { pk: key.instanceArn, sk: `${AGENT_SK_PREFIX}${key.agentId}` };
}

/** The agent key of an agent item's primary key. */
export function agentKeyOfItem(key: ItemKey): AgentKey {
  return { instanceArn: key.pk, agentId: key.sk.slice(AGENT_SK_PREFIX.length) };
}

/**
 * A string whose order (by UTF-8 bytes in DynamoDB, by code point in JavaScript) is the event order
 * of `compareEventOrder`: the normalised 24-character UTC timestamp, `#`, the event id.
 * @throws AgentStateError `INVALID_TIMESTAMP` when the timestamp is not an instant.
 */
export function eventOrderKey(event: EventOrder): string {
  return `${normalizeTimestamp(event.timestamp)}#${event.id}`;
}

/** Epoch seconds at which a state's item may expire: its newest event (or heartbeat) time plus `ttlSeconds`. */
export function expiresAtOf(state: Pick<AgentState, 'lastEvent' | 'lastHeartbeatAt'>, ttlSeconds: number): number {
  const newestMs = Math.max(Date.parse(state.lastEvent.timestamp), state.lastHeartbeatAt === null ? 0 : Date.parse(state.lastHeartbeatAt));
  return Math.floor(newestMs / 1000) + ttlSeconds;
}

/**
 * A 4 KB window and small hash tables: bodies are 1–3 KB of JSON, so the output is as small as with
 * zlib's defaults (32 KB, memLevel 8) while each call sets up half the memory and takes half the CPU
 * (measured: ~19 µs instead of ~37 µs a body). Inflating needs no options (its default window is larger).
 */
const BODY_DEFLATE_OPTIONS = { windowBits: 12, memLevel: 5 } as const;

/**
 * The compressed visible state of an item: raw deflate of its JSON, with the instance ARN as the
 * preset dictionary (every ARN in the body starts with it, so even the first one costs a few bytes).
 */
export function encodeStateBody(state: AgentState): Uint8Array {
  const { instanceArn, agentId: _id, lastEvent: _e, lastHeartbeatAt: _h, ...body } = state;
  const compressed = deflateRawSync(JSON.stringify(body satisfies AgentStateBody), { dictionary: Buffer.from(instanceArn), ...BODY_DEFLATE_OPTIONS });
  // A copy of exactly its size: zlib's result is a view of a 16 KB output chunk, which the repository's memory of items would keep alive.
  return new Uint8Array(compressed);
}

function decodeStateBody(body: Uint8Array, instanceArn: string): AgentStateBody {
  return JSON.parse(inflateRawSync(body, { dictionary: Buffer.from(instanceArn) }).toString('utf8')) as AgentStateBody;
}

/** The item storing a state (version {@link AGENT_ITEM_VERSION}). `ttlSeconds` is added to the newest event time for `expiresAt`. */
export function itemFromState(state: AgentState, ttlSeconds: number): AgentStateItem {
  return {
    ...agentItemKey(state),
    entity: 'agent',
    itemVersion: AGENT_ITEM_VERSION,
    eventOrderKey: eventOrderKey(state.lastEvent),
    expiresAt: expiresAtOf(state, ttlSeconds),
    ...(state.routingProfile ? { routingProfileArn: state.routingProfile.arn } : {}),
    lastEvent: state.lastEvent,
    ...(state.lastHeartbeatAt === null ? {} : { lastHeartbeatAt: state.lastHeartbeatAt }),
    body: encodeStateBody(state),
  };
}

/**
 * The state an agent item stores (key, ordering and TTL attributes dropped), of item version
 * {@link AGENT_ITEM_VERSION} or {@link AGENT_ITEM_VERSION_PLAIN}.
 * @throws UpstreamError ('dynamodb') when the item is not an agent item of a version this code reads.
 */
export function stateFromItem(raw: Record<string, unknown>): AgentState {
  const key = typeof raw.pk === 'string' && typeof raw.sk === 'string' ? { pk: raw.pk, sk: raw.sk } : undefined;
  if (raw.entity !== 'agent') throw unreadableItem(key, `entity is ${String(raw.entity)}, not agent`);
  if (raw.itemVersion === AGENT_ITEM_VERSION) {
    const item = raw as Partial<AgentStateItem>;
    if (key === undefined || !item.lastEvent || !(item.body instanceof Uint8Array)) throw unreadableItem(key, 'key, lastEvent or body is missing');
    let body: AgentStateBody;
    try {
      body = decodeStateBody(item.body, key.pk);
    } catch (error) {
      throw unreadableItem(key, `body does not decode: ${(error as Error).message}`);
    }
    const { instanceArn, agentId } = agentKeyOfItem(key);
    return { ...body, instanceArn, agentId, lastEvent: item.lastEvent, lastHeartbeatAt: item.lastHeartbeatAt ?? null };
  }
  const item = raw as Partial<PlainAgentStateItem>;
  if (item.itemVersion !== AGENT_ITEM_VERSION_PLAIN) throw unreadableItem(key, `item version ${String(item.itemVersion)}, this code reads ${AGENT_ITEM_VERSION_PLAIN} and ${AGENT_ITEM_VERSION}`);
  if (!item.lastEvent || !item.status || typeof item.agentId !== 'string') throw unreadableItem(key, 'lastEvent, status or agentId is missing');
  return {
    instanceArn: item.instanceArn as string,
    agentArn: item.agentArn as string,
    agentId: item.agentId,
    username: item.username as string,
    firstName: item.firstName ?? null,
    lastName: item.lastName ?? null,
    status: item.status,
    nextStatus: item.nextStatus ?? null,
    activity: item.activity as AgentState['activity'],
    contacts: item.contacts ?? [],
    routingProfile: item.routingProfile ?? null,
    hierarchy: item.hierarchy ?? [],
    lastEvent: item.lastEvent,
    lastHeartbeatAt: item.lastHeartbeatAt ?? null,
  };
}

/**
 * The primary key of a queue membership: routing profile `routingProfileArn` takes contacts from
 * (or has agents holding a contact of) the queue whose ARN *or* name is `queueRef`. Both the ARN
 * and the name get a membership, so a queue filter by either is one Query of `QUEUE#<ref>`. The
 * sort key starts with the routing profile ARN, which starts with the instance ARN: one instance's
 * memberships are `begins_with(sk, 'RP#<instanceArn>/')`.
 */
export function membershipItemKey(queueRef: string, routingProfileArn: string): ItemKey {
  return { pk: `${QUEUE_PK_PREFIX}${queueRef}`, sk: `${ROUTING_PROFILE_SK_PREFIX}${routingProfileArn}` };
}

/**
 * A membership item. Its routing profile ARN is stored as `rpArn`, not `routingProfileArn`, so the
 * item stays out of the `byRoutingProfile` index (which only agent items may populate).
 */
export function membershipItem(queueRef: string, routingProfileArn: string, expiresAt: number): Record<string, unknown> {
  return { ...membershipItemKey(queueRef, routingProfileArn), entity: 'queue-membership', queueRef, rpArn: routingProfileArn, expiresAt };
}

/** The primary key of the item naming a routing profile: Query `pk = RPNAME#<name>` gives the ARNs of the profiles with that name. */
export function routingProfileNameItemKey(name: string, routingProfileArn: string): ItemKey {
  return { pk: `${ROUTING_PROFILE_NAME_PK_PREFIX}${name}`, sk: `${ROUTING_PROFILE_SK_PREFIX}${routingProfileArn}` };
}

/** The item naming a routing profile (kept out of the index like memberships). */
export function routingProfileNameItem(name: string, routingProfileArn: string, expiresAt: number): Record<string, unknown> {
  return { ...routingProfileNameItemKey(name, routingProfileArn), entity: 'routing-profile-name', name, rpArn: routingProfileArn, expiresAt };
}

/**
 * The lookup items an agent's state needs so that queue and routing-profile filters find it: one
 * membership per (queue ARN or name, routing profile) for the profile's inbound queues and the
 * queues of the contacts the agent holds, and the profile's name item. None without a routing profile.
 */
export function lookupItemKeysOf(state: AgentState): { key: ItemKey; item: (expiresAt: number) => Record<string, unknown> }[] {
  const rp = state.routingProfile;
  if (!rp) return [];
  const refs = new Set<string>();
  for (const q of rp.inboundQueues) {
    refs.add(q.arn);
    if (q.name !== null) refs.add(q.name);
  }
  for (const c of state.contacts) {
    if (!c.queue) continue;
    refs.add(c.queue.arn);
    if (c.queue.name !== null) refs.add(c.queue.name);
  }
  const out = [...refs].map((ref) => ({ key: membershipItemKey(ref, rp.arn), item: (expiresAt: number) => membershipItem(ref, rp.arn, expiresAt) }));
  if (rp.name !== null) {
    const name = rp.name;
    out.push({ key: routingProfileNameItemKey(name, rp.arn), item: (expiresAt: number) => routingProfileNameItem(name, rp.arn, expiresAt) });
  }
  return out;
}

/** The routing profile ARN of a membership or routing-profile-name item read back. */
export function routingProfileArnOfMembership(item: Record<string, unknown>): string {
  return String(item.sk).slice(ROUTING_PROFILE_SK_PREFIX.length);
}
