import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { DEFAULT_FRESHNESS_POLICY, ttlSecondsFor, type FreshnessPolicy } from '../../../cache/freshness';
import type { SharedCacheStore } from '../../../cache/result-cache';
import type { ReadFreshness } from '../../../domain/request-stats';

/** One cached answer: the serialized body without per-request extensions, and its validator. */
export interface ResponseCacheEntry {
  /** `{"data":…,"extensions":{…}}` as sent, without `extensions.stats` (per request). */
  readonly body: string;
  /** Whether `body` has an `extensions` object (stats are spliced into it on a hit). */
  readonly hasExtensions: boolean;
  /** Strong ETag of `body`, quoted. */
  readonly etag: string;
  /** When the answer was computed, epoch ms (wall clock: entries travel between instances through Redis). */
  readonly storedAtMs: number;
  /** Lifetime from `storedAtMs`, seconds. */
  readonly ttlSeconds: number;
  /** `body` encoded as UTF-8 once (memory tier only; never sent to the shared tier), so a hit writes bytes without encoding them again. */
  readonly bytes?: Buffer;
}

/** Options of a {@link ResponseCache}. */
export interface ResponseCacheOptions {
  /** Entries the in-process tier holds at most; @default 1000. */
  readonly maxEntries?: number;
  /** Bytes (UTF-8 bodies) the in-process tier holds at most; bigger bodies are not cached; @default 32 MiB. */
  readonly maxBytes?: number;
  /** Shared tier (Redis); a failure of it degrades to memory only for `sharedRetryAfterMs`. */
  readonly shared?: SharedCacheStore;
  /** @default 5000 */
  readonly sharedRetryAfterMs?: number;
  /** Called once per shared-store failure window. */
  readonly onSharedError?: (error: unknown) => void;
  /** Wall clock, epoch ms; @default Date.now. */
  readonly nowMs?: () => number;
}

/** Strong ETag (quoted SHA-256, base64url) of a serialized body. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header value matches `etag` (weak comparison, RFC 9110 §13.1.2; `*` matches). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || (t.startsWith('W/') ? t.slice(2) : t) === etag;
  });
}

/**
 * The TTL of a whole response, seconds: the result cache's freshness rule (src/cache/freshness.ts)
 * over the latest range the response read, so the TTL is the minimum over its reads. A response
 * that read nothing with a range (a lookup by id, or no history read) gets the short TTL.
 */
export function responseTtlSeconds(freshness: ReadFreshness, now: Date, policy: FreshnessPolicy = DEFAULT_FRESHNESS_POLICY): number {
  if (freshness.reads === 0 || freshness.unbounded || freshness.latestToMs === undefined) return policy.ttlOpenDaySeconds;
  const to = new Date(freshness.latestToMs);
  return ttlSecondsFor({ from: to, to }, now, policy);
}

/**
 * Whole GraphQL answers: an in-process LRU bounded in entries and bytes, and an optional shared tier
 * (Redis) read on a memory miss and written after each store. A failing shared tier never fails a
 * request: lookups miss and stores are memory-only until it is tried again.
 */
export class ResponseCache {
  private readonly memory: LRUCache<string, ResponseCacheEntry>;
  private readonly shared: SharedCacheStore | undefined;
  private readonly nowMs: () => number;
  private readonly retryAfterMs: number;
  private sharedDownUntilMs = 0;
  readonly maxBytes: number;

  constructor(private readonly options: ResponseCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.shared = options.shared;
    this.nowMs = options.nowMs ?? Date.now;
    this.retryAfterMs = options.sharedRetryAfterMs ?? 5_000;
    this.memory = new LRUCache<string, ResponseCacheEntry>({
      max: options.maxEntries ?? 1_000,
      maxSize: this.maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes?.length ?? Buffer.byteLength(entry.body)),
    });
  }

  /** The live entry under `key` (memory, then the shared tier), or undefined; a memory entry has `bytes`. */
  async get(key: string): Promise<ResponseCacheEntry | undefined> {
    const now = this.nowMs();
    const inMemory = this.memory.get(key);
    if (inMemory !== undefined) {
      if (remainingMs(inMemory, now) > 0) return inMemory;
      this.memory.delete(key);
    }
    if (!this.shared || now < this.sharedDownUntilMs) return undefined;
    try {
      const found = await this.shared.get(key);
      if (found === undefined) return undefined;
      const entry = JSON.parse(found.value) as ResponseCacheEntry;
      if (typeof entry.body !== 'string' || remainingMs(entry, this.nowMs()) <= 0) return undefined;
      this.remember(key, entry);
      return this.memory.get(key) ?? entry;
    } catch (error) {
      this.sharedFailed(error);
      return undefined;
    }
  }

  /** Stores `entry` in memory and (not awaited by callers that do not care) in the shared tier. */
  async set(key: string, entry: ResponseCacheEntry): Promise<void> {
    if (!this.remember(key, entry)) return;
    if (!this.shared || this.nowMs() < this.sharedDownUntilMs) return;
    try {
      await this.shared.set(key, JSON.stringify({ ...entry, bytes: undefined }), entry.ttlSeconds);
    } catch (error) {
      this.sharedFailed(error);
    }
  }

  /** Entries in memory (some may have expired). */
  get entryCount(): number {
    return this.memory.size;
  }

  private remember(key: string, entry: ResponseCacheEntry): boolean {
    const ttlMs = remainingMs(entry, this.nowMs());
    const bytes = Buffer.from(entry.body, 'utf8');
    if (!(ttlMs >= 1) || bytes.length > this.maxBytes) return false;
    this.memory.set(key, { ...entry, bytes });
    return true;
  }

  private sharedFailed(error: unknown): void {
    const now = this.nowMs();
    const reported = now < this.sharedDownUntilMs;
    this.sharedDownUntilMs = now + this.retryAfterMs;
    if (!reported) this.options.onSharedError?.(error);
  }
}

/** Milliseconds an entry still lives at `nowMs`. */
export function remainingMs(entry: ResponseCacheEntry, nowMs: number): number {
  return entry.storedAtMs + entry.ttlSeconds * 1000 - nowMs;
}

/**
 * The body of a hit: the cached one, with `stats` added to its extensions when the caller sees stats.
 * Splices strings instead of parsing: `body` always ends with `}` (no extensions) or `}}` (extensions last).
 */
export function bodyWithStats(entry: ResponseCacheEntry, stats: unknown): string {
  if (stats === undefined) return entry.body;
  const statsJson = JSON.stringify(stats);
  return entry.hasExtensions ? `${entry.body.slice(0, -2)},"stats":${statsJson}}}` : `${entry.body.slice(0, -1)},"extensions":{"stats":${statsJson}}}`;
}

/** The cacheable body of a result: data, then the extensions other than the per-request ones (`stats`, `requestId`). */
export function cacheableBody(data: unknown, extensions: Record<string, unknown> | undefined): { body: string; hasExtensions: boolean } {
  const kept = Object.entries(extensions ?? {}).filter(([name, value]) => name !== 'stats' && name !== 'requestId' && value !== undefined);
  const dataJson = JSON.stringify(data);
  if (kept.length === 0) return { body: `{"data":${dataJson}}`, hasExtensions: false };
  return { body: `{"data":${dataJson},"extensions":${JSON.stringify(Object.fromEntries(kept))}}`, hasExtensions: true };
}
