/**
 * Live-state read benchmark: `agentStates(filter: { queue })` and `Queue.realtime`, as the
 * service answers them (`AgentStateService`, a fresh one per request like the server), over
 * 5,000 agents in the embedded DynamoDB (dynalite in its own process, `dynalite-server.ts`).
 *
 * Data: 5,000 agents of one instance in 25 routing profiles (200 agents each); 10 queues; profile
 * p takes queues p mod 10 and (p + 3) mod 10, so each queue is served by 5 profiles (1,000
 * agents). Every agent holds one contact. Each figure is the latency of one request (after
 * warm-up), the DynamoDB calls it made, by operation, and the read capacity units they consumed
 * (as dynalite reports them), counted with the benches' request counter. The
 * baseline row is the read these requests made before they went through the index (a Scan of the
 * whole table, filtered in memory), measured in the same run.
 *
 * Run: `npm run bench -- agent-states` or `node dist/bench/agent-states.bench.js [--agents N] [--runs N]`.
 * Figures go to bench/results/agent-states.json (the shared results writer) and are printed as a table. A benchmark, not a test.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { matchesAgentFilter } from '../src/domain/agent-state-filter';
import { parseAgentEvent } from '../src/domain/records';
import { RequestStats } from '../src/domain/request-stats';
import { AgentStateService } from '../src/services/agent-state.service';
import { AgentStateRepository } from '../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../src/state/dynamodb.client';
import { startDynaliteProcess } from './dynalite.process';
import { countRequests, toObject } from './dynamodb-request.counter';
import { quantile, round } from './numbers';
import { writeResults } from './results.writer';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/bench-0000-0000-0000-000000000001';
const PROFILES = 25;
const QUEUES = 10;
const WARM_UP_RUNS = 5;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const queueArn = (q: number): string => `${INSTANCE}/queue/q-${q}`;
const queueName = (q: number): string => `Queue ${q}`;
const profileQueues = (p: number): number[] => [p % QUEUES, (p + 3) % QUEUES];

function agentEvent(agent: number): unknown {
  const p = agent % PROFILES;
  const queues = profileQueues(p).map((q) => ({ ARN: queueArn(q), Name: queueName(q), Channels: ['VOICE'] }));
  const at = new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + agent * 10).toISOString();
  const contactQueue = queues[agent % 2]!;
  return {
    AWSAccountId: '111122223333',
    AgentARN: `${INSTANCE}/agent/agent-${agent}`,
    EventId: `bench-${agent}`,
    EventTimestamp: at,
    EventType: 'STATE_CHANGE',
    InstanceARN: INSTANCE,
    Version: '2019-05-25',
    CurrentAgentSnapshot: {
      AgentStatus: { ARN: `${INSTANCE}/agent-state/available`, Name: 'Available', StartTimestamp: at, Type: 'ROUTABLE' },
      NextAgentStatus: null,
      Configuration: {
        AgentHierarchyGroups: { Level1: { ARN: `${INSTANCE}/agent-group/emea`, Name: 'EMEA' } },
        FirstName: `First${agent}`,
        LastName: `Last${agent}`,
        Username: `agent${String(agent).padStart(5, '0')}`,
        RoutingProfile: {
          ARN: `${INSTANCE}/routing-profile/rp-${p}`,
          Name: `Profile ${p}`,
          Concurrency: [{ Channel: 'VOICE', MaximumSlots: 1, AvailableSlots: 0 }],
          DefaultOutboundQueue: { ARN: queueArn(0), Name: queueName(0), Channels: ['VOICE'] },
          InboundQueues: queues,
        },
      },
      Contacts: [
        {
          Channel: 'VOICE',
          ConnectedToAgentTimestamp: at,
          ContactId: `contact-${agent}`,
          InitialContactId: null,
          InitiationMethod: 'INBOUND',
          Queue: { ARN: contactQueue.ARN, Name: contactQueue.Name },
          QueueTimestamp: at,
          State: 'CONNECTED',
          StateStartTimestamp: at,
        },
      ],
    },
  };
}


async function main(): Promise<void> {
  const agents = arg('agents', 5_000);
  const runs = arg('runs', 30);
  const dynalite = await startDynaliteProcess();
  const client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynalite.endpoint, localCredentials: true });
  const counts = countRequests(client);
  const tableName = 'bench-agent-states';
  await ensureAgentStateTable(client, tableName);
  const repository = new AgentStateRepository({ client, tableName });

  const seedStart = performance.now();
  for (let start = 0; start < agents; start += 100) {
    const batch = [];
    for (let a = start; a < Math.min(agents, start + 100); a++) {
      const event = parseAgentEvent(agentEvent(a));
      batch.push({ key: { instanceArn: INSTANCE, agentId: `agent-${a}` }, events: [event] });
    }
    const results = await repository.apply(batch);
    const failed = results.find((r) => r.error);
    if (failed) throw failed.error;
  }
  const seedMs = performance.now() - seedStart;

  type Case = { name: string; expectAgents: number; run: (service: AgentStateService) => Promise<number> };
  const servedBy = (q: number): number => {
    let n = 0;
    for (let a = 0; a < agents; a++) if (profileQueues(a % PROFILES).includes(q)) n++;
    return n;
  };
  const cases: Case[] = [
    {
      // What agentStates(filter: { queue }) did before it read through the index: Scan everything, filter in memory.
      name: 'baseline: Scan all + filter by queue',
      expectAgents: servedBy(4),
      run: async () => (await repository.listAll()).filter((s) => matchesAgentFilter(s, { queue: queueArn(4) })).length,
    },
    { name: 'agentStates(filter: { queue: <ARN> })', expectAgents: servedBy(4), run: async (s) => (await s.list({ queue: queueArn(4) })).length },
    { name: 'agentStates(filter: { queue: <name> })', expectAgents: servedBy(4), run: async (s) => (await s.list({ queue: queueName(4) })).length },
    { name: 'Queue.realtime (one queue)', expectAgents: servedBy(4), run: async (s) => (await s.realtime(queueArn(4))).agentsOnline },
    { name: 'agentStates (no filter)', expectAgents: agents, run: async (s) => (await s.list({})).length },
  ];
  const results = [];
  for (const c of cases) {
    const latencies: number[] = [];
    let perRequest: Record<string, number> = {};
    let readUnits = 0;
    for (let i = 0; i < runs + WARM_UP_RUNS; i++) {
      counts.reset();
      const service = new AgentStateService(repository, new RequestStats());
      const started = performance.now();
      const n = await c.run(service);
      const ms = performance.now() - started;
      if (n !== c.expectAgents) throw new Error(`${c.name}: ${n} agents, expected ${c.expectAgents}`);
      if (i >= WARM_UP_RUNS) latencies.push(ms);
      perRequest = toObject(counts.requests);
      readUnits = counts.capacity.read;
    }
    latencies.sort((a, b) => a - b);
    results.push({ case: c.name, agents: c.expectAgents, p50Ms: round(quantile(latencies, 0.5)), p95Ms: round(quantile(latencies, 0.95)), dynamodbCalls: perRequest, readCapacityUnits: round(readUnits) });
  }
  client.destroy();
  await dynalite.stop();

  const out = { measuredAt: new Date().toISOString(), node: process.version, cpus: os.availableParallelism(), tableAgents: agents, runs, seedMs: Math.round(seedMs), results };
  process.stdout.write(`agent states: ${agents} agents in dynalite (own process), ${runs} runs each, ${out.cpus} cpus, node ${out.node}\n`);
  process.stdout.write(`${'case'.padEnd(42)} ${'agents'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'RCU'.padStart(7)}  DynamoDB calls per request\n`);
  for (const r of results) {
    const callText = Object.entries(r.dynamodbCalls).map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(`${r.case.padEnd(42)} ${String(r.agents).padStart(6)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p95Ms.toFixed(1).padStart(8)} ${r.readCapacityUnits.toFixed(1).padStart(7)}  ${callText}\n`);
  }
  writeResults('agent-states', out);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
