import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { BadUserInputError, INTERNAL_ERROR_CODE, SubscriptionsNotSupportedError } from '../../domain/errors';
import { hasScope } from '../../domain/principal';
import type { ServerMetrics } from '../observability/metrics';
import type { RequestContext } from '../../services/request-context';
import { appErrorOf, thrownErrorOf, toGraphQLError, withRequestId } from './graphql-errors';

/** The request header with which an admin asks for `extensions.stats` in production. */
export const DEBUG_STATS_HEADER = 'x-debug-stats';

/**
 * Adds `extensions.stats` (backend calls, rows, cache, engine time — counts and durations only, no
 * SQL, file paths or engine messages) to single-result responses, for principals holding `admin`;
 * in production only when the request also carries `x-debug-stats: 1`. Development is unchanged:
 * the anonymous principal of AUTH_MODE=none holds every scope, so every response has stats.
 *
 * @param options.production - whether the debug header is required (NODE_ENV=production).
 */
export function statsPlugin(options: { readonly production: boolean } = { production: false }): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, contextValue }) {
          if (response.body.kind !== 'single') return;
          if (!hasScope(contextValue.principal, 'admin')) return;
          if (options.production && request.http?.headers.get(DEBUG_STATS_HEADER) !== '1') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, stats: contextValue.stats.snapshot() };
        },
      };
    },
  };
}

/**
 * One plugin whose `willSendResponse` runs the given plugins' hooks one after the other, each awaited,
 * in the order given. Apollo runs the `willSendResponse` hooks of its plugins concurrently, so a
 * plugin that reads what an asynchronous one adds (the response cache storing `extensions.dataAsOf`)
 * must be sequenced with it. Only `willSendResponse` is forwarded: the plugins given must use no
 * other request hook (checked per request; a violation is a programming error).
 */
export function willSendResponseInOrder(...plugins: readonly ApolloServerPlugin<RequestContext>[]): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart(requestContext) {
      const listeners = await Promise.all(plugins.map((plugin) => plugin.requestDidStart?.(requestContext)));
      for (const listener of listeners) {
        const other = Object.keys(listener ?? {}).filter((hook) => hook !== 'willSendResponse');
        if (other.length > 0) throw new Error(`willSendResponseInOrder forwards only willSendResponse, not ${other.join(', ')}`);
      }
      return {
        async willSendResponse(context) {
          for (const listener of listeners) await listener?.willSendResponse?.(context);
        },
      };
    },
  };
}

/**
 * Puts the request id in every error (`extensions.requestId`) and at the end of the message of
 * upstream, timeout and internal errors: the log line with the detail carries the same id.
 */
export function errorRequestIdPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const result = response.body.singleResult;
          result.errors = result.errors!.map((error) => withRequestId(error, contextValue.requestId));
        },
      };
    },
  };
}

/**
 * Answers operations HTTP does not serve before they run, with a coded error and HTTP 400: a
 * subscription gets `SUBSCRIPTIONS_NOT_SUPPORTED` saying where subscriptions are served
 * (`subscriptionsWhere`), any other type but `query` (the schema has no mutations) `BAD_USER_INPUT`.
 */
export function operationTypePlugin(subscriptionsWhere: string): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          const type = operation?.operation;
          if (type === undefined || type === 'query') return;
          if (type === 'subscription') throw toGraphQLError(new SubscriptionsNotSupportedError(subscriptionsWhere), 400);
          throw toGraphQLError(new BadUserInputError(`This API serves queries only; '${type}' operations are not supported. Send a query { … } operation.`), 400);
        },
      };
    },
  };
}

/**
 * Logs the detail of one error beside the request id (the logger carries it): an AppError with an
 * operator-only `reason` at `warn` (`error` for upstream failures), an internal error with its stack
 * at `error`. Input errors are the client's and are not logged.
 * @returns the code the client sees.
 */
export function logGraphqlError(logger: Logger, error: GraphQLError): string {
  const app = appErrorOf(error);
  if (app) {
    if (app.reason !== undefined) {
      const level = app.code === 'UPSTREAM_FAILED' ? 'error' : 'warn';
      logger[level]({ code: app.code, reason: app.reason, ...app.data, path: error.path, err: app.cause instanceof Error ? app.cause : undefined }, `${app.code}: ${app.reason}`);
    }
    return app.code;
  }
  const thrown = thrownErrorOf(error);
  const code = String(error.extensions?.code ?? INTERNAL_ERROR_CODE);
  if (thrown !== undefined && code === INTERNAL_ERROR_CODE) {
    logger.error({ code, err: thrown, path: error.path }, 'unexpected error while resolving');
  }
  return thrown !== undefined && error.extensions?.code === undefined ? INTERNAL_ERROR_CODE : code;
}

/** Records operation durations and error codes; logs each error's detail with the request id. */
export function observabilityPlugin(metrics: ServerMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let operationType = 'unknown';
      return {
        async didResolveOperation({ operation }) {
          operationType = operation?.operation ?? 'unknown';
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) metrics.graphqlErrors.inc({ code: logGraphqlError(contextValue.logger, error) });
        },
        async willSendResponse() {
          metrics.graphqlDuration.observe({ operation_type: operationType }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
