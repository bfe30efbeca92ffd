/**
 * `npm run sign-link -- --scopes live:read,metrics:read --ttl 8h [--instance ARN]`: prints a signed link.
 */
import { runSignLinkCommand } from './sign-link.command';

void runSignLinkCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
