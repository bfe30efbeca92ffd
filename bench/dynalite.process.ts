/**
 * The embedded dynalite in a child process (bench/dynalite-server.ts), so that the DynamoDB side
 * and the code under measurement do not share one event loop (on AWS they do not share a machine).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A running dynalite child. */
export interface DynaliteProcess {
  readonly endpoint: string;
  /** CPU time the child spent so far (user + system), µs. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts bench/dynalite-server.js in a child process and waits until it listens. */
export async function startDynaliteProcess(): Promise<DynaliteProcess> {
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
