import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { ConfigError } from '../../src/config/env';
import { agentEventRecord } from '../helpers/kinesis-factories';
import { openGraphqlWs, postWithHeaders } from '../helpers/auth';
import { startTestServer, type TestServer } from '../helpers/test-server';

const AUDIENCE = 'connect-analytics-api';

/** A signing key of the test identity provider. */
interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly publicKey: KeyLike;
  readonly jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A real JWKS endpoint on loopback: serves the current keys at /.well-known/jwks.json and counts the fetches. */
interface JwksServer {
  readonly issuer: string;
  keys: SigningKey[];
  fetches: number;
  close(): Promise<void>;
}

async function startJwksServer(keys: SigningKey[]): Promise<JwksServer> {
  const state = { keys, fetches: 0 };
  const server = http.createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    state.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as JwksServer;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('AUTH_MODE=jwt against a real local JWKS endpoint', () => {
  let jwks: JwksServer;
  let key1: SigningKey;
  let server: TestServer;

  /** A token signed with `key` (default key1) with sensible claims, overridable. */
  async function token(claims: Record<string, unknown> = {}, options: { key?: SigningKey; issuer?: string; audience?: string; exp?: number; nbf?: number } = {}): Promise<string> {
    const key = options.key ?? key1;
    return new SignJWT({ scope: 'metrics:read contacts:read', connect_instances: ['*'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setSubject('user-1')
      .setIssuer(options.issuer ?? jwks.issuer)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? nowSeconds() + 600)
      .setNotBefore(options.nbf ?? nowSeconds() - 5)
      .sign(key.privateKey);
  }

  const ask = (bearer?: string) => postWithHeaders(server.url, '{ __typename }', bearer === undefined ? {} : { authorization: `Bearer ${bearer}` });

  /** Asserts a 401 UNAUTHENTICATED whose message contains `why`, with an invalid_token challenge. */
  async function expectRefused(bearer: string, why: RegExp): Promise<void> {
    const res = await ask(bearer);
    expect(res.status).toBe(401);
    expect(res.body.errors).toEqual([{ message: expect.stringMatching(why), extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="connect-analytics", error="invalid_token", error_description="/);
    expect(JSON.stringify(res.body)).not.toContain(bearer);
  }

  beforeAll(async () => {
    key1 = await signingKey('key-1');
    jwks = await startJwksServer([key1]);
    server = await startTestServer({
      AUTH_MODE: 'jwt',
      AUTH_JWT_ISSUER: jwks.issuer,
      AUTH_JWT_AUDIENCE: AUDIENCE,
      AUTH_JWT_CLOCK_SKEW_SECONDS: '5',
      // One second instead of jose's 30 s between refetches for unknown kids, so the rotation test stays short.
      AUTH_JWT_JWKS_COOLDOWN_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await jwks?.close();
  });

  it('fetched the JWKS at start-up', () => {
    expect(jwks.fetches).toBe(1);
  });

  it('answers a valid token with data', async () => {
    const res = await ask(await token());
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: 'Query' });
  });

  it('answers no token 401 with a Bearer challenge', async () => {
    const res = await ask();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="connect-analytics"');
    expect(res.body.errors?.[0]?.message).toMatch(/^No bearer token: Send 'Authorization: Bearer <access token>'/);
  });

  it('refuses an expired token, beyond the clock skew', async () => {
    await expectRefused(await token({}, { exp: nowSeconds() - 30, nbf: nowSeconds() - 120 }), /the token has expired/);
  });

  it('refuses a token whose nbf is in the future beyond the clock skew', async () => {
    await expectRefused(await token({}, { nbf: nowSeconds() + 120 }), /not valid yet/);
  });

  it('refuses a token for another audience, or from another issuer', async () => {
    await expectRefused(await token({}, { audience: 'some-other-api' }), /not meant for this API/);
    await expectRefused(await token({}, { issuer: 'https://evil.example' }), /not issued by/);
  });

  it('accepts a Cognito-style access token without aud by its client_id, and refuses other tokens without aud', async () => {
    const withoutAud = (claims: Record<string, unknown>) =>
      new SignJWT({ scope: 'https://analytics.example.com/metrics:read', connect_instances: ['*'], ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key1.kid })
        .setSubject('cognito-user')
        .setIssuer(jwks.issuer)
        .setExpirationTime(nowSeconds() + 600)
        .sign(key1.privateKey);
    const accepted = await ask(await withoutAud({ token_use: 'access', client_id: AUDIENCE }));
    expect(accepted.status).toBe(200);
    await expectRefused(await withoutAud({ token_use: 'access', client_id: 'another-app-client' }), /not meant for this API/);
    await expectRefused(await withoutAud({}), /not meant for this API/);
  });

  it('refuses an unsigned alg:none token', async () => {
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'mallory', iss: jwks.issuer, aud: AUDIENCE, exp: nowSeconds() + 600, scope: 'admin', connect_instances: ['*'] })}.`;
    await expectRefused(unsigned, /algorithm is not allowed/);
  });

  it('refuses an HS256 token signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const publicPem = await exportSPKI(key1.publicKey);
    const confused = await new SignJWT({ scope: 'admin', connect_instances: ['*'] })
      .setProtectedHeader({ alg: 'HS256', kid: key1.kid })
      .setSubject('mallory')
      .setIssuer(jwks.issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime(nowSeconds() + 600)
      .sign(new TextEncoder().encode(publicPem));
    await expectRefused(confused, /algorithm is not allowed/);
  });

  it('refuses a tampered signature and a tampered payload', async () => {
    const [header, payload, signature] = (await token()).split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    await expectRefused(`${header}.${payload}.${flipped}`, /signature does not verify/);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    await expectRefused(`${header}.${b64url({ ...claims, scope: 'admin pii:read' })}.${signature}`, /signature does not verify/);
    await expectRefused('not-a-jwt', /not a well-formed signed JWT/);
  });

  it('fetches the JWKS again for an unknown kid after a key rotation', async () => {
    const key2 = await signingKey('key-2');
    const before = jwks.fetches;
    // Past the (test's 1 s) cooldown since the last fetch; then the IdP rotates to key 2.
    await new Promise((r) => setTimeout(r, 1_100));
    jwks.keys = [key2];
    const res = await ask(await token({}, { key: key2 }));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: 'Query' });
    expect(jwks.fetches).toBe(before + 1);
    // A kid the IdP never published is refused (after at most one more fetch).
    const stranger = await signingKey('key-unknown');
    await new Promise((r) => setTimeout(r, 1_100));
    await expectRefused(await token({}, { key: stranger }), /key the issuer's JWKS does not publish/);
    expect(jwks.fetches).toBe(before + 2);
    jwks.keys = [key1, key2];
    await new Promise((r) => setTimeout(r, 1_100));
  });

  it('needs ingest:write for ingest (403 naming the scope); a Cognito-style resource-server scope grants it', async () => {
    const send = async (bearer: string) =>
      fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify([agentEventRecord()]) });
    const reader = await send(await token());
    expect(reader.status).toBe(403);
    expect(await reader.json()).toEqual({ errors: [{ message: expect.stringContaining("needs the scope 'ingest:write'"), extensions: { code: 'FORBIDDEN', scope: 'ingest:write' } }] });
    const writer = await send(await token({ scope: 'openid https://analytics.example.com/ingest:write' }));
    expect(writer.status).toBe(200);
    expect(await writer.json()).toMatchObject({ accepted: 1 });
  });

  it('authenticates graphql-ws connection_init with a bearer token, and closes the socket with 4401 when it expires', async () => {
    const refused = await openGraphqlWs(server.url, { authorization: `Bearer ${await token({}, { exp: nowSeconds() - 30, nbf: nowSeconds() - 120 })}` }).outcome;
    expect(refused.code).toBe(4401);
    expect(refused.reason).toMatch(/^Unauthorized: The token is not valid: the token has expired/);

    // Valid for about 2 more seconds: acknowledged, then closed at expiry.
    const expiring = await token({ scope: 'live:read' }, { exp: nowSeconds() + 2 });
    const ended = await openGraphqlWs(server.url, { Authorization: `Bearer ${expiring}` }).outcome;
    expect(ended.messages.map((m) => m.type)).toEqual(['connection_ack']);
    expect(ended.code).toBe(4401);
    expect(ended.reason).toBe('Unauthorized: credential expired; reconnect with a new one');
  });
});

describe('AUTH_MODE=jwt when the identity provider becomes unreachable', () => {
  it('answers 503 UPSTREAM_FAILED (not 401) for a token whose key must be fetched, and still accepts tokens of cached keys', async () => {
    const cached = await signingKey('cached');
    const jwks = await startJwksServer([cached]);
    const server = await startTestServer({ AUTH_MODE: 'jwt', AUTH_JWT_ISSUER: jwks.issuer, AUTH_JWT_AUDIENCE: AUDIENCE, AUTH_JWT_JWKS_COOLDOWN_SECONDS: '0' });
    try {
      await jwks.close();
      const sign = (key: SigningKey) =>
        new SignJWT({ scope: 'metrics:read', connect_instances: ['*'] }).setProtectedHeader({ alg: 'RS256', kid: key.kid }).setSubject('u').setIssuer(jwks.issuer).setAudience(AUDIENCE).setExpirationTime('5m').sign(key.privateKey);
      const fresh = await postWithHeaders(server.url, '{ __typename }', { authorization: `Bearer ${await sign(await signingKey('rotated'))}` });
      expect(fresh.status).toBe(503);
      expect(fresh.body.errors).toEqual([{ message: expect.stringContaining('identity provider'), extensions: { code: 'UPSTREAM_FAILED' } }]);
      expect((await postWithHeaders(server.url, '{ __typename }', { authorization: `Bearer ${await sign(cached)}` })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('AUTH_MODE=jwt start-up', () => {
  it('fails clearly when the JWKS cannot be fetched', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const start = startTestServer({ AUTH_MODE: 'jwt', AUTH_JWT_ISSUER: `http://127.0.0.1:${port}`, AUTH_JWT_AUDIENCE: AUDIENCE });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(`AUTH_JWT_JWKS_URL: the JWKS at http://127.0.0.1:${port}/.well-known/jwks.json could not be fetched`);
  });

  it('refuses none and HMAC algorithms in AUTH_JWT_ALGORITHMS', async () => {
    await expect(startTestServer({ AUTH_MODE: 'jwt', AUTH_JWT_ISSUER: 'https://idp.example', AUTH_JWT_AUDIENCE: AUDIENCE, AUTH_JWT_ALGORITHMS: 'RS256,HS256,none' })).rejects.toThrow(
      'AUTH_JWT_ALGORITHMS: HS256, none cannot be used; list asymmetric algorithms only',
    );
  });
});
