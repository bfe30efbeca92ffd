import pino from 'pino';
import { ConfigError } from '../../../../src/config/env';
import { checkAnonymousAccess, isLoopbackHost } from '../../../../src/server/auth/anonymous-access';

describe('anonymous access on a HOST', () => {
  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'example.com', '128.0.0.1', 'localhost.example.com']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('refuses AUTH_MODE=none on a public HOST unless AUTH_ALLOW_ANONYMOUS=1, then warns', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    expect(() => checkAnonymousAccess({ mode: 'none', allowAnonymous: false }, '0.0.0.0', logger)).toThrow(ConfigError);
    expect(() => checkAnonymousAccess({ mode: 'none', allowAnonymous: false }, '0.0.0.0', logger)).toThrow(/AUTH_ALLOW_ANONYMOUS=1/);
    checkAnonymousAccess({ mode: 'none', allowAnonymous: false }, '127.0.0.1', logger);
    checkAnonymousAccess({ mode: 'apikey', allowAnonymous: false }, '0.0.0.0', logger);
    expect(lines).toEqual([]);
    checkAnonymousAccess({ mode: 'none', allowAnonymous: true }, '0.0.0.0', logger);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ host: '0.0.0.0', msg: expect.stringContaining('AUTH_ALLOW_ANONYMOUS=1') });
  });
});
