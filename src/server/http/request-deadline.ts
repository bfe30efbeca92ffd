import type express from 'express';
import type { Logger } from 'pino';
import { QueryTimeoutError, RequestCancelledError, cancelReasonOf } from '../../domain/errors';

/** Options of {@link requestDeadline}. */
export interface RequestDeadlineOptions {
  /** Longest a request may run, from its arrival (`REQUEST_TIMEOUT_MS`), in ms. */
  readonly timeoutMs: number;
  /**
   * After the timeout, how long the request's own answer (with QUERY_TIMEOUT errors) may take to
   * arrive before the server answers 504 QUERY_TIMEOUT itself, in ms; @default 1000.
   */
  readonly answerGraceMs?: number;
  /** Told of every request cancelled (log lines go to the request's own logger). */
  readonly onCancelled?: (reason: 'timeout' | 'client_gone') => void;
}

/** The signal of the request behind `res`: aborts at its deadline or when its client goes away. Never aborts when the middleware did not run. */
export function requestSignal(res: express.Response): AbortSignal {
  return (res.locals.signal as AbortSignal | undefined) ?? NEVER_ABORTED;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Express middleware giving each request an AbortSignal (see {@link requestSignal}), aborted:
 * - `timeoutMs` after the request arrived, with a {@link QueryTimeoutError} (source `server`): the
 *   request's history queries stop and their fields fail with QUERY_TIMEOUT (HTTP 200, like every
 *   resolver error). Should the answer still not be under way `answerGraceMs` later (work that
 *   does not listen to the signal), the server answers 504 with a QUERY_TIMEOUT error itself;
 * - when the client disconnects before the response was sent, with a {@link RequestCancelledError}
 *   (`client_gone`): nobody will read the answer, so its engine work stops.
 * Each cancellation is logged with the request id.
 */
export function requestDeadline(options: RequestDeadlineOptions): express.RequestHandler {
  const graceMs = options.answerGraceMs ?? 1_000;
  return (req, res, next) => {
    const controller = new AbortController();
    res.locals.signal = controller.signal;
    const log = (req as { log?: Logger }).log;
    let backstop: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      if (res.writableEnded) return;
      controller.abort(new QueryTimeoutError('server', `request ${String(req.id ?? '')}`.trim(), options.timeoutMs));
      backstop = setTimeout(() => answerTimeout(res, controller.signal.reason as QueryTimeoutError, String(req.id ?? '')), graceMs);
    }, options.timeoutMs);
    controller.signal.addEventListener('abort', () => {
      const reason = cancelReasonOf(controller.signal.reason);
      if (reason !== 'timeout' && reason !== 'client_gone') return;
      options.onCancelled?.(reason);
      log?.warn({ reason, timeoutMs: reason === 'timeout' ? options.timeoutMs : undefined }, reason === 'timeout' ? `request cancelled: timeout after ${options.timeoutMs} ms` : 'request cancelled: client gone');
    }, { once: true });
    res.once('close', () => {
      clearTimeout(deadline);
      clearTimeout(backstop);
      // 'close' without a finished response: the connection went away first.
      if (!res.writableFinished && !controller.signal.aborted) controller.abort(new RequestCancelledError('client_gone'));
    });
    next();
  };
}

/** Answers 504 QUERY_TIMEOUT unless a response is already under way (then the request's own answer goes out). */
function answerTimeout(res: express.Response, error: QueryTimeoutError, requestId: string): void {
  if (res.headersSent || res.writableEnded) return;
  const message = requestId ? `${error.message.replace(/\.$/, '')} (request id ${requestId}).` : error.message;
  res.status(504).json({ errors: [{ message, extensions: { ...error.data, code: error.code, ...(requestId ? { requestId } : {}) } }] });
}
