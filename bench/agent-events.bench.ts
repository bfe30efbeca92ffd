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
 *    seeded (one STATE_CHANGE per agent, through the same handler, timed separately), then
 *    --warm-minutes (default 4, two heartbeat periods) of the same traffic model go through the
 *    handler untimed: the window is a running center, not a cold start. The warm-up matters because
 *    the handler does not write a heartbeat while the agent's stored liveness is younger than the
 *    heartbeat write window: with the seed alone every agent's liveness is fresh when the window
 *    opens, so a short window writes almost no heartbeat and understates the write cost of a
 *    center that has been running (--warm-minutes 0 gives that seed-only run). The naive table is
 *    seeded and warmed with the same events. The same batches then go through a naive handler:
 *    decode + parse (`parseAgentEvent`) + one unconditional PutItem per event, one after the other
 *    per shard (--naive-in-flight), into a separate table of the same dynalite. The handler's
 *    DynamoDB client is created as the agentEvents Lambda creates it (`createDynamoDbClient` with
 *    `cacheMiddleware`); the naive loop's DocumentClient needs one without (it refuses that option),
 *    otherwise the same. Each client's requests and consumed capacity are counted separately.
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
 * The default throughput size is 5,000 agents (a 25,000-agent run takes ~4 minutes on 2 cores);
 * the figures are then extrapolated to 25,000 agents, labelled as such. `--agents 25000` measures it.
 *
 * Parts: bench/agent-events.throughput.ts (with dynalite.process.ts, dynamodb-request.counter.ts,
 * naive-ingest.ts), bench/agent-events.latency.ts (+ agent-events.latency-client.ts, the child),
 * bench/agent-events.report.ts (tables); figures are saved through bench/results.writer.ts.
 *
 *   npm run build && node dist/bench/agent-events.bench.js [--agents 5000] [--minutes 2] [--shards 4]
 *     [--change-every 90] [--naive-in-flight 1] [--subscribers 1000] [--connections 10] [--events 200]
 *     [--spacing-ms 20 --spacing-ms 200] [--only throughput|latency]
 *     [--warm-minutes 4] [--heartbeats every-period|after-silence] [--heartbeat-write-window 90]
 *     [--remembered-agents 50000] [--label text] [--stub-dynamodb send|http]
 *
 * --heartbeats picks when the synthetic agents send HEART_BEAT: every 120 s whatever else they send
 * (every-period, the default, the traffic shape the issue measured: ~42 % of events are heartbeats),
 * or only after 120 s without another event (after-silence, as the AWS documentation describes it).
 *
 * --heartbeat-write-window and --remembered-agents set the repository's options of the same names
 * (AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS, AGENT_STATE_MEMORY_MAX_AGENTS; 0 turns either off);
 * --label adds a suffix to the saved throughput entry's key (e.g. to keep a "before" run).
 *
 * --stub-dynamodb breaks the handler's CPU per event down (bench/dynamodb-stub.ts): after the
 * warm-up its client stops reaching dynalite, at `send` (what remains is the handler's own work)
 * or at the SDK's HTTP handler (own work + SDK). Its DynamoDB figures (requests, WCU) are then not
 * meaningful, nor is the ratio to the naive loop; compare its handler CPU with a normal run's.
 *
 * Figures go to bench/results/agent-events.json (merged: one entry per throughput size and per
 * latency setting, each with the machine, node version and load average) and are printed as
 * tables. A benchmark, not a test: nothing here asserts on time.
 */
import 'reflect-metadata';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_AGENT_MEMORY_MAX_AGENTS, DEFAULT_HEARTBEAT_WRITE_WINDOW_SECONDS } from '../src/state/agent-state.repository';
import { DEFAULT_MEAN_STATE_CHANGE_MS, HEARTBEAT_MODELS, type HeartbeatModel } from './agent-event-traffic';
import { benchLatency, type LatencyOptions, type LatencyResult } from './agent-events.latency';
import { printLatency, printThroughput } from './agent-events.report';
import { DEFAULT_WARM_MINUTES, benchThroughput } from './agent-events.throughput';
import { DYNAMODB_STUBS, type DynamoDbStub } from './dynamodb-stub';
import { round } from './numbers';
import { readResults, writeResults } from './results.writer';

const RESULTS = 'agent-events';

/** The saved figures: one entry per throughput size and per latency setting (a new run replaces its own entries only). */
interface SavedResults {
  throughput: Record<string, unknown>;
  latency: Record<string, unknown>;
}

function loadResults(): SavedResults {
  const saved = readResults<Partial<SavedResults>>(RESULTS) ?? {}; // none on a first run
  return { throughput: saved.throughput ?? {}, latency: saved.latency ?? {} };
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
      'warm-minutes': { type: 'string', default: String(DEFAULT_WARM_MINUTES) },
      heartbeats: { type: 'string', default: 'every-period' },
      'heartbeat-write-window': { type: 'string', default: String(DEFAULT_HEARTBEAT_WRITE_WINDOW_SECONDS) },
      'remembered-agents': { type: 'string', default: String(DEFAULT_AGENT_MEMORY_MAX_AGENTS) },
      label: { type: 'string' },
      subscribers: { type: 'string', default: '1000' },
      connections: { type: 'string', default: '10' },
      events: { type: 'string', default: '200' },
      'spacing-ms': { type: 'string', multiple: true, default: ['20', '200'] },
      only: { type: 'string' },
      'stub-dynamodb': { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got ${text})`);
    return n;
  };
  const wholeOrZero = (name: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0 (got ${text})`);
    return n;
  };
  const nonNegative = (name: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0 (got ${text})`);
    return n;
  };
  const heartbeatModel = (text: string | undefined): HeartbeatModel => {
    const model = HEARTBEAT_MODELS.find((m) => m === text);
    if (model === undefined) throw new Error(`--heartbeats must be ${HEARTBEAT_MODELS.join(' or ')} (got ${text})`);
    return model;
  };
  const stub = (text: string | undefined): DynamoDbStub | undefined => {
    if (text === undefined) return undefined;
    const level = DYNAMODB_STUBS.find((s) => s === text);
    if (level === undefined) throw new Error(`--stub-dynamodb must be ${DYNAMODB_STUBS.join(' or ')} (got ${text})`);
    return level;
  };
  const spacings = values['spacing-ms']!.map((text) => positive('spacing-ms', text));
  const latencyOptions = (spacingMs: number): LatencyOptions => ({
    subscribers: positive('subscribers', values.subscribers),
    connections: positive('connections', values.connections),
    events: positive('events', values.events),
    spacingMs,
  });
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
      warmMinutes: nonNegative('warm-minutes', values['warm-minutes']),
      heartbeats: heartbeatModel(values.heartbeats),
      heartbeatWriteWindowSeconds: wholeOrZero('heartbeat-write-window', values['heartbeat-write-window']),
      rememberedAgents: wholeOrZero('remembered-agents', values['remembered-agents']),
      stubDynamoDb: stub(values['stub-dynamodb']),
    });
    const label = values.label === undefined ? '' : ` (${values.label})`;
    saved.throughput[`${throughput.assumptions.agents} agents x ${throughput.assumptions.simulatedMinutes} min, ${throughput.assumptions.shards} shards${label}`] = { ...machine, ...throughput };
    printThroughput(throughput);
  }
  if (values.only !== 'throughput') {
    const latency: LatencyResult[] = [];
    for (const spacingMs of spacings) latency.push(await benchLatency(latencyOptions(spacingMs)));
    for (const l of latency) saved.latency[`${l.subscribers} subscriptions / ${l.connections} connections, every ${l.spacingMs} ms`] = { ...machine, ...l };
    printLatency(latency);
  }
  writeResults(RESULTS, saved);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
