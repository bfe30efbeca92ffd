import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { WebSocketServer } from 'ws';
import type { QueryEngine } from '../history/query-engine';
import type { AgentStateReader } from '../services/agent-state.service';
import type { RequestContext } from '../services/request-context';
import type { PubSub } from 'type-graphql';
import { observabilityPlugin, statsPlugin } from '../graphql/apollo-plugins';
import { formatError } from '../graphql/format-error';
import { createRequestContext, type ContextDeps } from '../graphql/request-context.factory';
import { createGraphiqlRouter } from './graphiql.route';
import type { ServerMetrics } from '../graphql/metrics';
import { buildAppSchema } from '../graphql/schema';

/** A readiness probe of one dependency. */
export type ReadinessCheck = () => Promise<void>;

/** What the HTTP application is assembled from. */
export interface AppOptions {
  readonly engine: QueryEngine;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly limits: ContextDeps['limits'];
  /** Named checks behind `/ready` (engine, DynamoDB). */
  readonly readiness: Record<string, ReadinessCheck>;
  /** Mask unexpected error messages (production). */
  readonly maskInternalErrors: boolean;
  /** Folder with the built GraphiQL page; @default dist/graphiql next to the compiled server. */
  readonly graphiqlDir?: string;
  /** Live agent state (the DynamoDB repository). */
  readonly agentStates: AgentStateReader;
  /** Subscriptions' publish/subscribe (in-process or Redis). */
  readonly pubSub: PubSub;
  /** Extra routers mounted before GraphQL (e.g. `/ingest/agent-events`). */
  readonly routers?: readonly express.Router[];
}

/** The assembled server: HTTP and WebSocket on one port. */
export interface App {
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
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

  // noServer: upgrades are routed here explicitly, so HTTP listen errors stay HTTP errors.
  const wsServer = new WebSocketServer({ noServer: true });
  httpServer.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const wsCleanup = useServer<Record<string, unknown>, { context?: RequestContext }>(
    {
      schema,
      context: () => createRequestContext(contextDeps, randomUUID(), logger.child({ transport: 'ws' })) as unknown as Record<string, unknown>,
      onError: (_ctx, _id, _payload, errors) => {
        for (const e of errors) metrics.graphqlErrors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(options.maskInternalErrors),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      statsPlugin(),
      observabilityPlugin(metrics),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
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
      context: async ({ req }) => createRequestContext(contextDeps, String(req.id), req.log),
    }),
  );
  app.use((error: Error & { status?: number; type?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
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
    close: async () => {
      await apollo.stop();
      wsServer.close();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
