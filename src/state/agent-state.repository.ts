import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LRUCache } from 'lru-cache';
import { DEFAULT_AGENT_HEARTBEAT_PERIOD_SECONDS, agentKeyString, isLoggedIn, lastHeardOfMs, type AgentKey, type AgentState, type AgentStateChangeKind } from '../domain/agent-state';
import { matchesAgentFilter } from '../domain/agent-state-filter';
import { mapBounded } from '../domain/map-bounded';
import { UpstreamError } from '../domain/errors';
import { AgentStateError, agentKeyOf, applyEvents, compareCodePoints, compareEventOrder } from '../domain/agent-state.reducer';
import type { AgentEventRecord } from '../domain/records/agent-event.record';
import {
  AGENT_ITEM_VERSION,
  AGENT_SK_PREFIX,
  QUEUE_PK_PREFIX,
  ROUTING_PROFILE_NAME_PK_PREFIX,
  ROUTING_PROFILE_SK_PREFIX,
  agentItemKey,
  agentKeyOfItem,
  eventOrderKey,
  expiresAtOf,
  itemFromState,
  lookupItemKeysOf,
  routingProfileArnOfMembership,
  stateFromItem,
  type ItemKey,
} from './agent-state.item';
import { AgentLivenessLog } from './agent-liveness.log';
import { DEFAULT_AGENT_STATE_TTL_SECONDS, ROUTING_PROFILE_INDEX } from './agent-state.table';
import { DynamoDbItems, type QueryInput } from './dynamodb-items';

/** Why a repository call failed. */
export type AgentStateRepositoryErrorCode =
  /** Other writers kept winning the conditional write for one agent beyond the retry budget. */
  | 'WRITE_CONFLICT';

/**
 * Reported per agent by `apply` when other writers keep winning; a write-path outcome of the ingest
 * (never a GraphQL error). Reads and DynamoDB failures are UpstreamError('dynamodb').
 */
export class AgentStateRepositoryError extends Error {
  override readonly name = 'AgentStateRepositoryError';
  constructor(
    readonly code: AgentStateRepositoryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** How to build an {@link AgentStateRepository}. */
export interface AgentStateRepositoryOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Items expire this long after the agent's newest event. Default 30 days. */
  readonly ttlSeconds?: number;
  /** Agents written at the same time by `apply`. Default 16. */
  readonly maxWritesInFlight?: number;
  /** Re-read-and-retry rounds per agent after losing a conditional write to another writer. Default 3. */
  readonly maxConflictRetries?: number;
  /** BatchGetItem calls per chunk of keys, the first included, while keys come back unprocessed. Default 8. */
  readonly maxBatchGetAttempts?: number;
  /** First back-off before retrying unprocessed keys, doubled each time (with jitter), at most 2 s. Default 50 ms. */
  readonly backoffBaseMs?: number;
  /**
   * A heartbeat that changes nothing visible is not stored while the stored liveness (the newer of
   * the agent item's last event time and last heartbeat, and the agent's newest entry in the
   * liveness log) is less than this many seconds older than it: the stored `lastHeartbeatAt` may
   * then lag by up to this window (this process keeps the newer one in memory and writes it with
   * the next visible change). Once the window has passed, the heartbeat goes to the liveness log
   * (`agent-liveness.log.ts`), many agents an item, not to the agent's item. 0 stores every
   * heartbeat. Default {@link DEFAULT_HEARTBEAT_WRITE_WINDOW_SECONDS}.
   */
  readonly heartbeatWriteWindowSeconds?: number;
  /**
   * Connect's agent heartbeat period, seconds (`AGENT_HEARTBEAT_PERIOD_SECONDS`): reads look at the
   * liveness log of the last 2 × period + {@link LIVENESS_HORIZON_SLACK_SECONDS} (an agent not heard
   * of for longer is stale whatever the log says). Default 120.
   */
  readonly heartbeatPeriodSeconds?: number;
  /**
   * Agents whose stored item this process remembers (LRU), so that a write needs no read first: the
   * write is conditional on the remembered order key and heartbeat, and a lost condition re-reads.
   * 0 disables the memory (every apply reads first). Default {@link DEFAULT_AGENT_MEMORY_MAX_AGENTS}.
   */
  readonly rememberedAgents?: number;
}

/** Default of `heartbeatWriteWindowSeconds`: under Connect's 120 s heartbeat period, so a live agent's stored liveness never lags a full period. */
export const DEFAULT_HEARTBEAT_WRITE_WINDOW_SECONDS = 90;
/** Readers look this much further back in the liveness log than twice the heartbeat period (delivery delays). */
export const LIVENESS_HORIZON_SLACK_SECONDS = 60;
/** Default of `rememberedAgents` (about 1.1 KB of heap each, measured with the bench's agents: 50,000 agents ≈ 60 MB). */
export const DEFAULT_AGENT_MEMORY_MAX_AGENTS = 50_000;

/** One agent's events for {@link AgentStateRepository.apply}. */
export interface AgentEventsBatchEntry {
  readonly key: AgentKey;
  readonly events: readonly AgentEventRecord[];
}

/** What {@link AgentStateRepository.apply} did for one agent. */
export interface AgentStateApplyResult {
  readonly key: AgentKey;
  /** 'changed' is what subscribers should be told about; 'heartbeat' was stored but is not news. */
  readonly change: AgentStateChangeKind;
  /** The state now stored (for 'none': the stored state, null when the agent has none). */
  readonly state: AgentState | null;
  /** The stored state the change was applied to (null for a new agent). */
  readonly before: AgentState | null;
  /** Set when this agent could not be updated; `change` is then 'none'. Other agents are unaffected. */
  readonly error?: Error;
  /**
   * Set for a 'heartbeat' that was not stored: the stored liveness is inside the heartbeat write
   * window (the table keeps the older liveness; this process remembers the newer one).
   */
  readonly heartbeatDeferred?: true;
  /** Set for a 'heartbeat' stored in the liveness log (with other agents' heartbeats) instead of the agent's item. */
  readonly heartbeatLogged?: true;
}

/** A page of {@link AgentStateRepository.listByInstance}. */
export interface AgentStatePage {
  readonly states: AgentState[];
  /** Pass as `exclusiveStartKey` for the next page; null on the last page. */
  readonly lastEvaluatedKey: AgentKey | null;
}

/** Options of the listing reads. */
export interface AgentStateReadOptions {
  /**
   * Only agents of these instances, and only their keys are read: the instance's partition
   * (`listAll`), memberships `begins_with(sk, 'RP#<instanceArn>/')` and routing profiles whose ARN
   * is in the instance (`listByQueues`, `listByRoutingProfile`). Absent: every instance.
   */
  readonly instanceArns?: readonly string[];
  /** Called once per DynamoDB request the read makes, with the operation and the items it returned (for request stats). */
  readonly onRequest?: (operation: 'Query' | 'Scan' | 'BatchGetItem', items: number) => void;
}

const BATCH_GET_MAX_KEYS = 100;
const MAX_BACKOFF_MS = 2_000;
const READS_IN_FLIGHT = 8;
/** A membership is rewritten (TTL refreshed) when an agent of it is stored with an expiry this much later. */
const MEMBERSHIP_REFRESH_SECONDS = 24 * 60 * 60;
/** Bound of the in-process membership memo; cleared when full (the cost is a few idempotent puts). */
const MEMBERSHIP_MEMO_MAX_ENTRIES = 10_000;

type Item = Record<string, unknown>;

/** What the repository remembers of an agent (see `AgentStateRepository.remembered`). */
interface RememberedAgent {
  /** The item as stored (as this process last wrote or read it). */
  readonly stored: Item;
  /** The reduced state: the stored one, or newer by heartbeats not written yet. */
  readonly current: AgentState;
  /** The newest liveness this process put in the liveness log for the agent since `stored`, epoch ms. */
  readonly loggedMs?: number;
}

/** An agent's result before the call's liveness-log write: `logMs` is the heartbeat to log. */
interface PendingApply {
  readonly result: AgentStateApplyResult;
  readonly logMs?: number;
  readonly base?: RememberedAgent;
}


/** Attributes of an agent item that a newer state may drop (any other attribute is left as it is). */
const DROPPABLE_ATTRIBUTES = ['routingProfileArn', 'lastHeartbeatAt'] as const;

/** Whether two attribute values are the same: bytes by content (without copying them), anything else by its JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The attributes of `next` that differ from `stored` (key attributes excluded), and the optional
 * ones (`routingProfileArn`, `lastHeartbeatAt`) `stored` has and `next` drops: what an UpdateItem
 * must SET and REMOVE to turn one into the other. Attributes `next` does not know are left alone.
 */
export function changedAttributes(stored: Item, next: Item): { set: Item; remove: string[] } {
  const set: Item = {};
  for (const [name, value] of Object.entries(next)) {
    if (name === 'pk' || name === 'sk' || value === undefined) continue;
    if (!(name in stored) || !sameValue(stored[name], value)) set[name] = value;
  }
  const remove = DROPPABLE_ATTRIBUTES.filter((name) => stored[name] !== undefined && next[name] === undefined);
  return { set, remove };
}

const inInstances = (arn: string, instanceArns: readonly string[] | undefined): boolean =>
  instanceArns === undefined || instanceArns.some((instance) => arn.startsWith(`${instance}/`));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const byAgentKey = (a: AgentState, b: AgentState): number => compareCodePoints(a.instanceArn, b.instanceArn) || compareCodePoints(a.agentId, b.agentId);

function wholeNumber(name: string, value: number | undefined, fallback: number, min: 0 | 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new RangeError(`AgentStateRepository option ${name} must be a whole number ≥ ${min}, got ${v}`);
  return v;
}

/**
 * Live agent state in DynamoDB (key design in `agent-state.table.ts` and docs/agent-state.md).
 * Writes are conditional on event order, so concurrent writers, duplicates and stale events can
 * never roll an agent's state back; reads batch with BatchGetItem.
 */
export class AgentStateRepository {
  private readonly items: DynamoDbItems;
  private readonly ttlSeconds: number;
  private readonly maxWritesInFlight: number;
  private readonly maxConflictRetries: number;
  private readonly maxBatchGetAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly heartbeatWriteWindowMs: number;
  /**
   * Per agent key: `stored`, the item as this process last wrote or read it (so its write can be a
   * conditional UpdateItem of the changed attributes, with no read first), and `current`, the
   * reduced state including heartbeats not written (inside the window). `undefined` when disabled.
   */
  private readonly remembered: LRUCache<string, RememberedAgent> | undefined;
  /** Heartbeats stored many agents an item, and read back into every state this repository returns. */
  private readonly liveness: AgentLivenessLog;
  /** Lookup items (memberships, routing-profile names) written by this process: pk + sk → the agent expiry they were written for. */
  private readonly memberships = new Map<string, { readonly expiresAt: number; readonly written: Promise<void> }>();

  /** @throws RangeError when a numeric option is not a whole number in range (ttlSeconds, maxConflictRetries and backoffBaseMs may be 0, the others ≥ 1). */
  constructor(options: AgentStateRepositoryOptions) {
    // Every call's DynamoDB and network failures surface as UpstreamError('dynamodb') (UPSTREAM_FAILED).
    this.items = new DynamoDbItems(options.client, options.tableName);
    this.ttlSeconds = wholeNumber('ttlSeconds', options.ttlSeconds, DEFAULT_AGENT_STATE_TTL_SECONDS, 0);
    this.maxWritesInFlight = wholeNumber('maxWritesInFlight', options.maxWritesInFlight, 16, 1);
    this.maxConflictRetries = wholeNumber('maxConflictRetries', options.maxConflictRetries, 3, 0);
    this.maxBatchGetAttempts = wholeNumber('maxBatchGetAttempts', options.maxBatchGetAttempts, 8, 1);
    this.backoffBaseMs = wholeNumber('backoffBaseMs', options.backoffBaseMs, 50, 0);
    this.heartbeatWriteWindowMs = wholeNumber('heartbeatWriteWindowSeconds', options.heartbeatWriteWindowSeconds, DEFAULT_HEARTBEAT_WRITE_WINDOW_SECONDS, 0) * 1000;
    const remembered = wholeNumber('rememberedAgents', options.rememberedAgents, DEFAULT_AGENT_MEMORY_MAX_AGENTS, 0);
    this.remembered = remembered === 0 ? undefined : new LRUCache<string, RememberedAgent>({ max: remembered });
    const periodSeconds = wholeNumber('heartbeatPeriodSeconds', options.heartbeatPeriodSeconds, DEFAULT_AGENT_HEARTBEAT_PERIOD_SECONDS, 1);
    this.liveness = new AgentLivenessLog({
      items: this.items,
      horizonMs: (2 * periodSeconds + LIVENESS_HORIZON_SLACK_SECONDS) * 1000,
      maxWritesInFlight: this.maxWritesInFlight,
    });
  }

  /**
   * The states with each agent's newest heartbeat from the liveness log as `lastHeartbeatAt` where
   * it is newer than the item's, and as `lastEvent` where it was logged as the agent's newest event
   * and is newer than the item's (what the item would hold had the heartbeat been written to it).
   * One Query per instance of what was logged since this process last looked ({@link AgentLivenessLog.heardOf}).
   */
  private async withLoggedLiveness<S extends AgentState | null>(states: S[], onRequest?: AgentStateReadOptions['onRequest']): Promise<S[]> {
    const instances = [...new Set(states.flatMap((s) => (s === null ? [] : [s.instanceArn])))];
    if (instances.length === 0) return states;
    const heard = await this.liveness.heardOf(instances, onRequest);
    return states.map((state) => {
      if (state === null) return state;
      const logged = heard.get(state.instanceArn)?.get(state.agentId);
      if (logged === undefined || (state.lastHeartbeatAt !== null && Date.parse(state.lastHeartbeatAt) >= logged.heardAtMs)) return state;
      const at = new Date(logged.heardAtMs).toISOString();
      const event = logged.eventId === undefined ? undefined : { id: logged.eventId, type: 'HEART_BEAT', timestamp: at };
      return { ...state, lastHeartbeatAt: at, ...(event !== undefined && compareEventOrder(event, state.lastEvent) > 0 ? { lastEvent: event } : {}) };
    });
  }

  /**
   * The states of `keys`, in key order; null where an agent has no item. BatchGetItem in chunks of
   * 100 (duplicates read once), unprocessed keys retried with exponential back-off.
   * @param options.consistentRead - strongly consistent reads (default false: eventually consistent, half the cost).
   * @throws UpstreamError (`UPSTREAM_FAILED`) when DynamoDB fails, keeps returning unprocessed keys, or holds an unreadable item.
   */
  async getMany(keys: readonly AgentKey[], options: { consistentRead?: boolean } = {}): Promise<(AgentState | null)[]> {
    const items = await this.getItems(keys, options.consistentRead ?? false);
    return this.withLoggedLiveness(
      keys.map((key) => {
        const item = items.get(agentKeyString(key));
        return item ? stateFromItem(item) : null;
      }),
    );
  }

  /**
   * Whether the instance's partition holds any agent item: one Query of `pk = instanceArn` with
   * `Limit: 1` (strongly consistent, keys only). The warm start runs only for an instance without one.
   */
  async hasAgents(instanceArn: string): Promise<boolean> {
    const out = await this.items.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agent)',
      ExpressionAttributeValues: { ':pk': instanceArn, ':agent': AGENT_SK_PREFIX },
      ProjectionExpression: 'pk',
      ConsistentRead: true,
      Limit: 1,
    });
    return out.Items.length > 0;
  }

  /**
   * Writes states that did not come from agent events (the warm start's snapshots), each with the
   * ordering condition of the event path: a PutItem that succeeds only when the agent has no item or
   * its stored event order key is older than the state's `lastEvent`. An agent event stored
   * meanwhile with a newer timestamp is therefore never overwritten ('kept'), and later agent events
   * replace the written state by the same rule. Lookup items (queue memberships, routing-profile
   * names) are written first, as for events. At most `maxWritesInFlight` agents at a time.
   * @returns per state, in input order: 'written', or 'kept' when a newer state was already stored.
   * @throws UpstreamError ('dynamodb') when DynamoDB fails.
   */
  async putIfNewer(states: readonly AgentState[]): Promise<('written' | 'kept')[]> {
    return mapBounded(states, this.maxWritesInFlight, async (state) => {
      await this.ensureLookupItems(state, expiresAtOf(state, this.ttlSeconds));
      try {
        await this.items.put({
          Item: { ...itemFromState(state, this.ttlSeconds) },
          ConditionExpression: 'attribute_not_exists(pk) OR eventOrderKey < :order',
          ExpressionAttributeValues: { ':order': eventOrderKey(state.lastEvent) },
        });
        // The event path remembers stored items to write without reading: this one changed underneath it.
        this.remembered?.delete(agentKeyString({ instanceArn: state.instanceArn, agentId: state.agentId }));
        return 'written' as const;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'kept' as const;
        throw error;
      }
    });
  }

  /**
   * Applies each agent's events, collapsed: entries with the same key are merged and reduced in
   * memory (the pure reducer `applyEvents`), so an agent costs at most one write per call.
   * - Read: one BatchGetItem (strongly consistent) of the agents this process does not remember
   *   (see `rememberedAgents`); remembered agents are not read.
   * - Write, per agent: 'none' (duplicates, stale events) nothing; 'heartbeat' nothing while the
   *   stored liveness is inside `heartbeatWriteWindowSeconds`, else an UpdateItem of the ordering
   *   and liveness attributes; 'changed' an UpdateItem of the changed attributes (a PutItem for a
   *   new agent or an item of an older version). Every write is conditional on the item being the one
   *   reduced from, so a lost condition (another writer was faster, or the remembered item is out of
   *   date) is re-read and re-applied, up to `maxConflictRetries` times.
   * The result's `state` is the reduced state (with heartbeats not written yet). Never rejects: a
   * failing agent gets `error` in its result, in the order of `batch`.
   */
  async apply(batch: readonly AgentEventsBatchEntry[]): Promise<AgentStateApplyResult[]> {
    const groups = new Map<string, { key: AgentKey; events: AgentEventRecord[] }>();
    for (const entry of batch) {
      const id = agentKeyString(entry.key);
      const group = groups.get(id);
      if (group) group.events.push(...entry.events);
      else groups.set(id, { key: entry.key, events: [...entry.events] });
    }
    const unique = [...groups.values()];
    let stored: Map<string, Item>;
    try {
      // Agents this process remembers need no read: their write is conditional on what it remembers.
      stored = await this.getItems(
        unique.map((g) => g.key).filter((key) => this.remembered?.has(agentKeyString(key)) !== true),
        true,
      );
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return batch.map((entry) => ({ key: entry.key, change: 'none', state: null, before: null, error: failure }));
    }
    const pending = await mapBounded(unique, this.maxWritesInFlight, (group) => {
      const id = agentKeyString(group.key);
      const read = stored.get(id);
      const known = this.remembered?.get(id);
      const base: RememberedAgent | undefined = known ?? (read === undefined ? undefined : { stored: read, current: stateFromItem(read) });
      return this.applyOne(group.key, group.events, base);
    });
    const results = await this.logHeartbeats(pending);
    const byKey = new Map(results.map((r) => [agentKeyString(r.key), r]));
    return batch.map((entry) => ({ ...(byKey.get(agentKeyString(entry.key)) as AgentStateApplyResult), key: entry.key }));
  }

  /**
   * One page of an instance's agents, by agent id (Query on the table's partition).
   * @param options.limit - at most this many agents (a page also ends at DynamoDB's 1 MB).
   * @param options.exclusiveStartKey - `lastEvaluatedKey` of the previous page.
   */
  async listByInstance(
    instanceArn: string,
    options: { limit?: number; exclusiveStartKey?: AgentKey | null; onRequest?: AgentStateReadOptions['onRequest'] } = {},
  ): Promise<AgentStatePage> {
    const out = await this.items.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agent)',
      ExpressionAttributeValues: { ':pk': instanceArn, ':agent': AGENT_SK_PREFIX },
      Limit: options.limit,
      ExclusiveStartKey: options.exclusiveStartKey ? { ...agentItemKey(options.exclusiveStartKey) } : undefined,
    });
    options.onRequest?.('Query', out.Items.length);
    const last = out.LastEvaluatedKey as ItemKey | undefined;
    return { states: await this.withLoggedLiveness(out.Items.map(stateFromItem), options.onRequest), lastEvaluatedKey: last ? agentKeyOfItem(last) : null };
  }

  /**
   * Every agent whose routing profile is `routingProfile` (its ARN, i.e. `arn:…`, or its name), by
   * instance and agent id. A name's profiles come from a Query of its name items (`RPNAME#<name>`); each
   * profile's agents from a Query of the `byRoutingProfile` GSI (keys only, all pages), and their
   * items from BatchGetItem. The states are checked against the filter as read, so an agent that
   * moved to another profile since the (eventually consistent) index was updated is left out.
   */
  async listByRoutingProfile(routingProfile: string, options: AgentStateReadOptions = {}): Promise<AgentState[]> {
    const named = routingProfile.startsWith('arn:')
      ? [routingProfile]
      : (
          await this.queryLookup(`${ROUTING_PROFILE_NAME_PK_PREFIX}${routingProfile}`, options)
        ).map(routingProfileArnOfMembership);
    const profileArns = named.filter((arn) => inInstances(arn, options.instanceArns));
    const states = await this.statesOfProfiles(profileArns, options);
    return states.filter((s) => matchesAgentFilter(s, { routingProfile })).sort(byAgentKey);
  }

  /**
   * The agents a queue filter matches, for each of `queues` (an ARN or a name each), in input order,
   * each list by instance and agent id: agents whose routing profile takes contacts from the queue,
   * or who hold a contact from it (`matchesAgentFilter`). Per queue one Query of its memberships
   * (`QUEUE#<ref>`, all pages) names the routing profiles; each profile of the union is read once
   * (GSI Query, then BatchGetItem of the union of agents, 100 keys a call). Memberships are never
   * deleted (a profile may drop a queue; they expire with TTL), so every state read is checked
   * against the filter: a stale membership costs reads but never shows an agent in a queue it left.
   */
  async listByQueues(queues: readonly string[], options: AgentStateReadOptions = {}): Promise<AgentState[][]> {
    const profilesPerQueue = await mapBounded(queues, READS_IN_FLIGHT, async (queue) =>
      (
        await this.queryLookup(`${QUEUE_PK_PREFIX}${queue}`, options)
      )
        .map(routingProfileArnOfMembership)
        .filter((arn) => inInstances(arn, options.instanceArns)),
    );
    const states = await this.statesOfProfiles(profilesPerQueue.flat(), options);
    return queues.map((queue, i) => {
      const profiles = new Set(profilesPerQueue[i]);
      return states.filter((s) => s.routingProfile !== null && profiles.has(s.routingProfile.arn) && matchesAgentFilter(s, { queue }));
    });
  }

  /** {@link listByQueues} of one queue (ARN or name). */
  async listByQueue(queue: string, options: AgentStateReadOptions = {}): Promise<AgentState[]> {
    const [states] = await this.listByQueues([queue], options);
    return states ?? [];
  }

  /**
   * Every agent of every instance (or of `options.instanceArns`), by instance and agent id. Without
   * instances a paginated Scan of the whole table (agent items only), meant for an unfiltered list;
   * with instances a paginated Query of each instance's partition.
   */
  async listAll(options: AgentStateReadOptions = {}): Promise<AgentState[]> {
    if (options.instanceArns) {
      const perInstance = await mapBounded(options.instanceArns, READS_IN_FLIGHT, async (instanceArn) => {
        const states: AgentState[] = [];
        let start: AgentKey | null = null;
        do {
          const page: AgentStatePage = await this.listByInstance(instanceArn, { exclusiveStartKey: start, onRequest: options.onRequest });
          states.push(...page.states);
          start = page.lastEvaluatedKey;
        } while (start);
        return states;
      });
      return perInstance.flat().sort(byAgentKey);
    }
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.items.scan({
        FilterExpression: 'entity = :agent',
        ExpressionAttributeValues: { ':agent': 'agent' },
        ExclusiveStartKey: start,
      });
      options.onRequest?.('Scan', out.Items.length);
      items.push(...out.Items);
      start = out.LastEvaluatedKey;
    } while (start);
    return (await this.withLoggedLiveness(items.map(stateFromItem), options.onRequest)).sort(byAgentKey);
  }

  /**
   * The items of a lookup partition (memberships, routing-profile names): all of them for every
   * instance; with instances, one Query per instance of only its routing profiles (`sk` starts with
   * `RP#<instanceArn>/`), so another instance's lookups are never read.
   */
  private async queryLookup(pk: string, options: AgentStateReadOptions): Promise<Item[]> {
    if (options.instanceArns === undefined) {
      return this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }, options.onRequest);
    }
    const perInstance = await mapBounded([...new Set(options.instanceArns)], READS_IN_FLIGHT, (instanceArn) =>
      this.queryAll(
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rp)',
          ExpressionAttributeValues: { ':pk': pk, ':rp': `${ROUTING_PROFILE_SK_PREFIX}${instanceArn}/` },
        },
        options.onRequest,
      ),
    );
    return perInstance.flat();
  }

  /** The current states of the agents the index lists under any of `profileArns` (duplicates read once), by instance and agent id. */
  private async statesOfProfiles(profileArns: readonly string[], options: AgentStateReadOptions): Promise<AgentState[]> {
    const keysPerProfile = await mapBounded([...new Set(profileArns)], READS_IN_FLIGHT, async (rp) =>
      (
        await this.queryAll(
          {
            IndexName: ROUTING_PROFILE_INDEX,
            KeyConditionExpression: 'routingProfileArn = :rp',
            ExpressionAttributeValues: { ':rp': rp },
          },
          options.onRequest,
        )
      ).map((item) => agentKeyOfItem(item as unknown as ItemKey)),
    );
    const keys = keysPerProfile.flat().filter((k) => options.instanceArns === undefined || options.instanceArns.includes(k.instanceArn));
    const items = await this.getItems(keys, false, options.onRequest);
    return (await this.withLoggedLiveness([...items.values()].map(stateFromItem), options.onRequest)).sort(byAgentKey);
  }

  private async queryAll(input: QueryInput, onRequest?: AgentStateReadOptions['onRequest']): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.items.query({ ...input, ExclusiveStartKey: start });
      onRequest?.('Query', out.Items.length);
      items.push(...out.Items);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Raw items by key string; absent keys are missing from the map. */
  private async getItems(keys: readonly AgentKey[], consistentRead: boolean, onRequest?: AgentStateReadOptions['onRequest']): Promise<Map<string, Item>> {
    const unique = [...new Map(keys.map((k) => [agentKeyString(k), k])).values()];
    const chunks: AgentKey[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX_KEYS) chunks.push(unique.slice(i, i + BATCH_GET_MAX_KEYS));
    const found = new Map<string, Item>();
    await mapBounded(chunks, READS_IN_FLIGHT, async (chunk) => {
      let pending: Item[] = chunk.map((k) => ({ ...agentItemKey(k) }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > this.maxBatchGetAttempts) {
          throw new UpstreamError(
            'dynamodb',
            `BatchGetItem on ${this.items.tableName} left ${pending.length} keys unprocessed after ${this.maxBatchGetAttempts} attempts (throttled)`,
          );
        }
        if (attempt > 1) await sleep(this.backoffMs(attempt - 1));
        const out = await this.items.batchGet(pending, consistentRead);
        onRequest?.('BatchGetItem', out.items.length);
        for (const item of out.items) found.set(agentKeyString(agentKeyOfItem(item as unknown as ItemKey)), item);
        pending = out.unprocessedKeys;
      }
    });
    return found;
  }

  private backoffMs(retry: number): number {
    const ceiling = Math.min(MAX_BACKOFF_MS, this.backoffBaseMs * 2 ** (retry - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private async applyOne(key: AgentKey, events: readonly AgentEventRecord[], remembered: RememberedAgent | undefined): Promise<PendingApply> {
    const id = agentKeyString(key);
    let base = remembered;
    let before: AgentState | null = null;
    try {
      for (const event of events) {
        const eventKey = agentKeyOf(event);
        if (eventKey.instanceArn !== key.instanceArn || eventKey.agentId !== key.agentId) {
          throw new AgentStateError('AGENT_MISMATCH', `Event ${event.EventId} is about agent ${eventKey.agentId} of ${eventKey.instanceArn}, not ${key.agentId} of ${key.instanceArn}.`);
        }
      }
      for (let round = 0; ; round += 1) {
        before = base?.current ?? null;
        const { state, change } = applyEvents(before, events);
        if (change === 'none' || state === null) return { result: { key, change: 'none', state: before, before } };
        if (base !== undefined && change === 'heartbeat' && this.heartbeatWriteSkippable(base, state)) {
          // Nothing visible moved and the stored liveness is recent enough: remember, do not write.
          this.remembered?.set(id, { ...base, current: state });
          return { result: { key, change, state, before, heartbeatDeferred: true } };
        }
        if (base !== undefined && change === 'heartbeat' && base.stored.itemVersion === AGENT_ITEM_VERSION && state.lastHeartbeatAt !== null && (state.lastEvent.type === 'HEART_BEAT' || state.lastEvent.id === base.current.lastEvent.id)) {
          // Only a heartbeat moved (the newest event is a heartbeat, or a late heartbeat raised lastHeartbeatAt):
          // to the liveness log with the call's other heartbeats (logHeartbeats), not to the item.
          return { result: { key, change, state, before, heartbeatLogged: true }, logMs: Date.parse(state.lastHeartbeatAt), base };
        }
        try {
          const written = await this.write(base?.stored, state);
          this.remembered?.set(id, { stored: written, current: state });
          return { result: { key, change, state, before } };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          this.remembered?.delete(id);
          if (round >= this.maxConflictRetries) {
            throw new AgentStateRepositoryError(
              'WRITE_CONFLICT',
              `Agent ${key.agentId}: other writers won the conditional write ${round + 1} times in a row; the events should be retried.`,
            );
          }
        }
        // Another writer stored something since our read (or since we remembered it): read it and reduce again.
        const item = await this.items.get({ Key: { ...agentItemKey(key) }, ConsistentRead: true });
        base = item === undefined ? undefined : { stored: item, current: stateFromItem(item) };
      }
    } catch (error) {
      this.remembered?.delete(id);
      return { result: { key, change: 'none', state: before, before, error: error instanceof Error ? error : new Error(String(error)) } };
    }
  }

  /**
   * Writes the heartbeats {@link applyOne} left for the liveness log, per instance (a few agents an
   * item), and remembers them as logged. When an instance's write fails its agents' results carry
   * the error (and are forgotten), so the transport retries their events.
   */
  private async logHeartbeats(pending: readonly PendingApply[]): Promise<AgentStateApplyResult[]> {
    const byInstance = new Map<string, PendingApply[]>();
    for (const p of pending) {
      if (p.logMs === undefined) continue;
      const list = byInstance.get(p.result.key.instanceArn);
      if (list) list.push(p);
      else byInstance.set(p.result.key.instanceArn, [p]);
    }
    const failed = new Map<PendingApply, Error>();
    await Promise.all(
      [...byInstance].map(async ([instanceArn, list]) => {
        try {
          await this.liveness.record(
            instanceArn,
            list.map((p) => ({
              agentId: p.result.key.agentId,
              heardAtMs: p.logMs as number,
              // The heartbeat is the newest event: readers take it as lastEvent too (see AgentLivenessLog).
              ...(p.result.state?.lastEvent.type === 'HEART_BEAT' ? { eventId: p.result.state.lastEvent.id } : {}),
            })),
          );
          for (const p of list) {
            if (p.base && p.result.state) this.remembered?.set(agentKeyString(p.result.key), { stored: p.base.stored, current: p.result.state, loggedMs: p.logMs });
          }
        } catch (error) {
          for (const p of list) {
            this.remembered?.delete(agentKeyString(p.result.key));
            failed.set(p, error instanceof Error ? error : new Error(String(error)));
          }
        }
      }),
    );
    return pending.map((p) => {
      const error = failed.get(p);
      return error === undefined ? p.result : { key: p.result.key, change: 'none', state: p.result.before, before: p.result.before, error };
    });
  }

  /**
   * True when a heartbeat-only state need not be written over `stored`: the agent is logged out
   * (Connect sends heartbeats for up to an hour after a logout; no reader needs their times, since a
   * logged-out agent is never stale), or its liveness is less than the window newer than the stored
   * liveness (the item's, or what this process put in the liveness log since).
   */
  private heartbeatWriteSkippable(base: RememberedAgent, state: AgentState): boolean {
    if (this.heartbeatWriteWindowMs === 0) return false;
    if (!isLoggedIn(state)) return true;
    const stored = base.stored;
    const itemLiveness = lastHeardOfMs({ lastEvent: stored.lastEvent as AgentState['lastEvent'], lastHeartbeatAt: (stored.lastHeartbeatAt as string | undefined) ?? null });
    return lastHeardOfMs(state) - Math.max(itemLiveness, base.loggedMs ?? 0) < this.heartbeatWriteWindowMs;
  }

  /**
   * Writes a reduced state over the item it was reduced from, and returns the item now stored.
   * - No stored item: a PutItem of the whole item, only if there still is none.
   * - A stored item of the current version: an UpdateItem that SETs only the attributes that
   *   differ (a heartbeat: `lastEvent`, `eventOrderKey`, `lastHeartbeatAt`, `expiresAt`; a visible
   *   change also `body`, and `routingProfileArn` when the profile changed), only if the item is still
   *   the one reduced from (same `eventOrderKey` and `lastHeartbeatAt`), so no concurrent write is
   *   ever overwritten or rolled back.
   * - An item of an older version: a PutItem of the whole item under the same condition.
   * @throws ConditionalCheckFailedException when another writer changed the item in between.
   */
  private async write(stored: Item | undefined, state: AgentState): Promise<Item> {
    const item = { ...itemFromState(state, this.ttlSeconds) } as Item;
    await this.ensureLookupItems(state, item.expiresAt as number);
    if (stored === undefined) {
      await this.items.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
      return item;
    }
    const storedHeartbeat = stored.lastHeartbeatAt as string | undefined;
    const condition = `eventOrderKey = :read AND ${storedHeartbeat === undefined ? 'attribute_not_exists(lastHeartbeatAt)' : 'lastHeartbeatAt = :readHb'}`;
    const conditionValues = { ':read': stored.eventOrderKey, ...(storedHeartbeat === undefined ? {} : { ':readHb': storedHeartbeat }) };
    if (stored.itemVersion !== AGENT_ITEM_VERSION) {
      await this.items.put({ Item: item, ConditionExpression: condition, ExpressionAttributeValues: conditionValues });
      return item;
    }
    const { set, remove } = changedAttributes(stored, item);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ...conditionValues };
    const assignments = Object.entries(set).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const removals = remove.map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    if (assignments.length === 0 && removals.length === 0) return stored;
    await this.items.update({
      Key: { ...agentItemKey(state) },
      UpdateExpression: [assignments.length > 0 ? `SET ${assignments.join(', ')}` : '', removals.length > 0 ? `REMOVE ${removals.join(', ')}` : ''].join(' ').trim(),
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    const now: Item = { ...stored, ...set };
    for (const name of remove) delete now[name];
    return now;
  }

  /**
   * Puts the lookup items of a state (queue memberships by queue ARN and name, the routing
   * profile's name item: {@link lookupItemKeysOf}) that this process has not written, or not
   * recently. They are written with an expiry one refresh period past the agent's, so a membership
   * always outlives the agent items it leads to.
   */
  private async ensureLookupItems(state: AgentState, expiresAt: number): Promise<void> {
    if (this.memberships.size > MEMBERSHIP_MEMO_MAX_ENTRIES) this.memberships.clear();
    const writes: Promise<void>[] = [];
    for (const { key, item } of lookupItemKeysOf(state)) {
      const memoKey = `${key.pk}\u0000${key.sk}`;
      const known = this.memberships.get(memoKey);
      if (known && known.expiresAt + MEMBERSHIP_REFRESH_SECONDS >= expiresAt) {
        writes.push(known.written);
        continue;
      }
      const itemExpiresAt = expiresAt + MEMBERSHIP_REFRESH_SECONDS;
      const entry = {
        expiresAt,
        written: this.items
          .put({
            Item: item(itemExpiresAt),
            // Never shorten the life another writer gave the item.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :expires',
            ExpressionAttributeValues: { ':expires': itemExpiresAt },
          })
          .then(
            () => undefined,
            (error: unknown) => {
              if (error instanceof ConditionalCheckFailedException) return; // it exists and lives longer: fine
              if (this.memberships.get(memoKey) === entry) this.memberships.delete(memoKey);
              throw error;
            },
          ),
      };
      this.memberships.set(memoKey, entry);
      writes.push(entry.written);
    }
    await Promise.all(writes);
  }
}
