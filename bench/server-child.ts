/**
 * A benchmark's server in a child process of its own (so the load client and the server do not
 * share one event loop): the bench script runs itself with `--serve <env JSON>`, the child starts the
 * stack in production mode on loopback without the simulator, prints `{"url": …}` and stops on SIGTERM.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import pino from 'pino';
import { loadConfig } from '../src/config/env';
import { startStack } from '../src/server/stack';

/** A server child process and its URL. */
export interface ServerChild {
  readonly url: string;
  readonly child: ChildProcess;
}

/** Child side: starts one server with `envJson` over the bench defaults, prints its URL, stops on SIGTERM. */
export async function serveChild(envJson: string): Promise<void> {
  const env = JSON.parse(envJson) as Record<string, string>;
  const config = loadConfig({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SIMULATE: '0', DIRECTORY_LOOKBACK_DAYS: '0', ...env });
  const stack = await startStack(config, pino({ level: 'silent' }), { onDemoDataProgress: false });
  process.stdout.write(`${JSON.stringify({ url: stack.url })}\n`);
  process.once('SIGTERM', () => {
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

/**
 * Parent side: runs `script --serve <env>` and resolves once the child printed its URL.
 * @param options.nodeArgs - extra node flags (e.g. --cpu-prof); options.processEnv - extra variables of the child's own environment.
 */
export function startServerChild(script: string, env: Record<string, string>, options: { readonly nodeArgs?: readonly string[]; readonly processEnv?: Record<string, string> } = {}): Promise<ServerChild> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, '--serve', JSON.stringify(env)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...options.processEnv },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
    child.once('exit', (code) => reject(new Error(`server child exited with ${code} before it started`)));
  });
}

/** Stops a server child with SIGTERM and waits for it to exit. */
export async function stopServerChild(server: ServerChild): Promise<void> {
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  await exited;
}
