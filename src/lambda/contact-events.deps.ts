import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig, type AppConfig } from '../config/env';
import { createRedisPublisher } from '../realtime/redis-publisher';
import type { QueueRealtimeChangedPayload } from '../realtime/topics';
import { QueueLiveRepository } from '../state/queue-live.repository';
import { createDynamoDbClient } from '../state/dynamodb.client';
import type { ContactEventsHandlerDeps } from './contact-events.handler';

/** The Powertools service name of the contact-event Lambda. */
export const CONTACT_EVENTS_SERVICE_NAME = 'contact-events';

const POWERTOOLS_LOG_LEVEL = { fatal: 'CRITICAL', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE', silent: 'SILENT' } as const;

/**
 * The handler's dependencies from the configuration (`AGENT_STATE_TABLE`, `AWS_REGION`,
 * `AWS_ENDPOINT_URL_DYNAMODB`, `REDIS_URL`, `LOG_LEVEL`, `LIVE_QUEUE_MAX_AGE_SECONDS`). Queue
 * changes are published through Redis when `REDIS_URL` is set (API instances subscribed to Redis
 * push them), otherwise only stored.
 * @throws ConfigError when the environment does not validate.
 */
export function createDefaultContactEventsDeps(config: AppConfig = loadConfig()): ContactEventsHandlerDeps {
  const logger = new Logger({ serviceName: CONTACT_EVENTS_SERVICE_NAME, logLevel: POWERTOOLS_LOG_LEVEL[config.logLevel as keyof typeof POWERTOOLS_LOG_LEVEL] ?? 'INFO' });
  const client = createDynamoDbClient({ region: config.dynamodb.region, endpoint: config.dynamodb.endpoint, cacheMiddleware: true });
  const repository = new QueueLiveRepository({ client, tableName: config.dynamodb.agentStateTable, maxAgeSeconds: config.liveQueue.maxAgeSeconds });
  let publish: (change: QueueRealtimeChangedPayload) => Promise<void> | void = () => undefined;
  if (config.redisUrl) {
    const publisher = createRedisPublisher(config.redisUrl);
    publish = (change) => publisher.publishQueueRealtimeChanged(change);
  } else {
    logger.info('REDIS_URL is not set: live queue changes are stored but not published');
  }
  // EventBridge carries the account's own Connect events: every instance may be written (the ingest's default scope).
  return { repository, publish, logger, maxFutureSkewSeconds: config.limits.ingestMaxFutureSkewSeconds };
}
