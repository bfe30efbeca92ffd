import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import { DataLayoutError, inspectDataDir, SOURCE_FOLDERS, type DataDirState } from '../history/data-layout';
import { DuckDbEngine } from '../history/duckdb.engine';
import { newestIndexedPartitions } from '../history/readers/watermark.reader';
import { closedDaysVersionOf, partitionListingOf } from '../history/files/partition-days';
import { isClosedPartitionDay } from '../domain/metrics/metric-rollup';
import type { QueryEngine } from '../history/query-engine';
import type { AgentState } from '../domain/agent-state';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../local/embedded-dynamodb';
import { generateDemoData } from '../local/demo-data';
import { createAppPubSub, type AppPubSub } from '../realtime/pubsub';
import { AgentStateRepository } from '../state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable, pingTable } from '../state/dynamodb.client';
import { startAgentEventSimulator } from '../local/agent-event-simulator';
import { ingestAgentEventArray, pinoIngestLogger, type MalformedRecord } from '../services/agent-event-ingest.service';
import { createApp } from './app';
import { createIngestRouter } from './ingest.route';
import { createContactEventsRouter } from './contact-events.route';
import { ingestContactEventArray } from '../services/contact-event-ingest.service';
import { QueueLiveRepository } from '../state/queue-live.repository';
import type { QueueRealtimeChangedPayload } from '../realtime/topics';
import { createAthenaEngine, createCachingEngine, historyNamespace } from './graphql/history-engine.factory';
import { createServerMetrics, type ServerMetrics } from './observability/metrics';
import { checkAnonymousAccess } from './auth/anonymous-access';
import { createAuthenticator, createSignedLinkSignerOf } from './graphql/auth/create-authenticator';
import { DAY_MS } from '../domain/time';
import { createAthenaRollupAvailability } from './graphql/rollup-availability.factory';
import { startEmbeddedRollups, type EmbeddedRollups } from '../local/rollup/embedded-rollups';

/** A running service with everything it started. */
export interface RunningStack {
  readonly url: string;
  readonly port: number;
  /** Where Prometheus scrapes: `<url>/metrics`, or the separate METRICS_PORT. */
  readonly metricsUrl: string;
  /** The data folder (embedded engine) or the Athena database. */
  readonly dataDir: string;
  readonly engine: QueryEngine;
  /** The DynamoDB endpoint, or `aws:<region>` for DynamoDB itself. */
  readonly dynamoEndpoint: string;
  readonly embeddedDynamoDb: boolean;
  /** Whether the agent-event simulator runs. */
  readonly simulating: boolean;
  /** The agent-state repository (live state). */
  readonly agentStates: AgentStateRepository;
  /** Subscription fan-out (in-process or Redis). */
  readonly pubSub: AppPubSub;
  /** Demo data written at start-up, when the data folder was empty. */
  readonly demoData?: { contacts: number; files: number; durationMs: number };
  stop(): Promise<void>;
  /** Lists the data folder again now (what DATA_RESCAN_SECONDS does periodically); a no-op on Athena. */
  rescanData(): Promise<void>;
  /** The embedded stack's rollups (state and background task); undefined on Athena. */
  readonly rollups?: EmbeddedRollups;
}

/** Hooks for start-up progress. */
export interface StackHooks {
  /** Called while demo data is written (done/total in the generator's units). */
  readonly onDemoDataProgress?: boolean | ((done: number, total: number) => void);
  readonly now?: () => Date;
}


/** The UTC date `days - 1` days before `now`, so that a `days`-long data set ends today. */
function demoStartDate(now: Date, days: number): string {
  return new Date(now.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}

async function ensureData(config: AppConfig, logger: Logger, hooks: StackHooks): Promise<{ state: DataDirState; demo?: RunningStack['demoData'] }> {
  const state = inspectDataDir(config.data.dir);
  if (state.kind === 'invalid') throw new DataLayoutError(config.data.dir, state.reason);
  if (state.kind === 'layout') return { state };
  const now = hooks.now?.() ?? new Date();
  logger.info({ dataDir: config.data.dir, days: config.data.demoDays, agents: config.data.demoAgents }, 'data folder is empty: writing a demo data set');
  const summary = await generateDemoData({
    outDir: config.data.dir,
    days: config.data.demoDays,
    agents: config.data.demoAgents,
    seed: config.data.demoSeed,
    start: demoStartDate(now, config.data.demoDays),
    endAt: now,
    progress: hooks.onDemoDataProgress ?? false,
  });
  return {
    state: inspectDataDir(config.data.dir),
    demo: { contacts: summary.contacts, files: summary.files, durationMs: summary.durationMs },
  };
}

/** The configured history engine: embedded DuckDB over DATA_DIR, or Athena. */
async function createHistoryEngine(config: AppConfig, metrics: ServerMetrics, logger: Logger): Promise<QueryEngine> {
  if (config.engine === 'athena') return createAthenaEngine(config, metrics.observeQuery);
  return DuckDbEngine.create({
    dataDir: config.data.dir,
    threads: config.duckdb.threads,
    observe: metrics.observeQuery,
    rescanSeconds: config.data.rescanSeconds,
    onFileSkipped: ({ source, path: file, reason, detail }) => {
      metrics.skippedHistoryFiles.inc({ source, reason });
      logger.warn({ source, file, reason, detail }, reason === 'partial-record' ? 'history file read without its cut-off last record' : 'history file skipped');
    },
  });
}

/**
 * Starts the whole service for a configuration: demo data if the folder is empty, the embedded
 * DynamoDB (unless an endpoint is configured) with its table, the history engine, and the HTTP/WS server.
 * Stops whatever it started if a later step fails.
 */
export async function startStack(config: AppConfig, logger: Logger, hooks: StackHooks = {}): Promise<RunningStack> {
  const cleanups: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  // Once: a second stop (a second signal, a test's afterAll) waits for the first.
  const stopAll = () =>
    (stopped ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
    })());
  try {
    // Authentication problems (anonymous on a public HOST, a bad key file, an unreachable JWKS) stop the start-up before anything is started.
    checkAnonymousAccess(config.auth, config.server.host, logger);
    const linkSigner = await createSignedLinkSignerOf(config.auth, config.dynamodb.region);
    const authenticator = await createAuthenticator(config.auth, { nodeEnv: config.nodeEnv, awsRegion: config.dynamodb.region, linkSigner });
    const demo = config.engine === 'duckdb' ? (await ensureData(config, logger, hooks)).demo : undefined;

    let dynamo: EmbeddedDynamoDb | undefined;
    if (config.dynamodb.embedded) {
      dynamo = await startEmbeddedDynamoDb(config.dynamodb.embeddedPort);
      cleanups.push(() => dynamo!.stop());
    }
    // Without the embedded store or an explicit endpoint, the SDK talks to DynamoDB in AWS_REGION.
    const dynamoEndpoint = config.dynamodb.endpoint ?? dynamo?.endpoint;
    const dynamoClient = createDynamoDbClient({ region: config.dynamodb.region, endpoint: dynamoEndpoint, localCredentials: Boolean(dynamo), cacheMiddleware: true });
    cleanups.push(async () => dynamoClient.destroy());
    await ensureAgentStateTable(dynamoClient, config.dynamodb.agentStateTable);

    const metrics = createServerMetrics();
    const baseEngine = await createHistoryEngine(config, metrics, logger);
    cleanups.push(() => baseEngine.close());
    const cached = createCachingEngine(baseEngine, config, metrics, logger);
    cleanups.push(cached.close);
    const engine = cached.engine;
    // Whole responses cached before a closed day changed no longer answer: the version of the closed
    // days' files (a late file lands in one) and a generation bumped when a day's rollup state changes.
    let rollupGeneration = 0;
    const closedDaysVersion = baseEngine instanceof DuckDbEngine ? closedDaysVersionOf((source) => baseEngine.files.files(source), SOURCE_FOLDERS, isClosedPartitionDay) : undefined;
    // A rebuilt day's statements are the same as before its late CTR: results cached from the old rollup are dropped.
    const onRollupsChanged = (): void => {
      cached.clear();
      rollupGeneration += 1;
    };
    // Stopped before the engine closes (cleanups run in reverse): a SIGTERM waits only for the day being built.
    const rollups =
      baseEngine instanceof DuckDbEngine ? startEmbeddedRollups({ engine: baseEngine, dataDir: config.data.dir, rollup: config.rollup, logger, onRollupsChanged }) : undefined;
    if (rollups) cleanups.push(() => rollups.stop());
    // ENGINE=athena with ROLLUP_BUCKET: the rollup Lambda's manifests in the data bucket say which closed days Athena may read rolled up.
    const athenaRollups = createAthenaRollupAvailability(config, {
      onChange: onRollupsChanged,
      onError: (day, error) => logger.warn({ day, err: error }, 'rollup state unavailable in the data bucket; closed days are read raw until it answers'),
    });

    const repository = new AgentStateRepository({
      client: dynamoClient,
      tableName: config.dynamodb.agentStateTable,
      heartbeatWriteWindowSeconds: config.agentState.heartbeatWriteWindowSeconds,
      heartbeatPeriodSeconds: config.agentState.heartbeatPeriodSeconds,
      rememberedAgents: config.agentState.memoryMaxAgents,
    });
    const liveContacts = new QueueLiveRepository({ client: dynamoClient, tableName: config.dynamodb.agentStateTable, maxAgeSeconds: config.liveQueue.maxAgeSeconds });
    const pubSub = await createAppPubSub({
      redisUrl: config.redisUrl,
      maxPendingChanges: config.subscriptions.maxPendingChanges,
      onError: (error) => logger.warn({ err: error }, 'subscription pub/sub'),
    });
    cleanups.push(() => pubSub.close());
    const ingestDeps = {
      repository,
      publish: (change: { before: AgentState | null; state: AgentState }) => pubSub.publishAgentStateChanged({ state: change.state, before: change.before }),
      onMalformed: (record: MalformedRecord) => {
        metrics.malformedAgentEvents.inc();
        if (record.rejection !== undefined) metrics.rejectedAgentEvents.inc({ reason: record.rejection });
      },
      maxFutureSkewSeconds: config.limits.ingestMaxFutureSkewSeconds,
    };
    const contactIngestDeps = {
      repository: liveContacts,
      publish: (change: QueueRealtimeChangedPayload) => pubSub.publishQueueRealtimeChanged(change),
      maxFutureSkewSeconds: config.limits.ingestMaxFutureSkewSeconds,
      onMalformed: (record: MalformedRecord) => metrics.refusedContactEvents.inc({ reason: record.rejection ?? 'malformed' }),
    };

    const app = await createApp({
      security: config,
      authenticator,
      linkSigner,
      engine,
      agentStates: repository,
      queueLive: { reader: liveContacts, maxAgeSeconds: config.liveQueue.maxAgeSeconds },
      partitionListing: baseEngine instanceof DuckDbEngine ? partitionListingOf((source) => baseEngine.files.files(source)) : undefined,
      rollups: rollups?.availability ?? athenaRollups,
      pubSub: pubSub.pubSub,
      logger,
      metrics,
      limits: {
        maxPageSize: config.server.maxPageSize,
        maxRangeDays: config.server.maxRangeDays,
        maxMetricsRangeDaysIntraday: config.server.maxMetricsRangeDaysIntraday,
        maxMetricsRangeDays: config.server.maxMetricsRangeDays,
        directoryLookbackDays: config.server.directoryLookbackDays,
        contactLookupMaxDays: config.server.contactLookupMaxDays,
      },
      agentHeartbeatPeriodSeconds: config.agentState.heartbeatPeriodSeconds,
      dataAsOf: {
        // The embedded engine knows its newest partitions from its file index; Athena probes the last days.
        ...(baseEngine instanceof DuckDbEngine ? { partitions: newestIndexedPartitions(baseEngine.files, config.dataAsOf.probeDays) } : {}),
        probeDays: config.dataAsOf.probeDays,
        contactMaxDurationHours: config.dataAsOf.contactMaxDurationHours,
      },
      readiness: {
        [engine.name]: () => engine.ping(),
        dynamodb: () => pingTable(dynamoClient, config.dynamodb.agentStateTable),
      },
      maskInternalErrors: config.nodeEnv === 'production',
      routers: [
        createIngestRouter({ ...ingestDeps, logger, bodyLimitBytes: config.limits.ingestMaxBodyBytes }),
        createContactEventsRouter({ ...contactIngestDeps, logger, bodyLimitBytes: config.limits.ingestMaxBodyBytes }),
      ],
      maxBufferedBytes: config.subscriptions.maxBufferedBytes,
      responseCache: {
        ...config.responseCache,
        policy: { ttlOpenDaySeconds: config.cache.ttlOpenDaySeconds, ttlClosedDaysSeconds: config.cache.ttlClosedDaysSeconds },
        namespace: historyNamespace(baseEngine, config),
        dataVersion: () => `${closedDaysVersion?.() ?? 'athena'} rollups ${rollupGeneration}`,
      },
    });
    // Closed even when listening fails (port in use): the app holds Apollo and the rate limiter's Redis connection. Idempotent.
    cleanups.push(() => app.close());
    const { port, url, metricsUrl } = await app.listen(config.server.port, config.server.host);
    let simulator: ReturnType<typeof startAgentEventSimulator> | undefined;
    // Stopping starts with the app (readiness 503, no new connections, WebSockets 1001, in-flight
    // requests drain) while the simulator stops; then the pub/sub, engines and DynamoDB close.
    cleanups.push(async () => {
      await Promise.all([app.close(), simulator?.stop()]);
    });
    if (config.simulate) {
      simulator = startAgentEventSimulator({
        seed: config.data.demoSeed,
        agents: config.data.demoAgents,
        ingest: (records) => ingestAgentEventArray(records, { ...ingestDeps, logger: pinoIngestLogger(logger) }),
        ingestContactEvents: (events) => ingestContactEventArray(events, { ...contactIngestDeps, logger: pinoIngestLogger(logger) }),
        onError: (error) => logger.warn({ err: error }, 'agent event simulator'),
      });
    }
    return {
      url,
      port,
      metricsUrl,
      dataDir: config.engine === 'athena' ? `athena://${config.athena.workgroup}/${config.athena.database}` : config.data.dir,
      engine,
      dynamoEndpoint: dynamoEndpoint ?? `aws:${config.dynamodb.region}`,
      embeddedDynamoDb: Boolean(dynamo),
      simulating: config.simulate,
      agentStates: repository,
      pubSub,
      demoData: demo,
      stop: stopAll,
      rescanData: async () => {
        if (baseEngine instanceof DuckDbEngine) await baseEngine.rescan();
      },
      rollups,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
