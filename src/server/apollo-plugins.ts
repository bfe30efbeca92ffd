import type { ApolloServerPlugin } from '@apollo/server';
import { AppError } from '../domain/errors';
import type { RequestContext } from '../services/request-context';
import type { ServerMetrics } from './metrics';

/** Adds `extensions.stats` (backend calls, rows, cache, engine time) to every single-result response. */
export function statsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, stats: contextValue.stats.snapshot() };
        },
      };
    },
  };
}

/** Records operation durations and error codes; logs errors that are not the API's own. */
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
          for (const error of errors) {
            const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
            metrics.graphqlErrors.inc({ code });
            if (code === 'INTERNAL_SERVER_ERROR' && !(error.originalError instanceof AppError)) {
              contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error while resolving');
            }
          }
        },
        async willSendResponse() {
          metrics.graphqlDuration.observe({ operation_type: operationType }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
