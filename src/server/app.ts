import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { GraphQLError } from 'graphql';
import { WebSocketServer } from 'ws';
import type { AppConfig } from '../config/env';
import type { QueryEngine } from '../history/query-engine';
import type { AgentStateReader } from '../services/agent-state.service';
import type { RequestContext } from '../services/request-context';
import type { PubSub } from 'type-graphql';
import { errorRequestIdPlugin, logGraphqlError, observabilityPlugin, operationTypePlugin, statsPlugin } from './graphql/apollo-plugins';
import { formatError, formatGraphqlError, withRequestId } from './graphql/graphql-errors';
import { createRequestContext, type ContextDeps } from './graphql/request-context.factory';
import { requestPrincipal } from './auth/request-principal';
import { createGraphiqlRouter } from './graphiql.route';
import type { ServerMetrics } from './observability/metrics';
import { buildAppSchema } from './graphql/schema';
import { GOING_AWAY_CLOSE_CODE, serveGraphqlWs } from './graphql-ws.server';

/** A readiness probe of one dependency. */
export type ReadinessCheck = () => Promise<void>;

/** The parts of the configuration that decide who may ask and how much (issue 12). */
export type SecurityConfig = Pick<AppConfig, 'nodeEnv' | 'auth' | 'limits' | 'http' | 'subscriptions' | 'redisUrl'>;

/** What the HTTP application is assembled from. */
export interface AppOptions {
  /** Authentication, limits, CORS and production switches. */
  readonly security: SecurityConfig;
  readonly engine: QueryEngine;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly limits: ContextDeps['limits'];
  /** Named checks behind `/ready` (engine, DynamoDB). */
  readonly readiness: Record<string, ReadinessCheck>;
  /** Production error reporting: internal messages masked, no operator reasons in responses. */
  readonly maskInternalErrors: boolean;
  /** Folder with the built GraphiQL page; @default dist/graphiql next to the compiled server. */
  readonly graphiqlDir?: string;
  /** Live agent state (the DynamoDB repository). */
  readonly agentStates: AgentStateReader;
  /** Subscriptions' publish/subscribe (in-process or Redis). */
  readonly pubSub: PubSub;
  /** Extra routers mounted before GraphQL (e.g. `/ingest/agent-events`). */
  readonly routers?: readonly express.Router[];
  /** Unsent bytes a WebSocket may hold before it is closed as too slow (4008). @default 4 MiB */
  readonly maxBufferedBytes?: number;
  /** How long `close` lets things finish. */
  readonly stopGrace?: {
    /** In-flight HTTP requests; those still running after it are answered 503 `SHUTTING_DOWN`. @default 6000 */
    readonly httpMs?: number;
    /** WebSocket closing handshakes (1001); sockets still open after it are terminated. @default 2000 */
    readonly wsMs?: number;
  };
}

/** Default of {@link AppOptions.stopGrace}: with the rest of the stop, well under the 10 s a process gets. */
export const DEFAULT_STOP_GRACE = { httpMs: 6_000, wsMs: 2_000 } as const;

/** The assembled server: HTTP and WebSocket on one port. */
export interface App {
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /**
   * Stops gracefully. At once: `/ready` answers 503 `stopping`, no new connection or WebSocket
   * upgrade is accepted, idle keep-alive connections are closed, every WebSocket gets 1001.
   * Then in-flight requests finish (each response closes its connection) for up to
   * `stopGrace.httpMs`; what is still running is answered 503 `SHUTTING_DOWN` and every connection
   * is closed. Idempotent: a second call returns the first call's promise.
   */
  close(): Promise<void>;
}

/** Thrown when the HTTP port cannot be bound. */
export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
  constructor(port: number, host: string) {
    super(`Port ${port} on ${host} is already in use: stop the other process or set PORT to a free port (for example PORT=${port + 1} npm start).`);
    this.name = 'PortInUseError';
  }
}

/** The path of a request without its query string (a GET query string holds the whole operation). */
function pathOf(req: http.IncomingMessage & { originalUrl?: string }): string {
  return (req.originalUrl ?? req.url ?? '/').split('?')[0] ?? '/';
}

/** `dist/graphiql`, whether this module runs compiled (dist/src/server) or from source (src/server, under jest). */
function defaultGraphiqlDir(): string {
  const compiled = __dirname.split(path.sep).includes('dist');
  return path.resolve(__dirname, compiled ? '../../graphiql' : '../../dist/graphiql');
}

/**
 * Builds the HTTP application: `/graphql` (Apollo over HTTP, graphql-ws on the same path, GraphiQL for
 * browsers), `/health`, `/ready`, `/metrics`, JSON request logs with a request id.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { logger, metrics } = options;
  const schema = await buildAppSchema(options.pubSub);
  const app = express();
  const httpServer = http.createServer(app);
  const contextDeps = { engine: options.engine, logger, limits: options.limits, agentStates: options.agentStates };

  let stopping = false;
  // Responses not finished yet: told to close their connection when the server stops, answered 503 after the grace.
  const inFlight = new Set<http.ServerResponse>();

  // noServer: upgrades are routed here explicitly, so HTTP listen errors stay HTTP errors.
  const wsServer = new WebSocketServer({ noServer: true });
  httpServer.on('upgrade', (req, socket, head) => {
    if (stopping) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const wsLogger = logger.child({ transport: 'ws' });
  const errorFormat = { production: options.maskInternalErrors };
  const graphqlWs = serveGraphqlWs(wsServer, {
    server: {
      schema,
      context: () => createRequestContext(contextDeps, randomUUID(), wsLogger) as unknown as Record<string, unknown>,
      // Errors of an operation's results are mapped as over HTTP (codes, masking) and logged with the operation's request id.
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return;
        const context = args.contextValue as RequestContext;
        return {
          ...result,
          errors: result.errors.map((error) => {
            const graphqlError = error as GraphQLError;
            metrics.graphqlErrors.inc({ code: logGraphqlError(context.logger, graphqlError) });
            // GraphQL's own errors here are variable coercion errors (a subscribe() that never started): coded as over HTTP.
            return withRequestId(formatGraphqlError(graphqlError.toJSON(), graphqlError, { ...errorFormat, graphqlErrorCode: 'BAD_USER_INPUT' }), context.requestId);
          }),
        };
      },
      onError: (_ctx, _id, _payload, errors) => {
        for (const e of errors) metrics.graphqlErrors.inc({ code: logGraphqlError(wsLogger, e) });
        // Validation errors (and "Unable to identify operation"): coded GRAPHQL_VALIDATION_FAILED as over HTTP.
        return errors.map((e) => formatGraphqlError(e.toJSON(), e, { ...errorFormat, graphqlErrorCode: 'GRAPHQL_VALIDATION_FAILED' }));
      },
    },
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    onSlowSubscriber: (event) => {
      metrics.slowSubscribersDropped.inc({ reason: event.reason });
      wsLogger.warn(
        { subscriptionId: event.operationId, operation: event.operation, reason: event.reason, pendingChanges: event.pendingChanges, bufferedBytes: event.bufferedBytes, closeCode: 4008 },
        `slow subscriber dropped: ${event.closeReason}`,
      );
    },
    onInternalError: (error) => wsLogger.error({ err: error }, 'WebSocket error'),
  });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(errorFormat),
    // The process owns SIGINT/SIGTERM (src/server/main.ts); Apollo's own handlers would stop it a second time.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      operationTypePlugin('subscribe over WebSocket (graphql-ws) at /graphql on this server.'),
      statsPlugin(),
      errorRequestIdPlugin(),
      observabilityPlugin(metrics),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      // While stopping, a connection whose response was already under way when the stop began is idle now: close it.
      if (stopping) setImmediate(() => httpServer.closeIdleConnections());
    });
    if (stopping) res.setHeader('connection', 'close');
    next();
  });
  // One line per request: method, path, status, duration and request id — no headers (they carry credentials).
  const requestLine = (req: http.IncomingMessage, res: http.ServerResponse, durationMs: unknown) => ({ method: req.method, path: pathOf(req), status: res.statusCode, durationMs });
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      quietReqLogger: true,
      quietResLogger: true,
      customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
      customSuccessObject: (req, res, value: Record<string, unknown>) => requestLine(req, res, value.durationMs),
      customErrorObject: (req, res, error, value: Record<string, unknown>) => ({ ...requestLine(req, res, value.durationMs), err: error }),
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    }),
  );
  app.use((req, res, next) => {
    res.on('finish', () => {
      const route = req.path === '/graphql' || req.path === '/health' || req.path === '/ready' || req.path === '/metrics' ? req.path : req.path.startsWith('/graphiql') ? '/graphiql' : 'other';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping', checks: {} });
      return;
    }
    const checks: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      Object.entries(options.readiness).map(async ([name, check]) => {
        try {
          await check();
          checks[name] = 'ok';
        } catch (error) {
          ready = false;
          checks[name] = (error as Error).message;
        }
      }),
    );
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  for (const router of options.routers ?? []) app.use(router);
  app.use(createGraphiqlRouter({ assetsDir: options.graphiqlDir ?? defaultGraphiqlDir() }));
  app.use(
    '/graphql',
    cors<cors.CorsRequest>(),
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      // The context adds requestId to the logger itself (req.log has it already: it would appear twice).
      context: async ({ req, res }) => createRequestContext(contextDeps, String(req.id), logger, requestPrincipal(res)),
    }),
  );
  app.use((error: Error & { status?: number; type?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    // Already answered (503 SHUTTING_DOWN while stopping): the handler's late write has nowhere to go.
    if (res.headersSent) {
      req.log.debug({ err: error }, 'error after the response was sent');
      return;
    }
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) req.log.error({ err: error }, 'unhandled HTTP error');
    const message =
      error.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON. Send {"query": "...", "variables": {...}} with Content-Type: application/json.'
        : error.type === 'entity.too.large'
          ? 'The request body is larger than 1 MB.'
          : status === 500
            ? 'Internal server error'
            : error.message;
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found. The GraphQL endpoint is /graphql; see also /health, /ready and /metrics.' });
  });

  let closing: Promise<void> | undefined;
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error);
        httpServer.once('error', onError);
        httpServer.listen(port, host, () => {
          httpServer.off('error', onError);
          const bound = (httpServer.address() as AddressInfo).port;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve({ port: bound, url: `http://${shownHost}:${bound}` });
        });
      }),
    close: () => {
      closing ??= stop();
      return closing;
    },
  };

  async function stop(): Promise<void> {
    stopping = true;
    const grace = { ...DEFAULT_STOP_GRACE, ...options.stopGrace };
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    // No new connections; Node closes idle keep-alive ones, and busy ones once their response is sent.
    const httpClosed = httpServer.listening ? new Promise<void>((resolve) => httpServer.close(() => resolve())) : Promise.resolve();
    httpServer.closeIdleConnections();
    const wsClosed = graphqlWs.closeAll(GOING_AWAY_CLOSE_CODE, 'server shutting down', grace.wsMs);

    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace over'>((resolve) => {
      graceTimer = setTimeout(() => resolve('grace over'), grace.httpMs);
    });
    if ((await Promise.race([httpClosed, graceOver])) === 'grace over') {
      const unanswered = [...inFlight].filter((res) => !res.headersSent);
      logger.warn({ requests: unanswered.length, graceMs: grace.httpMs }, 'requests still running when the stop grace ended: answering 503 SHUTTING_DOWN');
      for (const res of unanswered) {
        res.statusCode = 503;
        res.setHeader('connection', 'close');
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ errors: [{ message: 'The server stopped before this request finished; send it again.', extensions: { code: 'SHUTTING_DOWN' } }] }));
      }
      // Give the 503s a moment to be written, then cut what is left (e.g. a response still streaming).
      const flushed = Promise.all(unanswered.map((res) => new Promise<void>((resolve) => (res.writableFinished ? resolve() : res.once('close', () => resolve())))));
      await Promise.race([flushed, new Promise<void>((resolve) => setTimeout(resolve, 500))]);
      httpServer.closeAllConnections();
      await httpClosed;
    }
    clearTimeout(graceTimer);
    await wsClosed;
    await apollo.stop();
  }
}
