import pino from 'pino';
import { ConfigError } from '../../src/config/env';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startTestServer, type TestServer } from '../helpers/test-server';

describe('start-up with AUTH_MODE=none', () => {
  it('refuses a non-loopback HOST, saying what to set', async () => {
    const start = startTestServer({ HOST: '0.0.0.0' });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow('AUTH_MODE: is none (no authentication) while HOST=0.0.0.0 is reachable from other machines; set AUTH_MODE=apikey or AUTH_MODE=jwt');
  });

  it('starts on a non-loopback HOST with AUTH_ALLOW_ANONYMOUS=1, logging a warning, and serves anonymously', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ HOST: '0.0.0.0', AUTH_ALLOW_ANONYMOUS: '1' }, { logger });
      expect(lines).toContainEqual(expect.objectContaining({ host: '0.0.0.0', msg: expect.stringContaining('AUTH_ALLOW_ANONYMOUS=1') }));
      const res = await fetch(`http://127.0.0.1:${server.stack.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(200);
    } finally {
      await server?.stop();
    }
  });

  it('starts on loopback without any auth setting (the embedded stack)', async () => {
    const server = await startTestServer({ HOST: '127.0.0.1' });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('makes `npm start` (the built main) exit 1 with the reason on a non-loopback HOST', async () => {
    // npm test builds dist before jest runs.
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../dist/src/server/main.js')], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', AUTH_MODE: 'none', AUTH_ALLOW_ANONYMOUS: '0', DATA_DIR: '/nonexistent/never-written' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot start: Invalid configuration:\n  - AUTH_MODE: is none (no authentication) while HOST=0.0.0.0 is reachable from other machines');
  });
});
