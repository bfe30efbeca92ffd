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
 */
export function createAppPubSub(options: { redisUrl?: string } = {}): AppPubSub {
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
  const redisOptions = { maxRetriesPerRequest: 2, connectTimeout: 2_000, lazyConnect: false };
  const publishClient = new Redis(options.redisUrl, redisOptions);
  const subscribeClient = new Redis(options.redisUrl, redisOptions);
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
