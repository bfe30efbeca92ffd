/**
 * Subscription fan-out benchmark (issue 13, "Shared fan-out"): the real server (`startStack`,
 * SIMULATE=0, a 1-day × 2-agent demo data set, subscription limits raised for the run) and, in a
 * child process, a plain-`ws` client (bench/fanout.client.ts) that opens N
 * `agentStateChanged` subscriptions over M connections and POSTs real agent event records to
 * /ingest/agent-events at a given rate. Per run: delivered vs expected (lost), p50/p99/max push
 * latency (POST start → receipt, one clock), messages/s, and the server's own push latency
 * (`graphql_ws_push_latency_seconds`: change received from the pub/sub → frame written, bucket
 * bounds) which leaves out the ingest (HTTP, DynamoDB write). One fresh server per run.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/fanout.bench.js [--label after] [--runs 1000/10@5,10000/100@5] [--changes 40]
 *
 * Default runs: 1,000 subs / 10 conns @ 5 changes/s, 10,000 / 100 @ 5, and a rate sweep of
 * 1,000 / 10 @ 20, 50, 100, 200 changes/s (where p99 crosses 1 s). Figures go to
 * bench/results/fanout.json under the label (entries of other labels are kept).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/env';
import { generateDemoData } from '../src/local/demo-data';
import { startStack } from '../src/server/stack';
import type { FanoutOptions, FanoutResult } from './fanout.client';
import { readResults, writeResults } from './results.writer';

const DEFAULT_RUNS = '1000/10@5,10000/100@5,1000/10@20,1000/10@50,1000/10@100,1000/10@200';

function argOf(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** `subs/conns@rate` → options. */
function parseRun(spec: string, changes: number): FanoutOptions {
  const match = /^(\d+)\/(\d+)@(\d+(?:\.\d+)?)$/.exec(spec.trim());
  if (!match) throw new Error(`--runs: '${spec}' is not subscriptions/connections@changesPerSecond`);
  return { subscriptions: Number(match[1]), connections: Number(match[2]), changesPerSecond: Number(match[3]), changes };
}

/** The server's own push latency (change received from the pub/sub → frame written): bucket upper bounds of p50 and p99, ms. */
interface ServerPushLatency {
  readonly frames: number;
  readonly p50AtMostMs: number;
  readonly p99AtMostMs: number;
}

/** Reads `graphql_ws_push_latency_seconds` from /metrics and gives the upper bounds of the buckets holding p50 and p99. */
async function serverPushLatency(url: string): Promise<ServerPushLatency> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = [...text.matchAll(/^graphql_ws_push_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => ({ le: Number(m[1]), count: Number(m[2]) }));
  const total = buckets.at(-1)?.count ?? 0;
  const bound = (q: number) => (buckets.find((b) => b.count >= q * total)?.le ?? Number.NaN) * 1000;
  return { frames: total, p50AtMostMs: bound(0.5), p99AtMostMs: bound(0.99) };
}

async function benchRun(dataDir: string, options: FanoutOptions): Promise<FanoutResult & { serverPushLatency?: ServerPushLatency }> {
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SIMULATE: '0',
    DATA_DIR: dataDir,
    SUBSCRIPTION_MAX_PER_CONNECTION: '10000',
    SUBSCRIPTION_MAX_PER_PRINCIPAL: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_BURST: '100000',
  });
  const stack = await startStack(config, pino({ level: 'silent' }), { onDemoDataProgress: false });
  try {
    const child = fork(path.join(__dirname, 'fanout.client.js'), [stack.url, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const result = await new Promise<FanoutResult>((resolve, reject) => {
      let received: FanoutResult | undefined;
      child.on('message', (message) => (received = message as FanoutResult));
      child.once('error', reject);
      child.once('exit', (code) => (received !== undefined ? resolve(received) : reject(new Error(`fan-out client exited with ${code} without a result`))));
    });
    // Absent on a build without the shared fan-out's histogram (the 'before' runs).
    const push = await serverPushLatency(stack.url);
    return push.frames > 0 ? { ...result, serverPushLatency: push } : result;
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const label = argOf('label') ?? 'current';
  const changes = Number(argOf('changes') ?? 40);
  const runs = (argOf('runs') ?? DEFAULT_RUNS).split(',').map((spec) => parseRun(spec, changes));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fanout-bench-'));
  const dataDir = path.join(tmp, 'data');
  await generateDemoData({ outDir: dataDir, days: 1, agents: 2, seed: 'bench', start: '2026-11-01', progress: false });
  const results: FanoutResult[] = [];
  try {
    for (const run of runs) {
      process.stdout.write(`fanout [${label}]: ${run.subscriptions} subscriptions / ${run.connections} connections @ ${run.changesPerSecond} changes/s × ${run.changes} …\n`);
      const result = await benchRun(dataDir, run);
      results.push(result);
      if (result.serverPushLatency) {
        const push = result.serverPushLatency;
        process.stdout.write(`  server push latency (pub/sub → frame written, ${push.frames} frames incl. warm-up): p50 ≤ ${push.p50AtMostMs} ms, p99 ≤ ${push.p99AtMostMs} ms\n`);
      }
      process.stdout.write(
        `  delivered ${result.delivered}/${result.expected} (lost ${result.lost}, duplicates ${result.duplicates}), p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms, ${result.messagesPerSecond} messages/s (offered ${result.offeredMessagesPerSecond}), closes ${JSON.stringify(result.closes)}, errors ${result.errors}\n`,
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const previous = readResults<Record<string, unknown>>('fanout') ?? {};
  writeResults('fanout', { ...previous, [label]: { machine: { cores: os.cpus().length, node: process.version }, at: new Date().toISOString(), runs: results } });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
