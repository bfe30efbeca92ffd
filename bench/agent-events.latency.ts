/**
 * Latency of the agent-event path from ingest to subscribers: the real server (`startStack`,
 * SIMULATE=0, a 1-day × 2-agent demo data set) and, in a child process, the latency client
 * (bench/agent-events.latency-client.ts). One fresh server per run.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/env';
import { generateDemoData } from '../src/local/demo-data';
import { startStack } from '../src/server/stack';
import type { LatencyOptions, LatencyResult } from './agent-events.latency-client';

export type { LatencyOptions, LatencyResult } from './agent-events.latency-client';

/** Starts the real server, runs the latency client in a child process against it, stops the server. */
export async function benchLatency(options: LatencyOptions): Promise<LatencyResult> {
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
    const child = fork(path.join(__dirname, 'agent-events.latency-client.js'), [stack.url, JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
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
