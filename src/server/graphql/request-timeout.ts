import { QueryTimeoutError } from '../../domain/errors';

/**
 * A signal that aborts `timeoutMs` from now with a {@link QueryTimeoutError} (source `server`), the
 * reason a client sees as QUERY_TIMEOUT. HTTP-free, for the Lambda; the Node server's HTTP requests
 * use `requestDeadline`, which also aborts when the client disconnects. The timer does not keep
 * the process alive.
 * @param timeoutMs - time the request may take from now, in ms (0 or less: already aborted).
 * @param requestId - named in the error's operator-only reason.
 */
export function requestTimeoutSignal(timeoutMs: number, requestId: string): AbortSignal {
  const controller = new AbortController();
  const limitMs = Math.max(0, Math.floor(timeoutMs));
  const abort = (): void => controller.abort(new QueryTimeoutError('server', `request ${requestId}`, limitMs));
  if (limitMs === 0) abort();
  else setTimeout(abort, limitMs).unref();
  return controller.signal;
}
