/**
 * `npm run demo-data -- --out DIR --days N --agents N --seed S [--start YYYY-MM-DD] [--format json|parquet] [--gzip]`
 * Ctrl-C stops the run and removes everything it wrote.
 */
import { runDemoDataCommand } from './demo-data/demo-data.command';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
});

let finished = false;
// Safety net: if the run ever stalled (nothing left to wait for), say so instead of exiting 0 silently.
process.once('beforeExit', () => {
  if (finished) return;
  process.stderr.write('demo-data: internal error: the run stopped before it finished; please report it\n');
  process.exitCode = 1;
});

void runDemoDataCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then((code) => {
  finished = true;
  process.exitCode = code;
});
