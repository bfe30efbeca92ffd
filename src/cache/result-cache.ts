import { LRUCache } from 'lru-cache';

/** What one lookup found: in this process's memory, in the shared store, a computation already running, or nothing. */
export type CacheOutcome = 'memory' | 'redis' | 'inflight' | 'miss';

/** Where a returned value came from; `computed` is a miss that ran the computation. */
export type CacheSource = 'memory' | 'redis' | 'inflight' | 'computed';

/** The answer of {@link ResultCache.getOrCompute}. */
export interface CacheLookup<T> {
  readonly value: T;
  /** True unless this call ran the computation (an in-flight join is a hit: it cost no engine call). */
  readonly hit: boolean;
  readonly source: CacheSource;
}

/** A value read from the shared store, with its remaining lifetime. */
export interface SharedCacheEntry {
  /** The serialized value, as written by {@link SharedCacheStore.set}. */
  readonly value: string;
  /** Remaining TTL in ms; undefined when the entry has no expiry. */
  readonly ttlMs: number | undefined;
}

/** A cache shared between instances (Redis); every method may reject, and the cache survives it. */
export interface SharedCacheStore {
  get(key: string): Promise<SharedCacheEntry | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** Options of a {@link ResultCache}. */
export interface ResultCacheOptions {
  /** Budget of the in-process tier, in UTF-8 bytes of the serialized values; @default 64 MiB. Values larger than this are not cached at all. */
  readonly maxBytes?: number;
  /** Optional second tier shared between instances (e.g. {@link RedisCacheStore}); read on a memory miss, written after a computation. */
  readonly shared?: SharedCacheStore;
  /** Called once per lookup with its outcome; hang metrics on it. */
  readonly onLookup?: (outcome: CacheOutcome) => void;
  /** Called when the shared store fails (the query still succeeds); @default a process warning. */
  readonly onError?: (error: CacheStoreError) => void;
  /** After a shared-store failure, how long to use memory only before trying it again, in ms; @default 5000. */
  readonly sharedRetryAfterMs?: number;
  /** Monotonic clock in ms (must be > 0) for TTLs and retries; @default `performance.now`. Tests inject their own. */
  readonly nowMs?: () => number;
}

/** 64 MiB, the default in-process budget. */
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** Thrown by the constructor when an option is out of range. */
export class CacheConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'CacheConfigError';
  }
}

/** The shared store failed; reported through `onError`, never thrown to callers. */
export class CacheStoreError extends Error {
  readonly code = 'CACHE_STORE_FAILED';
  constructor(
    readonly operation: 'get' | 'set',
    readonly key: string,
    cause: unknown,
  ) {
    super(`Shared result cache ${operation} failed (${cause instanceof Error ? cause.message : String(cause)}); using the in-process cache only for now.`, {
      cause,
    });
    this.name = 'CacheStoreError';
  }
}

/** A computation running for one key, shared by every caller waiting for it. */
interface Flight {
  promise: Promise<Settled>;
  /** Aborts the computation; fired only when every waiting caller has aborted. */
  readonly controller: AbortController;
  /** Callers still waiting (a caller without a signal never stops waiting). */
  waiters: number;
}

/** Per-call options of {@link ResultCache.getOrCompute}. */
export interface GetOrComputeOptions {
  /**
   * Stops waiting: the call rejects with the signal's reason at once. The shared computation is
   * aborted (through the signal `compute` receives) only when every caller waiting for it has aborted.
   */
  readonly signal?: AbortSignal;
}

/** What a leading lookup settled with; joiners copy from it. */
interface Settled {
  readonly value: unknown;
  /** The serialized value, or undefined when it could not be serialized (then joiners share `value`). */
  readonly json: string | undefined;
  readonly source: 'redis' | 'computed';
}

/**
 * A result cache: in-process LRU bounded in bytes, an optional shared tier, per-entry TTLs, and
 * in-flight de-duplication (concurrent calls for one key run the computation once).
 *
 * Values are stored serialized as JSON, so they must survive `JSON.parse(JSON.stringify(v))`
 * unchanged (query rows do). Every hit and every in-flight joiner gets its own parsed copy, so a
 * caller that mutates its result cannot change what others see; the caller that computed gets
 * the computed object itself. Errors are never cached: a failed computation rejects every caller
 * waiting on it and the next call computes again. A failing shared store never fails a call.
 */
export class ResultCache {
  private readonly memory: LRUCache<string, string>;
  private readonly inflight = new Map<string, Flight>();
  /** Budget of the in-process tier, in bytes. */
  readonly maxBytes: number;
  private readonly shared: SharedCacheStore | undefined;
  private readonly nowMs: () => number;
  private readonly sharedRetryAfterMs: number;
  private sharedUnavailableUntilMs = 0;

  /** @throws CacheConfigError when `maxBytes` is not a positive integer or `sharedRetryAfterMs` is negative. */
  constructor(private readonly options: ResultCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    if (!Number.isSafeInteger(this.maxBytes) || this.maxBytes < 1) {
      throw new CacheConfigError(`maxBytes must be a positive integer number of bytes, got ${String(options.maxBytes)}.`);
    }
    this.sharedRetryAfterMs = options.sharedRetryAfterMs ?? 5_000;
    if (!(this.sharedRetryAfterMs >= 0)) {
      throw new CacheConfigError(`sharedRetryAfterMs must be >= 0, got ${String(options.sharedRetryAfterMs)}.`);
    }
    this.shared = options.shared;
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.memory = new LRUCache<string, string>({
      maxSize: this.maxBytes,
      sizeCalculation: (json) => Buffer.byteLength(json, 'utf8'),
      // Read the clock on every staleness check: the default (1 ms) caches it behind a timer,
      // which would also hide an injected clock's jumps.
      ttlResolution: 0,
      perf: { now: () => this.nowMs() },
    });
  }

  /**
   * The value cached under `key`, or the result of `compute()` cached for `ttlSeconds`.
   * Looks in memory, then joins a computation already running for `key`, then reads the shared
   * store, then computes. `ttlSeconds` <= 0 (or not finite) computes without storing.
   * A value read from the shared store is kept in memory for no longer than its remaining TTL there.
   * `compute` gets a signal that aborts when every caller waiting for it has aborted.
   * @throws whatever `compute` throws (also to the callers that joined it); nothing is cached then.
   * @throws the reason of `options.signal` when it aborts before the value is there.
   */
  async getOrCompute<T>(
    key: string,
    ttlSeconds: number,
    compute: (signal: AbortSignal) => Promise<T>,
    options: GetOrComputeOptions = {},
  ): Promise<CacheLookup<T>> {
    options.signal?.throwIfAborted();
    const json = this.memory.get(key);
    if (json !== undefined) {
      this.report('memory');
      return { value: JSON.parse(json) as T, hit: true, source: 'memory' };
    }
    const running = this.inflight.get(key);
    if (running) {
      this.report('inflight');
      const settled = await this.wait(key, running, options.signal);
      return { value: copyOf(settled) as T, hit: true, source: 'inflight' };
    }
    const settled = await this.wait(key, this.start(key, ttlSeconds, compute), options.signal);
    return { value: settled.value as T, hit: settled.source !== 'computed', source: settled.source };
  }

  /** Bytes the in-process tier holds (UTF-8 bytes of the serialized values). */
  get sizeBytes(): number {
    return this.memory.calculatedSize;
  }

  /** Entries the in-process tier holds (some may have expired and not been evicted yet). */
  get entryCount(): number {
    return this.memory.size;
  }

  /** Keys with a computation (or shared-store read) running now. */
  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Drops every in-process entry (the shared store is left alone). */
  clear(): void {
    this.memory.clear();
  }

  /** Starts the lookup of the shared tier and, on a miss, the computation; registers it as in flight. */
  private start(key: string, ttlSeconds: number, compute: (signal: AbortSignal) => Promise<unknown>): Flight {
    const flight: Flight = { promise: Promise.resolve(undefined as unknown as Settled), controller: new AbortController(), waiters: 0 };
    flight.promise = this.load(key, ttlSeconds, compute, flight.controller.signal).finally(() => this.land(key, flight));
    this.inflight.set(key, flight);
    return flight;
  }

  /** Forgets a flight, unless a newer one has already taken its key. */
  private land(key: string, flight: Flight): void {
    if (this.inflight.get(key) === flight) this.inflight.delete(key);
  }

  /**
   * Waits for a flight on behalf of one caller. A caller whose signal aborts stops waiting at
   * once; when the last waiting caller aborts, the flight is aborted and forgotten, so a caller
   * arriving later starts afresh instead of joining a computation that is being cancelled.
   */
  private wait(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<Settled> {
    flight.waiters += 1;
    if (!signal) return flight.promise;
    return new Promise<Settled>((resolve, reject) => {
      const onAbort = (): void => {
        reject(signal.reason);
        flight.waiters -= 1;
        if (flight.waiters === 0) {
          this.land(key, flight);
          flight.controller.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (settled) => {
          signal.removeEventListener('abort', onAbort);
          resolve(settled);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private async load(key: string, ttlSeconds: number, compute: (signal: AbortSignal) => Promise<unknown>, signal: AbortSignal): Promise<Settled> {
    const fromShared = await this.readShared(key, ttlSeconds);
    if (fromShared) {
      this.report('redis');
      return fromShared;
    }
    this.report('miss');
    signal.throwIfAborted();
    const value = await compute(signal);
    const json = serialize(value);
    if (json !== undefined && this.remember(key, json, ttlSeconds * 1000)) await this.writeShared(key, json, ttlSeconds);
    return { value, json, source: 'computed' };
  }

  private async readShared(key: string, ttlSeconds: number): Promise<Settled | undefined> {
    if (!this.shared || this.nowMs() < this.sharedUnavailableUntilMs) return undefined;
    let entry: SharedCacheEntry | undefined;
    try {
      entry = await this.shared.get(key);
    } catch (error) {
      this.sharedFailed('get', key, error);
      return undefined;
    }
    if (entry === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(entry.value);
    } catch (error) {
      // A corrupt entry is a miss (the computed value overwrites it), not a sign Redis is down.
      this.reportError(new CacheStoreError('get', key, error));
      return undefined;
    }
    this.remember(key, entry.value, Math.min(ttlSeconds * 1000, entry.ttlMs ?? Infinity));
    return { value, json: entry.value, source: 'redis' };
  }

  /**
   * Keeps `json` in memory for `ttlMs`; false (nothing kept) when the TTL is not a positive finite
   * number or the value is larger than the whole budget, which would evict everything else.
   */
  private remember(key: string, json: string, ttlMs: number): boolean {
    if (!(Number.isFinite(ttlMs) && ttlMs >= 1)) return false;
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.maxBytes) return false;
    this.memory.set(key, json, { ttl: Math.round(ttlMs), size: bytes });
    return true;
  }

  private async writeShared(key: string, json: string, ttlSeconds: number): Promise<void> {
    if (!this.shared || this.nowMs() < this.sharedUnavailableUntilMs) return;
    try {
      await this.shared.set(key, json, ttlSeconds);
    } catch (error) {
      this.sharedFailed('set', key, error);
    }
  }

  /** Reports a failed call to the shared store and stops using it for `sharedRetryAfterMs`. */
  private sharedFailed(operation: 'get' | 'set', key: string, cause: unknown): void {
    const now = this.nowMs();
    // Concurrent calls failing at the same outage report it once per retry window.
    const alreadyReported = now < this.sharedUnavailableUntilMs;
    this.sharedUnavailableUntilMs = now + this.sharedRetryAfterMs;
    if (!alreadyReported) this.reportError(new CacheStoreError(operation, key, cause));
  }

  private reportError(error: CacheStoreError): void {
    if (this.options.onError) this.options.onError(error);
    else process.emitWarning(error.message, { code: error.code });
  }

  private report(outcome: CacheOutcome): void {
    this.options.onLookup?.(outcome);
  }
}

/** JSON of a value, or undefined when it has none (undefined, functions) or cannot be serialized (cycles, BigInt). */
function serialize(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) as string | undefined;
  } catch {
    return undefined;
  }
}

function copyOf(settled: Settled): unknown {
  return settled.json === undefined ? settled.value : JSON.parse(settled.json);
}
