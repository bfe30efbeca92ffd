import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig, type AppConfig } from '../config/env';
import { createRedisPublisher } from '../realtime/redis-publisher';
import type { AgentStateChange } from '../services/agent-event-ingest.service';
import { bootstrapLiveState } from '../services/live-state-bootstrap.service';
import { AgentStateRepository } from '../state/agent-state.repository';
import { ConnectCurrentUserDataReader } from '../state/connect-current-user-data.reader';
import { createDynamoDbClient } from '../state/dynamodb.client';
import type { AgentEventsHandlerDeps } from './agent-events.handler';

/** The Powertools service name of the agent-event Lambda (the `service` key of its log lines). */
export const AGENT_EVENTS_SERVICE_NAME = 'agent-events';

/** pino level names (the project's `LOG_LEVEL`) → Powertools log levels. */
const POWERTOOLS_LOG_LEVEL = {
  fatal: 'CRITICAL',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'SILENT',
} as const;

function powertoolsLogLevel(level: string): (typeof POWERTOOLS_LOG_LEVEL)[keyof typeof POWERTOOLS_LOG_LEVEL] {
  return POWERTOOLS_LOG_LEVEL[level as keyof typeof POWERTOOLS_LOG_LEVEL] ?? 'INFO';
}

/**
 * How the Lambda publishes visible changes: through Redis pub/sub when `REDIS_URL` is set (every
 * API instance subscribed to Redis delivers them to its subscribers), otherwise not at all — the
 * state is still stored, and subscribers of a deployment without Redis only see changes made by
 * their own process.
 */
function createPublish(config: AppConfig, logger: Logger): (change: AgentStateChange) => void {
  if (!config.redisUrl) {
    logger.info('REDIS_URL is not set: agent state changes are stored but not published');
    return () => undefined;
  }
  const publisher = createRedisPublisher(config.redisUrl);
  return (change) => publisher.publishAgentStateChanged({ state: change.state, before: change.before });
}

/**
 * The warm start of `LIVE_STATE_BOOTSTRAP_INSTANCES` (`bootstrapLiveState`, every routing profile,
 * only for an instance whose partition is empty), one instance after the other, all of it abandoned
 * after `LIVE_STATE_BOOTSTRAP_TIMEOUT_MS`. An instance that fails is logged and the next one is tried;
 * the promise never rejects, so a batch never fails because Connect is unavailable.
 */
export function createWarmStart(
  config: AppConfig['liveStateBootstrap'],
  repository: AgentStateRepository,
  logger: Pick<Logger, 'info' | 'warn'>,
  reader: (signal: AbortSignal) => ConnectCurrentUserDataReader = (signal) => new ConnectCurrentUserDataReader({ signal }),
): () => Promise<void> {
  return async () => {
    const signal = AbortSignal.timeout(config.timeoutMs);
    const connect = reader(signal);
    try {
      for (const instanceArn of config.instanceArns) {
        try {
          const report = await bootstrapLiveState({ reader: connect, repository }, { instanceArn });
          logger.info('live-state warm start', { ...report });
        } catch (error) {
          logger.warn('live-state warm start of an instance failed; its agents appear with their next agent event', {
            instanceArn,
            reason: signal.aborted ? `abandoned after LIVE_STATE_BOOTSTRAP_TIMEOUT_MS=${config.timeoutMs}` : error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
          if (signal.aborted) return;
        }
      }
    } finally {
      connect.destroy();
    }
  };
}

/**
 * The handler's dependencies from the configuration (`loadConfig()`: `AGENT_STATE_TABLE`,
 * `AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`, `REDIS_URL`, `LOG_LEVEL`, `AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS`,
 * `AGENT_STATE_MEMORY_MAX_AGENTS`, `LIVE_STATE_BOOTSTRAP*`): the DynamoDB client and
 * repository, the publisher and a Powertools logger. Called once per execution environment.
 * @throws ConfigError when the environment does not validate.
 */
export function createDefaultAgentEventsDeps(config: AppConfig = loadConfig()): AgentEventsHandlerDeps {
  const logger = new Logger({ serviceName: AGENT_EVENTS_SERVICE_NAME, logLevel: powertoolsLogLevel(config.logLevel) });
  const client = createDynamoDbClient({ region: config.dynamodb.region, endpoint: config.dynamodb.endpoint, cacheMiddleware: true });
  const repository = new AgentStateRepository({
    client,
    tableName: config.dynamodb.agentStateTable,
    heartbeatWriteWindowSeconds: config.agentState.heartbeatWriteWindowSeconds,
    heartbeatPeriodSeconds: config.agentState.heartbeatPeriodSeconds,
    rememberedAgents: config.agentState.memoryMaxAgents,
  });
  // Kinesis carries the account's own stream: every instance may be written (the ingest service's default scope).
  return {
    repository,
    publish: createPublish(config, logger),
    logger,
    maxFutureSkewSeconds: config.limits.ingestMaxFutureSkewSeconds,
    ...(config.liveStateBootstrap.enabled ? { warmStart: createWarmStart(config.liveStateBootstrap, repository, logger) } : {}),
  };
}
