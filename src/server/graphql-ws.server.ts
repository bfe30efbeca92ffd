import type { IncomingMessage } from 'node:http';
import { getOperationAST, GraphQLError, Kind, parse } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { SubscriberTooSlowError } from '../realtime/bounded-queue';

/**
 * WebSocket close code for a subscriber dropped for being too slow: its change queue
 * (`SUBSCRIPTION_MAX_PENDING_CHANGES`) or its socket's unsent bytes (`SUBSCRIPTION_MAX_BUFFERED_BYTES`)
 * overflowed. An application code (4000–4999) outside graphql-ws's own 44xx/45xx codes; graphql-ws
 * clients treat it as retryable and reconnect.
 */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4008;
/** WebSocket close code sent to every client when the server stops (RFC 6455 "going away"). */
export const GOING_AWAY_CLOSE_CODE = 1001;

/** What graphql-ws hooks see as `ctx.extra`. */
export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
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
}

/** `name (field)` of a subscribe payload, for logs; parsing again is fine: drops are rare. */
function operationLabel(payload: { query: string; operationName?: string | null }): string {
  try {
    const operation = getOperationAST(parse(payload.query), payload.operationName ?? undefined);
    const field = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
    const fieldName = field?.kind === Kind.FIELD ? field.name.value : 'unknown';
    return payload.operationName ? `${payload.operationName} (${fieldName})` : fieldName;
  } catch {
    return 'unparsable operation';
  }
}

/**
 * Serves graphql-ws on a `ws` server: the library's `useServer` (graphql-ws/use/ws) with three
 * changes that keep one slow subscriber from hurting the process:
 * - a send does not wait until the frame is written to the network: it yields to the event loop and
 *   goes on, so a client that stops reading shows as unsent bytes (`bufferedAmount`) instead of
 *   holding its subscription's iterator. Over `maxBufferedBytes` the socket is closed with 4008;
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

  const hooks = options.server;
  const server = makeServer<Record<string, unknown> | undefined, WsExtra>({
    ...hooks,
    onSubscribe: async (ctx, id, payload) => {
      const custom = await hooks.onSubscribe?.(ctx, id, payload);
      if (custom) return custom;
      // graphql-ws parses without catching: a syntax error would escape the message handler and close the
      // socket with 4500 (internal error). Answer it with an error message, coded as Apollo codes it over HTTP.
      try {
        parse(payload.query);
      } catch (error) {
        if (error instanceof GraphQLError) return [new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
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
      { socket, request },
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
