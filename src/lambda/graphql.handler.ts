import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { PubSub } from 'type-graphql';
import { AppError, ErrorCode } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { anonymousAuthenticator, type Authenticator } from '../server/graphql/auth/authenticator';
import { errorRequestIdPlugin, observabilityPlugin, operationTypePlugin, statsPlugin } from '../server/graphql/apollo-plugins';
import { dataAsOfPlugin } from '../server/graphql/data-as-of.plugin';
import { formatError } from '../server/graphql/graphql-errors';
import type { ServerMetrics } from '../server/observability/metrics';
import { createRequestContext, type ContextDeps } from '../server/graphql/request-context.factory';
import { requestTimeoutSignal } from '../server/graphql/request-timeout';
import { buildAppSchema } from '../server/graphql/schema';
import { batchedRequestBody, queryLimitsOf, queryLimitsPlugin, queryLimitsServerOptions } from '../server/graphql/query-limits';
import type { AppConfig } from '../config/env';
import type { RequestContext } from '../services/request-context';
import { createReportAnswerer, executeReportOperation, type ExecuteReport, type ReportAnswerer } from '../server/graphql/reports/report-answer';
import type { ResolvedReport } from '../server/graphql/reports/report-catalog';
import { createDefaultGraphqlDeps } from './graphql.deps';
import { answerReportsEvent, bundledReports, isReportsEvent } from './graphql-reports';

/**
 * The GraphQL Lambda behind API Gateway's HTTP API (payload format 2.0): `POST /graphql` with a
 * JSON body, and `GET /graphql?query=…` with an `apollo-require-preflight` header (Apollo's CSRF
 * prevention stays on). The same schema, plugins (`extensions.stats`, error masking) and request
 * context as the Node server, taken from `src/server/graphql/` and `src/server/observability/`
 * (HTTP-free: no express, no ws, never `src/server/app`; an ESLint zone enforces it). Subscriptions are not served here: API
 * Gateway's HTTP API carries no WebSockets, so they run on the Node server (in a container with
 * `REDIS_URL`); a subscription sent here gets `SUBSCRIPTIONS_NOT_SUPPORTED`.
 * With `AUTH_MODE=apikey|jwt` the event's headers (`x-api-key`, `authorization`) are authenticated
 * as on the Node server, before Apollo runs (401 `UNAUTHENTICATED` otherwise); with `none` the route
 * is IAM-signed in API Gateway and every caller is the anonymous principal.
 * `GET /reports` and `GET /reports/{file}` (the saved reports, docs/reports.md) are served by the same
 * function, through the same Apollo server (graphql-reports.ts).
 */

/** What the handler is made of; tests inject all of it (`graphql.deps.ts` builds it from the configuration). */
export interface GraphqlHandlerDeps extends ContextDeps {
  readonly metrics: ServerMetrics;
  /** Mask unexpected error messages (`NODE_ENV=production`). */
  readonly maskInternalErrors: boolean;
  /** Depth, alias, token, directive and cost limits and introspection (`LIMIT_MAX_*`, `INTROSPECTION`), as on the Node server. */
  readonly security: Pick<AppConfig, 'limits' | 'http'>;
  /** type-graphql's pub/sub; @default an in-process one (nothing subscribes in a Lambda). */
  readonly pubSub?: PubSub;
  /**
   * Builds who-is-asking on the first invocation (`createAuthenticator`: reads the key file or
   * secret, fetches the JWKS). @default AUTH_MODE=none: API Gateway's IAM authorizer guards the
   * route and every caller is the anonymous principal (every scope, every instance).
   */
  readonly loadAuthenticator?: () => Promise<Authenticator>;
  /** Longest a request may run (`REQUEST_TIMEOUT_MS`), in ms; never past the invocation's own deadline. @default 30000 */
  readonly requestTimeoutMs?: number;
  /**
   * The saved reports served at `/reports`, read on the first invocation; when it throws, the error is
   * logged and `/reports` answers 500 (`/graphql` goes on). @default the reports of the trusted-documents
   * manifest bundled into the function (graphql-reports.ts bundledReports).
   */
  readonly loadReports?: () => readonly ResolvedReport[];
}

/**
 * Time kept back from the invocation's remaining time, in ms: a request's history queries are
 * stopped this long before Lambda would kill the invocation, so Athena queries are stopped
 * (StopQueryExecution) and the client gets QUERY_TIMEOUT instead of a 502 with queries left running.
 */
export const LAMBDA_ANSWER_MARGIN_MS = 1_000;

/** An API Gateway HTTP API (v2 event) handler. */
export type GraphqlHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** `extensions.code` of the error a subscription operation gets from the Lambda. */
export const SUBSCRIPTIONS_NOT_SUPPORTED = ErrorCode.SUBSCRIPTIONS_NOT_SUPPORTED;

/** Where a subscription sent to the Lambda should go instead. */
const SUBSCRIPTIONS_WHERE =
  'the Lambda endpoint cannot serve them (API Gateway HTTP APIs carry no WebSockets); connect with graphql-ws to the Node server deployed in a container.';

type ApolloLambdaHandler = ReturnType<typeof startServerAndCreateLambdaHandler<ReturnType<typeof handlers.createAPIGatewayProxyEventV2RequestHandler>>>;

/** The handler's parts built once per execution environment. */
interface LambdaParts {
  readonly apollo: ApolloLambdaHandler;
  readonly authenticator: Authenticator;
  /** The Apollo server behind `apollo`: saved reports run their operations on it (`executeOperation`). */
  readonly server: ApolloServer<RequestContext>;
  /** The GraphQL context of an invocation, as `/graphql` builds it (request id, principal, timeout signal). */
  readonly contextOf: (event: APIGatewayProxyEventV2, context: Context, principal: Principal | undefined) => RequestContext;
  /** The saved reports; undefined when they could not be loaded (logged). */
  readonly reports: ReportAnswerer | undefined;
}

/** The principal of each event being handled, for Apollo's context function (which sees the event, not our locals). */
const principals = new WeakMap<APIGatewayProxyEventV2, Principal>();

/** The HTTP status of an authentication failure: 401 for a missing/invalid credential, 503 when it cannot be checked now. */
function authFailure(error: AppError, authenticator: Authenticator): APIGatewayProxyStructuredResultV2 {
  const unauthenticated = error.code === ErrorCode.UNAUTHENTICATED;
  const challenge = unauthenticated ? authenticator.challenge(error.message) : undefined;
  return {
    statusCode: unauthenticated ? 401 : 503,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(challenge ? { 'www-authenticate': challenge } : {}) },
    body: JSON.stringify({ errors: [{ message: error.message, extensions: { ...error.data, code: error.code } }] }),
  };
}

async function buildLambdaHandler(deps: GraphqlHandlerDeps): Promise<LambdaParts> {
  const authenticator = deps.loadAuthenticator ? await deps.loadAuthenticator() : anonymousAuthenticator;
  const schema = await buildAppSchema(deps.pubSub);
  const queryLimits = queryLimitsOf(deps.security, deps.limits.maxPageSize, deps.metrics);
  const server = new ApolloServer<RequestContext>({
    schema,
    ...queryLimitsServerOptions(queryLimits),
    includeStacktraceInErrorResponses: false,
    formatError: formatError({ production: deps.maskInternalErrors }),
    plugins: [ApolloServerPluginLandingPageDisabled(), queryLimitsPlugin(schema, queryLimits), operationTypePlugin(SUBSCRIPTIONS_WHERE), statsPlugin(), dataAsOfPlugin(), errorRequestIdPlugin(), observabilityPlugin(deps.metrics)],
  });
  const contextDeps: ContextDeps = { engine: deps.engine, logger: deps.logger, limits: deps.limits, agentStates: deps.agentStates, piiAttributeAllowlist: deps.piiAttributeAllowlist, agentHeartbeatPeriodSeconds: deps.agentHeartbeatPeriodSeconds, dataAsOf: deps.dataAsOf, rollups: deps.rollups };
  const contextOf = (event: APIGatewayProxyEventV2, context: Context, principal: Principal | undefined): RequestContext => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    // A hand-made context (local invocation) may lack the clock: then only REQUEST_TIMEOUT_MS applies.
    const remainingMs = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() - LAMBDA_ANSWER_MARGIN_MS : Infinity;
    const timeoutMs = Math.min(deps.requestTimeoutMs ?? 30_000, remainingMs);
    const logger = deps.logger.child({ awsRequestId: context.awsRequestId });
    return createRequestContext(contextDeps, requestId, logger, principal, requestTimeoutSignal(timeoutMs, requestId));
  };
  const apollo = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    context: async ({ event, context }) => contextOf(event, context, principals.get(event)),
  });
  return { apollo, authenticator, server, contextOf, reports: loadReportAnswerer(deps) };
}

/** The saved reports' answerer, or undefined (logged: a package without the reports' operations must not pass unnoticed). */
function loadReportAnswerer(deps: GraphqlHandlerDeps): ReportAnswerer | undefined {
  try {
    const reports = (deps.loadReports ?? bundledReports)();
    return createReportAnswerer({ reports, onServed: (report, format, status) => deps.metrics.reportsServed.inc({ report, format, status: String(status) }) });
  } catch (error) {
    deps.logger.error({ err: error }, `saved reports unavailable: /reports answers 500 until a package with their operations is deployed (${(error as Error).message})`);
    return undefined;
  }
}

/** Runs a report's operation on the Apollo server with the invocation's context: every limit, scope and rule of /graphql applies. */
function executeReport(parts: LambdaParts, event: APIGatewayProxyEventV2, context: Context, principal: Principal): ExecuteReport {
  // No response cache in the Lambda (no plugin sets Cache-Control): every answer is computed, and `no-store`.
  return (_report, operation) => executeReportOperation(parts.server, operation, parts.contextOf(event, context, principal));
}

/**
 * Builds the GraphQL Lambda handler around injected dependencies. The schema and the Apollo server
 * are built on the first invocation and reused for the life of the execution environment; a failed
 * build is retried on the next invocation.
 */
export function createGraphqlHandler(deps: GraphqlHandlerDeps): GraphqlHandler {
  let ready: Promise<LambdaParts> | undefined;
  return async (event, context) => {
    ready ??= buildLambdaHandler(deps).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    const parts = await ready;
    const { apollo, authenticator } = parts;
    if (isReportsEvent(event)) {
      return answerReportsEvent(event, {
        answerer: parts.reports,
        authenticator,
        execute: (principal) => executeReport(parts, event, context, principal),
        logger: deps.logger,
        authFailure: (error) => authFailure(error, authenticator),
      });
    }
    // Authenticated before Apollo runs: a refused credential never reaches parsing or a backend.
    try {
      principals.set(event, await authenticator.authenticate(event.headers));
    } catch (error) {
      if (error instanceof AppError) return authFailure(error, authenticator);
      throw error;
    }
    const body = event.body !== undefined && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (body?.trimStart().startsWith('[')) {
      return { statusCode: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(batchedRequestBody()) };
    }
    // The integration's handler is promise-based; the callback argument is never called.
    return (await apollo(event, context, () => undefined)) as APIGatewayProxyStructuredResultV2;
  };
}

let deployedHandler: GraphqlHandler | undefined;

/**
 * The deployed handler (`serverless.yml`: `handler: src/lambda/graphql.handler.handler`).
 * Dependencies (Athena engine behind the result cache, DynamoDB repository) are created from the
 * configuration on the first invocation and reused while the execution environment lives.
 * @throws ConfigError when the environment does not validate or `ENGINE` is not `athena`.
 */
export const handler: GraphqlHandler = async (event, context) => {
  deployedHandler ??= createGraphqlHandler(createDefaultGraphqlDeps());
  return deployedHandler(event, context);
};
