import { wallboardCsp } from '../../../src/server/wallboard.route';

/** The CSP as a map of directive → sources. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(csp.split('; ').map((part) => {
    const [name, ...values] = part.split(' ');
    return [name!, values];
  }));
}

describe('wallboardCsp', () => {
  it('allows scripts and styles from this origin only, sockets to the same host, and the configured frame ancestors', () => {
    const csp = directives(wallboardCsp('board.example.com:8443', ["'self'", 'https://portal.example.com']));
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'ws://board.example.com:8443', 'wss://board.example.com:8443']);
    expect(csp['frame-ancestors']).toEqual(["'self'", 'https://portal.example.com']);
    expect(csp['object-src']).toEqual(["'none'"]);
  });

  it('names no socket host when the Host header could inject a source', () => {
    expect(directives(wallboardCsp('evil.example.com; script-src *', ["'self'"]))['connect-src']).toEqual(["'self'"]);
    expect(directives(wallboardCsp(undefined, ["'self'"]))['connect-src']).toEqual(["'self'"]);
    expect(directives(wallboardCsp('[::1]:4000', []))).toMatchObject({ 'connect-src': ["'self'", 'ws://[::1]:4000', 'wss://[::1]:4000'], 'frame-ancestors': ["'self'"] });
  });
});
