import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { mapBounded } from '../domain/map-bounded';
import type { DynamoDbItems } from './dynamodb-items';

/**
 * The liveness log: heartbeats that change nothing visible, stored many agents to an item instead
 * of one agent item write each.
 *
 * Why: a heartbeat only proves the agent is still there (it carries the same snapshot). Written to
 * the agent's item it costs a whole write (1 WCU) for a few bytes; and by Amazon Connect's own rule a
 * HEART_BEAT comes only after 120 s without any other event, so nearly every one would have to be
 * written for `AgentState.stale` to stay right. Here the heartbeats of one ingest call (one Kinesis
 * batch) that need storing go into as few new items as fit under 1 KB — one write unit for a dozen
 * agents or more — and readers take, per agent, the newer of its item's liveness and the log's.
 *
 * Items (in the agent-state table, a partition per instance, never in the routing-profile index):
 *
 * | `pk` | `sk` | attributes |
 * | --- | --- | --- |
 * | `LIVENESS#<instanceArn>` | `<written at, ISO UTC>#<random>` | `entity: 'liveness'`, `heard`: agent id → heartbeat, `expiresAt` |
 *
 * A heartbeat in `heard` is its time in epoch ms (a number), or `<epoch ms>#<EventId>` (a string)
 * when it was the agent's newest event: readers then also take it as the agent's `lastEvent`, as if
 * it had been written to the agent's item.
 *
 * Readers Query the items written within the horizon (`sk >= now - horizon`); an item is never
 * updated, so writers never contend. `expiresAt` (TTL) removes them well after the horizon.
 */

/** Partition-key prefix of liveness-log items. */
export const LIVENESS_PK_PREFIX = 'LIVENESS#';
/** DynamoDB bills a write per started KB: an item is filled up to this size (estimated from above). */
const ITEM_BYTES_BUDGET = 1_000;
/** Bytes of an item besides its entries: key, entity, expiresAt, the map's own overhead (estimated from above). */
const ITEM_FIXED_BYTES = 64;
/** Items are kept this long past the horizon before TTL may delete them (TTL deletion lags; readers bound by `sk`). */
const EXPIRY_PAST_HORIZON_SECONDS = 3_600;

/** One agent heard of at a time. */
export interface LivenessEntry {
  readonly agentId: string;
  /** The heartbeat's time, epoch ms. */
  readonly heardAtMs: number;
  /** The heartbeat's EventId, when it is the agent's newest event (else absent: only `lastHeartbeatAt` moves). */
  readonly eventId?: string;
}

/** How to build an {@link AgentLivenessLog}. */
export interface AgentLivenessLogOptions {
  /** The agent-state table's calls. */
  readonly items: DynamoDbItems;
  /** How far back readers look, ms: at least twice the heartbeat period (after that an agent is stale whatever the log says). */
  readonly horizonMs: number;
  /** Items written at the same time by one `record` call, at most (a burst of heartbeats is never written all at once). @default 16 */
  readonly maxWritesInFlight?: number;
  /** The clock, epoch ms. @default Date.now */
  readonly now?: () => number;
}

/** Estimated stored size of one `heard` entry (from above): name bytes, a number of 13 digits or the `<ms>#<id>` string, per-element overhead. */
const entryBytes = (e: LivenessEntry): number => Buffer.byteLength(e.agentId, 'utf8') + (e.eventId === undefined ? 8 : 14 + Buffer.byteLength(e.eventId, 'utf8')) + 4;

/** The stored form of an entry's heartbeat (see the module comment). */
const heardValue = (e: LivenessEntry): number | string => (e.eventId === undefined ? e.heardAtMs : `${e.heardAtMs}#${e.eventId}`);

/** An entry read back from its stored form; undefined for a value this code does not read. */
function entryOf(agentId: string, value: unknown): LivenessEntry | undefined {
  if (typeof value === 'number') return { agentId, heardAtMs: value };
  if (typeof value !== 'string') return undefined;
  const hash = value.indexOf('#');
  const heardAtMs = Number(value.slice(0, hash));
  return hash > 0 && Number.isFinite(heardAtMs) ? { agentId, heardAtMs, eventId: value.slice(hash + 1) } : undefined;
}

/** The newer of two entries of one agent: later time; at the same time, the one naming its event. */
const newer = (a: LivenessEntry | undefined, b: LivenessEntry): boolean =>
  a === undefined || a.heardAtMs < b.heardAtMs || (a.heardAtMs === b.heardAtMs && a.eventId === undefined && b.eventId !== undefined);

/**
 * The entries cut into groups that each fit one item under {@link ITEM_BYTES_BUDGET} together with
 * the item's key (`keyBytes`). One agent appears once per group (its newest time).
 */
export function livenessChunks(entries: readonly LivenessEntry[], keyBytes: number): LivenessEntry[][] {
  const newest = new Map<string, LivenessEntry>();
  for (const e of entries) if (newer(newest.get(e.agentId), e)) newest.set(e.agentId, e);
  const chunks: LivenessEntry[][] = [];
  let chunk: LivenessEntry[] = [];
  let bytes = ITEM_FIXED_BYTES + keyBytes;
  for (const entry of newest.values()) {
    const size = entryBytes(entry);
    if (chunk.length > 0 && bytes + size > ITEM_BYTES_BUDGET) {
      chunks.push(chunk);
      chunk = [];
      bytes = ITEM_FIXED_BYTES + keyBytes;
    }
    chunk.push(entry);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Called once per DynamoDB request a read makes (for request stats). */
export type OnLivenessRequest = (operation: 'Query', items: number) => void;

/** Agent id → its newest heartbeat in the log, for one instance. */
export type LivenessByAgent = ReadonlyMap<string, LivenessEntry>;

/**
 * A reader's next Query starts this long before its previous one did: items are keyed by their
 * writer's clock and become visible a moment after it, and merging an item twice is harmless.
 */
const REREAD_OVERLAP_MS = 15_000;

/** A logged heartbeat as a reader keeps it, with when the item holding it was written (epoch ms). */
interface Heard extends LivenessEntry {
  readonly writtenMs: number;
}

/** What a process knows of one instance's log. */
interface InstanceLog {
  readonly heard: Map<string, Heard>;
  /** When the last completed Query started (its writer-clock lower bound is this minus the overlap). */
  readUpToMs?: number;
  inFlight?: Promise<void>;
}

/**
 * Reads and writes the liveness log (see the module comment). Each read brings the process's copy
 * of an instance's log up to date with one Query of the items written since its previous read (a
 * few KB; strongly consistent, so a heartbeat logged by another process before the read is seen),
 * the first read of an instance with the whole horizon. This process's own writes count at once.
 */
export class AgentLivenessLog {
  private readonly items: DynamoDbItems;
  private readonly horizonMs: number;
  private readonly maxWritesInFlight: number;
  private readonly now: () => number;
  private readonly logs = new LRUCache<string, InstanceLog>({ max: 1_000 });

  constructor(options: AgentLivenessLogOptions) {
    this.items = options.items;
    this.horizonMs = options.horizonMs;
    this.maxWritesInFlight = Math.max(1, options.maxWritesInFlight ?? 16);
    this.now = options.now ?? Date.now;
  }

  /**
   * Stores that these agents of `instanceArn` were heard of: new items of up to ~1 KB each, at most
   * `maxWritesInFlight` written at a time.
   * @throws UpstreamError ('dynamodb') when a write fails (the caller retries the heartbeats).
   */
  async record(instanceArn: string, entries: readonly LivenessEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const pk = `${LIVENESS_PK_PREFIX}${instanceArn}`;
    const nowMs = this.now();
    const sk = (): string => `${new Date(nowMs).toISOString()}#${randomBytes(6).toString('hex')}`;
    const expiresAt = Math.floor((nowMs + this.horizonMs) / 1000) + EXPIRY_PAST_HORIZON_SECONDS;
    const keyBytes = Buffer.byteLength(pk, 'utf8') + sk().length;
    await mapBounded(livenessChunks(entries, keyBytes), this.maxWritesInFlight, (chunk) =>
      this.items.put({
        Item: { pk, sk: sk(), entity: 'liveness', heard: Object.fromEntries(chunk.map((e) => [e.agentId, heardValue(e)])), expiresAt },
      }),
    );
    const known = this.logs.peek(instanceArn);
    if (known !== undefined) mergeNewest(known.heard, entries, nowMs);
  }

  /**
   * The newest logged heartbeat per agent of each instance, within the horizon, brought up to date
   * first (one Query per instance, all pages; `onRequest` is called per page).
   * @throws UpstreamError ('dynamodb') when DynamoDB fails.
   */
  async heardOf(instanceArns: readonly string[], onRequest?: OnLivenessRequest): Promise<Map<string, LivenessByAgent>> {
    const unique = [...new Set(instanceArns)];
    const logs = await Promise.all(unique.map(async (arn) => [arn, await this.refreshed(arn, onRequest)] as const));
    return new Map(logs.map(([arn, log]) => [arn, log.heard]));
  }

  /** The instance's log after a read of what was written since the previous one (a read in flight is shared). */
  private async refreshed(instanceArn: string, onRequest: OnLivenessRequest | undefined): Promise<InstanceLog> {
    let log = this.logs.get(instanceArn);
    if (log === undefined) {
      log = { heard: new Map() };
      this.logs.set(instanceArn, log);
    }
    if (log.inFlight === undefined) {
      const target = log;
      const startedMs = this.now();
      const horizonStartMs = startedMs - this.horizonMs;
      const sinceMs = target.readUpToMs === undefined ? horizonStartMs : Math.max(horizonStartMs, target.readUpToMs - REREAD_OVERLAP_MS);
      target.inFlight = this.read(instanceArn, sinceMs, onRequest)
        .then((items) => {
          for (const item of items) mergeNewest(target.heard, item.entries, item.writtenMs);
          // What a fresh read would no longer see (by write time: replayed history keeps its old event times).
          for (const [agentId, heard] of target.heard) if (heard.writtenMs < horizonStartMs) target.heard.delete(agentId);
          target.readUpToMs = startedMs;
        })
        .finally(() => {
          target.inFlight = undefined;
        });
    }
    await log.inFlight;
    return log;
  }

  private async read(instanceArn: string, sinceMs: number, onRequest: OnLivenessRequest | undefined): Promise<{ writtenMs: number; entries: LivenessEntry[] }[]> {
    const items: { writtenMs: number; entries: LivenessEntry[] }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.items.query({
        KeyConditionExpression: 'pk = :pk AND sk >= :since',
        ExpressionAttributeValues: { ':pk': `${LIVENESS_PK_PREFIX}${instanceArn}`, ':since': new Date(sinceMs).toISOString() },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      });
      onRequest?.('Query', out.Items.length);
      for (const item of out.Items) {
        const entries: LivenessEntry[] = [];
        for (const [agentId, value] of Object.entries((item.heard ?? {}) as Record<string, unknown>)) {
          const entry = entryOf(agentId, value);
          if (entry !== undefined) entries.push(entry);
        }
        const writtenMs = Date.parse(String(item.sk).split('#')[0] ?? '');
        items.push({ writtenMs: Number.isNaN(writtenMs) ? sinceMs : writtenMs, entries });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function mergeNewest(into: Map<string, Heard>, entries: readonly LivenessEntry[], writtenMs: number): void {
  for (const entry of entries) {
    const known = into.get(entry.agentId);
    if (known === undefined || newer(known, entry)) into.set(entry.agentId, { ...entry, writtenMs });
    else if (known.heardAtMs === entry.heardAtMs && known.writtenMs < writtenMs) into.set(entry.agentId, { ...known, writtenMs });
  }
}
