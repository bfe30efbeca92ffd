/**
 * `npm run bootstrap-live-state -- --instance ARN [--routing-profiles IDS | --queues IDS | --all-queues] [--force] [--dry-run] [--json]`
 * Ctrl-C stops the run (the pages already read stay written).
 */
import { runBootstrapLiveStateCommand } from './bootstrap-live-state/bootstrap-live-state.command';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
});

void runBootstrapLiveStateCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then((code) => {
  process.exitCode = code;
});
