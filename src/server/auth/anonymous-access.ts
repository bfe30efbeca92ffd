import net from 'node:net';
import type { Logger } from 'pino';
import { ConfigError, type AuthConfig } from '../../config/env';

/** Whether a HOST to listen on is reachable from this machine only: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * The start-up rule of `AUTH_MODE=none`: anonymous access (every scope, every instance) is allowed
 * on loopback only, unless `AUTH_ALLOW_ANONYMOUS=1` says so explicitly (then a warning is logged).
 * @throws ConfigError saying which variable to set.
 */
export function checkAnonymousAccess(auth: Pick<AuthConfig, 'mode' | 'allowAnonymous'>, host: string, logger: Logger): void {
  if (auth.mode !== 'none' || isLoopbackHost(host)) return;
  if (!auth.allowAnonymous) {
    throw new ConfigError([
      `AUTH_MODE: is none (no authentication) while HOST=${host} is reachable from other machines; set AUTH_MODE=apikey or AUTH_MODE=jwt, listen on HOST=127.0.0.1, or set AUTH_ALLOW_ANONYMOUS=1 to serve every caller anonymously on purpose`,
    ]);
  }
  logger.warn({ host, authMode: auth.mode }, 'AUTH_ALLOW_ANONYMOUS=1: serving every caller anonymously (every scope, every instance) on a non-loopback HOST');
}
