import { Redis } from 'ioredis';
import type { PubSub } from 'type-graphql';
import { BoundedQueue } from './bounded-queue';
import { stampReceived } from './publish-time';
import { Topic, type AgentStateChangedPayload, type QueueRealtimeChangedPayload } from './topics';

/** Publish/subscribe shared by resolvers (subscribe) and the ingest path (publish). */
export interface AppPubSub {
  /**
   * For type-graphql's `buildSchema({ pubSub })`. Every subscription gets its own bounded queue of
   * `maxPendingChanges`; a subscriber that falls further behind gets a `SubscriberTooSlowError`.
   */
  readonly pubSub: PubSub;
  /** `memory` (this process only) or `redis` (every instance on the same Redis). */
  readonly kind: 'memory' | 'redis';
  /** Delivers a change to every subscriber (of every instance, with Redis); resolves once Redis took it. */
  publishAgentStateChanged(payload: AgentStateChangedPayload): void | Promise<void>;
  /** Tells every subscriber of the queue that its live contact counts changed. */
  publishQueueRealtimeChanged(payload: QueueRealtimeChangedPayload): void | Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createAppPubSub}. */
export interface AppPubSubOptions {
  /** e.g. `redis://127.0.0.1:6379`; absent → in-process. */
  readonly redisUrl?: string;
  /** Changes one subscription may have waiting before it is dropped as too slow. @default {@link DEFAULT_MAX_PENDING_CHANGES} */
  readonly maxPendingChanges?: number;
  /** Redis trouble after start-up (a failed SUBSCRIBE, an unreadable message); the pub/sub keeps going. @default ignore */
  readonly onError?: (error: Error) => void;
}

/**
 * Default queue length of one subscription: above the largest burst one ingest can publish at once
 * (a 5 MiB `/ingest` body holds about 4,000 events; a Kinesis batch at most 10,000 records), so a
 * subscriber that keeps reading is never dropped for a burst.
 */
export const DEFAULT_MAX_PENDING_CHANGES = 10_000;

type Listener = (payload: unknown) => void;

/** Topic fan-out: in-process, or through Redis channels. */
interface FanOut {
  /** Adds a listener (it must not throw); returns its removal. */
  listen(topic: string, listener: Listener): () => void;
  publish(topic: string, payload: unknown): void | Promise<void>;
}

/** Listeners by topic; `onFirst`/`onLast` tell when a topic gains its first or loses its last listener. */
class ListenerRegistry {
  private readonly byTopic = new Map<string, Set<Listener>>();

  constructor(private readonly hooks: { onFirst?: (topic: string) => void; onLast?: (topic: string) => void } = {}) {}

  add(topic: string, listener: Listener): () => void {
    let listeners = this.byTopic.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.byTopic.set(topic, listeners);
      this.hooks.onFirst?.(topic);
    }
    listeners.add(listener);
    return () => {
      const current = this.byTopic.get(topic);
      if (!current?.delete(listener) || current.size > 0) return;
      this.byTopic.delete(topic);
      this.hooks.onLast?.(topic);
    };
  }

  deliver(topic: string, payload: unknown): void {
    stampReceived(payload);
    // A listener removed during delivery (its queue overflowed) is skipped by the Set iteration.
    for (const listener of this.byTopic.get(topic) ?? []) listener(payload);
  }
}

/**
 * type-graphql's PubSub over a fan-out: `subscribe` gives each subscription a {@link BoundedQueue}, so
 * a publish never blocks, never throws and never grows memory without bound, however slow a subscriber.
 */
function boundedPubSub(fanOut: FanOut, maxPendingChanges: number, onError: (error: Error) => void): PubSub {
  const topicOf = (routingKey: string, id?: unknown) => (id === undefined ? routingKey : `${routingKey}:${String(id)}`);
  return {
    publish(routingKey: string, ...args: unknown[]): void {
      const published = args.length > 1 ? fanOut.publish(topicOf(routingKey, args[0]), args[1]) : fanOut.publish(routingKey, args[0] ?? null);
      if (published) published.catch((error: unknown) => onError(error as Error));
    },
    subscribe(routingKey: string, dynamicId?: unknown): AsyncIterable<unknown> {
      // onEnd runs on overflow or return, both after listen() returned.
      const queue = new BoundedQueue<unknown>({ capacity: maxPendingChanges, onEnd: () => stopListening() });
      const stopListening = fanOut.listen(topicOf(routingKey, dynamicId), (payload) => queue.push(payload));
      return queue;
    },
  };
}

function memoryFanOut(): FanOut {
  const registry = new ListenerRegistry();
  return {
    listen: (topic, listener) => registry.add(topic, listener),
    publish: (topic, payload) => registry.deliver(topic, payload),
  };
}

/** Channel = topic, message = JSON of the payload (the format `createRedisPublisher` writes too). */
function redisFanOut(publishClient: Redis, subscribeClient: Redis, onError: (error: Error) => void): FanOut {
  const registry = new ListenerRegistry({
    onFirst: (topic) => void subscribeClient.subscribe(topic).catch((error: unknown) => onError(new Error(`Redis SUBSCRIBE ${topic} failed: ${(error as Error).message}`))),
    onLast: (topic) => void subscribeClient.unsubscribe(topic).catch((error: unknown) => onError(new Error(`Redis UNSUBSCRIBE ${topic} failed: ${(error as Error).message}`))),
  });
  subscribeClient.on('message', (channel: string, message: string) => {
    let payload: unknown;
    try {
      payload = message === '' ? null : JSON.parse(message);
    } catch (error) {
      onError(new Error(`unreadable message on Redis channel ${channel}: ${(error as Error).message}`));
      return;
    }
    registry.deliver(channel, payload);
  });
  return {
    listen: (topic, listener) => registry.add(topic, listener),
    publish: async (topic, payload) => {
      await publishClient.publish(topic, payload === undefined ? '' : JSON.stringify(payload));
    },
  };
}

/**
 * Creates the pub/sub: in-process by default; with a Redis URL, events go through Redis pub/sub so
 * that every server instance delivers every change to its own subscribers (and a Lambda can publish).
 * Each subscription holds at most `maxPendingChanges` undelivered changes (see {@link BoundedQueue}).
 * @throws Error naming the URL when Redis cannot be reached at start-up.
 */
export async function createAppPubSub(options: AppPubSubOptions = {}): Promise<AppPubSub> {
  const maxPendingChanges = options.maxPendingChanges ?? DEFAULT_MAX_PENDING_CHANGES;
  const onError = options.onError ?? (() => undefined);
  if (!options.redisUrl) {
    const fanOut = memoryFanOut();
    return {
      pubSub: boundedPubSub(fanOut, maxPendingChanges, onError),
      kind: 'memory',
      publishAgentStateChanged: (payload) => fanOut.publish(Topic.AgentStateChanged, payload),
      publishQueueRealtimeChanged: (payload) => fanOut.publish(Topic.QueueRealtimeChanged, payload),
      close: async () => undefined,
    };
  }
  const redisOptions = { maxRetriesPerRequest: 2, connectTimeout: 2_000, lazyConnect: true };
  const publishClient = new Redis(options.redisUrl, redisOptions);
  const subscribeClient = new Redis(options.redisUrl, redisOptions);
  // Connect (and pass the ready check) before anything subscribes: a SUBSCRIBE queued ahead of the
  // ready check's INFO puts the connection in subscriber mode and fails the check.
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (error) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw new Error(`REDIS_URL ${options.redisUrl} is not reachable: ${(error as Error).message}`);
  }
  // ioredis emits 'error' while it reconnects (and prints it to stderr when nobody listens): report it instead.
  for (const client of [publishClient, subscribeClient]) client.on('error', (error: Error) => onError(error));
  const fanOut = redisFanOut(publishClient, subscribeClient, onError);
  return {
    pubSub: boundedPubSub(fanOut, maxPendingChanges, onError),
    kind: 'redis',
    publishAgentStateChanged: (payload) => fanOut.publish(Topic.AgentStateChanged, payload),
    publishQueueRealtimeChanged: (payload) => fanOut.publish(Topic.QueueRealtimeChanged, payload),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
