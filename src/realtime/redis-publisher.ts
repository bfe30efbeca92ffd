import { Redis } from 'ioredis';
import { Topic, type AgentStateChangedPayload, type QueueRealtimeChangedPayload } from './topics';

/** Publishes agent-state changes to Redis, awaiting each publish (for a Lambda, which may be frozen right after returning). */
export interface RedisPublisher {
  publishAgentStateChanged(payload: AgentStateChangedPayload): Promise<void>;
  /** Publishes a queue's live-contact change (the contact-event Lambda). */
  publishQueueRealtimeChanged(payload: QueueRealtimeChangedPayload): Promise<void>;
  close(): Promise<void>;
}

/**
 * A publish-only Redis client speaking the same channel and message format as the servers'
 * subscriptions (`createAppPubSub` with Redis: channel = topic, message = JSON of the payload), so a
 * change published here reaches every server instance's subscribers.
 */
export function createRedisPublisher(redisUrl: string): RedisPublisher {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2_000 });
  return {
    publishAgentStateChanged: async (payload) => {
      await client.publish(Topic.AgentStateChanged, JSON.stringify(payload));
    },
    publishQueueRealtimeChanged: async (payload) => {
      await client.publish(Topic.QueueRealtimeChanged, JSON.stringify(payload));
    },
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
