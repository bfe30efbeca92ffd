/**
 * What authentication and limits cost (issue 12): requests/s and latency p50/p99 of the same query on
 * the same server build with security "off" (AUTH_MODE=none, limits out of reach) and "on"
 * (AUTH_MODE=apikey with a generated key, the default depth/alias/token/cost limits, the rate limiter
 * active with a limit too high to throttle), in one run.
 *
 *   npm run build && node dist/bench/security-overhead.bench.js [--seconds 10] [--connections 20] [--rounds 3]
 *
 * Each server runs in its own child process over the same small demo data set (2 days × 10 agents,
 * written to a temp folder); this process only drives the load: `--connections` keep-alive
 * connections, each sending the next request as soon as the previous answer arrived, for `--seconds`
 * per round. Rounds alternate off/on so that drift (other load on the machine, JIT warm-up) hits
 * both alike; each server gets an unmeasured warm-up first. The query is a page of contacts, answered
 * from the result cache after the first request, so the figures are the API's own work per request —
 * where the overhead of authentication and limits shows most. Only answers with HTTP 200 and no
 * errors count; anything else is reported as failed (a wrong key setup would show here). Before measuring,
 * a request without the key checks that "on" enforces authentication (`authEnforced` in the figures).
 * Figures go to bench/results/security-overhead.json and are printed as a table. A benchmark, not a test.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import 'reflect-metadata';
import { generateDemoData } from '../src/local/demo-data';
import { round } from './numbers';
import { writeResults } from './results.writer';
import { driveClosedLoop, summarizeRounds, type RoundFigures } from './closed-loop';
import { serveChild, startServerChild, stopServerChild, type ServerChild } from './server-child';

const DATA = { days: 2, agents: 10, seed: 'security-overhead', start: '2026-11-19' } as const;
const QUERY = 'query Bench($f: ContactFilter!) { contacts(filter: $f, first: 20) { edges { cursor node { contactId channel initiationTimestamp queue { name } } } pageInfo { hasNextPage } } }';
const VARIABLES = { f: { from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' } };
const WARM_UP_SECONDS = 2;

/** The two configurations compared; both run in production mode on loopback, without the simulator. */
function modeEnv(mode: 'off' | 'on', keysFile: string): Record<string, string> {
  if (mode === 'off') {
    return {
      AUTH_MODE: 'none',
      LIMIT_MAX_DEPTH: '100',
      LIMIT_MAX_ALIASES: '1000',
      LIMIT_MAX_TOKENS: '1000000',
      LIMIT_MAX_DIRECTIVES: '1000',
      LIMIT_MAX_COST: String(Number.MAX_SAFE_INTEGER),
      RATE_LIMIT_PER_MINUTE: '0',
    };
  }
  // The limiter stays on (its cost is part of "on") with a limit no run of this benchmark reaches.
  return { AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: keysFile, RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_BURST: '1000000000' };
}

/** The benchmark's query as a POST body. */
const BODY = JSON.stringify({ query: QUERY, variables: VARIABLES, operationName: 'Bench' });

/** One POST over a keep-alive agent; resolves with whether it succeeded (HTTP 200, no errors). */
function post(agent: http.Agent, url: URL, body: string, apiKey: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-api-key': apiKey } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve(false);
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: unknown[] };
          resolve(!parsed.errors?.length);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '3' },
      serve: { type: 'string' },
    },
    strict: true,
  });
  if (values.serve) return serveChild(values.serve);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-security-bench-'));
  const dataDir = path.join(workDir, 'data');
  await generateDemoData({ outDir: dataDir, days: DATA.days, agents: DATA.agents, seed: DATA.seed, start: DATA.start, progress: false });
  // The API-key file holds only the key's hash (README "Security"); the benchmark keeps the key.
  const apiKey = randomBytes(32).toString('base64url');
  const keysFile = path.join(workDir, 'api-keys.json');
  fs.writeFileSync(keysFile, JSON.stringify({ keys: [{ sha256: createHash('sha256').update(apiKey).digest('hex'), principal: 'bench', instances: ['*'], scopes: ['admin'] }] }));

  const modes = ['off', 'on'] as const;
  const servers = new Map<(typeof modes)[number], ServerChild>();
  try {
    for (const mode of modes) servers.set(mode, await startServerChild(__filename, { ...modeEnv(mode, keysFile), DATA_DIR: dataDir }));
    // Is "on" really on? A request without the key must be refused once authentication is in the build.
    const withoutKey = await fetch(`${servers.get('on')!.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: VARIABLES }) });
    const authEnforced = withoutKey.status === 401;
    if (!authEnforced) process.stdout.write(`warning: the "on" server answered a request without an API key with HTTP ${withoutKey.status}: this build does not enforce AUTH_MODE=apikey, so "on" measures the limits only\n`);
    const load = (mode: (typeof modes)[number], forSeconds: number) => {
      const url = new URL(servers.get(mode)!.url);
      return driveClosedLoop((agent) => post(agent, url, BODY, apiKey), connections, forSeconds);
    };
    for (const mode of modes) await load(mode, WARM_UP_SECONDS);
    const perMode = new Map(modes.map((m) => [m, [] as RoundFigures[]]));
    for (let round = 0; round < rounds; round++) {
      for (const mode of modes) perMode.get(mode)!.push(await load(mode, seconds));
    }
    const figures = modes.map((mode) => ({ mode, ...summarizeRounds(perMode.get(mode)!) }));
    const [off, on] = figures as [(typeof figures)[number], (typeof figures)[number]];
    const comparison = {
      onOverOffThroughput: round(on.requestsPerSecond / off.requestsPerSecond, 3),
      addedP50Ms: round(on.p50Ms - off.p50Ms, 2),
      addedP99Ms: round(on.p99Ms - off.p99Ms, 2),
    };
    console.table(figures.map((f) => ({ mode: f.mode, 'req/s': f.requestsPerSecond, 'req/s per round': f.roundRequestsPerSecond.join(' / '), 'p50 ms': f.p50Ms, 'p99 ms': f.p99Ms, ok: f.ok, failed: f.failed })));
    process.stdout.write(`on/off throughput ${comparison.onOverOffThroughput}; added p50 ${comparison.addedP50Ms} ms, p99 ${comparison.addedP99Ms} ms\n`);
    for (const f of figures) if (f.failed > 0) process.stdout.write(`warning: ${f.failed} requests failed with security ${f.mode} (not counted)\n`);
    writeResults('security-overhead', {
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: os.availableParallelism(),
      query: QUERY,
      variables: VARIABLES,
      connections,
      secondsPerRound: seconds,
      rounds,
      data: DATA,
      modes: Object.fromEntries(modes.map((m) => [m, modeEnv(m, '<generated key file>')])),
      authEnforced,
      figures,
      comparison,
    });
  } finally {
    for (const server of servers.values()) await stopServerChild(server);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
