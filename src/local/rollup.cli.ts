/**
 * `npm run rollup -- [--data DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--force] [--json]`
 * Ctrl-C stops the run after the day being built (days built so far are kept, each with its manifest).
 */
import { loadConfig } from '../config/env';
import { runRollupCommand } from './rollup/rollup.command';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
});

let defaultDataDir: string | undefined;
try {
  defaultDataDir = loadConfig().data.dir;
} catch {
  // An unrelated setting is invalid: --data (or ./data) still works.
}

void runRollupCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal, defaultDataDir }).then((code) => {
  process.exitCode = code;
});
