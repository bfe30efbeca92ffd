/**
 * Authentication overhead: the time `authenticate` adds to a request, per credential, with a warm
 * JWKS cache (the keys fetched once at start-up, as the server does; no fetch while measuring —
 * the run asserts it). Measures the server's own authenticators (`createAuthenticator`): JWT
 * bearer tokens signed RS256 and ES256 against a real JWKS endpoint on loopback, and an API key
 * (SHA-256 + constant-time compare over a key file of `--keys` entries) for comparison.
 * Each sample is one `authenticate(headers)` call, sequential, after warm-up; tokens rotate over a
 * few distinct ones so nothing is memoised.
 *
 * Run: `npm run bench -- jwt-verify` or `node dist/bench/jwt-verify.bench.js [--runs N] [--keys N]`.
 * Figures go to bench/results/jwt-verify.json and are printed as a table. A benchmark, not a test.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '../src/config/env';
import type { Authenticator } from '../src/server/graphql/auth/authenticator';
import { createAuthenticator } from '../src/server/graphql/auth/create-authenticator';
import { quantile, round, sortedNumbers } from './numbers';
import { writeResults } from './results.writer';

const WARM_UP_RUNS = 200;
const DISTINCT_TOKENS = 8;
const AUDIENCE = 'bench-api';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Latency figures of one credential kind, in microseconds. */
export interface AuthLatency {
  readonly credential: string;
  readonly runs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly meanUs: number;
}

/** p50/p99/mean of `runs` sequential `authenticate` calls over `headers` (cycled), after a warm-up. */
export async function measureAuthentication(credential: string, authenticator: Authenticator, headers: readonly Record<string, string>[], runs: number): Promise<AuthLatency> {
  for (let i = 0; i < WARM_UP_RUNS; i++) await authenticator.authenticate(headers[i % headers.length]);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await authenticator.authenticate(headers[i % headers.length]);
    samples.push((performance.now() - started) * 1000);
  }
  const sorted = sortedNumbers(samples);
  return { credential, runs, p50Us: round(quantile(sorted, 0.5)), p99Us: round(quantile(sorted, 0.99)), meanUs: round(samples.reduce((a, b) => a + b, 0) / runs) };
}

/** A JWKS endpoint on loopback serving `keys`, counting fetches. */
async function serveJwks(keys: object[]): Promise<{ issuer: string; fetches: () => number; close: () => Promise<void> }> {
  let fetches = 0;
  const server = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const runs = arg('runs', 5_000);
  const keyCount = arg('keys', 50);
  const algorithms = ['RS256', 'ES256'] as const;
  const pairs = await Promise.all(algorithms.map(async (alg) => ({ alg, ...(await generateKeyPair(alg)) })));
  const jwks = await serveJwks(await Promise.all(pairs.map(async ({ alg, publicKey }) => ({ ...(await exportJWK(publicKey)), kid: `bench-${alg}`, alg, use: 'sig' }))));
  const results: AuthLatency[] = [];
  try {
    const config = loadConfig({ AUTH_MODE: 'jwt', AUTH_JWT_ISSUER: jwks.issuer, AUTH_JWT_AUDIENCE: AUDIENCE, AUTH_JWT_ALGORITHMS: algorithms.join(',') });
    const jwt = await createAuthenticator(config.auth, { nodeEnv: 'production', awsRegion: 'us-east-1' });
    const fetchesAfterStart = jwks.fetches();
    for (const { alg, privateKey } of pairs) {
      const tokens = await Promise.all(
        Array.from({ length: DISTINCT_TOKENS }, (_, i) =>
          new SignJWT({ scope: 'metrics:read live:read', connect_instances: ['*'] })
            .setProtectedHeader({ alg, kid: `bench-${alg}` })
            .setSubject(`bench-user-${i}`)
            .setIssuer(jwks.issuer)
            .setAudience(AUDIENCE)
            .setIssuedAt()
            .setExpirationTime('1h')
            .sign(privateKey),
        ),
      );
      results.push(await measureAuthentication(`JWT ${alg} (warm JWKS)`, jwt, tokens.map((token) => ({ authorization: `Bearer ${token}` })), runs));
    }
    if (jwks.fetches() !== fetchesAfterStart) throw new Error(`the JWKS was fetched ${jwks.fetches() - fetchesAfterStart} times while measuring: the cache was not warm`);

    const keys = Array.from({ length: keyCount }, (_, i) => `bench-key-${i}-${'x'.repeat(24)}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-keys-')), 'keys.json');
    fs.writeFileSync(file, JSON.stringify({ keys: keys.map((key, i) => ({ sha256: createHash('sha256').update(key).digest('hex'), principal: `p${i}`, instances: ['*'], scopes: ['metrics:read'] })) }));
    const apiKey = await createAuthenticator(loadConfig({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: file }).auth, { nodeEnv: 'production', awsRegion: 'us-east-1' });
    results.push(await measureAuthentication(`API key (${keyCount} keys in the file)`, apiKey, keys.slice(0, DISTINCT_TOKENS).map((key) => ({ 'x-api-key': key })), runs));
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  } finally {
    await jwks.close();
  }

  process.stdout.write(`\nauthenticate() per request, ${runs} sequential calls after ${WARM_UP_RUNS} warm-up\n`);
  process.stdout.write(`${'credential'.padEnd(34)} ${'p50 µs'.padStart(9)} ${'p99 µs'.padStart(9)} ${'mean µs'.padStart(9)}\n`);
  for (const r of results) process.stdout.write(`${r.credential.padEnd(34)} ${String(r.p50Us).padStart(9)} ${String(r.p99Us).padStart(9)} ${String(r.meanUs).padStart(9)}\n`);
  writeResults('jwt-verify', { runs, warmUpRuns: WARM_UP_RUNS, results });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
