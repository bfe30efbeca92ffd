import type express from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '../domain/errors';
import { ANONYMOUS_PRINCIPAL } from '../domain/principal';
import { requestPrincipal } from './auth/request-principal';
import { appErrorExtensions } from './graphql/graphql-errors';

/**
 * Rate limits per principal (rate-limiter-flexible): every principal has a bucket of
 * `RATE_LIMIT_BURST` requests, refilled in full every `RATE_LIMIT_BURST × 60 / RATE_LIMIT_PER_MINUTE`
 * seconds, so a principal may send a burst at once and `RATE_LIMIT_PER_MINUTE` requests a minute on
 * average. The key is the authenticated principal's id; the anonymous principal (`AUTH_MODE=none`) is
 * keyed by client IP. Buckets live in memory, or in Redis when `REDIS_URL` is set, so that every
 * server instance shares them. When Redis fails, requests are let through (fail open) and a warning
 * is logged: a Redis outage must not refuse all traffic.
 */

/** What the rate limiter is built from. */
export interface RateLimitOptions {
  /** Average requests per minute per principal; 0 turns rate limiting off. */
  readonly ratePerMinute: number;
  /** Requests a principal may send at once (the bucket size). */
  readonly burst: number;
  /** `REDIS_URL`: buckets shared by every instance through Redis. */
  readonly redisUrl?: string;
  readonly logger: Logger;
  /** Called once per refused request (metrics). */
  readonly onRejected?: () => void;
  /** Bucket key prefix in Redis; @default 'rate-limit' */
  readonly keyPrefix?: string;
}

/** The rate limiter of one server. */
export interface RateLimiter {
  /** Express middleware: 429 `RATE_LIMITED` with `Retry-After` over the limit; `next()` otherwise. Mount after authentication. */
  readonly middleware: express.RequestHandler;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

/** How long one full bucket lasts: burst × 60 / perMinute seconds, at least 1. */
export function refillSeconds(ratePerMinute: number, burst: number): number {
  return Math.max(1, Math.ceil((burst * 60) / ratePerMinute));
}

/** The bucket key of a request: the principal's id, or the client IP for the anonymous principal. */
export function rateLimitKey(req: express.Request, res: express.Response): string {
  const principal = requestPrincipal(res);
  return principal.id === ANONYMOUS_PRINCIPAL.id ? `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}` : `principal:${principal.id}`;
}

/** How often a Redis failure is logged while it lasts. */
const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * Creates the rate limiter; with Redis, waits for the connection (an unreachable Redis is logged and
 * the limiter starts failing open, reconnecting in the background). Preflight requests (`OPTIONS`)
 * are not counted.
 * @returns a limiter whose middleware lets everything through when `ratePerMinute` is 0.
 */
export async function createRateLimiter(options: RateLimitOptions): Promise<RateLimiter> {
  if (options.ratePerMinute === 0) return { middleware: (_req, _res, next) => next(), close: async () => undefined };
  const limits = { points: options.burst, duration: refillSeconds(options.ratePerMinute, options.burst), keyPrefix: options.keyPrefix ?? 'rate-limit' };
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract;
  if (options.redisUrl) {
    // No offline queue: while Redis is away a command fails at once and the request goes through (fail open), instead of waiting.
    redis = new Redis(options.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 1_000 });
    // Failures are reported where a command fails; without a listener ioredis prints every reconnection failure.
    redis.on('error', () => undefined);
    await redis.connect().catch((error: unknown) => options.logger.warn({ err: error }, 'rate limiter: REDIS_URL is not reachable; requests are not rate limited until it is (fail open)'));
    limiter = new RateLimiterRedis({ ...limits, storeClient: redis, rejectIfRedisNotReady: true });
  } else {
    limiter = new RateLimiterMemory(limits);
  }
  let lastFailureLoggedAt = 0;

  const middleware: express.RequestHandler = (req, res, next) => {
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    limiter.consume(rateLimitKey(req, res)).then(
      () => next(),
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) {
          // The store failed (Redis down or not ready): let the request through.
          if (Date.now() - lastFailureLoggedAt > FAILURE_LOG_INTERVAL_MS) {
            lastFailureLoggedAt = Date.now();
            options.logger.warn({ err: rejection }, 'rate limiter store unavailable: requests are not rate limited until it is back (fail open)');
          }
          next();
          return;
        }
        options.onRejected?.();
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        const error = new RateLimitedError(retryAfterSeconds);
        res.setHeader('retry-after', String(retryAfterSeconds));
        res.status(429).json({ errors: [{ message: error.message, extensions: appErrorExtensions(error, false) }] });
      },
    );
  };
  return {
    middleware,
    close: async () => {
      redis?.disconnect();
    },
  };
}
