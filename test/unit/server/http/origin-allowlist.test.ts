import { canonicalOrigin, isAllowedOrigin } from '../../../../src/server/http/origin-allowlist';

describe('isAllowedOrigin', () => {
  const allowlist = ['https://portal.example.com', 'http://localhost:5173'];

  it('allows a request without an Origin header (non-browser clients)', () => {
    expect(isAllowedOrigin(undefined, 'api.example.com', [])).toBe(true);
  });

  it("allows the server's own origin: same host and port as the Host header", () => {
    expect(isAllowedOrigin('http://127.0.0.1:4000', '127.0.0.1:4000', [])).toBe(true);
    expect(isAllowedOrigin('https://API.example.com', 'api.example.com', [])).toBe(true);
    expect(isAllowedOrigin('https://api.example.com:443', 'api.example.com', [])).toBe(true);
  });

  it('refuses the same host on another port', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4001', '127.0.0.1:4000', [])).toBe(false);
  });

  it('allows the allowlisted origins, compared in canonical form', () => {
    expect(isAllowedOrigin('https://portal.example.com', 'api.example.com', allowlist)).toBe(true);
    expect(isAllowedOrigin('https://PORTAL.example.com:443', 'api.example.com', allowlist)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', 'api.example.com', allowlist)).toBe(true);
  });

  it('refuses other origins, look-alikes, other schemes, null and malformed values', () => {
    for (const origin of ['https://evil.example', 'https://portal.example.com.evil.example', 'http://portal.example.com', 'null', 'file://', 'not a url', '']) {
      expect(isAllowedOrigin(origin, 'api.example.com', allowlist)).toBe(false);
    }
  });

  it('canonicalOrigin drops paths and default ports and rejects non-http schemes', () => {
    expect(canonicalOrigin('https://Portal.Example.com:443/app')).toBe('https://portal.example.com');
    expect(canonicalOrigin('ws://x.example')).toBeUndefined();
  });
});
