import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { PubSub } from 'type-graphql';
import { Topic, type AgentStateChangedPayload } from './topics';

/** Publish/subscribe shared by resolvers (subscribe) and the ingest path (publish). */
export interface AppPubSub {
  /** For type-graphql's `buildSchema({ pubSub })`. */
  readonly pubSub: PubSub;
  /** `memory` (this process only) or `redis` (every instance on the same Redis). */
  readonly kind: 'memory' | 'redis';
  publishAgentStateChanged(payload: AgentStateChangedPayload): void;
  close(): Promise<void>;
}

/**
 * Creates the pub/sub: in-process by default; with a Redis URL, events go through Redis pub/sub so
 * that every server instance delivers every change to its own subscribers (and a Lambda can publish).
 * @param options.redisUrl - e.g. `redis://127.0.0.1:6379`; absent → in-process.
 * @throws Error naming the URL when Redis cannot be reached at start-up.
 */
export async function createAppPubSub(options: { redisUrl?: string } = {}): Promise<AppPubSub> {
  if (!options.redisUrl) {
    // One listener per subscription: a wallboard fleet means thousands, not a leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    const pubSub = createPubSub<{ [Topic.AgentStateChanged]: [AgentStateChangedPayload] }>({ eventTarget: eventTarget as never });
    return {
      pubSub: pubSub as unknown as PubSub,
      kind: 'memory',
      publishAgentStateChanged: (payload) => pubSub.publish(Topic.AgentStateChanged, payload),
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
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  const pubSub = createPubSub<{ [Topic.AgentStateChanged]: [AgentStateChangedPayload] }>({ eventTarget });
  return {
    pubSub: pubSub as unknown as PubSub,
    kind: 'redis',
    publishAgentStateChanged: (payload) => pubSub.publish(Topic.AgentStateChanged, payload),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
