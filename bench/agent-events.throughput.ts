/**
 * Throughput of the agent-event ingest path: a center's traffic (bench/agent-event-traffic.ts) cut
 * into Kinesis batches goes through `createAgentEventsHandler` with the real `AgentStateRepository`
 * on dynalite in a child process, one invocation per shard at a time, shards in parallel (Lambda
 * with ParallelizationFactor 1); every agent is seeded first (timed apart), then the warm-up's
 * traffic (`warmMinutes` of the same model before the window) goes through the same handler,
 * untimed, so that the window opens on stored liveness of the ages a running center has: with the
 * seed alone every agent's liveness is fresh at the window's start and the heartbeat write window
 * skips nearly every heartbeat of a short window, which flatters the write cost. The same batches
 * then go through the naive one-PutItem-per-event loop (bench/naive-ingest.ts), its table seeded
 * and warmed with the same events first.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import { createAgentEventsHandler, type AgentEventsLogger } from '../src/lambda/agent-events.handler';
import type { AgentStateApplier } from '../src/services/agent-event-ingest.service';
import { AgentStateRepository, DEFAULT_AGENT_MEMORY_MAX_AGENTS, DEFAULT_HEARTBEAT_WRITE_WINDOW_SECONDS } from '../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../src/state/dynamodb.client';
import { HEARTBEAT_INTERVAL_MS, generateCenterTraffic, kinesisEventOf, toKinesisBatches, type HeartbeatModel, type PackedKinesisBatch } from './agent-event-traffic';
import { ApplyTally } from './apply-result.tally';
import { countRequests, toObject } from './dynamodb-request.counter';
import { DYNAMODB_STUB_MEANING, stubDynamoDb, type DynamoDbStub } from './dynamodb-stub';
import { startDynaliteProcess } from './dynalite.process';
import { benchLambdaContext } from './lambda-context';
import { createNaiveTable, naiveHandler } from './naive-ingest';
import { quantile, round, sortedNumbers } from './numbers';

const AGENT_STATE_TABLE = 'bench-agent-state';
/** The size the issue asks about; a smaller run is extrapolated to it. */
const TARGET_AGENTS = 25_000;
const WINDOW_START = Date.parse('2026-11-02T09:00:00.000Z');
/**
 * Default warm-up before the window: two heartbeat periods, so that every agent has sent
 * heartbeats (and most have changed state) since its seed and the stored liveness ages are spread
 * as in a center that has been running, not all equal.
 */
export const DEFAULT_WARM_MINUTES = (2 * HEARTBEAT_INTERVAL_MS) / 60_000;

const silentLogger: AgentEventsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface ShardRun {
  readonly wallSeconds: number;
  readonly invocations: number;
  /** Records reported as batch item failures (or whole batches that threw). */
  readonly failedRecords: number;
  /** Per-invocation duration, ms. */
  readonly invocationMsP50: number;
  readonly invocationMsP99: number;
}

const ownCpuMicros = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/**
 * Runs every shard's batches in order, shards in parallel (one invocation per shard at a time).
 * Each invocation gets its Kinesis event built from the packed batch just before (timed, the same
 * for every loop compared; see PackedKinesisBatch).
 */
async function runShards(shards: readonly PackedKinesisBatch[][], invoke: (event: KinesisStreamEvent) => Promise<number>): Promise<ShardRun> {
  const durations: number[] = [];
  let failedRecords = 0;
  const started = performance.now();
  await Promise.all(
    shards.map(async (batches) => {
      for (const packed of batches) {
        const t = performance.now();
        const batch = kinesisEventOf(packed);
        try {
          failedRecords += await invoke(batch);
        } catch {
          failedRecords += batch.Records.length;
        }
        durations.push(performance.now() - t);
      }
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const sorted = sortedNumbers(durations);
  return { wallSeconds, invocations: durations.length, failedRecords, invocationMsP50: quantile(sorted, 0.5), invocationMsP99: quantile(sorted, 0.99) };
}

export interface ThroughputOptions {
  readonly agents: number;
  readonly minutes: number;
  readonly shards: number;
  readonly batchSize: number;
  readonly naiveInFlight: number;
  readonly changeEverySeconds: number;
  readonly seed: string;
  /** Simulated minutes of traffic applied (untimed) between the seed and the window; default {@link DEFAULT_WARM_MINUTES}, 0 for none. */
  readonly warmMinutes?: number;
  /** When the synthetic agents send heartbeats (bench/agent-event-traffic.ts); default 'every-period'. */
  readonly heartbeats?: HeartbeatModel;
  /** The repository's heartbeat write window, seconds (`AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS`). */
  readonly heartbeatWriteWindowSeconds?: number;
  /** Agents the repository remembers (`AGENT_STATE_MEMORY_MAX_AGENTS`). */
  readonly rememberedAgents?: number;
  /** The CPU breakdown: the handler's window runs with its DynamoDB client stubbed there (bench/dynamodb-stub.ts); the naive loop is unchanged. */
  readonly stubDynamoDb?: DynamoDbStub;
}

/** The throughput figures of one run. */
export type ThroughputResult = Awaited<ReturnType<typeof benchThroughput>>;

/**
 * Runs the throughput bench: seed and warm-up through the handler (untimed), the window through
 * the handler and through the naive loop (timed); see the module comment.
 */
export async function benchThroughput(options: ThroughputOptions) {
  const { agents, minutes, shards, batchSize } = options;
  const warmMinutes = options.warmMinutes ?? DEFAULT_WARM_MINUTES;
  const windowSeconds = minutes * 60;
  process.stdout.write(`throughput: generating ${agents} agents × (${warmMinutes} warm-up + ${minutes}) min of traffic …\n`);
  const traffic = generateCenterTraffic({
    agents,
    windowMs: windowSeconds * 1000,
    startMs: WINDOW_START,
    seed: options.seed,
    meanStateChangeMs: options.changeEverySeconds * 1000,
    warmMs: warmMinutes * 60_000,
    heartbeats: options.heartbeats,
  });
  const seedBatches = toKinesisBatches(traffic.seed, shards, batchSize);
  const seedEvents = traffic.seed.length;
  traffic.seed.length = 0; // the batches hold the encoded records; let the objects go
  const warmBatches = toKinesisBatches(traffic.warm, shards, batchSize);
  traffic.warm.length = 0; // the batches hold the encoded records; let the objects go
  const windowBatches = toKinesisBatches(traffic.events, shards, batchSize);
  const events = traffic.events.length;
  const meanRecordBytes = Math.round(
    windowBatches.flat().reduce((sum, batch) => sum + batch.records.reduce((s, r) => s + r.json.length, 0), 0) / events,
  );
  traffic.events.length = 0; // the batches hold the encoded records; let the objects go

  const dynalite = await startDynaliteProcess();
  // The handler's client is configured as the agentEvents Lambda's (agent-events.deps.ts: cacheMiddleware);
  // the naive loop's is the same but without it (DocumentClient refuses it). Each counts its own requests.
  const client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynalite.endpoint, localCredentials: true, cacheMiddleware: true });
  const counter = countRequests(client);
  const naiveClient = createDynamoDbClient({ region: 'us-east-1', endpoint: dynalite.endpoint, localCredentials: true });
  const naiveCounter = countRequests(naiveClient);
  try {
    await ensureAgentStateTable(naiveClient, AGENT_STATE_TABLE);
    await createNaiveTable(naiveClient);

    const heartbeatWriteWindowSeconds = options.heartbeatWriteWindowSeconds ?? DEFAULT_HEARTBEAT_WRITE_WINDOW_SECONDS;
    const rememberedAgents = options.rememberedAgents ?? DEFAULT_AGENT_MEMORY_MAX_AGENTS;
    const repository = new AgentStateRepository({ client, tableName: AGENT_STATE_TABLE, heartbeatWriteWindowSeconds, rememberedAgents });
    const tally = new ApplyTally();
    let published = 0;
    const tallied: AgentStateApplier = {
      apply: async (batch) => {
        const results = await repository.apply(batch);
        tally.record(batch, results);
        return results;
      },
    };
    const handler = createAgentEventsHandler({
      repository: tallied,
      publish: () => {
        published++;
      },
      logger: silentLogger,
    });
    const invokeHandler = async (event: KinesisStreamEvent): Promise<number> => (await handler(event, benchLambdaContext())).batchItemFailures.length;
    /** A timed run, with the CPU time this process (the "Lambda") and dynalite spent on it. */
    const phase = async (batches: readonly PackedKinesisBatch[][], invoke: (event: KinesisStreamEvent) => Promise<number>) => {
      const [ownBefore, dynamoBefore] = [ownCpuMicros(), await dynalite.cpuMicros()];
      const run = await runShards(batches, invoke);
      const [ownAfter, dynamoAfter] = [ownCpuMicros(), await dynalite.cpuMicros()];
      return { ...run, handlerCpuSeconds: (ownAfter - ownBefore) / 1e6, dynaliteCpuSeconds: (dynamoAfter - dynamoBefore) / 1e6 };
    };
    const cpuPerEvent = (run: { handlerCpuSeconds: number; dynaliteCpuSeconds: number }, n: number) => ({
      handlerProcessMs: round((run.handlerCpuSeconds * 1000) / n, 3),
      dynaliteMs: round((run.dynaliteCpuSeconds * 1000) / n, 3),
    });

    process.stdout.write(`throughput: seeding ${agents} agents through the handler …\n`);
    counter.reset();
    const seedRun = await phase(seedBatches, invokeHandler);
    const seedRequests = toObject(counter.requests);

    process.stdout.write(`throughput: warm-up, ${traffic.warmEvents} events (${warmMinutes} min) through the handler …\n`);
    const warmRun = await runShards(warmBatches, invokeHandler);

    if (options.stubDynamoDb !== undefined) {
      stubDynamoDb(client, options.stubDynamoDb);
      process.stdout.write(`throughput: the handler's DynamoDB is stubbed from here: ${DYNAMODB_STUB_MEANING[options.stubDynamoDb]}\n`);
    }
    process.stdout.write(`throughput: ${events} events through the handler (${shards} shards, batches of ${batchSize}) …\n`);
    counter.reset();
    tally.reset();
    published = 0;
    const handlerRun = await phase(windowBatches, invokeHandler);
    const handlerRequests = toObject(counter.requests);
    const handlerLivenessItems = counter.putsByEntity.get('liveness') ?? 0;
    const handlerErrors = toObject(counter.errors);
    const handlerCapacity = { ...counter.capacity };
    const handlerPublished = published;

    const naive = naiveHandler(naiveClient, options.naiveInFlight);
    process.stdout.write(`throughput: seeding and warming the naive table, then ${events} events through the naive loop (${options.naiveInFlight} PutItem in flight per shard) …\n`);
    await runShards(seedBatches, naive);
    await runShards(warmBatches, naive);
    naiveCounter.reset();
    const naiveRun = await phase(windowBatches, naive);
    const naiveRequests = toObject(naiveCounter.requests);
    const naiveErrors = toObject(naiveCounter.errors);
    const naiveCapacity = { ...naiveCounter.capacity };

    const writes = (requests: Record<string, number>): number => (requests.PutItem ?? 0) + (requests.UpdateItem ?? 0) + (requests.DeleteItem ?? 0) + (requests.BatchWriteItem ?? 0);
    const allRequests = (requests: Record<string, number>): number => Object.values(requests).reduce((a, b) => a + b, 0);
    const heartbeatsNoVisibleChange = tally.count('HEART_BEAT', 'heartbeat');
    const heartbeatsLogged = tally.count('HEART_BEAT', 'heartbeat-logged');
    const heartbeatsNoWrite = tally.count('HEART_BEAT', 'none');
    const heartbeatsDeferred = tally.count('HEART_BEAT', 'heartbeat-deferred');
    const heartbeatsFolded = tally.count('HEART_BEAT', 'changed');
    const requiredRate = events / windowSeconds;
    const handlerRate = events / handlerRun.wallSeconds;
    const naiveRate = events / naiveRun.wallSeconds;
    const scale = TARGET_AGENTS / agents;
    return {
      assumptions: {
        agents,
        simulatedMinutes: minutes,
        warmMinutes,
        heartbeatEverySeconds: HEARTBEAT_INTERVAL_MS / 1000,
        heartbeats: options.heartbeats ?? 'every-period',
        meanStateChangeEverySeconds: options.changeEverySeconds,
        shards,
        batchSize,
        naivePutItemsInFlightPerShard: options.naiveInFlight,
        dynalite: 'startEmbeddedDynamoDb in a child process (in memory), same machine',
        handlerRepository: 'AgentStateRepository defaults (16 writes in flight per invocation), on a client with cacheMiddleware (as the agentEvents Lambda)',
        naiveClient: 'DynamoDBDocumentClient on createDynamoDbClient without cacheMiddleware',
        heartbeatWriteWindowSeconds,
        rememberedAgents,
        publish: 'no-op counter (the Lambda without REDIS_URL)',
        handlerDynamoDbInTheWindow: options.stubDynamoDb === undefined ? 'dynalite' : `stubbed: ${DYNAMODB_STUB_MEANING[options.stubDynamoDb]}`,
      },
      traffic: {
        events,
        heartbeats: traffic.heartbeats,
        stateChanges: traffic.stateChanges,
        requiredEventsPerSecond: round(requiredRate),
        meanRecordBytes,
        invocations: handlerRun.invocations,
      },
      seed: {
        events: seedEvents,
        wallSeconds: round(seedRun.wallSeconds, 2),
        eventsPerSecond: round(seedEvents / seedRun.wallSeconds),
        cpuMsPerEvent: cpuPerEvent(seedRun, seedEvents),
        dynamoRequests: seedRequests,
        warmEvents: traffic.warmEvents,
        warmWallSeconds: round(warmRun.wallSeconds, 2),
        warmFailedRecords: warmRun.failedRecords,
      },
      handler: {
        wallSeconds: round(handlerRun.wallSeconds, 2),
        eventsPerSecond: round(handlerRate),
        realTimeFactor: round(windowSeconds / handlerRun.wallSeconds, 2),
        invocationMsP50: round(handlerRun.invocationMsP50),
        invocationMsP99: round(handlerRun.invocationMsP99),
        failedRecords: handlerRun.failedRecords,
        cpuMsPerEvent: cpuPerEvent(handlerRun, events),
        dynamoRequests: handlerRequests,
        dynamoErrors: handlerErrors,
        writeRequests: writes(handlerRequests),
        writesPerEvent: round(writes(handlerRequests) / events, 3),
        requestsPerEvent: round(allRequests(handlerRequests) / events, 3),
        capacityUnits: { read: round(handlerCapacity.read), write: round(handlerCapacity.write) },
        wcuPerEvent: round(handlerCapacity.write / events, 2),
        rcuPerEvent: round(handlerCapacity.read / events, 2),
        published: handlerPublished,
        agentGroupsByResult: toObject(tally.groups),
        eventsByTypeAndResult: toObject(tally.events),
        costSplit: {
          stateChangeEvents: tally.count('STATE_CHANGE', 'changed'),
          changesPublished: handlerPublished,
          stateChangesCollapsedIntoALaterOneOfTheSameBatch: tally.count('STATE_CHANGE', 'changed') - (tally.groups.get('changed') ?? 0),
          heartbeatsWrittenToTheAgentItem: heartbeatsNoVisibleChange,
          heartbeatsStoredInTheLivenessLog: heartbeatsLogged,
          livenessLogItemsWritten: handlerLivenessItems,
          heartbeatsWithoutAnyWrite: heartbeatsNoWrite,
          heartbeatsNotWrittenInsideTheWindow: heartbeatsDeferred,
          heartbeatsFoldedIntoAChangeOfTheSameBatch: heartbeatsFolded,
          shareOfEventsThatAreInvisibleHeartbeats: round((heartbeatsNoVisibleChange + heartbeatsLogged + heartbeatsNoWrite + heartbeatsDeferred) / events, 3),
        },
      },
      naive: {
        wallSeconds: round(naiveRun.wallSeconds, 2),
        eventsPerSecond: round(naiveRate),
        realTimeFactor: round(windowSeconds / naiveRun.wallSeconds, 2),
        invocationMsP50: round(naiveRun.invocationMsP50),
        invocationMsP99: round(naiveRun.invocationMsP99),
        failedRecords: naiveRun.failedRecords,
        cpuMsPerEvent: cpuPerEvent(naiveRun, events),
        dynamoRequests: naiveRequests,
        dynamoErrors: naiveErrors,
        writeRequests: writes(naiveRequests),
        writesPerEvent: round(writes(naiveRequests) / events, 3),
        capacityUnits: { read: round(naiveCapacity.read), write: round(naiveCapacity.write) },
        wcuPerEvent: round(naiveCapacity.write / events, 2),
        rcuPerEvent: round(naiveCapacity.read / events, 2),
      },
      /** Null with a stubbed handler (--stub-dynamodb): its window did not reach the store the naive loop writes to. */
      handlerToNaiveThroughput: options.stubDynamoDb === undefined ? round(handlerRate / naiveRate, 2) : null,
      extrapolation:
        agents === TARGET_AGENTS
          ? null
          : {
              note: `EXTRAPOLATED, not measured: ${TARGET_AGENTS} agents × ${minutes} min, assuming the events/s measured at ${agents} agents holds (traffic scales linearly with agents).`,
              agents: TARGET_AGENTS,
              events: Math.round(events * scale),
              requiredEventsPerSecond: round(requiredRate * scale),
              handlerWallSeconds: round((events * scale) / handlerRate, 1),
              handlerRealTimeFactor: round(handlerRate / (requiredRate * scale), 2),
              naiveWallSeconds: round((events * scale) / naiveRate, 1),
              naiveRealTimeFactor: round(naiveRate / (requiredRate * scale), 2),
            },
    };
  } finally {
    client.destroy();
    naiveClient.destroy();
    await dynalite.stop();
  }
}
