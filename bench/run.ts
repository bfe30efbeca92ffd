/**
 * `npm run bench`: runs every benchmark in its own process, one after the other. Arguments after
 * `--` are passed to each (e.g. `npm run bench -- --days 7 --agents 50` for a quick look is accepted
 * by the history benchmark only; run a single one with `node dist/bench/<name>.bench.js`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const benches = ['demo-data.bench.js', 'history.bench.js', 'agent-events.bench.js', 'kpi.bench.js', 'agent-states.bench.js', 'jwt-verify.bench.js', 'security-overhead.bench.js', 'fanout.bench.js', 'dashboard-cache.bench.js', 'rollup.bench.js', 'rollup-athena.bench.js'];
const only = process.argv.slice(2);
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.startsWith(o))) continue;
  process.stdout.write(`\n== ${bench}\n`);
  const result = spawnSync(process.execPath, [path.join(__dirname, bench)], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
