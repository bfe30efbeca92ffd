/**
 * Benchmark of the agent-event ingest path (the issue: "events per second through the handler into
 * dynalite for a 25,000-agent center's traffic shape (heartbeats every 120 s plus state changes),
 * compared with a naive one-PutItem-per-event loop; event → subscriber latency p50/p99 with 1,000
 * subscribers"):
 *
 * 1. Throughput. The traffic of a center of --agents agents over --minutes simulated minutes (model
 *    in bench/agent-event-traffic.ts: a HEART_BEAT per agent every 120 s, state changes as a
 *    Poisson process of mean one per --change-every seconds per agent), cut into Kinesis events of
 *    --batch-size records per shard (--shards shards, records of one agent in one shard, in time
 *    order, base64 data), goes through `createAgentEventsHandler` with the real
 *    `AgentStateRepository` on dynalite (`startEmbeddedDynamoDb`, run in a child process so that the
 *    "DynamoDB side" has the other core). One invocation per shard at a time, shards in parallel,
 *    as Lambda does with ParallelizationFactor 1. Before the timed window every agent's state is
 *    seeded (one STATE_CHANGE per agent, through the same handler, timed separately): the window
 *    is a running center, not a cold start. The same batches then go through a naive handler:
 *    decode + parse (`parseAgentEvent`) + one unconditional PutItem per event, one after the other
 *    per shard (--naive-in-flight), into a separate table of the same dynalite.
 * 2. Latency. The real server (`startStack`, SIMULATE=0, a 1-day × 2-agent demo data set) and, in a
 *    child process (so that server and clients each get a core, and the POST time and the receipt
 *    time are read from one clock), --subscribers graphql-ws subscriptions
 *    `subscription { agentStateChanged { username activity } }` spread over --connections
 *    WebSocket connections; then --events state changes POSTed to /ingest/agent-events, one event
 *    per POST, every --spacing-ms ms (open loop: a POST does not wait for the previous one). Each
 *    sample is the time from just before a POST to one subscriber's receipt of that change. The
 *    measured agents are seeded (POSTed once, before anyone subscribes) so each measured event is a
 *    visible change of a known agent. Default spacings: 20 ms (50 changes/s, 50,000 messages/s to
 *    deliver, beyond what this server delivers on 2 cores: latency is then queueing) and 200 ms
 *    (5 changes/s); one fresh server per spacing.
 *
 * The default throughput size is 5,000 agents (a 25,000-agent run takes ~6 minutes on 2 cores);
 * the figures are then extrapolated to 25,000 agents, labelled as such. `--agents 25000` measures it.
 *
 *   npm run build && node dist/bench/agent-events.bench.js [--agents 5000] [--minutes 2] [--shards 4]
 *     [--change-every 90] [--naive-in-flight 1] [--subscribers 1000] [--connections 10] [--events 200]
 *     [--spacing-ms 20 --spacing-ms 200] [--only throughput|latency]
 *
 * Figures go to bench/results/agent-events.json (merged: one entry per throughput size and per
 * latency setting, each with the machine, node version and load average) and are printed as
 * tables. A benchmark, not a test: nothing here asserts on time.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamEvent } from 'aws-lambda';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { loadConfig } from '../src/config/env';
import { parseAgentEvent, type AgentEventRecord } from '../src/domain/records';
import { createAgentEventsHandler, type AgentEventsLogger } from '../src/lambda/agent-events.handler';
import { generateDemoData } from '../src/local/demo-data';
import { startStack } from '../src/server/stack';
import type { AgentStateApplier } from '../src/services/agent-event-ingest.service';
import { AgentStateRepository, type AgentEventsBatchEntry, type AgentStateApplyResult } from '../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../src/state/dynamodb.client';
import {
  BENCH_ACCOUNT_ID,
  BENCH_INSTANCE_ARN,
  DEFAULT_MEAN_STATE_CHANGE_MS,
  HEARTBEAT_INTERVAL_MS,
  benchAgent,
  generateCenterTraffic,
  toKinesisBatches,
} from './agent-event-traffic';
import { lambdaContext } from '../test/helpers/kinesis-factories';

const RESULTS_FILE = path.resolve(__dirname, '..', '..', 'bench', 'results', 'agent-events.json');
const AGENT_STATE_TABLE = 'bench-agent-state';
const NAIVE_TABLE = 'bench-naive-agent-events';
/** The size the issue asks about; a smaller run is extrapolated to it. */
const TARGET_AGENTS = 25_000;
const WINDOW_START = Date.parse('2026-11-02T09:00:00.000Z');

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The q-quantile (nearest rank) of sorted values. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function sortedNumbers(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

// ---------------------------------------------------------------------------------------------
// 1. Throughput
// ---------------------------------------------------------------------------------------------

/** Starts bench/dynalite-server.js in a child process. */
async function startDynaliteProcess(): Promise<{ endpoint: string; cpuMicros: () => Promise<number>; stop: () => Promise<void> }> {
  const child: ChildProcess = fork(path.join(__dirname, 'dynalite-server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`dynalite child exited with ${code} before listening`)));
    child.once('error', reject);
  });
  return {
    endpoint,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        const onMessage = (message: unknown): void => {
          const cpu = (message as { cpuMicros?: number }).cpuMicros;
          if (cpu === undefined) return;
          child.off('message', onMessage);
          resolve(cpu);
        };
        child.on('message', onMessage);
        child.send('cpu');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('stop');
        child.disconnect();
      }),
  };
}

/** Capacity units, as DynamoDB (here: dynalite) reports them with `ReturnConsumedCapacity: 'TOTAL'`. */
interface CapacityTotals {
  read: number;
  write: number;
}

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

/**
 * Counts the DynamoDB requests a client sends (by operation; SDK retries are not counted again),
 * the errors they end with, and the capacity units they consume: every read and write is sent with
 * `ReturnConsumedCapacity: 'TOTAL'` (only adds the figure to the response).
 */
function countRequests(client: DynamoDBClient): { requests: Map<string, number>; errors: Map<string, number>; capacity: CapacityTotals; reset(): void } {
  const requests = new Map<string, number>();
  const errors = new Map<string, number>();
  const capacity: CapacityTotals = { read: 0, write: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      requests.set(operation, (requests.get(operation) ?? 0) + 1);
      const isWrite = WRITE_OPERATIONS.has(operation);
      if (isWrite || READ_OPERATIONS.has(operation)) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (isWrite) capacity.write += units;
        else capacity.read += units;
        return result;
      } catch (error) {
        const name = `${operation}: ${(error as Error).name}`;
        errors.set(name, (errors.get(name) ?? 0) + 1);
        throw error;
      }
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return {
    requests,
    errors,
    capacity,
    reset: () => {
      requests.clear();
      errors.clear();
      capacity.read = 0;
      capacity.write = 0;
    },
  };
}

/** What the repository did with the events, per event (each agent group of a batch has one result). */
class ApplyTally {
  /** Events by event type and by the result of their agent's group: 'changed' | 'heartbeat' | 'none' | 'error'. */
  readonly events = new Map<string, number>();
  /** Agent groups (one per agent per batch) by result. */
  readonly groups = new Map<string, number>();

  record(batch: readonly AgentEventsBatchEntry[], results: readonly AgentStateApplyResult[]): void {
    batch.forEach((entry, i) => {
      const result = results[i];
      const outcome = result === undefined || result.error !== undefined ? 'error' : result.change;
      this.groups.set(outcome, (this.groups.get(outcome) ?? 0) + 1);
      for (const event of entry.events) {
        const key = `${event.EventType} ${outcome}`;
        this.events.set(key, (this.events.get(key) ?? 0) + 1);
      }
    });
  }

  count(type: string, outcome: string): number {
    return this.events.get(`${type} ${outcome}`) ?? 0;
  }

  reset(): void {
    this.events.clear();
    this.groups.clear();
  }
}

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

/** Runs every shard's batches in order, shards in parallel (one invocation per shard at a time). */
async function runShards(shards: readonly KinesisStreamEvent[][], invoke: (event: KinesisStreamEvent) => Promise<number>): Promise<ShardRun> {
  const durations: number[] = [];
  let failedRecords = 0;
  const started = performance.now();
  await Promise.all(
    shards.map(async (batches) => {
      for (const batch of batches) {
        const t = performance.now();
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

async function createNaiveTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: NAIVE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: NAIVE_TABLE });
}

/**
 * The naive handler: for each record, decode, parse (`parseAgentEvent`, as the real path validates
 * too) and PutItem the event as the agent's item, unconditionally (no reduction, no ordering check).
 * `inFlight` records of a batch at a time (1: a plain loop).
 */
function naiveHandler(client: DynamoDBClient, inFlight: number): (event: KinesisStreamEvent) => Promise<number> {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const putOne = async (data: string): Promise<void> => {
    const event = parseAgentEvent(JSON.parse(Buffer.from(data, 'base64').toString('utf8')));
    await doc.send(new PutCommand({ TableName: NAIVE_TABLE, Item: { ...event, pk: event.AgentARN } }));
  };
  return async (event) => {
    let failed = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < event.Records.length) {
        const record = event.Records[next++]!;
        await putOne(record.kinesis.data).catch(() => {
          failed++;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, event.Records.length) }, worker));
    return failed;
  };
}

interface ThroughputOptions {
  readonly agents: number;
  readonly minutes: number;
  readonly shards: number;
  readonly batchSize: number;
  readonly naiveInFlight: number;
  readonly changeEverySeconds: number;
  readonly seed: string;
}

const toObject = (map: Map<string, number>): Record<string, number> => Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));

async function benchThroughput(options: ThroughputOptions) {
  const { agents, minutes, shards, batchSize } = options;
  const windowSeconds = minutes * 60;
  process.stdout.write(`throughput: generating ${agents} agents × ${minutes} min of traffic …\n`);
  const traffic = generateCenterTraffic({ agents, windowMs: windowSeconds * 1000, startMs: WINDOW_START, seed: options.seed, meanStateChangeMs: options.changeEverySeconds * 1000 });
  const seedBatches = toKinesisBatches(traffic.seed, shards, batchSize);
  const windowBatches = toKinesisBatches(traffic.events, shards, batchSize);
  const events = traffic.events.length;
  const meanRecordBytes = Math.round(
    windowBatches.flat().reduce((sum, batch) => sum + batch.Records.reduce((s, r) => s + (r.kinesis.data.length * 3) / 4, 0), 0) / events,
  );
  traffic.events.length = 0; // the batches hold the encoded records; let the objects go

  const dynalite = await startDynaliteProcess();
  const client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynalite.endpoint, localCredentials: true });
  const counter = countRequests(client);
  try {
    await ensureAgentStateTable(client, AGENT_STATE_TABLE);
    await createNaiveTable(client);

    const repository = new AgentStateRepository({ client, tableName: AGENT_STATE_TABLE });
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
    const invokeHandler = async (event: KinesisStreamEvent): Promise<number> => (await handler(event, lambdaContext())).batchItemFailures.length;
    /** A timed run, with the CPU time this process (the "Lambda") and dynalite spent on it. */
    const phase = async (batches: readonly KinesisStreamEvent[][], invoke: (event: KinesisStreamEvent) => Promise<number>) => {
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

    process.stdout.write(`throughput: ${events} events through the handler (${shards} shards, batches of ${batchSize}) …\n`);
    counter.reset();
    tally.reset();
    published = 0;
    const handlerRun = await phase(windowBatches, invokeHandler);
    const handlerRequests = toObject(counter.requests);
    const handlerErrors = toObject(counter.errors);
    const handlerCapacity = { ...counter.capacity };
    const handlerPublished = published;

    const naive = naiveHandler(client, options.naiveInFlight);
    process.stdout.write(`throughput: seeding the naive table, then ${events} events through the naive loop (${options.naiveInFlight} PutItem in flight per shard) …\n`);
    await runShards(seedBatches, naive);
    counter.reset();
    const naiveRun = await phase(windowBatches, naive);
    const naiveRequests = toObject(counter.requests);
    const naiveErrors = toObject(counter.errors);
    const naiveCapacity = { ...counter.capacity };

    const writes = (requests: Record<string, number>): number => (requests.PutItem ?? 0) + (requests.UpdateItem ?? 0) + (requests.DeleteItem ?? 0) + (requests.BatchWriteItem ?? 0);
    const allRequests = (requests: Record<string, number>): number => Object.values(requests).reduce((a, b) => a + b, 0);
    const heartbeatsNoVisibleChange = tally.count('HEART_BEAT', 'heartbeat');
    const heartbeatsNoWrite = tally.count('HEART_BEAT', 'none');
    const heartbeatsFolded = tally.count('HEART_BEAT', 'changed');
    const requiredRate = events / windowSeconds;
    const handlerRate = events / handlerRun.wallSeconds;
    const naiveRate = events / naiveRun.wallSeconds;
    const scale = TARGET_AGENTS / agents;
    return {
      assumptions: {
        agents,
        simulatedMinutes: minutes,
        heartbeatEverySeconds: HEARTBEAT_INTERVAL_MS / 1000,
        meanStateChangeEverySeconds: options.changeEverySeconds,
        shards,
        batchSize,
        naivePutItemsInFlightPerShard: options.naiveInFlight,
        dynalite: 'startEmbeddedDynamoDb in a child process (in memory), same machine',
        handlerRepository: 'AgentStateRepository defaults (16 writes in flight per invocation)',
        publish: 'no-op counter (the Lambda without REDIS_URL)',
      },
      traffic: {
        events,
        heartbeats: traffic.heartbeats,
        stateChanges: traffic.stateChanges,
        requiredEventsPerSecond: round(requiredRate),
        meanRecordBytes,
        invocations: handlerRun.invocations,
      },
      seed: { events: traffic.seed.length, wallSeconds: round(seedRun.wallSeconds, 2), eventsPerSecond: round(traffic.seed.length / seedRun.wallSeconds), cpuMsPerEvent: cpuPerEvent(seedRun, traffic.seed.length), dynamoRequests: seedRequests },
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
          heartbeatsStoredWithoutVisibleChange: heartbeatsNoVisibleChange,
          heartbeatsWithoutAnyWrite: heartbeatsNoWrite,
          heartbeatsFoldedIntoAChangeOfTheSameBatch: heartbeatsFolded,
          shareOfEventsThatAreInvisibleHeartbeats: round((heartbeatsNoVisibleChange + heartbeatsNoWrite) / events, 3),
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
      handlerToNaiveThroughput: round(handlerRate / naiveRate, 2),
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
    await dynalite.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Latency
// ---------------------------------------------------------------------------------------------

interface LatencyOptions {
  readonly subscribers: number;
  readonly connections: number;
  readonly events: number;
  readonly spacingMs: number;
}

interface LatencyResult {
  readonly subscribers: number;
  readonly connections: number;
  readonly events: number;
  readonly spacingMs: number;
  readonly expected: number;
  readonly delivered: number;
  readonly duplicates: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Per event: until every subscriber had it (p50 / p99 over events). */
  readonly lastSubscriberP50Ms: number;
  readonly lastSubscriberP99Ms: number;
  /** POST round trip (response received), ms. */
  readonly postP50Ms: number;
  readonly postP99Ms: number;
  readonly postStatuses: Record<string, number>;
  /** Achieved mean interval between POST starts, ms. */
  readonly achievedSpacingMs: number;
  readonly warmupSeconds: number;
  readonly subscriptionErrors: number;
  /** Messages the subscribers were offered per second (events/s × subscribers). */
  readonly offeredDeliveriesPerSecond: number;
  /** Messages delivered per second, from the first POST to the last receipt (under saturation: the fan-out capacity). */
  readonly deliveredPerSecond: number;
}

const LATENCY_T0 = Date.parse('2026-11-02T10:00:00.000Z');

/** An agent event of agent `index` of the latency run (prefix `lat`), Available or on Break, at `timeMs`. */
function latencyEvent(index: number, prefix: string, onBreak: boolean, timeMs: number, eventId: string): AgentEventRecord {
  const agent = benchAgent(index, prefix);
  const since = new Date(timeMs).toISOString();
  const queue = { ARN: `${BENCH_INSTANCE_ARN}/queue/queue-0`, Name: 'Queue 0' };
  return {
    AWSAccountId: BENCH_ACCOUNT_ID,
    AgentARN: agent.agentArn,
    CurrentAgentSnapshot: {
      AgentStatus: {
        ARN: `${BENCH_INSTANCE_ARN}/agent-state/${onBreak ? 'break' : 'available'}`,
        Name: onBreak ? 'Break' : 'Available',
        StartTimestamp: since,
        Type: onBreak ? 'NOT_ROUTABLE' : 'ROUTABLE',
      },
      Configuration: {
        AgentHierarchyGroups: null,
        FirstName: 'Latency',
        LastName: `Agent ${index}`,
        RoutingProfile: { ARN: `${BENCH_INSTANCE_ARN}/routing-profile/rp-0`, DefaultOutboundQueue: queue, InboundQueues: [{ ...queue, Channels: ['VOICE'] }], Name: 'Routing profile 0' },
        Username: agent.username,
      },
      Contacts: [],
    },
    EventId: eventId,
    EventTimestamp: since,
    EventType: 'STATE_CHANGE',
    InstanceARN: BENCH_INSTANCE_ARN,
    PreviousAgentSnapshot: null,
    Version: '2019-05-25',
  };
}

/** The latency client (child process): subscribers, POSTs, samples. */
async function runLatencyClient(url: string, options: LatencyOptions): Promise<LatencyResult> {
  const { subscribers, connections, events, spacingMs } = options;
  const ingestUrl = `${url}/ingest/agent-events`;
  const post = async (records: unknown[]): Promise<number> => {
    const res = await fetch(ingestUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
    await res.arrayBuffer();
    return res.status;
  };

  // Seed: every measured agent exists (Available) before anyone subscribes, so each measured event
  // is a state change of a known agent. No subscriber yet: nothing is delivered.
  const seedStatus = await post(Array.from({ length: events }, (_, k) => latencyEvent(k, 'lat', false, LATENCY_T0, `seed-${k}`)));
  if (seedStatus !== 200) throw new Error(`seeding the latency agents answered ${seedStatus}`);

  const usernameIndex = new Map<string, number>(Array.from({ length: events }, (_, k) => [benchAgent(k, 'lat').username, k]));
  const warmupUsername = benchAgent(0, 'warmup').username;
  const t0 = new Float64Array(events).fill(NaN);
  const samples = new Float64Array(events * subscribers).fill(NaN);
  const warm = new Uint8Array(subscribers);
  let warmCount = 0;
  let delivered = 0;
  let duplicates = 0;
  let subscriptionErrors = 0;
  let lastReceiptAt = NaN;

  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
  const clients: Client[] = Array.from({ length: connections }, () =>
    createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, keepAlive: 0 }),
  );
  const query = 'subscription { agentStateChanged { username activity } }';
  for (let s = 0; s < subscribers; s++) {
    clients[s % connections]!.subscribe<{ agentStateChanged: { username: string; activity: string } }>(
      { query },
      {
        next: (value) => {
          const now = performance.now();
          const username = value.data?.agentStateChanged.username;
          if (username === undefined) return;
          if (username === warmupUsername) {
            if (warm[s] === 0) {
              warm[s] = 1;
              warmCount++;
            }
            return;
          }
          const k = usernameIndex.get(username);
          if (k === undefined) return;
          const slot = k * subscribers + s;
          if (!Number.isNaN(samples[slot]!)) {
            duplicates++;
            return;
          }
          samples[slot] = now - t0[k]!;
          delivered++;
          lastReceiptAt = now;
        },
        error: () => {
          subscriptionErrors++;
        },
        complete: () => undefined,
      },
    );
  }

  // Warm-up: post changes of a separate agent until every subscription has received one (so every
  // subscription is registered on the server), then let the fan-out settle.
  const warmupStarted = performance.now();
  for (let round = 0; warmCount < subscribers; round++) {
    if (performance.now() - warmupStarted > 120_000) throw new Error(`only ${warmCount} of ${subscribers} subscriptions became active within 120 s`);
    await post([latencyEvent(0, 'warmup', round % 2 === 1, LATENCY_T0 + round * 1000, `warmup-${round}`)]);
    await sleep(250);
  }
  await sleep(500);
  const warmupSeconds = (performance.now() - warmupStarted) / 1000;

  // Measured events: agent k goes on Break, one POST each, every spacingMs (open loop).
  const postTimes: number[] = [];
  const statuses = new Map<string, number>();
  const posts: Promise<void>[] = [];
  const start = performance.now();
  for (let k = 0; k < events; k++) {
    const due = start + k * spacingMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const body = [latencyEvent(k, 'lat', true, LATENCY_T0 + 60_000, `change-${k}`)];
    t0[k] = performance.now();
    posts.push(
      post(body).then(
        (status) => {
          postTimes.push(performance.now() - t0[k]!);
          statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
        },
        (error: unknown) => {
          statuses.set(`error ${(error as Error).message}`, (statuses.get(`error ${(error as Error).message}`) ?? 0) + 1);
        },
      ),
    );
  }
  const achievedSpacingMs = events > 1 ? (t0[events - 1]! - t0[0]!) / (events - 1) : 0;
  await Promise.all(posts);
  const expected = events * subscribers;
  const deadline = performance.now() + 30_000;
  while (delivered < expected && performance.now() < deadline) await sleep(50);
  await sleep(300); // late duplicates, if any

  await Promise.all(clients.map((client) => client.dispose()));

  const all = sortedNumbers(samples.filter((x) => !Number.isNaN(x)));
  const perEventMax: number[] = [];
  for (let k = 0; k < events; k++) {
    let max = -Infinity;
    for (let s = 0; s < subscribers; s++) {
      const v = samples[k * subscribers + s]!;
      if (!Number.isNaN(v) && v > max) max = v;
    }
    if (max > -Infinity) perEventMax.push(max);
  }
  const lastSorted = sortedNumbers(perEventMax);
  const postSorted = sortedNumbers(postTimes);
  return {
    subscribers,
    connections,
    events,
    spacingMs,
    expected,
    delivered,
    duplicates,
    p50Ms: round(quantile(all, 0.5), 2),
    p90Ms: round(quantile(all, 0.9), 2),
    p99Ms: round(quantile(all, 0.99), 2),
    maxMs: round(all.length > 0 ? all[all.length - 1]! : NaN, 2),
    meanMs: round(all.reduce((a, b) => a + b, 0) / Math.max(1, all.length), 2),
    lastSubscriberP50Ms: round(quantile(lastSorted, 0.5), 2),
    lastSubscriberP99Ms: round(quantile(lastSorted, 0.99), 2),
    postP50Ms: round(quantile(postSorted, 0.5), 2),
    postP99Ms: round(quantile(postSorted, 0.99), 2),
    postStatuses: Object.fromEntries(statuses),
    achievedSpacingMs: round(achievedSpacingMs, 2),
    warmupSeconds: round(warmupSeconds, 1),
    subscriptionErrors,
    offeredDeliveriesPerSecond: round((1000 / spacingMs) * subscribers, 0),
    deliveredPerSecond: round(delivered / ((lastReceiptAt - t0[0]!) / 1000), 0),
  };
}

/** Starts the real server, runs the latency client in a child process against it, stops the server. */
async function benchLatency(options: LatencyOptions): Promise<LatencyResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-events-bench-'));
  const dataDir = path.join(tmp, 'data');
  process.stdout.write('latency: writing a 1-day × 2-agent demo data set and starting the server …\n');
  await generateDemoData({ outDir: dataDir, days: 1, agents: 2, seed: 'bench', start: '2026-11-01', progress: false });
  const config = loadConfig({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SIMULATE: '0', DATA_DIR: dataDir });
  const stack = await startStack(config, pino({ level: 'silent' }), { onDemoDataProgress: false });
  try {
    process.stdout.write(
      `latency: ${options.subscribers} subscriptions over ${options.connections} WebSocket connections (client in a child process), ${options.events} changes every ${options.spacingMs} ms …\n`,
    );
    const child = fork(
      __filename,
      [
        '--latency-client',
        stack.url,
        '--subscribers',
        String(options.subscribers),
        '--connections',
        String(options.connections),
        '--events',
        String(options.events),
        '--spacing-ms',
        String(options.spacingMs),
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    return await new Promise<LatencyResult>((resolve, reject) => {
      let result: LatencyResult | undefined;
      child.on('message', (message) => {
        result = message as LatencyResult;
      });
      child.once('error', reject);
      child.once('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`latency client exited with ${code} without a result`))));
    });
  } finally {
    await stack.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

/** The saved figures: one entry per throughput size and per latency setting (a new run replaces its own entries only). */
interface SavedResults {
  throughput: Record<string, unknown>;
  latency: Record<string, unknown>;
}

function loadResults(): SavedResults {
  try {
    const saved = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Partial<SavedResults>;
    return { throughput: saved.throughput ?? {}, latency: saved.latency ?? {} };
  } catch {
    return { throughput: {}, latency: {} }; // first run
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string', default: '5000' },
      minutes: { type: 'string', default: '2' },
      shards: { type: 'string', default: '4' },
      'batch-size': { type: 'string', default: '100' },
      'change-every': { type: 'string', default: String(DEFAULT_MEAN_STATE_CHANGE_MS / 1000) },
      'naive-in-flight': { type: 'string', default: '1' },
      seed: { type: 'string', default: 'bench' },
      subscribers: { type: 'string', default: '1000' },
      connections: { type: 'string', default: '10' },
      events: { type: 'string', default: '200' },
      'spacing-ms': { type: 'string', multiple: true, default: ['20', '200'] },
      only: { type: 'string' },
      'latency-client': { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got ${text})`);
    return n;
  };
  const spacings = values['spacing-ms']!.map((text) => positive('spacing-ms', text));
  const latencyOptions = (spacingMs: number): LatencyOptions => ({
    subscribers: positive('subscribers', values.subscribers),
    connections: positive('connections', values.connections),
    events: positive('events', values.events),
    spacingMs,
  });
  if (values['latency-client'] !== undefined) {
    const result = await runLatencyClient(values['latency-client'], latencyOptions(spacings[0]!));
    await new Promise<void>((resolve) => process.send?.(result, undefined, undefined, () => resolve()) ?? resolve());
    process.disconnect?.();
    return;
  }
  if (values.only !== undefined && values.only !== 'throughput' && values.only !== 'latency') throw new Error('--only must be throughput or latency');

  const machine = { measuredAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage1m: round(os.loadavg()[0]!, 2) };
  const saved = loadResults();
  if (values.only !== 'latency') {
    const throughput = await benchThroughput({
      agents: positive('agents', values.agents),
      minutes: positive('minutes', values.minutes),
      shards: positive('shards', values.shards),
      batchSize: positive('batch-size', values['batch-size']),
      naiveInFlight: positive('naive-in-flight', values['naive-in-flight']),
      changeEverySeconds: positive('change-every', values['change-every']),
      seed: values.seed!,
    });
    saved.throughput[`${throughput.assumptions.agents} agents x ${throughput.assumptions.simulatedMinutes} min, ${throughput.assumptions.shards} shards`] = { ...machine, ...throughput };
    const t = throughput;
    console.table({
      'handler (reducer + conditional writes)': {
        events: t.traffic.events,
        'wall s': t.handler.wallSeconds,
        'events/s': t.handler.eventsPerSecond,
        'x real time': t.handler.realTimeFactor,
        'writes/event': t.handler.writesPerEvent,
        'requests/event': t.handler.requestsPerEvent,
        'WCU/event': t.handler.wcuPerEvent,
        'RCU/event': t.handler.rcuPerEvent,
        'batch ms p50': t.handler.invocationMsP50,
        'batch ms p99': t.handler.invocationMsP99,
        'CPU ms/event (handler)': t.handler.cpuMsPerEvent.handlerProcessMs,
        'CPU ms/event (dynalite)': t.handler.cpuMsPerEvent.dynaliteMs,
        failed: t.handler.failedRecords,
      },
      [`naive loop (${t.assumptions.naivePutItemsInFlightPerShard} PutItem in flight/shard)`]: {
        events: t.traffic.events,
        'wall s': t.naive.wallSeconds,
        'events/s': t.naive.eventsPerSecond,
        'x real time': t.naive.realTimeFactor,
        'writes/event': t.naive.writesPerEvent,
        'requests/event': t.naive.writesPerEvent,
        'WCU/event': t.naive.wcuPerEvent,
        'RCU/event': t.naive.rcuPerEvent,
        'batch ms p50': t.naive.invocationMsP50,
        'batch ms p99': t.naive.invocationMsP99,
        'CPU ms/event (handler)': t.naive.cpuMsPerEvent.handlerProcessMs,
        'CPU ms/event (dynalite)': t.naive.cpuMsPerEvent.dynaliteMs,
        failed: t.naive.failedRecords,
      },
    });
    process.stdout.write(
      `traffic: ${t.assumptions.agents} agents × ${t.assumptions.simulatedMinutes} simulated min = ${t.traffic.events} events ` +
        `(${t.traffic.heartbeats} HEART_BEAT, ${t.traffic.stateChanges} STATE_CHANGE; needs ${t.traffic.requiredEventsPerSecond} events/s to keep up; ${t.traffic.meanRecordBytes} B/record), ` +
        `${t.assumptions.shards} shards, batches of ${t.assumptions.batchSize}\n`,
    );
    process.stdout.write(`handler DynamoDB requests: ${JSON.stringify(t.handler.dynamoRequests)}${Object.keys(t.handler.dynamoErrors).length > 0 ? `, errors ${JSON.stringify(t.handler.dynamoErrors)}` : ''}; published ${t.handler.published}\n`);
    process.stdout.write(`seed (first sight of every agent, timed apart): ${t.seed.events} events in ${t.seed.wallSeconds} s = ${t.seed.eventsPerSecond} events/s; requests ${JSON.stringify(t.seed.dynamoRequests)}\n`);
    console.table({ 'per-event cost split (handler)': t.handler.costSplit });
    if (t.extrapolation !== null) {
      const e = t.extrapolation;
      process.stdout.write(`\n*** ${e.note}\n`);
      console.table({
        [`EXTRAPOLATED ${e.agents} agents`]: {
          events: e.events,
          'needs events/s': e.requiredEventsPerSecond,
          'handler wall s': e.handlerWallSeconds,
          'handler x real time': e.handlerRealTimeFactor,
          'naive wall s': e.naiveWallSeconds,
          'naive x real time': e.naiveRealTimeFactor,
        },
      });
    }
  }
  if (values.only !== 'throughput') {
    const latency: LatencyResult[] = [];
    for (const spacingMs of spacings) latency.push(await benchLatency(latencyOptions(spacingMs)));
    for (const l of latency) saved.latency[`${l.subscribers} subscriptions / ${l.connections} connections, every ${l.spacingMs} ms`] = { ...machine, ...l };
    console.table(
      Object.fromEntries(
        latency.map((l) => [
          `every ${l.spacingMs} ms (${round(1000 / l.spacingMs)} changes/s)`,
          {
            subs: l.subscribers,
            conns: l.connections,
            events: l.events,
            delivered: `${l.delivered}/${l.expected}`,
            'p50 ms': l.p50Ms,
            'p90 ms': l.p90Ms,
            'p99 ms': l.p99Ms,
            'max ms': l.maxMs,
            'all subs p50': l.lastSubscriberP50Ms,
            'all subs p99': l.lastSubscriberP99Ms,
            'POST p50 ms': l.postP50Ms,
            'offered msg/s': l.offeredDeliveriesPerSecond,
            'delivered msg/s': l.deliveredPerSecond,
          },
        ]),
      ),
    );
    for (const l of latency) {
      if (l.delivered !== l.expected || l.duplicates > 0 || l.subscriptionErrors > 0) {
        process.stdout.write(
          `WARNING (every ${l.spacingMs} ms): delivered ${l.delivered} of ${l.expected} expected (${l.duplicates} duplicates, ${l.subscriptionErrors} subscription errors)\n`,
        );
      }
      process.stdout.write(`every ${l.spacingMs} ms: POST statuses ${JSON.stringify(l.postStatuses)}, achieved spacing ${l.achievedSpacingMs} ms, warm-up ${l.warmupSeconds} s\n`);
    }
  }

  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(saved, null, 2)}\n`);
  process.stdout.write(`figures written to ${path.relative(process.cwd(), RESULTS_FILE)} (${os.cpus().length} cores, node ${process.version})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
