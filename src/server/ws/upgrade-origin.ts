import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { isAllowedOrigin } from '../http/origin-allowlist';

const REFUSAL_BODY = 'WebSocket connections are not accepted from this Origin. Add it to CORS_ORIGINS on the server.';

/**
 * Refuses a WebSocket upgrade whose `Origin` the server does not allow ({@link isAllowedOrigin}: no
 * Origin, the server's own origin, or one of `CORS_ORIGINS`), answering HTTP 403 and logging it.
 * Browsers send Origin on every WebSocket handshake and let any page open one, so without this a
 * page on any site could read the API with its visitor's network position.
 * @returns true when the upgrade was refused (the socket is being closed).
 */
export function refuseUpgradeFromForeignOrigin(req: IncomingMessage, socket: Duplex, allowlist: readonly string[], logger: Logger): boolean {
  const origin = req.headers.origin;
  if (isAllowedOrigin(origin, req.headers.host, allowlist)) return false;
  logger.warn({ origin, host: req.headers.host, status: 403 }, 'WebSocket upgrade refused: Origin not allowed (CORS_ORIGINS)');
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(REFUSAL_BODY)}\r\n\r\n${REFUSAL_BODY}`,
  );
  return true;
}
