import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/env';
import { generateDemoData } from '../../src/local/demo-data';
import { startStack, type RunningStack } from '../../src/server/stack';

/** Size and seed of the data set the integration tests share (small: seconds to write). */
export const TEST_DATA = { days: 2, agents: 6, seed: 'integration-tests', start: '2026-11-19' } as const;

let dataDirPromise: Promise<string> | undefined;

/** Writes the shared test data set once per test process and returns its folder. */
export function testDataDir(): Promise<string> {
  dataDirPromise ??= (async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-test-')), 'data');
    await generateDemoData({ outDir: dir, days: TEST_DATA.days, agents: TEST_DATA.agents, seed: TEST_DATA.seed, start: TEST_DATA.start, progress: false });
    return dir;
  })();
  return dataDirPromise;
}

/** A server started for a test. */
export interface TestServer {
  /** e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly dataDir: string;
  readonly stack: RunningStack;
  stop(): Promise<void>;
}

/**
 * Starts the real server (DuckDB over the shared generated data set, embedded dynalite) on a free
 * loopback port. Extra environment variables override the defaults; `options.logger` receives the
 * server's log lines (default: none).
 */
export async function startTestServer(env: Record<string, string> = {}, options: { logger?: pino.Logger } = {}): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? (await testDataDir());
  // The agent and queue directory reads DIRECTORY_LOOKBACK_DAYS (35) days ending at the newest day with data, so what tests see never depends on today's date.
  // RATE_LIMIT_PER_MINUTE=0: suites send hundreds of requests from one IP; the rate-limit suite sets its own limits.
  // ROLLUP_INTERVAL_SECONDS=0: background rollups would write into the shared data folder; the rollup suites turn them on.
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SIMULATE: '0', RATE_LIMIT_PER_MINUTE: '0', ROLLUP_INTERVAL_SECONDS: '0', ...env, DATA_DIR: dataDir });
  const stack = await startStack(config, options.logger ?? pino({ level: 'silent' }), { onDemoDataProgress: false });
  return { url: stack.url, dataDir, stack, stop: () => stack.stop() };
}
