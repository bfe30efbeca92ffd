import 'reflect-metadata';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/env';
import { startStack, type RunningStack } from '../../src/server/stack';
import { testDataDir } from '../helpers/test-server';

describe('request logs', () => {
  let stack: RunningStack;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SIMULATE: '0', DATA_DIR: await testDataDir() });
    stack = await startStack(config, pino({ level: 'info' }, sink), { onDemoDataProgress: false });
  });
  afterAll(() => stack?.stop());

  it('logs one info line per request with method, path, status, duration and request id — and no headers', async () => {
    const res = await fetch(`${stack.url}/graphql?trace=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer secret-token-123', cookie: 'session=secret-cookie', 'x-request-id': 'log-test-1' },
      body: JSON.stringify({ query: '{ serverTime }' }),
    });
    expect(res.status).toBe(200);
    await res.text();

    const line = lines.find((l) => l.requestId === 'log-test-1' && l.msg === 'request completed');
    expect(line).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      requestId: 'log-test-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      durationMs: expect.any(Number),
      msg: 'request completed',
    });
    const everything = JSON.stringify(lines);
    expect(everything).not.toMatch(/secret-token-123|secret-cookie|"headers"|authorization/i);
  });
});
