import type { SharedCacheStore } from '../../../../../src/cache/result-cache';
import {
  bodyWithStats,
  cacheableBody,
  etagOf,
  ifNoneMatchMatches,
  ResponseCache,
  responseTtlSeconds,
  type ResponseCacheEntry,
} from '../../../../../src/server/graphql/response-cache/response-cache';

const POLICY = { ttlOpenDaySeconds: 60, ttlClosedDaysSeconds: 86_400 };
const NOW = new Date('2026-12-06T10:00:00Z');

describe('responseTtlSeconds (clock injected)', () => {
  const read = (to: string) => ({ reads: 1, unbounded: false, latestToMs: Date.parse(to) });

  it('is long when every read ends at or before today (UTC midnight)', () => {
    expect(responseTtlSeconds(read('2026-12-06T00:00:00Z'), NOW, POLICY)).toBe(86_400);
    expect(responseTtlSeconds(read('2026-11-20T00:00:00Z'), NOW, POLICY)).toBe(86_400);
  });

  it('is short when the latest read touches today or the future', () => {
    expect(responseTtlSeconds(read('2026-12-06T00:00:00.001Z'), NOW, POLICY)).toBe(60);
    expect(responseTtlSeconds(read('2026-12-07T00:00:00Z'), NOW, POLICY)).toBe(60);
    // The same closed range is short again on the day it ends, long the day after.
    expect(responseTtlSeconds(read('2026-12-07T00:00:00Z'), new Date('2026-12-07T00:00:00Z'), POLICY)).toBe(86_400);
  });

  it('is short for lookups without a range and for responses without history reads', () => {
    expect(responseTtlSeconds({ reads: 2, unbounded: true, latestToMs: Date.parse('2026-11-20T00:00:00Z') }, NOW, POLICY)).toBe(60);
    expect(responseTtlSeconds({ reads: 0, unbounded: false, latestToMs: undefined }, NOW, POLICY)).toBe(60);
  });
});

describe('bodies and validators', () => {
  it('keeps every extension but stats and requestId, and splices fresh stats in on a hit', () => {
    const { body, hasExtensions } = cacheableBody({ a: 1 }, { cost: { estimated: 3 }, stats: { rowsRead: 9 }, requestId: 'r', dataAsOf: '2026-12-06T09:59:00Z' });
    expect(JSON.parse(body)).toEqual({ data: { a: 1 }, extensions: { cost: { estimated: 3 }, dataAsOf: '2026-12-06T09:59:00Z' } });
    const entry: ResponseCacheEntry = { body, hasExtensions, etag: etagOf(body), storedAtMs: 0, ttlSeconds: 1 };
    expect(JSON.parse(bodyWithStats(entry, { rowsRead: 0 }))).toEqual({ data: { a: 1 }, extensions: { cost: { estimated: 3 }, dataAsOf: '2026-12-06T09:59:00Z', stats: { rowsRead: 0 } } });
    expect(bodyWithStats(entry, undefined)).toBe(body);
    const bare = cacheableBody({ a: 1 }, { stats: {} });
    expect(bare).toEqual({ body: '{"data":{"a":1}}', hasExtensions: false });
    expect(JSON.parse(bodyWithStats({ ...entry, ...bare }, { x: 1 }))).toEqual({ data: { a: 1 }, extensions: { stats: { x: 1 } } });
  });

  it('makes a strong ETag of the body and matches If-None-Match lists, weak forms and *', () => {
    const etag = etagOf('{"data":{}}');
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(etagOf('{"data":{}} ')).not.toBe(etag);
    expect(ifNoneMatchMatches(etag, etag)).toBe(true);
    expect(ifNoneMatchMatches(`"x", W/${etag}`, etag)).toBe(true);
    expect(ifNoneMatchMatches('*', etag)).toBe(true);
    expect(ifNoneMatchMatches('"x"', etag)).toBe(false);
    expect(ifNoneMatchMatches(undefined, etag)).toBe(false);
  });
});

describe('ResponseCache', () => {
  const entry = (storedAtMs: number, ttlSeconds = 10, body = '{"data":{"n":1}}'): ResponseCacheEntry => ({ body, hasExtensions: false, etag: etagOf(body), storedAtMs, ttlSeconds });

  it('expires entries at storedAt + TTL on its clock', async () => {
    let now = 1_000_000;
    const cache = new ResponseCache({ nowMs: () => now });
    await cache.set('k', entry(now));
    now += 9_999;
    expect(await cache.get('k')).toBeDefined();
    now += 1;
    expect(await cache.get('k')).toBeUndefined();
  });

  it('bounds memory by entries and bytes, and refuses a body larger than the budget', async () => {
    const now = 1_000_000;
    const cache = new ResponseCache({ nowMs: () => now, maxEntries: 2, maxBytes: 100 });
    await cache.set('a', entry(now));
    await cache.set('b', entry(now));
    await cache.set('c', entry(now));
    expect(cache.entryCount).toBe(2);
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('big', entry(now, 10, `{"data":"${'x'.repeat(200)}"}`));
    expect(await cache.get('big')).toBeUndefined();
  });

  it('reads through to the shared tier, and degrades to memory only when it fails', async () => {
    let now = 1_000_000;
    const stored = new Map<string, string>();
    let failing = false;
    const shared: SharedCacheStore = {
      get: async (key) => {
        if (failing) throw new Error('ECONNREFUSED');
        const value = stored.get(key);
        return value === undefined ? undefined : { value, ttlMs: undefined };
      },
      set: async (key, value) => {
        if (failing) throw new Error('ECONNREFUSED');
        stored.set(key, value);
      },
    };
    const errors: unknown[] = [];
    const writer = new ResponseCache({ nowMs: () => now, shared });
    const reader = new ResponseCache({ nowMs: () => now, shared, onSharedError: (e) => errors.push(e), sharedRetryAfterMs: 1_000 });
    await writer.set('k', entry(now));
    expect((await reader.get('k'))?.body).toBe('{"data":{"n":1}}');
    failing = true;
    expect(await reader.get('other')).toBeUndefined();
    await reader.set('mine', entry(now));
    expect(await reader.get('mine')).toBeDefined(); // memory still works
    expect(errors).toHaveLength(1);
    // An expired shared entry is a miss.
    failing = false;
    now += 1_000;
    stored.set('old', JSON.stringify(entry(now - 20_000)));
    expect(await reader.get('old')).toBeUndefined();
  });
});
