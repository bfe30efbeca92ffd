import type { IncomingMessage } from 'node:http';
import { GraphQLError, parse, subscribe as graphqlSubscribe, type ExecutionResult } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { SubscriberTooSlowError } from '../realtime/bounded-queue';
import { AppError, ErrorCode } from '../domain/errors';
import { parseFailedError } from './graphql/graphql-errors';
import { instanceScopeOf, type AuthScope, type Principal } from '../domain/principal';
import { CohortRegistry, operationLabelOf } from './ws/cohort-registry';
import { FrameWriter } from './ws/frame-writer';

/**
 * WebSocket close code for a subscriber dropped for being too slow: its change queue
 * (`SUBSCRIPTION_MAX_PENDING_CHANGES`) or its socket's unsent bytes (`SUBSCRIPTION_MAX_BUFFERED_BYTES`)
 * overflowed. An application code (4000–4999) outside graphql-ws's own 44xx/45xx codes; graphql-ws
 * clients treat it as retryable and reconnect.
 */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4008;
/** WebSocket close code sent to every client when the server stops (RFC 6455 "going away"). */
export const GOING_AWAY_CLOSE_CODE = 1001;
/**
 * WebSocket close code for a missing, invalid or expired credential (graphql-ws's `Unauthorized`):
 * the `connection_init` payload must carry the credential when authentication is on, and the socket
 * is closed with this code when the credential expires. graphql-ws clients do not retry it.
 */
export const UNAUTHORIZED_CLOSE_CODE = CloseCode.Unauthorized;
/** WebSocket close code when the credential cannot be checked now (identity provider unreachable): retry later (RFC 6455 1013). */
export const TRY_AGAIN_LATER_CLOSE_CODE = 1013;

/** Longest delay `setTimeout` takes (about 24.8 days); later expiries are checked again then. */
const MAX_TIMER_MS = 2_147_483_647;

/** What graphql-ws hooks see as `ctx.extra`. */
export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Who opened the connection: set from the `connection_init` payload before any operation runs. */
  principal: Principal;
}

/** A close reason cut to the 123 bytes a WebSocket close frame may carry. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/** A subscriber dropped with {@link SLOW_SUBSCRIBER_CLOSE_CODE}. */
export interface SlowSubscriberEvent {
  /** The graphql-ws operation id of the subscription that crossed the limit. */
  readonly operationId: string;
  /** `operationName (rootField)`, or the root field of an anonymous operation. */
  readonly operation: string;
  /** Which limit: the subscription's change queue, or the socket's unsent bytes. */
  readonly reason: 'pending_changes' | 'buffered_bytes';
  readonly pendingChanges?: number;
  readonly bufferedBytes?: number;
  /** The close reason sent to the client. */
  readonly closeReason: string;
}

/** Options of {@link serveGraphqlWs}. */
export interface GraphqlWsOptions {
  /** graphql-ws server options (schema, context, hooks). */
  readonly server: ServerOptions<Record<string, unknown> | undefined, WsExtra>;
  /** Unsent bytes a socket may hold before it is dropped as too slow. */
  readonly maxBufferedBytes: number;
  /** Ping every this many ms; a client that does not answer within the same time is terminated. @default 12000 */
  readonly keepAliveMs?: number;
  /** Called once per dropped socket (log it, count it). */
  readonly onSlowSubscriber?: (event: SlowSubscriberEvent) => void;
  /** An error of the socket layer or of message handling. */
  readonly onInternalError?: (error: unknown) => void;
  /**
   * Who is asking, from the `connection_init` payload. A rejection closes the socket before the
   * connection is acknowledged: 4401 for `UNAUTHENTICATED`, 1013 for other AppErrors (retry later).
   * The principal's `expiresAtMs` closes the socket with 4401 when it passes.
   */
  readonly authenticate: (connectionParams: Readonly<Record<string, unknown>> | undefined) => Promise<Principal>;
  /** Called with each refused credential (log the ones that are not simply missing or invalid). */
  readonly onAuthFailure?: (error: AppError) => void;
  /**
   * Shared fan-out: the context one cohort of subscribers executes with (see `CohortRegistry`), for the
   * principal of its first member, with a signal aborted when the cohort ends.
   */
  readonly createCohortContext: (principal: Principal, signal: AbortSignal) => unknown;
  /** A cohort's result as sent (errors coded and masked, as `onNext` does for one operation); undefined: as is. */
  readonly formatCohortResult?: (result: ExecutionResult, contextValue: unknown) => unknown;
  /** Counters and gauges of the shared fan-out. */
  readonly fanOutObserver?: FanOutObserver;
}

/** What the shared fan-out reports (Prometheus). */
export interface FanOutObserver {
  /** Cohorts running now. */
  cohorts(count: number): void;
  /** One change executed for one cohort (however many members it has). */
  cohortExecution(): void;
  /** `frames` next frames written to one socket; the latency (change received → written) of each, in seconds. */
  framesWritten(frames: number, latenciesSeconds: readonly number[]): void;
}

/** The graphql-ws endpoint on a `ws` server. */
export interface GraphqlWsServer {
  /**
   * Closes every socket with `code`/`reason`, ends their operations at once, terminates the sockets
   * that have not finished the closing handshake after `graceMs`, and stops the `ws` server.
   * Resolves when every socket is closed.
   */
  closeAll(code: number, reason: string, graceMs: number): Promise<void>;
}

interface Connection {
  /** Ends the socket's graphql-ws operations (once). */
  end(code: number, reason: string): void;
  dropped: boolean;
  /** Closes the socket when the credential expires; cleared when the socket ends. */
  expiry?: NodeJS.Timeout;
}

/** The principal of a connection not acknowledged yet: no scope, no instance. */
const UNAUTHENTICATED_PRINCIPAL: Principal = Object.freeze({ id: 'unauthenticated', method: 'none', scopes: new Set<AuthScope>(), instances: instanceScopeOf([]) });

/** The close reason of a refused credential: what to send in `connection_init`, or why the credential is not valid. */
function unauthorizedReason(error: AppError): string {
  if (/^No /.test(error.message)) return 'Unauthorized: no credential in the connection_init payload; send {"x-api-key": "…"} or {"authorization": "Bearer …"}';
  return `Unauthorized: ${error.message}`;
}

/** `name (field)` of a subscribe payload, for logs; parsing again is fine: drops are rare. */
function operationLabel(payload: { query: string; operationName?: string | null }): string {
  try {
    return operationLabelOf(parse(payload.query), payload.operationName);
  } catch {
    return 'unparsable operation';
  }
}

/** Who an operation's context belongs to: set when graphql-ws builds the context, read by the cohort `subscribe`. */
interface OperationOwner {
  readonly socket: WebSocket;
  readonly id: string;
  readonly principal: Principal;
}

/**
 * Serves graphql-ws on a `ws` server: the library's `useServer` (graphql-ws/use/ws) with shared
 * fan-out and three changes that keep one slow subscriber from hurting the process:
 * - subscriptions with equal operation, variables and scope form a cohort (`CohortRegistry`): a
 *   change is filtered, executed and serialized once per cohort, and the same `next` frame, with each
 *   subscriber's own id spliced in, is written to every member's socket in per-socket batches
 *   (`FrameWriter`). A socket holding more than `maxBufferedBytes` unsent after a batch is closed
 *   with 4008;
 * - graphql-ws's own sends (acks, query results, errors, completes) do not wait until the frame is
 *   written to the network: they yield to the event loop and go on, so a client that stops reading
 *   shows as unsent bytes (`bufferedAmount`). Over `maxBufferedBytes` the socket is closed with 4008;
 * - a subscription whose change queue overflowed (`SubscriberTooSlowError` from the pub/sub) closes
 *   its socket with 4008 rather than sending an error and leaving the socket open;
 * - `closeAll` closes with a code, ends operations without waiting for the clients, and terminates
 *   sockets whose clients do not answer the close within a grace period (stopping the server).
 */
export function serveGraphqlWs(wsServer: WebSocketServer, options: GraphqlWsOptions): GraphqlWsServer {
  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const connections = new WeakMap<WebSocket, Connection>();
  const reportInternal = options.onInternalError ?? (() => undefined);

  const drop = (socket: WebSocket, event: Omit<SlowSubscriberEvent, 'closeReason'>): void => {
    const connection = connections.get(socket);
    if (!connection || connection.dropped || socket.readyState !== socket.OPEN) return;
    connection.dropped = true;
    const closeReason =
      event.reason === 'pending_changes'
        ? `subscriber too slow: ${event.pendingChanges} pending changes; reconnect`
        : `subscriber too slow: ${event.bufferedBytes} bytes unsent; reconnect`;
    options.onSlowSubscriber?.({ ...event, closeReason });
    socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, closeReason);
    // Stop executing changes nobody will read; the closing handshake may never complete.
    connection.end(SLOW_SUBSCRIBER_CLOSE_CODE, closeReason);
  };

  /** Closes a socket for its credential and ends its operations at once (no frame after this one). */
  const refuse = (socket: WebSocket, code: number, reason: string): void => {
    if (socket.readyState !== socket.OPEN) return;
    socket.close(code, closeReason(reason));
    connections.get(socket)?.end(code, reason);
  };

  /** Closes the socket with 4401 when its credential expires (re-armed for expiries beyond a timer's reach). */
  const watchExpiry = (socket: WebSocket, expiresAtMs: number): void => {
    const connection = connections.get(socket);
    if (!connection) return;
    const remainingMs = expiresAtMs - Date.now();
    if (remainingMs <= 0) return refuse(socket, UNAUTHORIZED_CLOSE_CODE, 'Unauthorized: credential expired; reconnect with a new one');
    connection.expiry = setTimeout(() => watchExpiry(socket, expiresAtMs), Math.min(remainingMs, MAX_TIMER_MS));
  };

  const writer = new FrameWriter({
    maxBufferedBytes: options.maxBufferedBytes,
    onOverflow: (socket, bufferedBytes, owner) => drop(socket, { operationId: owner.operationId, operation: owner.operation, reason: 'buffered_bytes', bufferedBytes }),
    onWritten: options.fanOutObserver ? (frames, latencies) => options.fanOutObserver?.framesWritten(frames, latencies) : undefined,
  });
  const cohorts = new CohortRegistry({
    writer,
    createContext: options.createCohortContext,
    formatResult: options.formatCohortResult,
    onExecution: () => options.fanOutObserver?.cohortExecution(),
    onCohortsChange: (count) => options.fanOutObserver?.cohorts(count),
  });
  const owners = new WeakMap<object, OperationOwner>();

  const hooks = options.server;
  const server = makeServer<Record<string, unknown> | undefined, WsExtra>({
    ...hooks,
    context: async (ctx, id, payload, args) => {
      const contextValue = typeof hooks.context === 'function' ? await hooks.context(ctx, id, payload, args) : hooks.context;
      if (typeof contextValue === 'object' && contextValue !== null) owners.set(contextValue, { socket: ctx.extra.socket, id, principal: ctx.extra.principal });
      return contextValue;
    },
    // Subscriptions join a cohort (one execution and one serialization per change for all equal
    // subscribers); queries and mutations over WebSocket keep graphql-ws's own execute.
    subscribe: (args) => {
      const owner = typeof args.contextValue === 'object' && args.contextValue !== null ? owners.get(args.contextValue) : undefined;
      if (!owner) return graphqlSubscribe(args);
      return cohorts.subscribe(args, owner.socket, owner.id, owner.principal);
    },
    onConnect: async (ctx) => {
      const { socket } = ctx.extra;
      let principal: Principal;
      try {
        principal = await options.authenticate(ctx.connectionParams);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        options.onAuthFailure?.(error);
        if (error.code === ErrorCode.UNAUTHENTICATED) {
          refuse(socket, UNAUTHORIZED_CLOSE_CODE, unauthorizedReason(error));
        } else {
          refuse(socket, TRY_AGAIN_LATER_CLOSE_CODE, 'Try again later: the credential could not be checked now');
        }
        // graphql-ws would close with 4403 next; the socket is already closing with the code above.
        return false;
      }
      ctx.extra.principal = principal;
      if (principal.expiresAtMs !== undefined) watchExpiry(socket, principal.expiresAtMs);
      return hooks.onConnect ? hooks.onConnect(ctx) : true;
    },
    onSubscribe: async (ctx, id, payload) => {
      const custom = await hooks.onSubscribe?.(ctx, id, payload);
      if (custom) return custom;
      // graphql-ws parses without catching: a syntax error would escape the message handler and close the
      // socket with 4500 (internal error). Answer it with an error message, coded as Apollo codes it over HTTP.
      try {
        parse(payload.query);
      } catch (error) {
        if (error instanceof GraphQLError) return [parseFailedError(error)];
        throw error;
      }
      return undefined;
    },
    onNext: (ctx, id, payload, args, result) => {
      const { socket } = ctx.extra;
      if (socket.bufferedAmount > options.maxBufferedBytes) {
        drop(socket, { operationId: id, operation: operationLabel(payload), reason: 'buffered_bytes', bufferedBytes: socket.bufferedAmount });
      }
      return hooks.onNext?.(ctx, id, payload, args, result);
    },
    onError: (ctx, id, payload, errors: readonly GraphQLError[]) => {
      const tooSlow = errors.map((error) => error.originalError).find((error) => error instanceof SubscriberTooSlowError);
      if (tooSlow) drop(ctx.extra.socket, { operationId: id, operation: operationLabel(payload), reason: 'pending_changes', pendingChanges: tooSlow.pendingChanges });
      return hooks.onError?.(ctx, id, payload, errors);
    },
  });

  wsServer.options.handleProtocols = handleProtocols;
  wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    let pongWait: NodeJS.Timeout | undefined;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => {
        clearTimeout(pongWait);
        pongWait = undefined;
      });
      socket.ping();
    }, keepAliveMs);

    let ended = false;
    const connection: Connection = {
      dropped: false,
      end: (code, reason) => {
        if (ended) return;
        ended = true;
        clearInterval(pingInterval);
        clearTimeout(pongWait);
        clearTimeout(connection.expiry);
        closed(code, reason).catch(reportInternal);
      },
    };
    connections.set(socket, connection);

    socket.once('error', (error) => {
      reportInternal(error);
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    // `closed` ends the operations; connection.end calls it, never before opened() returned (close events are async).
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState === socket.OPEN) socket.send(data);
          // Yield between frames so a burst to many subscribers interleaves with other I/O.
          return new Promise<void>((resolve) => setImmediate(resolve));
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            // Frames still arriving after the operations were ended (dropped, stopping) would start new ones.
            if (ended) return;
            try {
              await handle(String(data));
            } catch (error) {
              reportInternal(error);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      // Nobody until connection_init is authenticated: graphql-ws runs no operation before it acknowledges.
      { socket, request, principal: UNAUTHENTICATED_PRINCIPAL },
    );
    socket.once('close', (code, reason) => connection.end(code, String(reason)));
  });

  return {
    closeAll: async (code, reason, graceMs) => {
      await Promise.all(
        [...wsServer.clients].map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === socket.CLOSED) return resolve();
              const terminate = setTimeout(() => socket.terminate(), graceMs);
              socket.once('close', () => {
                clearTimeout(terminate);
                resolve();
              });
              socket.close(code, reason);
              connections.get(socket)?.end(code, reason);
            }),
        ),
      );
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
