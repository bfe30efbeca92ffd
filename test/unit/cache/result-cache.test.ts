import {
  CacheConfigError,
  CacheStoreError,
  ResultCache,
  type CacheOutcome,
  type SharedCacheEntry,
  type SharedCacheStore,
} from '../../../src/cache/result-cache';

/** A clock tests move by hand; starts well above 0 because lru-cache treats a start time of 0 as "no TTL". */
function manualClock(startMs = 1_000_000): { nowMs: () => number; advance: (ms: number) => void } {
  let t = startMs;
  return { nowMs: () => t, advance: (ms) => (t += ms) };
}

/** A promise the test resolves or rejects when it wants. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Counts calls and returns `value` (a fresh object each time). */
function counter<T>(value: () => T): { compute: () => Promise<T>; calls: () => number } {
  let n = 0;
  return {
    compute: async () => {
      n += 1;
      return value();
    },
    calls: () => n,
  };
}

/** An in-memory shared store with TTLs on the test's clock; `fail` makes every call reject. */
class FakeSharedStore implements SharedCacheStore {
  readonly entries = new Map<string, { value: string; expiresAtMs: number }>();
  gets = 0;
  sets = 0;
  fail: Error | undefined;
  constructor(private readonly nowMs: () => number) {}

  async get(key: string): Promise<SharedCacheEntry | undefined> {
    this.gets += 1;
    if (this.fail) throw this.fail;
    const e = this.entries.get(key);
    if (!e || e.expiresAtMs <= this.nowMs()) return undefined;
    return { value: e.value, ttlMs: e.expiresAtMs - this.nowMs() };
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.sets += 1;
    if (this.fail) throw this.fail;
    this.entries.set(key, { value, expiresAtMs: this.nowMs() + ttlSeconds * 1000 });
  }
}

describe('ResultCache', () => {
  describe('memory tier', () => {
    it('computes on a miss and answers the next call from memory', async () => {
      const outcomes: CacheOutcome[] = [];
      const cache = new ResultCache({ onLookup: (o) => outcomes.push(o) });
      const c = counter(() => ({ rows: [{ n: 1 }] }));

      const first = await cache.getOrCompute('k', 60, c.compute);
      const second = await cache.getOrCompute('k', 60, c.compute);

      expect(first).toEqual({ value: { rows: [{ n: 1 }] }, hit: false, source: 'computed' });
      expect(second).toEqual({ value: { rows: [{ n: 1 }] }, hit: true, source: 'memory' });
      expect(c.calls()).toBe(1);
      expect(outcomes).toEqual(['miss', 'memory']);
    });

    it('keeps different keys apart', async () => {
      const cache = new ResultCache();
      await cache.getOrCompute('a', 60, async () => 'A');
      const b = await cache.getOrCompute('b', 60, async () => 'B');
      expect(b).toMatchObject({ value: 'B', source: 'computed' });
      expect((await cache.getOrCompute('a', 60, async () => 'other')).value).toBe('A');
    });

    it('gives every hit its own copy, so a caller mutating its result cannot change what others see', async () => {
      const cache = new ResultCache();
      await cache.getOrCompute('k', 60, async () => ({ rows: [{ n: 1 }] }));
      const hit = await cache.getOrCompute<{ rows: { n: number }[] }>('k', 60, async () => ({ rows: [] }));
      hit.value.rows[0].n = 999;
      hit.value.rows.push({ n: 2 });
      expect((await cache.getOrCompute('k', 60, async () => null)).value).toEqual({ rows: [{ n: 1 }] });
    });
  });

  describe('TTL', () => {
    it('expires an entry after its TTL and computes again', async () => {
      const clock = manualClock();
      const cache = new ResultCache({ nowMs: clock.nowMs });
      const c = counter(() => 'v');

      await cache.getOrCompute('k', 60, c.compute);
      clock.advance(59_999);
      expect((await cache.getOrCompute('k', 60, c.compute)).source).toBe('memory');
      clock.advance(2);
      expect((await cache.getOrCompute('k', 60, c.compute)).source).toBe('computed');
      expect(c.calls()).toBe(2);
    });

    it('applies each entry its own TTL (open day short, closed days long)', async () => {
      const clock = manualClock();
      const cache = new ResultCache({ nowMs: clock.nowMs });
      await cache.getOrCompute('today', 60, async () => 'today');
      await cache.getOrCompute('last-week', 86_400, async () => 'last-week');

      clock.advance(61_000);
      expect((await cache.getOrCompute('today', 60, async () => 'today')).source).toBe('computed');
      expect((await cache.getOrCompute('last-week', 86_400, async () => 'x')).source).toBe('memory');

      clock.advance(86_400_000);
      expect((await cache.getOrCompute('last-week', 86_400, async () => 'x')).source).toBe('computed');
    });

    it('does not extend an entry\'s life when it is read', async () => {
      const clock = manualClock();
      const cache = new ResultCache({ nowMs: clock.nowMs });
      await cache.getOrCompute('k', 10, async () => 'v');
      clock.advance(9_000);
      expect((await cache.getOrCompute('k', 10, async () => 'v')).source).toBe('memory');
      clock.advance(1_001);
      expect((await cache.getOrCompute('k', 10, async () => 'v')).source).toBe('computed');
    });

    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('does not store a result whose TTL is %p', async (ttlSeconds) => {
      const cache = new ResultCache();
      const c = counter(() => 'v');
      await cache.getOrCompute('k', ttlSeconds, c.compute);
      await cache.getOrCompute('k', ttlSeconds, c.compute);
      expect(c.calls()).toBe(2);
      expect(cache.entryCount).toBe(0);
    });
  });

  describe('byte budget', () => {
    // JSON.stringify('x'.repeat(38)) is 40 bytes: two fit in 100, three do not.
    const value40 = (c: string): string => c.repeat(38);

    it('counts UTF-8 bytes of the serialized value', async () => {
      const cache = new ResultCache({ maxBytes: 1_000 });
      await cache.getOrCompute('ascii', 60, async () => value40('a'));
      expect(cache.sizeBytes).toBe(40);
      await cache.getOrCompute('euro', 60, async () => '€'); // 3 bytes in UTF-8, plus 2 quotes
      expect(cache.sizeBytes).toBe(45);
    });

    it('evicts the least recently used entries to stay within the budget', async () => {
      const cache = new ResultCache({ maxBytes: 100 });
      await cache.getOrCompute('a', 60, async () => value40('a'));
      await cache.getOrCompute('b', 60, async () => value40('b'));
      await cache.getOrCompute('a', 60, async () => 'unused'); // 'a' is now the most recently used
      await cache.getOrCompute('c', 60, async () => value40('c'));

      expect(cache.sizeBytes).toBeLessThanOrEqual(100);
      expect(cache.entryCount).toBe(2);
      expect((await cache.getOrCompute('a', 60, async () => 'recomputed')).source).toBe('memory');
      expect((await cache.getOrCompute('c', 60, async () => 'recomputed')).source).toBe('memory');
      expect(await cache.getOrCompute('b', 60, async () => 'recomputed')).toMatchObject({ source: 'computed', value: 'recomputed' });
    });

    it('does not cache a value larger than the whole budget, in memory or in the shared store, and keeps what is there', async () => {
      const clock = manualClock();
      const shared = new FakeSharedStore(clock.nowMs);
      const cache = new ResultCache({ maxBytes: 100, shared, nowMs: clock.nowMs });
      await cache.getOrCompute('small', 60, async () => value40('s'));
      const c = counter(() => 'x'.repeat(200));

      const first = await cache.getOrCompute('big', 60, c.compute);
      const second = await cache.getOrCompute('big', 60, c.compute);

      expect(first.value).toHaveLength(200);
      expect(second.source).toBe('computed');
      expect(c.calls()).toBe(2);
      expect(shared.entries.has('big')).toBe(false);
      expect((await cache.getOrCompute('small', 60, async () => 'recomputed')).source).toBe('memory');
    });

    it('rejects a budget that is not a positive integer', () => {
      for (const maxBytes of [0, -1, 1.5, Number.NaN]) {
        expect(() => new ResultCache({ maxBytes })).toThrow(CacheConfigError);
      }
      const error = ((): unknown => {
        try {
          return new ResultCache({ maxBytes: 0 });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toMatchObject({ code: 'BAD_CONFIG' });
    });

    it('defaults to 64 MiB', () => {
      expect(new ResultCache().maxBytes).toBe(64 * 1024 * 1024);
    });
  });

  describe('in-flight de-duplication', () => {
    it('runs the computation once for 10 concurrent calls with the same key', async () => {
      const outcomes: CacheOutcome[] = [];
      const cache = new ResultCache({ onLookup: (o) => outcomes.push(o) });
      const gate = deferred<{ rows: number[] }>();
      let calls = 0;
      const compute = (): Promise<{ rows: number[] }> => {
        calls += 1;
        return gate.promise;
      };

      const pending = Array.from({ length: 10 }, () => cache.getOrCompute('k', 60, compute));
      await Promise.resolve();
      expect(cache.inflightCount).toBe(1);
      gate.resolve({ rows: [1, 2, 3] });
      const results = await Promise.all(pending);

      expect(calls).toBe(1);
      expect(results.map((r) => r.source)).toEqual(['computed', ...Array(9).fill('inflight')]);
      expect(results.map((r) => r.hit)).toEqual([false, ...Array(9).fill(true)]);
      for (const r of results) expect(r.value).toEqual({ rows: [1, 2, 3] });
      // Joiners get copies, not the computing caller's object.
      expect(new Set(results.map((r) => r.value)).size).toBe(10);
      expect(outcomes.sort()).toEqual([...Array(9).fill('inflight'), 'miss']);
      expect(cache.inflightCount).toBe(0);
      expect((await cache.getOrCompute('k', 60, compute)).source).toBe('memory');
    });

    it('does not join computations of different keys', async () => {
      const cache = new ResultCache();
      const c = counter(() => 'v');
      await Promise.all([cache.getOrCompute('a', 60, c.compute), cache.getOrCompute('b', 60, c.compute)]);
      expect(c.calls()).toBe(2);
    });

    it('de-duplicates even when the result is not stored (TTL 0)', async () => {
      const cache = new ResultCache();
      const gate = deferred<string>();
      let calls = 0;
      const pending = Array.from({ length: 3 }, () =>
        cache.getOrCompute('k', 0, () => {
          calls += 1;
          return gate.promise;
        }),
      );
      gate.resolve('v');
      expect((await Promise.all(pending)).map((r) => r.value)).toEqual(['v', 'v', 'v']);
      expect(calls).toBe(1);
    });
  });

  describe('abort signals', () => {
    it('lets one caller stop waiting without disturbing the others or the computation', async () => {
      const cache = new ResultCache();
      const gate = deferred<string>();
      const seen: AbortSignal[] = [];
      const compute = (signal: AbortSignal): Promise<string> => {
        seen.push(signal);
        return gate.promise;
      };
      const leaving = new AbortController();
      const first = cache.getOrCompute('k', 60, compute);
      const second = cache.getOrCompute('k', 60, compute, { signal: leaving.signal });
      const third = cache.getOrCompute('k', 60, compute, { signal: new AbortController().signal });

      leaving.abort(new Error('client went away'));
      await expect(second).rejects.toThrow('client went away');
      expect(seen[0].aborted).toBe(false);
      gate.resolve('v');
      expect((await first).value).toBe('v');
      expect((await third).value).toBe('v');
      expect(seen).toHaveLength(1);
    });

    it('aborts the computation when every waiting caller has aborted, and lets a later caller start afresh', async () => {
      const cache = new ResultCache();
      const signals: AbortSignal[] = [];
      const hanging = (signal: AbortSignal): Promise<string> => {
        signals.push(signal);
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      };
      const a = new AbortController();
      const b = new AbortController();
      const pa = cache.getOrCompute('k', 60, hanging, { signal: a.signal });
      const pb = cache.getOrCompute('k', 60, hanging, { signal: b.signal });
      await Promise.resolve();

      a.abort(new Error('a left'));
      await expect(pa).rejects.toThrow('a left');
      expect(signals[0].aborted).toBe(false);
      b.abort(new Error('b left'));
      await expect(pb).rejects.toThrow('b left');
      expect(signals[0].aborted).toBe(true);
      expect(cache.inflightCount).toBe(0);

      const later = await cache.getOrCompute('k', 60, async () => 'fresh');
      expect(later).toEqual({ value: 'fresh', hit: false, source: 'computed' });
      expect(signals).toHaveLength(1);
    });

    it('rejects at once with the reason of an already aborted signal', async () => {
      const cache = new ResultCache();
      const c = counter(() => 'v');
      const aborted = AbortSignal.abort(new Error('too late'));
      await expect(cache.getOrCompute('k', 60, c.compute, { signal: aborted })).rejects.toThrow('too late');
      expect(c.calls()).toBe(0);
    });

    it('still caches a value computed for callers that did not abort', async () => {
      const cache = new ResultCache();
      const gate = deferred<string>();
      const leaving = new AbortController();
      const stays = cache.getOrCompute('k', 60, () => gate.promise);
      const leaves = cache.getOrCompute('k', 60, () => gate.promise, { signal: leaving.signal });
      leaving.abort();
      await expect(leaves).rejects.toBeDefined();
      gate.resolve('v');
      await stays;
      expect((await cache.getOrCompute('k', 60, async () => 'x')).source).toBe('memory');
    });
  });

  describe('errors', () => {
    it('rejects every joined caller with the error and caches nothing; the next call computes again', async () => {
      const cache = new ResultCache();
      const gate = deferred<string>();
      let calls = 0;
      const failing = (): Promise<string> => {
        calls += 1;
        return gate.promise;
      };
      const pending = Array.from({ length: 10 }, () => cache.getOrCompute('k', 60, failing));
      const boom = Object.assign(new Error('engine down'), { code: 'UPSTREAM_FAILED' });
      gate.reject(boom);

      const settled = await Promise.allSettled(pending);
      expect(calls).toBe(1);
      for (const s of settled) expect(s).toEqual({ status: 'rejected', reason: boom });
      expect(cache.entryCount).toBe(0);
      expect(cache.inflightCount).toBe(0);

      const retry = await cache.getOrCompute('k', 60, async () => 'ok');
      expect(retry).toEqual({ value: 'ok', hit: false, source: 'computed' });
    });

    it('turns a synchronous throw from compute into a rejection and caches nothing', async () => {
      const cache = new ResultCache();
      await expect(
        cache.getOrCompute('k', 60, () => {
          throw new Error('sync');
        }),
      ).rejects.toThrow('sync');
      expect(cache.inflightCount).toBe(0);
      expect((await cache.getOrCompute('k', 60, async () => 'ok')).source).toBe('computed');
    });

    it('returns a value it cannot serialize without caching it', async () => {
      const cache = new ResultCache();
      const c = counter(() => ({ big: 10n }));
      expect((await cache.getOrCompute('k', 60, c.compute)).value).toEqual({ big: 10n });
      await cache.getOrCompute('k', 60, c.compute);
      expect(c.calls()).toBe(2);
    });
  });

  describe('shared tier', () => {
    it('reads the shared store on a memory miss and keeps the value in memory for no longer than its remaining TTL there', async () => {
      const clock = manualClock();
      const shared = new FakeSharedStore(clock.nowMs);
      const writer = new ResultCache({ shared, nowMs: clock.nowMs });
      const outcomes: CacheOutcome[] = [];
      const reader = new ResultCache({ shared, nowMs: clock.nowMs, onLookup: (o) => outcomes.push(o) });

      await writer.getOrCompute('k', 60, async () => ({ rows: ['a'] }));
      expect(shared.entries.has('k')).toBe(true);
      clock.advance(50_000);

      const c = counter(() => ({ rows: ['recomputed'] }));
      expect(await reader.getOrCompute('k', 60, c.compute)).toEqual({ value: { rows: ['a'] }, hit: true, source: 'redis' });
      expect((await reader.getOrCompute('k', 60, c.compute)).source).toBe('memory');
      clock.advance(10_001); // 60 s after the writer computed: gone from the shared store and from the reader's memory
      expect((await reader.getOrCompute('k', 60, c.compute)).source).toBe('computed');
      expect(c.calls()).toBe(1);
      expect(outcomes).toEqual(['redis', 'memory', 'miss']);
    });

    it('reads the shared store once for concurrent lookups of one key', async () => {
      const clock = manualClock();
      const shared = new FakeSharedStore(clock.nowMs);
      await new ResultCache({ shared, nowMs: clock.nowMs }).getOrCompute('k', 60, async () => 'v');
      shared.gets = 0;
      const reader = new ResultCache({ shared, nowMs: clock.nowMs });
      const results = await Promise.all(Array.from({ length: 5 }, () => reader.getOrCompute('k', 60, async () => 'x')));
      expect(shared.gets).toBe(1);
      expect(results.map((r) => r.source)).toEqual(['redis', 'inflight', 'inflight', 'inflight', 'inflight']);
    });

    it('treats an unparseable shared entry as a miss and reports it', async () => {
      const clock = manualClock();
      const shared = new FakeSharedStore(clock.nowMs);
      shared.entries.set('k', { value: '{not json', expiresAtMs: clock.nowMs() + 60_000 });
      const errors: CacheStoreError[] = [];
      const cache = new ResultCache({ shared, nowMs: clock.nowMs, onError: (e) => errors.push(e) });
      expect(await cache.getOrCompute('k', 60, async () => 'v')).toMatchObject({ value: 'v', source: 'computed' });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'CACHE_STORE_FAILED', operation: 'get', key: 'k' });
      // The computed value replaced the corrupt entry, and the store is still in use.
      expect(shared.entries.get('k')?.value).toBe('"v"');
      expect((await new ResultCache({ shared, nowMs: clock.nowMs }).getOrCompute('k', 60, async () => 'x')).source).toBe('redis');
    });

    it('answers from compute when the shared store fails, reports once, and skips the store until the retry window has passed', async () => {
      const clock = manualClock();
      const shared = new FakeSharedStore(clock.nowMs);
      shared.fail = new Error('ECONNREFUSED');
      const errors: CacheStoreError[] = [];
      const cache = new ResultCache({ shared, nowMs: clock.nowMs, sharedRetryAfterMs: 5_000, onError: (e) => errors.push(e) });

      expect(await cache.getOrCompute('a', 60, async () => 'A')).toEqual({ value: 'A', hit: false, source: 'computed' });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(CacheStoreError);
      expect(errors[0]).toMatchObject({ code: 'CACHE_STORE_FAILED', operation: 'get', key: 'a' });
      expect((errors[0].cause as Error).message).toBe('ECONNREFUSED');
      expect(shared.gets + shared.sets).toBe(1); // the write after computing was skipped too

      await cache.getOrCompute('b', 60, async () => 'B');
      expect(shared.gets + shared.sets).toBe(1);
      expect((await cache.getOrCompute('a', 60, async () => 'x')).source).toBe('memory');

      shared.fail = undefined;
      clock.advance(5_000);
      await cache.getOrCompute('c', 60, async () => 'C');
      expect(shared.gets).toBe(2);
      expect(shared.entries.get('c')?.value).toBe('"C"');
      expect(errors).toHaveLength(1);
    });

    it('reports a failed write and still answers', async () => {
      const clock = manualClock();
      const shared = new FakeSharedStore(clock.nowMs);
      shared.set = async () => {
        throw new Error('OOM command not allowed');
      };
      const errors: CacheStoreError[] = [];
      const cache = new ResultCache({ shared, nowMs: clock.nowMs, onError: (e) => errors.push(e) });
      expect((await cache.getOrCompute('k', 60, async () => 'v')).value).toBe('v');
      expect(errors.map((e) => e.operation)).toEqual(['set']);
      expect((await cache.getOrCompute('k', 60, async () => 'x')).source).toBe('memory');
    });

    it('emits a process warning when no onError is given', async () => {
      const clock = manualClock();
      const shared = new FakeSharedStore(clock.nowMs);
      shared.fail = new Error('down');
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        await new ResultCache({ shared, nowMs: clock.nowMs }).getOrCompute('k', 60, async () => 'v');
        expect(warn).toHaveBeenCalledTimes(1);
        expect(warn.mock.calls[0][1]).toEqual({ code: 'CACHE_STORE_FAILED' });
      } finally {
        warn.mockRestore();
      }
    });
  });
});
