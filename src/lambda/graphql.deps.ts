import { ConfigError, loadConfig, type AppConfig } from '../config/env';
import { createServerLogger } from '../server/observability/logger';
import { createServerMetrics } from '../server/observability/metrics';
import { createAthenaEngine, createCachingEngine } from '../server/graphql/history-engine.factory';
import { createAthenaRollupAvailability } from '../server/graphql/rollup-availability.factory';
import { createAuthenticator } from '../server/graphql/auth/create-authenticator';
import { AgentStateRepository } from '../state/agent-state.repository';
import { QueueLiveRepository } from '../state/queue-live.repository';
import { createDynamoDbClient } from '../state/dynamodb.client';
import type { GraphqlHandlerDeps } from './graphql.handler';

/** The `service` key of the GraphQL Lambda's log lines. */
export const GRAPHQL_SERVICE_NAME = 'graphql';

/**
 * The GraphQL Lambda's dependencies from the configuration (`loadConfig()`): the Athena engine
 * (`ATHENA_DATABASE`, `ATHENA_WORKGROUP`, `ATHENA_OUTPUT_LOCATION`, `ATHENA_*` limits) wrapped in
 * the result cache (`CACHE_*`; Redis as its shared second tier when `REDIS_URL` is set), the
 * DynamoDB agent-state repository (`AGENT_STATE_TABLE`, `AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`),
 * the rollup availability over the data bucket's manifests when `ROLLUP_BUCKET` is set (closed days
 * read from the 15-minute rollups), a pino logger (`LOG_LEVEL`), error masking when `NODE_ENV=production`, and the authenticator of
 * `AUTH_MODE` (apikey or jwt; none relies on the IAM-signed API Gateway route). Called once per
 * execution environment. The Lambda never builds the DuckDB engine (nor imports it): DuckDB is the
 * embedded stack's engine.
 * @throws ConfigError when the environment does not validate, or when `ENGINE` is not `athena`.
 */
export function createDefaultGraphqlDeps(config: AppConfig = loadConfig()): GraphqlHandlerDeps {
  if (config.engine !== 'athena') {
    throw new ConfigError([`ENGINE: the GraphQL Lambda queries history with Athena only; set ENGINE=athena (got ${config.engine}; DuckDB is the embedded stack of npm start)`]);
  }
  const logger = createServerLogger({ level: config.logLevel, service: GRAPHQL_SERVICE_NAME });
  const metrics = createServerMetrics();
  // The Redis connection of the cache lives as long as the execution environment.
  const { engine, clear } = createCachingEngine(createAthenaEngine(config, metrics.observeQuery), config, metrics, logger);
  // ROLLUP_BUCKET: closed days with a clean rollup (the rollup Lambda's manifests) are read from connect_ctr_rollup15.
  // A day rebuilt after a late CTR is read by the same SQL as before: this process's cached results of it are dropped.
  const rollups = createAthenaRollupAvailability(config, {
    onChange: () => clear(),
    onError: (day, error) => logger.warn({ day, err: error }, 'rollup state unavailable in the data bucket; closed days are read raw until it answers'),
  });
  const client = createDynamoDbClient({ region: config.dynamodb.region, endpoint: config.dynamodb.endpoint, cacheMiddleware: true });
  const agentStates = new AgentStateRepository({ client, tableName: config.dynamodb.agentStateTable, heartbeatPeriodSeconds: config.agentState.heartbeatPeriodSeconds });
  return {
    engine,
    ...(rollups ? { rollups } : {}),
    agentStates,
    // Queue.realtime's contact counts read the live contacts the contactEvents Lambda writes to the same table.
    queueLive: { reader: new QueueLiveRepository({ client, tableName: config.dynamodb.agentStateTable, maxAgeSeconds: config.liveQueue.maxAgeSeconds }), maxAgeSeconds: config.liveQueue.maxAgeSeconds },
    logger,
    metrics,
    // The request limits share their names with the configuration's (MAX_PAGE_SIZE, MAX_RANGE_DAYS, metrics ranges, directory look-back).
    limits: config.server,
    piiAttributeAllowlist: config.auth.piiAttributeAllowlist,
    agentHeartbeatPeriodSeconds: config.agentState.heartbeatPeriodSeconds,
    dataAsOf: { probeDays: config.dataAsOf.probeDays, contactMaxDurationHours: config.dataAsOf.contactMaxDurationHours },
    maskInternalErrors: config.nodeEnv === 'production',
    // AUTH_MODE=apikey|jwt: the event's headers are authenticated like the Node server's; none keeps the IAM-signed route.
    ...(config.auth.mode === 'none' ? {} : { loadAuthenticator: () => createAuthenticator(config.auth, { nodeEnv: config.nodeEnv, awsRegion: config.dynamodb.region }) }),
    requestTimeoutMs: config.limits.requestTimeoutMs,
    security: config,
  };
}
