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


describe('isAllowedOrigin as the CORS middleware uses it', () => {
  const allowlist = ['https://portal.example.com', 'http://localhost:5173'];

  it('allows clients that send no Origin (not a browser)', () => {
    expect(isAllowedOrigin(undefined, 'api.example.com', [])).toBe(true);
  });

  it('allows the same origin: the Origin host and port equal the Host header', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4000', '127.0.0.1:4000', [])).toBe(true);
    expect(isAllowedOrigin('https://API.example.com', 'api.example.com', [])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4001', '127.0.0.1:4000', [])).toBe(false);
  });

  it('allows exactly the listed origins, ignoring case and default ports', () => {
    expect(isAllowedOrigin('https://portal.example.com', 'api.example.com', allowlist)).toBe(true);
    expect(isAllowedOrigin('https://PORTAL.example.com:443', 'api.example.com', allowlist)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', 'api.example.com', allowlist)).toBe(true);
  });

  it('refuses other schemes, ports, subdomains and look-alikes', () => {
    for (const origin of ['http://portal.example.com', 'https://portal.example.com:8443', 'https://evil.portal.example.com', 'https://portal.example.com.evil.example', 'https://evil.example', 'http://localhost:5174']) {
      expect(isAllowedOrigin(origin, 'api.example.com', allowlist)).toBe(false);
    }
  });

  it('refuses opaque and malformed origins, and never treats * as a wildcard', () => {
    expect(isAllowedOrigin('null', 'api.example.com', ['null', '*'])).toBe(false);
    expect(isAllowedOrigin('not a url', 'api.example.com', allowlist)).toBe(false);
    expect(isAllowedOrigin('https://evil.example', 'api.example.com', ['*'])).toBe(false);
  });

  it('refuses a cross-origin request when the Host header is missing', () => {
    expect(isAllowedOrigin('https://evil.example', undefined, allowlist)).toBe(false);
  });
});
