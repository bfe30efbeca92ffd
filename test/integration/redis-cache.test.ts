import { Redis } from 'ioredis';
import { RedisCacheStore } from '../../src/cache/redis-cache.store';
import { CacheStoreError, ResultCache, type CacheOutcome } from '../../src/cache/result-cache';
import { freePort, startRedisServer, type RedisServer } from '../helpers/redis-server';

/** A clock tests move by hand (the Redis server keeps real time; only the in-process tier uses this). */
function manualClock(): { nowMs: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { nowMs: () => t, advance: (ms) => (t += ms) };
}

describe('ResultCache with a shared Redis (real redis-server)', () => {
  let server: RedisServer;
  let admin: Redis;
  const stores: RedisCacheStore[] = [];

  /** A store with its own connection, closed after the suite. */
  function store(url = server.url): RedisCacheStore {
    const s = RedisCacheStore.fromUrl(url, { connectTimeoutMs: 500, commandTimeoutMs: 1_000 });
    stores.push(s);
    return s;
  }

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await admin?.quit();
    await server?.stop();
  });

  beforeEach(async () => {
    await admin.flushall();
  });

  it('lets instance B answer from what instance A computed, without computing', async () => {
    const outcomesB: CacheOutcome[] = [];
    const a = new ResultCache({ shared: store() });
    const b = new ResultCache({ shared: store(), onLookup: (o) => outcomesB.push(o) });
    const rows = { rows: [{ queue: 'Ventes €', contacts: 12 }] };

    expect(await a.getOrCompute('qr:v1:shared', 60, async () => rows)).toEqual({ value: rows, hit: false, source: 'computed' });
    let bComputed = 0;
    const fromB = await b.getOrCompute('qr:v1:shared', 60, async () => {
      bComputed += 1;
      return { rows: [] };
    });

    expect(fromB).toEqual({ value: rows, hit: true, source: 'redis' });
    expect(bComputed).toBe(0);
    expect((await b.getOrCompute('qr:v1:shared', 60, async () => ({ rows: [] }))).source).toBe('memory');
    expect(outcomesB).toEqual(['redis', 'memory']);
    expect(JSON.parse((await admin.get('qr:v1:shared')) as string)).toEqual(rows);
  });

  it('sets the TTL on the Redis key (short for today, long for closed days)', async () => {
    const cache = new ResultCache({ shared: store() });
    await cache.getOrCompute('qr:v1:today', 60, async () => 'today');
    await cache.getOrCompute('qr:v1:closed', 86_400, async () => 'closed');

    const today = await admin.ttl('qr:v1:today');
    const closed = await admin.ttl('qr:v1:closed');
    expect(today).toBeGreaterThan(0);
    expect(today).toBeLessThanOrEqual(60);
    expect(closed).toBeGreaterThan(60);
    expect(closed).toBeLessThanOrEqual(86_400);
  });

  it('keeps a value read from Redis in memory no longer than its remaining TTL in Redis', async () => {
    await admin.set('qr:v1:short', JSON.stringify('from-redis'), 'EX', 5);
    const clock = manualClock();
    const cache = new ResultCache({ shared: store(), nowMs: clock.nowMs });

    expect((await cache.getOrCompute('qr:v1:short', 86_400, async () => 'x')).source).toBe('redis');
    expect((await cache.getOrCompute('qr:v1:short', 86_400, async () => 'x')).source).toBe('memory');
    clock.advance(5_001); // past the remaining Redis TTL on the in-process clock (the key still lives in Redis)
    expect((await cache.getOrCompute('qr:v1:short', 86_400, async () => 'x')).source).toBe('redis');
  });

  it('does not write errors to Redis', async () => {
    const cache = new ResultCache({ shared: store() });
    await expect(cache.getOrCompute('qr:v1:fails', 60, () => Promise.reject(new Error('engine down')))).rejects.toThrow('engine down');
    expect(await admin.exists('qr:v1:fails')).toBe(0);
  });

  it('reads a missing key as undefined and returns the remaining TTL of a present one', async () => {
    const s = store();
    expect(await s.get('qr:v1:absent')).toBeUndefined();
    await s.set('qr:v1:present', '"v"', 30);
    const entry = await s.get('qr:v1:present');
    expect(entry?.value).toBe('"v"');
    expect(entry?.ttlMs).toBeGreaterThan(0);
    expect(entry?.ttlMs).toBeLessThanOrEqual(30_000);
    await admin.set('qr:v1:forever', '"v"');
    expect(await s.get('qr:v1:forever')).toEqual({ value: '"v"', ttlMs: undefined });
  });

  it('still answers from compute when nothing listens at REDIS_URL, and reports it', async () => {
    const errors: CacheStoreError[] = [];
    const cache = new ResultCache({ shared: store(`redis://127.0.0.1:${await freePort()}`), onError: (e) => errors.push(e) });

    expect(await cache.getOrCompute('qr:v1:k', 60, async () => 'computed')).toEqual({ value: 'computed', hit: false, source: 'computed' });
    expect((await cache.getOrCompute('qr:v1:k', 60, async () => 'again')).source).toBe('memory');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CacheStoreError);
    expect(errors[0].code).toBe('CACHE_STORE_FAILED');
  });

  it('degrades to memory only when Redis goes away mid-life', async () => {
    const own = await startRedisServer();
    try {
      const errors: CacheStoreError[] = [];
      const cache = new ResultCache({ shared: store(own.url), onError: (e) => errors.push(e) });
      expect((await cache.getOrCompute('qr:v1:before', 60, async () => 'before')).source).toBe('computed');
      await own.stop();

      expect(await cache.getOrCompute('qr:v1:after', 60, async () => 'after')).toEqual({ value: 'after', hit: false, source: 'computed' });
      expect((await cache.getOrCompute('qr:v1:before', 60, async () => 'x')).source).toBe('memory');
      expect((await cache.getOrCompute('qr:v1:after', 60, async () => 'x')).source).toBe('memory');
      expect(errors.length).toBeGreaterThanOrEqual(1);
    } finally {
      await own.stop();
    }
  });
});
