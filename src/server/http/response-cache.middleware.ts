import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import type { GraphQLSchema } from 'graphql';
import { printSchema } from 'graphql';
import { createHash } from 'node:crypto';
import type { FreshnessPolicy } from '../../cache/freshness';
import type { SharedCacheStore } from '../../cache/result-cache';
import { hasScope, type Principal } from '../../domain/principal';
import type { RequestStatsSnapshot, ResponseCacheStat } from '../../domain/request-stats';
import type { RequestContext } from '../../services/request-context';
import { requestPrincipal } from '../auth/request-principal';
import { DEBUG_STATS_HEADER } from '../graphql/apollo-plugins';
import { DocumentNormalizer, operationTypeOf, responseCacheKey } from '../graphql/response-cache/response-cache-key';
import {
  bodyWithStats,
  cacheableBody,
  etagOf,
  ifNoneMatchMatches,
  remainingMs,
  ResponseCache,
  responseTtlSeconds,
  type ResponseCacheEntry,
} from '../graphql/response-cache/response-cache';

/** Configuration of the HTTP response cache (`RESPONSE_CACHE*`). */
export interface HttpResponseCacheOptions {
  readonly schema: GraphQLSchema;
  /** What data answers come from (e.g. the result cache's namespace); part of every key. */
  readonly namespace: string;
  /** TTLs (the result cache's `CACHE_TTL_*`). */
  readonly policy: FreshnessPolicy;
  readonly maxEntries: number;
  readonly maxBytes: number;
  /** `LIMIT_MAX_TOKENS`: the normalizer, which runs before Apollo's limits, parses no further. */
  readonly maxTokens?: number;
  /** The history content's current version, part of every key (see `AppOptions.responseCache.dataVersion`). */
  readonly dataVersion?: () => string;
  /** Shared tier (Redis when `REDIS_URL` is set). */
  readonly shared?: SharedCacheStore;
  /** NODE_ENV=production: stats only with `x-debug-stats: 1` (as `statsPlugin`). */
  readonly production: boolean;
  /** Called with each request's outcome (metrics). */
  readonly onOutcome?: (outcome: ResponseCacheStat['status']) => void;
  readonly onSharedError?: (error: unknown) => void;
  /** Wall clock, epoch ms; @default Date.now. */
  readonly nowMs?: () => number;
}

/** What the middleware decided for one request, read by the plugin after execution. */
interface Slot {
  /** The key to store the answer under; absent when it must not be stored. */
  readonly key?: string;
}

const SLOT = Symbol('responseCacheSlot');

/** Apollo's CSRF prevention (csrfPrevention: true): a request Apollo would refuse is never answered from the cache. */
const NON_PREFLIGHTED_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

function preflighted(req: express.Request): boolean {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined) {
    const essence = contentType.split(';')[0]!.trim().toLowerCase();
    if (!NON_PREFLIGHTED_CONTENT_TYPES.has(essence)) return true;
  }
  return Boolean(req.headers['x-apollo-operation-name'] || req.headers['apollo-require-preflight']);
}

/** The operation of a single GET or POST request, or undefined when it has no query text (a persisted-query hash) or bad variables. */
function operationOf(req: express.Request): { query: string; operationName: string | undefined; variables: unknown } | undefined {
  if (req.method === 'POST') {
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    if (!body || typeof body.query !== 'string') return undefined;
    return { query: body.query, operationName: typeof body.operationName === 'string' ? body.operationName : undefined, variables: body.variables ?? {} };
  }
  if (req.method !== 'GET') return undefined;
  const params = req.query as Record<string, unknown>;
  if (typeof params.query !== 'string') return undefined;
  let variables: unknown = {};
  if (typeof params.variables === 'string' && params.variables !== '') {
    try {
      variables = JSON.parse(params.variables);
    } catch {
      return undefined;
    }
  }
  return { query: params.query, operationName: typeof params.operationName === 'string' && params.operationName !== '' ? params.operationName : undefined, variables };
}

/** The media type Apollo would answer with: `application/graphql-response+json` only when the client prefers it. */
function contentTypeFor(req: express.Request): string {
  return req.accepts(['application/json', 'application/graphql-response+json']) === 'application/graphql-response+json'
    ? 'application/graphql-response+json; charset=utf-8'
    : 'application/json; charset=utf-8';
}

/**
 * `Cache-Control: no-store` on every single-result answer: what Apollo's default cache-control plugin
 * sent before it was turned off, kept when the response cache is off (RESPONSE_CACHE=0).
 */
export function noStorePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** The HTTP response cache: the middleware in front of Apollo, the plugin that stores answers, and the context binding. */
export interface HttpResponseCache {
  /** Answers a cached operation (200 or 304) or marks the request for the plugin; mount after authentication, rate limiting and body parsing. */
  readonly middleware: express.RequestHandler;
  /** Stores cacheable answers, sets ETag and Cache-Control; register it last (it sees every other extension). */
  readonly plugin: ApolloServerPlugin<RequestContext>;
  /** Links a request's GraphQL context to its HTTP response (call from Apollo's context function). */
  attach(context: RequestContext, res: express.Response): RequestContext;
  /**
   * Looks an operation run outside the GraphQL route up (the saved reports, which execute trusted
   * documents through the same Apollo server): under the key a GraphQL request with the same document,
   * operation name, variables and principal gets. A hit counts as one (`onOutcome('hit')`); on a miss,
   * pass the key to {@link attachKey} so the plugin stores the executed answer. Undefined when the
   * operation is never cached (not a query, or it selects live state).
   */
  lookup(operation: CacheableOperation, principal: Principal): Promise<{ readonly hit: ResponseCacheEntry; readonly key: string } | { readonly hit?: undefined; readonly key: string } | undefined>;
  /** Makes the plugin store the answer of `context`'s operation under `key` (from {@link lookup}). */
  attachKey(context: RequestContext, key: string): RequestContext;
  readonly cache: ResponseCache;
}

/** An operation to look up: its document text, operation name and variables. */
export interface CacheableOperation {
  readonly query: string;
  readonly operationName: string | undefined;
  readonly variables: unknown;
}

/**
 * Whole-response cache of single HTTP GraphQL queries (GET and POST). Key: normalized document,
 * operation name, variables, the principal's scope (instances + scopes) and `namespace` (data and
 * schema). A hit skips Apollo: the stored body is written as is (with fresh `extensions.stats` for
 * principals who see stats), with its strong ETag; `If-None-Match` gives 304. Answers with errors,
 * answers that read live state (DynamoDB) and documents selecting live fields are never stored.
 */
export function createHttpResponseCache(options: HttpResponseCacheOptions): HttpResponseCache {
  const nowMs = options.nowMs ?? Date.now;
  const cache = new ResponseCache({ maxEntries: options.maxEntries, maxBytes: options.maxBytes, shared: options.shared, onSharedError: options.onSharedError, nowMs });
  const normalizer = new DocumentNormalizer(options.schema, { maxTokens: options.maxTokens });
  // Entries written by another schema never answer this one (instances of different versions may share a Redis).
  const namespace = `${options.namespace}|${createHash('sha256').update(printSchema(options.schema)).digest('base64url').slice(0, 16)}`;
  // Keyed by the context's stats object: Apollo runs each operation with a shallow clone of the context, which keeps it.
  const slots = new WeakMap<RequestContext['stats'], Slot>();
  const wantsStats = (req: express.Request, res: express.Response) =>
    hasScope(requestPrincipal(res), 'admin') && (!options.production || req.headers[DEBUG_STATS_HEADER] === '1');

  /** The key of a cacheable query; undefined for anything else (mutations, live fields, unparsable text). */
  const keyOf = (operation: CacheableOperation, principal: Principal): string | undefined => {
    try {
      const document = normalizer.normalize(operation.query);
      if (document === undefined || operationTypeOf(document, operation.operationName) !== 'query' || document.selectsLiveState) return undefined;
      return responseCacheKey({ namespace: options.dataVersion === undefined ? namespace : `${namespace}|data ${options.dataVersion()}`, document, operationName: operation.operationName, variables: operation.variables, principal });
    } catch {
      // E.g. variables nested too deeply to walk (RangeError): not cached; Apollo answers the request as it would without the cache.
      return undefined;
    }
  };

  const middleware: express.RequestHandler = async (req, res, next) => {
    const slot: { key?: string } = {};
    res.locals[SLOT as unknown as string] = slot;
    const operation = operationOf(req);
    if (operation === undefined || !preflighted(req)) return next();
    const key = keyOf(operation, requestPrincipal(res));
    if (key === undefined) return next();
    const entry = await cache.get(key);
    if (entry === undefined) {
      slot.key = key;
      return next();
    }
    const now = nowMs();
    options.onOutcome?.('hit');
    res.setHeader('etag', entry.etag);
    res.setHeader('cache-control', `private, max-age=${Math.max(0, Math.floor(remainingMs(entry, now) / 1000))}`);
    if (ifNoneMatchMatches(req.headers['if-none-match'], entry.etag)) {
      res.status(304).end();
      return;
    }
    const stats: RequestStatsSnapshot | undefined = wantsStats(req, res)
      ? { backendCalls: {}, rowsRead: 0, cacheHits: 0, cacheMisses: 0, engineTimeMs: 0, responseCache: { status: 'hit', ageSeconds: Math.max(0, Math.round((now - entry.storedAtMs) / 1000)) } }
      : undefined;
    res.status(200).setHeader('content-type', contentTypeFor(req));
    res.end(stats === undefined && entry.bytes !== undefined ? entry.bytes : bodyWithStats(entry, stats));
  };

  const plugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, contextValue }) {
          const slot = slots.get(contextValue.stats);
          if (slot === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          let status: ResponseCacheStat['status'] = 'bypass';
          const storable =
            slot.key !== undefined && !result.errors?.length && result.data !== undefined && result.data !== null && (response.http.status ?? 200) === 200 && !contextValue.stats.touchedLiveState;
          const ttlSeconds = storable ? responseTtlSeconds(contextValue.stats.readFreshness(), new Date(nowMs()), options.policy) : 0;
          if (storable && ttlSeconds > 0) {
            status = 'miss';
            const { body, hasExtensions } = cacheableBody(result.data, result.extensions);
            const entry: ResponseCacheEntry = { body, hasExtensions, etag: etagOf(body), storedAtMs: nowMs(), ttlSeconds };
            void cache.set(slot.key!, entry);
            response.http.headers.set('etag', entry.etag);
            response.http.headers.set('cache-control', `private, max-age=${ttlSeconds}`);
            if (ifNoneMatchMatches(request.http?.headers.get('if-none-match'), entry.etag)) response.http.status = 304;
          } else {
            response.http.headers.set('cache-control', 'no-store');
          }
          options.onOutcome?.(status);
          const stats = result.extensions?.stats as RequestStatsSnapshot | undefined;
          if (stats !== undefined) result.extensions = { ...result.extensions, stats: { ...stats, responseCache: { status } } };
        },
      };
    },
  };

  return {
    middleware,
    plugin,
    cache,
    attach(context, res) {
      const slot = res.locals[SLOT as unknown as string] as Slot | undefined;
      if (slot !== undefined) slots.set(context.stats, slot);
      return context;
    },
    async lookup(operation, principal) {
      const key = keyOf(operation, principal);
      if (key === undefined) return undefined;
      const hit = await cache.get(key);
      if (hit === undefined) return { key };
      options.onOutcome?.('hit');
      return { hit, key };
    },
    attachKey(context, key) {
      slots.set(context.stats, { key });
      return context;
    },
  };
}
