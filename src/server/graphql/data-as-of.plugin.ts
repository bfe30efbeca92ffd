import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../../services/request-context';

/**
 * Adds `extensions.dataAsOf` to every single-result response, for every caller: per source the
 * answer read, the newest partition and record time (within the caller's instance scope), the point
 * before which CTRs are complete, whether the ranges read can still change, and `live: true` for
 * live state. Computed from the data (not the request time, except the "now" cap of an empty
 * source), so it stays right for as long as a cached copy of the response lives. See docs/freshness.md.
 */
export function dataAsOfPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          // A request refused before its context was built (e.g. a parse error) has no collector.
          const collector = (contextValue as Partial<RequestContext>).dataAsOf;
          if (collector === undefined) return;
          const result = response.body.singleResult;
          const dataAsOf = await collector.report();
          result.extensions = { ...result.extensions, dataAsOf };
        },
      };
    },
  };
}
