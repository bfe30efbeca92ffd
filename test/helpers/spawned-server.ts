import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const MAIN = path.resolve(__dirname, '../../dist/src/server/main.js');

/** How a spawned server process ended. */
export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** `Date.now()` when the parent saw the exit. */
  readonly atMs: number;
}

/** A log line of the server (pino JSON). */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** `node dist/src/server/main.js` running as a child process, as `npm start` runs it. */
export interface SpawnedServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every JSON log line written so far (stdout), parsed. */
  readonly logs: LogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ServerExit>;
  /** Resolves with the first log line (past or future) matching; rejects after `timeoutMs`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Kills the process with SIGKILL if it is still running (test clean-up) and removes its temp folder. */
  dispose(): Promise<void>;
}

/**
 * Spawns the built server (`npm test` builds `dist` before jest runs; in a dev loop run `npm run build`)
 * with its own empty temp DATA_DIR, so it writes a small demo data set first, on a free loopback port.
 * `env` overrides the defaults (production mode, info logs, 2 days × 6 agents of demo data).
 * Resolves once the server logged "server started".
 */
export async function spawnServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} does not exist: run npm run build first (npm test does).`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-spawned-'));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: path.join(tmp, 'data'),
      DEMO_DAYS: '2',
      DEMO_AGENTS: '6',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.startsWith('{')) continue; // the start-up banner
      const line = JSON.parse(text) as LogLine;
      logs.push(line);
      for (const waiter of waiters.filter((w) => w.predicate(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ServerExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })));

  const waitForLog = (predicate: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> => {
    const seen = logs.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  };
  const dispose = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    const started = await Promise.race([
      waitForLog((line) => line.msg === 'server started', 60_000),
      exited.then((exit) => {
        throw new Error(`the server exited (${exit.code ?? exit.signal}) before it started: ${stderr.slice(-2000)}`);
      }),
    ]);
    return { url: String(started.url), child, logs, stderr: () => stderr, exited, waitForLog, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** One graphql-ws (graphql-transport-ws) subscription over a raw `ws` socket, with what happened to it. */
export interface RawSubscription {
  readonly socket: WebSocket;
  /** `next` payloads received. */
  readonly received: unknown[];
  /** Resolves with the close code and reason when the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/**
 * Opens a socket to `${url}/graphql`, initialises the connection, subscribes with `query`, and
 * resolves once the server acknowledged the connection and the subscribe message was sent.
 */
export async function rawSubscribe(url: string, query: string, options: { collect?: boolean } = {}): Promise<RawSubscription> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const received: unknown[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => undefined); // a reset after the server terminated the socket: the close event tells
  const acknowledged = new Promise<void>((resolve) => {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') resolve();
      else if (message.type === 'next' && options.collect !== false) received.push(message.payload);
    });
  });
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await acknowledged;
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  return { socket, received, closed };
}
