/**
 * The load of the HTTP benchmarks: `connections` closed loops over one keep-alive agent, each sending
 * its next request when the previous one answered, for a given time.
 */
import http from 'node:http';
import { quantile, round, sortedNumbers } from './numbers';

/** What one round measured. */
export interface RoundFigures {
  readonly ok: number;
  readonly failed: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

/**
 * Runs `connections` loops of `send` until `seconds` have passed; `send` resolves with whether the
 * answer was the expected one (a rejection stops the round: a broken server is not a figure).
 */
export async function driveClosedLoop(send: (agent: http.Agent) => Promise<boolean>, connections: number, seconds: number): Promise<RoundFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latenciesMs: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const sent = performance.now();
          const success = await send(agent);
          latenciesMs.push(performance.now() - sent);
          if (success) ok += 1;
          else failed += 1;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { ok, failed, seconds: (performance.now() - started) / 1000, latenciesMs };
}

/** The figures of several rounds of one scenario: requests/s over all rounds and per round, latency p50/p99 (ms), answers ok and failed. */
export function summarizeRounds(runs: readonly RoundFigures[]) {
  const ok = runs.reduce((s, r) => s + r.ok, 0);
  const measuredSeconds = runs.reduce((s, r) => s + r.seconds, 0);
  const sorted = sortedNumbers(runs.flatMap((r) => r.latenciesMs));
  return {
    requestsPerSecond: round(ok / measuredSeconds),
    roundRequestsPerSecond: runs.map((r) => round(r.ok / r.seconds)),
    p50Ms: round(quantile(sorted, 0.5), 2),
    p99Ms: round(quantile(sorted, 0.99), 2),
    ok,
    failed: runs.reduce((s, r) => s + r.failed, 0),
  };
}
