/**
 * The latency client, run as a child process of the agent-events benchmark (so that server and
 * clients each get a core, and the POST time and the receipt time are read from one clock): graphql-ws
 * subscriptions spread over WebSocket connections, seeded agents, a warm-up until every subscription
 * is live, then one state change per POST to /ingest/agent-events every `spacingMs` (open loop).
 * Each sample is the time from just before a POST to one subscriber's receipt of that change.
 *
 *   node dist/bench/agent-events.latency-client.js <server url> '<LatencyOptions as JSON>'
 *
 * Sends its {@link LatencyResult} to the parent over IPC.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { AgentEventRecord } from '../src/domain/records';
import { benchAgent, benchStatusChange } from './agent-event-traffic';
import { quantile, round, sleep, sortedNumbers } from './numbers';

export interface LatencyOptions {
  readonly subscribers: number;
  readonly connections: number;
  readonly events: number;
  readonly spacingMs: number;
}

export interface LatencyResult {
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
  return benchStatusChange(index, prefix, onBreak, timeMs, eventId, 'Latency');
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

async function main(): Promise<void> {
  const [url, optionsJson] = process.argv.slice(2);
  if (url === undefined || optionsJson === undefined) throw new Error('usage: agent-events.latency-client.js <server url> <options JSON>');
  const result = await runLatencyClient(url, JSON.parse(optionsJson) as LatencyOptions);
  await new Promise<void>((resolve) => process.send?.(result, undefined, undefined, () => resolve()) ?? resolve());
  process.disconnect?.();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
