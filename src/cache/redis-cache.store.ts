import { Redis } from 'ioredis';
import type { SharedCacheStore, SharedCacheEntry } from './result-cache';

/** Connection options used when the store creates its own client from a URL. */
export interface RedisCacheStoreOptions {
  /** Time to establish a connection, in ms; @default 1000. */
  readonly connectTimeoutMs?: number;
  /**
   * Longest a command may take, including time queued while (re)connecting, in ms; @default 1000.
   * Bounds what a slow or unreachable Redis can add to a query.
   */
  readonly commandTimeoutMs?: number;
}

/**
 * The shared second tier of the result cache: one Redis string per key, with its TTL set by
 * `SET … EX`. A thin wrapper: errors (connection refused, timeouts) reject the returned promises
 * and the result cache decides what to do with them.
 */
export class RedisCacheStore implements SharedCacheStore {
  /**
   * @param client - an ioredis client; the store does not close an injected client unless `ownsClient`.
   */
  constructor(
    readonly client: Redis,
    private readonly options: { readonly ownsClient?: boolean } = {},
  ) {}

  /**
   * Creates a store with its own client for `url` (`redis://[:password@]host:port[/db]`, `rediss://` for TLS).
   * The client connects on first use, retries a failed command once, and never throws from here.
   */
  static fromUrl(url: string, options: RedisCacheStoreOptions = {}): RedisCacheStore {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: options.connectTimeoutMs ?? 1_000,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      // close() sends QUIT when connected; otherwise it disconnects, and ioredis then keeps a timer
      // (2 s by default) to destroy a socket that is already dead. Keep that short.
      disconnectTimeout: 200,
    });
    // Connection errors also reject the commands waiting on them, which is where they are reported;
    // without a listener ioredis would print every reconnection failure to stderr.
    client.on('error', () => undefined);
    return new RedisCacheStore(client, { ownsClient: true });
  }

  /**
   * The value stored under `key` and its remaining TTL (read atomically with MULTI), or undefined
   * when absent. `ttlMs` is undefined when the key has no expiry. Rejects when Redis fails.
   */
  async get(key: string): Promise<SharedCacheEntry | undefined> {
    const replies = await this.client.multi().get(key).pttl(key).exec();
    if (!replies) return undefined; // EXEC aborted; cannot happen without WATCH, treated as a miss
    const [[getError, value], [ttlError, pttl]] = replies as [[Error | null, string | null], [Error | null, number]];
    if (getError) throw getError;
    if (ttlError) throw ttlError;
    if (value === null || pttl === -2) return undefined;
    return { value, ttlMs: pttl >= 0 ? pttl : undefined };
  }

  /**
   * Stores `value` under `key` for `ttlSeconds` (rounded up to whole seconds, at least 1; Redis `EX`).
   * Rejects when Redis fails.
   */
  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.client.set(key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  /** Closes the client if the store created it (QUIT when connected, otherwise just disconnects). */
  async close(): Promise<void> {
    if (!this.options.ownsClient) return;
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else if (this.client.status !== 'end') {
      this.client.disconnect();
    }
  }
}
