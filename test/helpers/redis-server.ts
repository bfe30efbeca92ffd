import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The path of `redis-server`. `npm test` installs it first when it is missing
 * (scripts/test-prerequisites.cjs), so a missing binary fails this suite with a message saying how
 * to install it, instead of skipping it.
 */
function redisServerPath(): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'redis-server');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('redis-server is not installed (looked on PATH and in /usr/bin, /usr/sbin, /usr/local/bin). Run npm run test-prerequisites (as root with apt-get it installs it, otherwise it prints the command), or apt-get install -y redis-server');
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Sends PING over a raw socket; true when the server answers +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A throw-away redis-server on a free loopback port, without persistence. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const bin = redisServerPath();
  let lastFailure = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let running = true;
    void exited.then(() => (running = false));
    const deadline = Date.now() + 10_000;
    while (running && Date.now() < deadline) {
      if (await ping(port)) {
        return {
          port,
          url: `redis://127.0.0.1:${port}`,
          stop: async () => {
            if (running) child.kill('SIGTERM');
            await exited;
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (running) child.kill('SIGKILL');
    await exited;
    lastFailure = output;
    // Another process may have taken the port between choosing and binding it: try another.
    if (!/Address already in use/i.test(output)) break;
  }
  throw new Error(`redis-server did not answer PING within 10 s. Its output:\n${lastFailure}`);
}
