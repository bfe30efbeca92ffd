import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { ExecutionResult, FormattedExecutionResult, GraphQLError } from 'graphql';
import { WebSocketServer } from 'ws';
import type { AppConfig } from '../config/env';
import type { QueryEngine } from '../history/query-engine';
import type { AgentStateReader } from '../services/agent-state.service';
import type { RequestContext } from '../services/request-context';
import type { PubSub } from 'type-graphql';
import { errorRequestIdPlugin, logGraphqlError, observabilityPlugin, operationTypePlugin, statsPlugin, willSendResponseInOrder } from './graphql/apollo-plugins';
import { dataAsOfPlugin } from './graphql/data-as-of.plugin';
import { appErrorOf, formatError, formatGraphqlError, toGraphQLError, withRequestId } from './graphql/graphql-errors';
import { createRequestContext, type ContextDeps } from './graphql/request-context.factory';
import { requestPrincipal } from './auth/request-principal';
import { createGraphiqlRouter, GRAPHIQL_CSP_DIRECTIVES } from './graphiql.route';
import { createWallboardRouter } from './wallboard.route';
import { createLinksRouter, LINKS_PATH } from './links.route';
import type { SignedLinkSigner } from './graphql/auth/signed-link';
import { corsMiddleware } from './http/cors.middleware';
import { trustedDocumentsMiddleware } from './http/trusted-documents.middleware';
import { readTrustedDocumentsManifest, trustedDocumentsOf, type TrustedDocuments } from './graphql/trusted-documents';
import { createReportsRouter, linkFromQueryString, REPORTS_PATH } from './reports.route';
import { resolveReports } from './graphql/reports/report-catalog';
import { authenticateRequests, requireScope } from './auth/auth.middleware';
import { anonymousAuthenticator, type Authenticator } from './graphql/auth/authenticator';
import { INGEST_PATH_PREFIX } from './ingest.route';
import type { ServerMetrics } from './observability/metrics';
import { buildAppSchema } from './graphql/schema';
import { GOING_AWAY_CLOSE_CODE, serveGraphqlWs, type WsExtra } from './graphql-ws.server';
import { requestDeadline, requestSignal } from './http/request-deadline';
import { WsOperationGuard } from './ws/operation-guard';
import { refuseUpgradeFromForeignOrigin } from './ws/upgrade-origin';
import { createRateLimiter } from './rate-limit.middleware';
import { batchedRequestBody, checkWsOperation, queryLimitsOf, queryLimitsPlugin, queryLimitsServerOptions } from './graphql/query-limits';
import { createHttpResponseCache, noStorePlugin, type HttpResponseCache } from './http/response-cache.middleware';
import { RedisCacheStore } from '../cache/redis-cache.store';
import type { FreshnessPolicy } from '../cache/freshness';

/**
 * A client that wants CSV from /graphql (`Accept: text/csv` and no JSON) is told where CSV is: GraphQL
 * answers JSON only, the saved reports serve CSV (406 with the way there, instead of Apollo's bare refusal).
 */
const csvAsksForReports: express.RequestHandler = (req, res, next) => {
  if (req.method === 'OPTIONS' || req.headers.accept === undefined || req.accepts(['application/json', 'application/graphql-response+json', 'text/csv']) !== 'text/csv') return next();
  res.status(406).json({
    errors: [
      {
        message: `/graphql answers JSON only. For CSV use a saved report, e.g. GET ${REPORTS_PATH}/queue-summary.csv (GET ${REPORTS_PATH} lists them), or select MetricsResult.table { columns rows } for flat rows in JSON.`,
        extensions: { code: 'NOT_ACCEPTABLE' },
      },
    ],
  });
};

/** A readiness probe of one dependency. */
export type ReadinessCheck = () => Promise<void>;

/** The parts of the configuration that decide who may ask and how much (issue 12). */
export type SecurityConfig = Pick<AppConfig, 'nodeEnv' | 'auth' | 'limits' | 'http' | 'subscriptions' | 'redisUrl'>;

/** What the HTTP application is assembled from. */
export interface AppOptions {
  /** Authentication, limits, CORS and production switches. */
  readonly security: SecurityConfig;
  /**
   * Who is asking (`createAuthenticator(security.auth, …)`), shared by HTTP and WebSockets.
   * Required unless `security.auth.mode` is `none`.
   */
  readonly authenticator?: Authenticator;
  readonly engine: QueryEngine;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly limits: ContextDeps['limits'];
  /** Connect's agent heartbeat period, seconds (`AgentState.stale`); @default 120. */
  readonly agentHeartbeatPeriodSeconds?: number;
  /** Named checks behind `/ready` (engine, DynamoDB). */
  readonly readiness: Record<string, ReadinessCheck>;
  /** Production error reporting: internal messages masked, no operator reasons in responses. */
  readonly maskInternalErrors: boolean;
  /** Folder with the built GraphiQL page; @default dist/graphiql next to the compiled server. */
  readonly graphiqlDir?: string;
  /** Folder with the built wallboard page; @default dist/wallboard next to the compiled server. */
  readonly wallboardDir?: string;
  /** Signs links for `POST /links` (`SIGNED_LINKS=1`); absent: the route answers 404. */
  readonly linkSigner?: SignedLinkSigner;
  /** Live agent state (the DynamoDB repository). */
  readonly agentStates: AgentStateReader;
  /** Live queue contacts from contact events; absent: `Queue.realtime` contact counts are zero. */
  readonly queueLive?: ContextDeps['queueLive'];
  /** The freshness watermark's partitions and longest contact (`extensions.dataAsOf`); @default last 3 UTC days, 24 h. */
  readonly dataAsOf?: ContextDeps['dataAsOf'];
  /** The data folder's partition listing (DuckDB's file index), where the directory finds the newest day without a query. */
  readonly partitionListing?: ContextDeps['partitionListing'];
  /** Which closed CTR days metrics may read from the rollup (the embedded stack's manifests); absent: all raw. */
  readonly rollups?: ContextDeps['rollups'];
  /** Subscriptions' publish/subscribe (in-process or Redis). */
  readonly pubSub: PubSub;
  /** Extra routers mounted before GraphQL (e.g. `/ingest/agent-events`). */
  readonly routers?: readonly express.Router[];
  /** Unsent bytes a WebSocket may hold before it is closed as too slow (4008). @default 4 MiB */
  readonly maxBufferedBytes?: number;
  /**
   * Whole-response cache of HTTP queries (`RESPONSE_CACHE*`); absent or `enabled: false`: off.
   * Shares Redis (`security.redisUrl`) as its second tier.
   */
  readonly responseCache?: {
    readonly enabled: boolean;
    readonly maxEntries: number;
    readonly maxBytes: number;
    /** TTLs by freshness (the result cache's `CACHE_TTL_*`). */
    readonly policy: FreshnessPolicy;
    /** What data answers come from (the result cache's namespace). */
    readonly namespace: string;
    /**
     * The current version of the history's content, part of every key: when closed days change (a
     * late CTR makes a rolled-up day dirty, or its rollup is rebuilt) it changes, so no earlier answer
     * is served again, from memory or Redis. @default constant
     */
    readonly dataVersion?: () => string;
  };
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
  /**
   * Binds the port (and, with `security.http.metricsPort`, the metrics port on the same host).
   * `metricsUrl` is where `/metrics` is served: the separate port, or the main one.
   */
  listen(port: number, host: string): Promise<{ port: number; url: string; metricsUrl: string }>;
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

/** `dist/wallboard`, compiled or from source (see {@link defaultGraphiqlDir}). */
function defaultWallboardDir(): string {
  const compiled = __dirname.split(path.sep).includes('dist');
  return path.resolve(__dirname, compiled ? '../../wallboard' : '../../dist/wallboard');
}

/** The host shown in URLs: a wildcard address is reached as localhost. */
function shownHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

/** The application of the separate metrics port: `/metrics`, a 404 for anything else. */
function metricsApp(serveMetrics: express.RequestHandler): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', serveMetrics);
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found. This port serves only /metrics.' });
  });
  return app;
}

/** `dist/persisted-documents.json` (written by `npm run trusted-documents`), compiled or from source. */
function defaultTrustedDocumentsFile(): string {
  const compiled = __dirname.split(path.sep).includes('dist');
  return path.resolve(__dirname, compiled ? '../../persisted-documents.json' : '../../dist/persisted-documents.json');
}

/**
 * Builds the HTTP application: `/graphql` (Apollo over HTTP, graphql-ws on the same path, GraphiQL for
 * browsers), `/health`, `/ready`, `/metrics`, JSON request logs with a request id.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { logger, metrics } = options;
  if (!options.authenticator && options.security.auth.mode !== 'none') {
    throw new Error(`createApp: AUTH_MODE=${options.security.auth.mode} needs options.authenticator (createAuthenticator)`);
  }
  const authenticator = options.authenticator ?? anonymousAuthenticator;
  const authOn = authenticator.mode !== 'none';
  const schema = await buildAppSchema(options.pubSub);
  const app = express();
  const httpServer = http.createServer(app);
  const contextDeps: ContextDeps = {
    engine: options.engine,
    logger,
    limits: options.limits,
    agentStates: options.agentStates,
    queueLive: options.queueLive,
    partitionListing: options.partitionListing,
    rollups: options.rollups,
    piiAttributeAllowlist: options.security.auth.piiAttributeAllowlist,
    agentHeartbeatPeriodSeconds: options.agentHeartbeatPeriodSeconds,
    dataAsOf: options.dataAsOf,
  };
  // TRUSTED_DOCUMENTS=1: only the build's registered operations run, over HTTP and WebSocket. A missing manifest stops the start.
  // The saved reports run operations of the same manifest, whether or not TRUSTED_DOCUMENTS=1: it is read always,
  // and a report whose operation is missing stops the start (a stale or missing manifest says how to rebuild it).
  const manifestFile = options.security.http.trustedDocumentsFile ?? defaultTrustedDocumentsFile();
  const manifest = readTrustedDocumentsManifest(
    manifestFile,
    options.security.http.trustedDocuments ? 'TRUSTED_DOCUMENTS=1' : `The saved reports (${REPORTS_PATH}) run operations of the trusted-documents manifest,`,
  );
  const trustedDocuments: TrustedDocuments | undefined = options.security.http.trustedDocuments ? trustedDocumentsOf(manifest) : undefined;
  const reports = resolveReports(manifest, manifestFile);

  let stopping = false;
  // Responses not finished yet: told to close their connection when the server stops, answered 503 after the grace.
  const inFlight = new Set<http.ServerResponse>();

  const wsLogger = logger.child({ transport: 'ws' });
  const rateLimiter = await createRateLimiter({
    ratePerMinute: options.security.limits.ratePerMinute,
    burst: options.security.limits.rateBurst,
    redisUrl: options.security.redisUrl,
    logger,
    onRejected: () => metrics.limitRejections.inc({ reason: 'rate' }),
  });
  const queryLimits = queryLimitsOf(options.security, options.limits.maxPageSize, metrics);
  // noServer: upgrades are routed here explicitly, so HTTP listen errors stay HTTP errors.
  // maxPayload: a bigger frame closes its socket with 1009 (message too big) before it is buffered whole.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.security.limits.wsMaxFrameBytes });
  httpServer.on('upgrade', (req, socket, head) => {
    if (stopping) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    if (refuseUpgradeFromForeignOrigin(req, socket, options.security.http.corsOrigins, wsLogger)) return;
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const errorFormat = { production: options.maskInternalErrors };
  const wsGuard = createWsOperationGuard(options);
  /** A WebSocket result with its errors mapped as over HTTP (codes, masking) and logged with the request id; undefined when it has none. */
  const formatWsResult = (result: ExecutionResult, context: RequestContext): FormattedExecutionResult | undefined => {
    if (!result.errors?.length) return undefined;
    return {
      ...result,
      errors: result.errors.map((error) => {
        const graphqlError = error as GraphQLError;
        metrics.graphqlErrors.inc({ code: logGraphqlError(context.logger, graphqlError) });
        // GraphQL's own errors here are variable coercion errors (a subscribe() that never started): coded as over HTTP.
        return withRequestId(formatGraphqlError(graphqlError.toJSON(), graphqlError, { ...errorFormat, graphqlErrorCode: 'BAD_USER_INPUT' }), context.requestId);
      }),
    };
  };
  const graphqlWs = serveGraphqlWs(wsServer, {
    server: wsGuard.wrap({
      schema,
      // The principal authenticated from the connection_init payload (serveGraphqlWs `authenticate`);
      // each operation's history work stops when it completes or its socket closes (wsGuard's signal).
      context: (ctx, id) => createRequestContext(contextDeps, randomUUID(), wsLogger, ctx.extra.principal, wsGuard.signalOf(ctx, id)) as unknown as Record<string, unknown>,
      // Trusted documents over WebSocket: `query` must be a registered text, or empty with extensions.persistedQuery.sha256Hash.
      // Then depth, alias, token, directive and cost limits as over HTTP, before anything runs.
      onSubscribe: (_ctx, _id, payload) => {
        if (trustedDocuments !== undefined) {
          try {
            (payload as { query: string }).query = trustedDocuments.resolve({ ...payload, query: payload.query === '' ? undefined : payload.query });
          } catch (error) {
            const appError = appErrorOf(error);
            if (appError === undefined) throw error;
            return [toGraphQLError(appError, 400)];
          }
        }
        const checked = checkWsOperation(schema, payload, queryLimits);
        return 'errors' in checked ? [...checked.errors] : checked.args;
      },
      // Errors of an operation's results are mapped as over HTTP (codes, masking) and logged with the operation's request id.
      onNext: (_ctx, _id, _payload, args, result) => formatWsResult(result, args.contextValue as RequestContext),
      onError: (_ctx, _id, _payload, errors) => {
        for (const e of errors) metrics.graphqlErrors.inc({ code: logGraphqlError(wsLogger, e) });
        // Validation errors (and "Unable to identify operation"): coded GRAPHQL_VALIDATION_FAILED as over HTTP.
        return errors.map((e) => formatGraphqlError(e.toJSON(), e, { ...errorFormat, graphqlErrorCode: 'GRAPHQL_VALIDATION_FAILED' }));
      },
    }),
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    // Shared fan-out: each cohort executes with its own context (request id, signal ended with the cohort).
    createCohortContext: (principal, signal) => createRequestContext(contextDeps, randomUUID(), wsLogger, principal, signal),
    formatCohortResult: (result, contextValue) => formatWsResult(result, contextValue as RequestContext),
    fanOutObserver: {
      cohorts: (count) => metrics.subscriptionCohorts.set(count),
      cohortExecution: () => metrics.cohortExecutions.inc(),
      framesWritten: (frames, latencies) => {
        metrics.subscriptionMessagesSent.inc(frames);
        for (const seconds of latencies) metrics.subscriptionPushLatency.observe(seconds);
      },
    },
    authenticate: (connectionParams) => authenticator.authenticate(connectionParams),
    onAuthFailure: (error) => {
      if (error.code !== 'UNAUTHENTICATED') wsLogger.warn({ err: error, reason: error.reason }, 'WebSocket credential could not be checked');
    },
    onSlowSubscriber: (event) => {
      metrics.slowSubscribersDropped.inc({ reason: event.reason });
      wsLogger.warn(
        { subscriptionId: event.operationId, operation: event.operation, reason: event.reason, pendingChanges: event.pendingChanges, bufferedBytes: event.bufferedBytes, closeCode: 4008 },
        `slow subscriber dropped: ${event.closeReason}`,
      );
    },
    onInternalError: (error) => logWsError(wsLogger, error, options.security.limits.wsMaxFrameBytes),
  });

  const responseCacheStore = options.responseCache?.enabled && options.security.redisUrl ? RedisCacheStore.fromUrl(options.security.redisUrl) : undefined;
  const responseCache: HttpResponseCache | undefined = options.responseCache?.enabled
    ? createHttpResponseCache({
        schema,
        namespace: options.responseCache.namespace,
        policy: options.responseCache.policy,
        maxEntries: options.responseCache.maxEntries,
        maxBytes: options.responseCache.maxBytes,
        dataVersion: options.responseCache.dataVersion,
        maxTokens: options.security.limits.maxTokens,
        shared: responseCacheStore,
        production: options.security.nodeEnv === 'production',
        onOutcome: (outcome) => metrics.responseCacheLookups.inc({ outcome }),
        onSharedError: (error) => logger.warn({ err: error }, 'shared response cache unavailable; using the in-process cache only'),
      })
    : undefined;
  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...queryLimitsServerOptions(queryLimits),
    includeStacktraceInErrorResponses: false,
    formatError: formatError(errorFormat),
    // The process owns SIGINT/SIGTERM (src/server/main.ts); Apollo's own handlers would stop it a second time.
    stopOnTerminationSignals: false,
    // Trusted documents: the registered list is the only source of operations; Apollo's APQ store must not learn new ones.
    ...(trustedDocuments === undefined ? {} : { persistedQueries: false as const }),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints here (the response cache takes its TTL from the history reads); Apollo's
      // default cache-control plugin would wrap every field resolver (willResolveField) for nothing.
      ApolloServerPluginCacheControlDisabled(),
      queryLimitsPlugin(schema, queryLimits),
      operationTypePlugin('subscribe over WebSocket (graphql-ws) at /graphql on this server.'),
      statsPlugin({ production: options.security.nodeEnv === 'production' }),
      errorRequestIdPlugin(),
      observabilityPlugin(metrics),
      // Last, and after dataAsOf has finished (Apollo runs willSendResponse hooks concurrently, and the
      // watermark is awaited): the cache stores the answer with every other plugin's extensions.
      willSendResponseInOrder(dataAsOfPlugin(), responseCache === undefined ? noStorePlugin() : responseCache.plugin),
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
  // Every /graphql request gets a signal: aborted at REQUEST_TIMEOUT_MS (QUERY_TIMEOUT) or when its client disconnects.
  app.use('/graphql', requestDeadline({ timeoutMs: options.security.limits.requestTimeoutMs }));
  // Saved reports run GraphQL operations: the same deadline.
  app.use(REPORTS_PATH, requestDeadline({ timeoutMs: options.security.limits.requestTimeoutMs }));
  app.use((req, res, next) => {
    res.on('finish', () => {
      // The path as sent: a mounted router answering (e.g. /reports/<name>) has req.path relative to its mount point.
      const requestPath = pathOf(req);
      const route =
        requestPath === '/graphql' || requestPath === '/health' || requestPath === '/ready' || requestPath === '/metrics'
          ? requestPath
          : requestPath.startsWith('/graphiql')
            ? '/graphiql'
            : requestPath === REPORTS_PATH || requestPath.startsWith(`${REPORTS_PATH}/`)
              ? REPORTS_PATH
              : 'other';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });

  // Security headers on every answer; one CSP, the GraphiQL page's (JSON answers load nothing anyway).
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: GRAPHIQL_CSP_DIRECTIVES as Record<string, string[]> },
    }),
  );
  // Before authentication and GraphiQL: a preflight carries no credentials and must be answered here.
  app.use(corsMiddleware(options.security.http.corsOrigins));

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
  const serveMetrics: express.RequestHandler = async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
  // METRICS_PORT: /metrics only on its own port (kept off the public one); otherwise here.
  const metricsPort = options.security.http.metricsPort;
  const metricsServer = metricsPort === undefined ? undefined : http.createServer(metricsApp(serveMetrics));
  // With authentication on, /metrics on the main port (process and query internals) is for admin principals only.
  const metricsGuard = authOn ? [authenticateRequests(authenticator), requireScope('admin')] : [];
  if (metricsServer === undefined) app.get('/metrics', ...metricsGuard, serveMetrics);

  // Agent events rewrite live state: an authenticated principal with ingest:write (in front of the ingest routers),
  // then the rate limit, per principal (so after authentication, which sets the request's principal).
  app.use(INGEST_PATH_PREFIX, ...(authOn ? [authenticateRequests(authenticator), requireScope('ingest:write')] : []), rateLimiter.middleware);
  for (const router of options.routers ?? []) app.use(router);
  // GraphiQL's page and assets are static and public; the operations it sends carry the credential.
  app.use(createGraphiqlRouter({ assetsDir: options.graphiqlDir ?? defaultGraphiqlDir(), enabled: options.security.http.graphiql }));
  // The wallboard page is static and public like GraphiQL's; its data comes from /graphql with the page's credential.
  app.use(createWallboardRouter({ assetsDir: options.wallboardDir ?? defaultWallboardDir(), frameAncestors: options.security.http.wallboardFrameAncestors }));
  // Signing a link hands out read access: admins only, rate limited like every authenticated route.
  app.use(LINKS_PATH, ...(authOn ? [authenticateRequests(authenticator), requireScope('admin')] : []), rateLimiter.middleware);
  app.use(createLinksRouter(options.linkSigner));
  app.use(
    '/graphql',
    csvAsksForReports,
    ...(authOn ? [authenticateRequests(authenticator)] : []),
    rateLimiter.middleware,
    express.json({ limit: options.security.limits.graphqlMaxBodyBytes }),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (Array.isArray(req.body)) res.status(400).json(batchedRequestBody());
      else next();
    },
    ...(trustedDocuments === undefined ? [] : [trustedDocumentsMiddleware(trustedDocuments)]),
    // After authentication, rate limiting and the body: a cached answer is only for a caller allowed to ask now.
    ...(responseCache === undefined ? [] : [responseCache.middleware]),
    expressMiddleware(apollo, {
      // The context adds requestId to the logger itself (req.log has it already: it would appear twice).
      context: async ({ req, res }) => {
        const context = createRequestContext(contextDeps, String(req.id), logger, requestPrincipal(res), requestSignal(res));
        return responseCache === undefined ? context : responseCache.attach(context, res);
      },
    }),
  );
  // Saved reports: a signed link may come as ?link= (tools without headers), then the credential, scope and
  // rate limit of /graphql; each report runs its trusted operation through the same Apollo server.
  app.use(
    REPORTS_PATH,
    linkFromQueryString(),
    ...(authOn ? [authenticateRequests(authenticator), requireScope('metrics:read')] : []),
    rateLimiter.middleware,
    createReportsRouter({
      reports,
      apollo,
      responseCache,
      contextOf: (req, res) => createRequestContext(contextDeps, String(req.id), logger, requestPrincipal(res), requestSignal(res)),
      onServed: (report, format, status) => metrics.reportsServed.inc({ report, format, status: String(status) }),
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
    if (error.type === 'entity.too.large') {
      const limitBytes = options.security.limits.graphqlMaxBodyBytes;
      const message = `The request body is larger than ${limitBytes} bytes (GRAPHQL_MAX_BODY_BYTES); send a shorter operation, with fewer or smaller variables.`;
      res.status(413).json({ errors: [{ message, extensions: { code: 'PAYLOAD_TOO_LARGE', limitBytes } }] });
      return;
    }
    const message =
      error.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON. Send {"query": "...", "variables": {...}} with Content-Type: application/json.'
        : status === 500
          ? 'Internal server error'
          : error.message;
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found. The GraphQL endpoint is /graphql; saved reports as CSV or JSON are at /reports; see also /health, /ready and /metrics.' });
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
          const url = `http://${shownHost(host)}:${bound}`;
          if (metricsServer === undefined || metricsPort === undefined) return resolve({ port: bound, url, metricsUrl: `${url}/metrics` });
          const onMetricsError = (error: NodeJS.ErrnoException) => {
            httpServer.close();
            reject(error.code === 'EADDRINUSE' ? new PortInUseError(metricsPort, host) : error);
          };
          metricsServer.once('error', onMetricsError);
          metricsServer.listen(metricsPort, host, () => {
            metricsServer.off('error', onMetricsError);
            const metricsBound = (metricsServer.address() as AddressInfo).port;
            resolve({ port: bound, url, metricsUrl: `http://${shownHost(host)}:${metricsBound}/metrics` });
          });
        });
      }),
    close: () => {
      closing ??= stop();
      return closing;
    },
  };

  /** Scrapes are short: in-flight ones are cut rather than waited for. */
  async function stopMetricsServer(): Promise<void> {
    if (!metricsServer?.listening) return;
    const closed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    metricsServer.closeAllConnections();
    await closed;
  }

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
    await stopMetricsServer();
    await apollo.stop();
    await rateLimiter.close();
    await responseCacheStore?.close();
  }
}

/**
 * The subscription limits and operation signals of graphql-ws. Each connection counts against the
 * principal its connection_init authenticated.
 */
function createWsOperationGuard(options: AppOptions): WsOperationGuard<WsExtra> {
  const { subscriptions } = options.security;
  const logger = options.logger.child({ transport: 'ws' });
  return new WsOperationGuard<WsExtra>({
    maxPerConnection: subscriptions.maxPerConnection,
    maxPerPrincipal: subscriptions.maxPerPrincipal,
    principalIdOf: (ctx) => ctx.extra.principal.id,
    onOpenChange: (open) => options.metrics.openSubscriptions.set(open),
    onRefused: ({ limit, max, principalId, operationId }) =>
      logger.warn({ limit, max, principal: principalId, subscriptionId: operationId }, `subscription refused: ${max} open per ${limit} (RATE_LIMITED)`),
  });
}

/** Logs a WebSocket error: a client's frame over WS_MAX_FRAME_BYTES (closed with 1009 by ws) is the client's fault, a warning. */
function logWsError(logger: Logger, error: unknown, maxFrameBytes: number): void {
  if ((error as { code?: unknown } | null)?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    logger.warn({ maxFrameBytes, closeCode: 1009 }, `WebSocket closed: a frame was larger than ${maxFrameBytes} bytes (WS_MAX_FRAME_BYTES)`);
    return;
  }
  logger.error({ err: error }, 'WebSocket error');
}
