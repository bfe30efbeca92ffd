/**
 * `npm run check-data -- --data DIR [--json]`: examines a data folder the way the server reads it.
 */
import { runCheckDataCommand } from './check-data/check-data.command';

void runCheckDataCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
