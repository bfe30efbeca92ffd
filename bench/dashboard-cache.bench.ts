/**
 * What the response cache buys a dashboard (issue 14): requests/s and latency p50/p99, in one run, of
 *
 * - `typename`: `{ __typename }`, the cheapest operation the server answers (the ceiling);
 * - `cached`: the dashboard — one day × HOUR × grouped by QUEUE × 5 metrics, SERVICE_LEVEL at 20 s
 *   and 60 s — answered from the response cache (RESPONSE_CACHE=1, the default);
 * - `uncached`: the same dashboard on a second server with RESPONSE_CACHE=0, its result cache warm
 *   (every SQL answer is a cache hit: the figures are GraphQL execution and serialization);
 * - `notModified`: the dashboard as a GET with `If-None-Match` of its ETag, answered 304.
 *
 *   npm run build && node dist/bench/dashboard-cache.bench.js [--seconds 5] [--connections 20] [--rounds 3] [--profile-dir DIR]
 *
 * Both servers run in child processes (NODE_ENV=production, loopback, no simulator, no rate limit) over
 * one demo data set written to a temp folder; this process drives the load with `--connections`
 * keep-alive connections, each sending its next request when the previous answer arrived. Rounds
 * alternate the scenarios so that drift (other load on the machine, JIT) hits all alike; each scenario
 * gets an unmeasured warm-up first. Only the expected answers count (200 without errors, or 304).
 * `--profile-dir` starts the servers with `--cpu-prof` into that folder (a profile per server, written when it stops).
 * Figures go to bench/results/dashboard-cache.json and are printed as a table. A benchmark, not a test.
 */
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

const DATA = { days: 2, agents: 20, seed: 'dashboard-cache', start: '2026-11-19' } as const;
/** The dashboard of the issue: one day, hourly, by queue, 5 metrics (SERVICE_LEVEL at two thresholds); rows selected as in test/operations/kpis.graphql. */
export const DASHBOARD_QUERY = `query Dashboard($from: DateTimeISO!, $to: DateTimeISO!) {
  metrics(input: {
    from: $from, to: $to, timeZone: "UTC", interval: HOUR, groupings: [{ key: QUEUE }]
    metrics: [
      { name: CONTACTS_HANDLED }, { name: CONTACTS_ABANDONED }, { name: AVG_HANDLE_TIME }
      { name: SERVICE_LEVEL, thresholds: [{ comparison: LT, seconds: 20 }, { comparison: LT, seconds: 60 }] }
      { name: AVG_QUEUE_ANSWER_TIME }
    ]
  }) { rows { intervalStartLocal dimensions { value } metrics { name value threshold { seconds comparison } } } }
}`;
export const DASHBOARD_VARIABLES = { from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' };
const WARM_UP_SECONDS = 2;
// NODE_ENV=production in the process environment as deployed: graphql-js then skips its development-only checks (instanceOf).
const PRODUCTION = { NODE_ENV: 'production' };

type Scenario = 'typename' | 'cached' | 'uncached' | 'notModified';
const SCENARIOS: readonly Scenario[] = ['typename', 'cached', 'uncached', 'notModified'];





/** One request of a scenario: where it goes and what answer counts as success. */
interface RequestSpec {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string | number>;
  readonly body?: string;
  readonly expectStatus: 200 | 304;
}

/** Sends one request over a keep-alive agent; resolves with whether the answer was the expected one. */
function send(agent: http.Agent, spec: RequestSpec): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: spec.url.hostname, port: spec.url.port, path: spec.path, method: spec.method, headers: spec.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== spec.expectStatus) return resolve(false);
        if (spec.expectStatus === 304) return resolve(chunks.length === 0);
        // A data answer without errors: GraphQL puts `errors` first, so the first bytes tell. No JSON.parse: the
        // client shares the cores with the servers, and its work should not grow with the answer's size.
        resolve(chunks.length > 0 && chunks[0]!.subarray(0, 8).toString('latin1') === '{"data":');
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(spec.body);
  });
}



function postSpec(serverUrl: string, query: string, variables: Record<string, unknown>, operationName?: string): RequestSpec {
  const body = JSON.stringify({ query, variables, operationName });
  return { url: new URL(serverUrl), method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body, expectStatus: 200 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '3' },
      'profile-dir': { type: 'string' },
      serve: { type: 'string' },
    },
    strict: true,
  });
  if (values.serve) return serveChild(values.serve);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);
  const nodeArgs = values['profile-dir'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['profile-dir'])] : [];

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-dashboard-bench-'));
  const dataDir = path.join(workDir, 'data');
  await generateDemoData({ outDir: dataDir, days: DATA.days, agents: DATA.agents, seed: DATA.seed, start: DATA.start, progress: false });
  let on: ServerChild | undefined;
  let off: ServerChild | undefined;
  try {
    on = await startServerChild(__filename, { DATA_DIR: dataDir, RESPONSE_CACHE: '1', RATE_LIMIT_PER_MINUTE: '0' }, { nodeArgs, processEnv: PRODUCTION });
    off = await startServerChild(__filename, { DATA_DIR: dataDir, RESPONSE_CACHE: '0', RATE_LIMIT_PER_MINUTE: '0' }, { nodeArgs, processEnv: PRODUCTION });
    // The dashboard once on each server: it fills the result caches (and the response cache of "on"), and gives the ETag and the size.
    const first = await fetch(`${on.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DASHBOARD_QUERY, variables: DASHBOARD_VARIABLES }) });
    const firstBody = (await first.json()) as { data?: { metrics: { rows: unknown[] } }; errors?: unknown[] };
    if (first.status !== 200 || firstBody.errors) throw new Error(`the dashboard failed: HTTP ${first.status} ${JSON.stringify(firstBody.errors)}`);
    const etag = first.headers.get('etag');
    if (!etag) throw new Error('the dashboard answer has no ETag: is the response cache in this build?');
    const offFirst = await fetch(`${off.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DASHBOARD_QUERY, variables: DASHBOARD_VARIABLES }) });
    const offText = await offFirst.text();
    const rows = firstBody.data!.metrics.rows.length;
    const getPath = `/graphql?${new URLSearchParams({ query: DASHBOARD_QUERY, variables: JSON.stringify(DASHBOARD_VARIABLES) })}`;
    const specs: Record<Scenario, RequestSpec> = {
      typename: postSpec(on.url, '{ __typename }', {}),
      cached: postSpec(on.url, DASHBOARD_QUERY, DASHBOARD_VARIABLES),
      uncached: postSpec(off.url, DASHBOARD_QUERY, DASHBOARD_VARIABLES),
      notModified: { url: new URL(on.url), method: 'GET', path: getPath, headers: { 'apollo-require-preflight': '1', 'if-none-match': etag }, expectStatus: 304 },
    };
    for (const scenario of SCENARIOS) await driveClosedLoop((agent) => send(agent, specs[scenario]), connections, WARM_UP_SECONDS);
    const perScenario = new Map(SCENARIOS.map((s) => [s, [] as RoundFigures[]]));
    for (let r = 0; r < rounds; r++) {
      for (const scenario of SCENARIOS) perScenario.get(scenario)!.push(await driveClosedLoop((agent) => send(agent, specs[scenario]), connections, seconds));
    }
    const figures = SCENARIOS.map((scenario) => ({ scenario, ...summarizeRounds(perScenario.get(scenario)!) }));
    const rps = (s: Scenario) => figures.find((f) => f.scenario === s)!.requestsPerSecond;
    const comparison = {
      cachedOverTypename: round(rps('cached') / rps('typename'), 3),
      uncachedOverTypename: round(rps('uncached') / rps('typename'), 3),
      cachedOverUncached: round(rps('cached') / rps('uncached'), 2),
      notModifiedOverTypename: round(rps('notModified') / rps('typename'), 3),
      goalCachedOverTypename: 0.8,
    };
    console.table(figures.map((f) => ({ scenario: f.scenario, 'req/s': f.requestsPerSecond, 'req/s per round': f.roundRequestsPerSecond.join(' / '), 'p50 ms': f.p50Ms, 'p99 ms': f.p99Ms, ok: f.ok, failed: f.failed })));
    process.stdout.write(
      `dashboard: ${rows} rows, ${Buffer.byteLength(offText)} bytes; cached/typename ${comparison.cachedOverTypename} (goal >= 0.8), uncached/typename ${comparison.uncachedOverTypename}, cached/uncached ${comparison.cachedOverUncached}, 304/typename ${comparison.notModifiedOverTypename}\n`,
    );
    for (const f of figures) if (f.failed > 0) process.stdout.write(`warning: ${f.failed} ${f.scenario} requests were not the expected answer (not counted)\n`);
    writeResults('dashboard-cache', {
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: os.availableParallelism(),
      query: DASHBOARD_QUERY,
      variables: DASHBOARD_VARIABLES,
      dashboardRows: rows,
      dashboardBytes: Buffer.byteLength(offText),
      connections,
      secondsPerRound: seconds,
      rounds,
      data: DATA,
      figures,
      comparison,
    });
  } finally {
    if (on) await stopServerChild(on);
    if (off) await stopServerChild(off);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
