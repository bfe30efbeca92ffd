/**
 * The fan-out bench client, run as a child process of bench/fanout.bench.ts (so that server and
 * client each get a core, and the POST time and the receipt time are read from one clock). It speaks
 * the graphql-transport-ws protocol over a plain `ws` socket (not the project's graphql-ws client):
 * `connection_init`, then `subscribe` frames spread over the connections, a warm-up until every
 * subscription received a change, then one agent state change per POST to /ingest/agent-events
 * (a real Connect agent event record) at `changesPerSecond` (open loop). Each sample is the time from
 * just before a POST to one subscription's receipt of that change.
 *
 *   node dist/bench/fanout.client.js <server url> '<FanoutOptions as JSON>'
 *
 * Sends its {@link FanoutResult} to the parent over IPC.
 */
import WebSocket from 'ws';
import type { AgentEventRecord } from '../src/domain/records';
import { benchAgent, benchStatusChange } from './agent-event-traffic';
import { quantile, round, sleep, sortedNumbers } from './numbers';

export interface FanoutOptions {
  readonly subscriptions: number;
  readonly connections: number;
  readonly changesPerSecond: number;
  readonly changes: number;
}

export interface FanoutResult extends FanoutOptions {
  readonly expected: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Messages delivered per second, from the first POST to the last receipt. */
  readonly messagesPerSecond: number;
  /** Messages offered per second: changes/s × subscriptions. */
  readonly offeredMessagesPerSecond: number;
  readonly closes: Record<string, number>;
  readonly errors: number;
}

const T0 = Date.parse('2026-11-02T10:00:00.000Z');

/** A STATE_CHANGE of bench agent `index` (Available or on Break) at `timeMs`. */
function agentEvent(index: number, prefix: string, onBreak: boolean, timeMs: number, eventId: string): AgentEventRecord {
  return benchStatusChange(index, prefix, onBreak, timeMs, eventId, 'Fanout');
}

async function runClient(url: string, options: FanoutOptions): Promise<FanoutResult> {
  const { subscriptions, connections, changesPerSecond, changes } = options;
  const spacingMs = 1000 / changesPerSecond;
  const ingestUrl = `${url}/ingest/agent-events`;
  const post = async (records: unknown[]): Promise<number> => {
    const res = await fetch(ingestUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
    await res.arrayBuffer();
    return res.status;
  };
  // Every measured agent exists (Available) before anyone subscribes: each measured event is a visible change.
  for (let from = 0; from < changes; from += 1000) {
    const status = await post(Array.from({ length: Math.min(1000, changes - from) }, (_, i) => agentEvent(from + i, 'fan', false, T0, `seed-${from + i}`)));
    if (status !== 200) throw new Error(`seeding answered ${status}`);
  }

  const usernameIndex = new Map<string, number>(Array.from({ length: changes }, (_, k) => [benchAgent(k, 'fan').username, k]));
  const warmupUsername = benchAgent(0, 'fanwarm').username;
  const sentAt = new Float64Array(changes).fill(NaN);
  const samples = new Float64Array(changes * subscriptions).fill(NaN);
  const warm = new Uint8Array(subscriptions);
  let warmCount = 0;
  let delivered = 0;
  let duplicates = 0;
  let errors = 0;
  let lastReceiptAt = NaN;
  const closes = new Map<string, number>();

  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
  const query = 'subscription { agentStateChanged { username activity } }';
  const sockets = await Promise.all(
    Array.from(
      { length: connections },
      (_, c) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
          socket.once('error', reject);
          socket.once('close', (code) => closes.set(String(code), (closes.get(String(code)) ?? 0) + 1));
          socket.on('message', (data) => {
            const now = performance.now();
            const message = JSON.parse(String(data)) as { id?: string; type: string; payload?: { data?: { agentStateChanged?: { username: string } } } };
            if (message.type === 'connection_ack') {
              for (let s = c; s < subscriptions; s += connections) socket.send(JSON.stringify({ id: String(s), type: 'subscribe', payload: { query } }));
              resolve(socket);
              return;
            }
            if (message.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }));
            if (message.type === 'error') {
              errors++;
              return;
            }
            if (message.type !== 'next') return;
            const s = Number(message.id);
            const username = message.payload?.data?.agentStateChanged?.username;
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
            const slot = k * subscriptions + s;
            if (!Number.isNaN(samples[slot]!)) {
              duplicates++;
              return;
            }
            samples[slot] = now - sentAt[k]!;
            delivered++;
            lastReceiptAt = now;
          });
          socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
        }),
    ),
  );

  // Warm-up: changes of a separate agent until every subscription has received one.
  const warmupStarted = performance.now();
  for (let turn = 0; warmCount < subscriptions; turn++) {
    if (performance.now() - warmupStarted > 180_000) throw new Error(`only ${warmCount} of ${subscriptions} subscriptions became active within 180 s`);
    await post([agentEvent(0, 'fanwarm', turn % 2 === 1, T0 + turn * 1000, `warmup-${turn}`)]);
    await sleep(300);
  }
  await sleep(1000);

  const posts: Promise<unknown>[] = [];
  const start = performance.now();
  for (let k = 0; k < changes; k++) {
    const wait = start + k * spacingMs - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt[k] = performance.now();
    posts.push(post([agentEvent(k, 'fan', true, T0 + 60_000, `change-${k}`)]).catch(() => (errors += 1)));
  }
  await Promise.all(posts);
  const expected = changes * subscriptions;
  const deadline = performance.now() + 30_000;
  while (delivered < expected && performance.now() < deadline) await sleep(50);
  await sleep(300);
  for (const socket of sockets) socket.close(1000);

  const all = sortedNumbers(samples.filter((x) => !Number.isNaN(x)));
  return {
    ...options,
    expected,
    delivered,
    lost: expected - delivered,
    duplicates,
    p50Ms: round(quantile(all, 0.5), 2),
    p99Ms: round(quantile(all, 0.99), 2),
    maxMs: round(all.length > 0 ? all[all.length - 1]! : NaN, 2),
    messagesPerSecond: round(delivered / ((lastReceiptAt - sentAt[0]!) / 1000), 0),
    offeredMessagesPerSecond: changesPerSecond * subscriptions,
    closes: Object.fromEntries(closes),
    errors,
  };
}

async function main(): Promise<void> {
  const [url, optionsJson] = process.argv.slice(2);
  if (url === undefined || optionsJson === undefined) throw new Error('usage: fanout.client.js <server url> <options JSON>');
  const result = await runClient(url, JSON.parse(optionsJson) as FanoutOptions);
  await new Promise<void>((resolve) => process.send?.(result, undefined, undefined, () => resolve()) ?? resolve());
  process.disconnect?.();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
