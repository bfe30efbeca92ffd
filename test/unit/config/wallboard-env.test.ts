import { ConfigError, loadConfig } from '../../../src/config/env';

describe('WALLBOARD_FRAME_ANCESTORS', () => {
  it("defaults to 'self' and reads CSP sources separated by spaces or commas", () => {
    expect(loadConfig({}).http.wallboardFrameAncestors).toEqual(["'self'"]);
    expect(loadConfig({ WALLBOARD_FRAME_ANCESTORS: "'self' https://portal.example.com, https://*.example.org:8443" }).http.wallboardFrameAncestors).toEqual([
      "'self'",
      'https://portal.example.com',
      'https://*.example.org:8443',
    ]);
    expect(loadConfig({ WALLBOARD_FRAME_ANCESTORS: "'none'" }).http.wallboardFrameAncestors).toEqual(["'none'"]);
  });

  it.each(['*', 'https://portal.example.com/app', 'self', "'none' 'self'", 'javascript:alert(1)', "'self'; script-src *"])('refuses %s, saying what a frame ancestor looks like', (value) => {
    expect(() => loadConfig({ WALLBOARD_FRAME_ANCESTORS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ WALLBOARD_FRAME_ANCESTORS: value })).toThrow(/WALLBOARD_FRAME_ANCESTORS: .* is not a frame ancestor: list 'self', origins like https:\/\/portal\.example\.com/);
  });
});

describe('SIGNED_LINKS', () => {
  it('is off by default, with a 24 h maximum TTL', () => {
    expect(loadConfig({}).auth.signedLinks).toMatchObject({ enabled: false, maxTtlSeconds: 86_400 });
  });

  it('refuses to start with signed links on and no secret', () => {
    expect(() => loadConfig({ SIGNED_LINKS: '1' })).toThrow(/SIGNED_LINK_SECRET: is required when SIGNED_LINKS=1/);
  });

  it('refuses a secret shorter than 32 bytes and a maximum TTL over 7 days', () => {
    expect(() => loadConfig({ SIGNED_LINKS: '1', SIGNED_LINK_SECRET: 'short' })).toThrow(/SIGNED_LINK_SECRET: must be at least 32 bytes/);
    expect(() => loadConfig({ SIGNED_LINKS: '1', SIGNED_LINK_SECRET: 'x'.repeat(40), SIGNED_LINK_MAX_TTL_SECONDS: String(8 * 86_400) })).toThrow(/SIGNED_LINK_MAX_TTL_SECONDS/);
  });

  it('takes the secret from a file or Secrets Manager instead', () => {
    expect(loadConfig({ SIGNED_LINKS: '1', SIGNED_LINK_SECRET_FILE: '/run/secrets/link' }).auth.signedLinks).toMatchObject({ enabled: true, secretFile: '/run/secrets/link' });
    expect(loadConfig({ SIGNED_LINKS: '1', SIGNED_LINK_SECRET_ID: 'prod/wallboard-links' }).auth.signedLinks).toMatchObject({ enabled: true, secretId: 'prod/wallboard-links' });
  });
});
