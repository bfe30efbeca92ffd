import { CacheKeyError, RESULT_CACHE_KEY_PREFIX, resultCacheKey, type ResultCacheKeyInput } from '../../../src/cache/cache-key';
import type { SqlParam } from '../../../src/history/query-engine';

const base: ResultCacheKeyInput = { engine: 'duckdb', sql: 'SELECT * FROM ctr WHERE queue = ? AND day >= ?', params: ['sales', 20261120] };

describe('resultCacheKey', () => {
  it('is the prefix plus a sha256 hex digest', () => {
    const key = resultCacheKey(base);
    expect(RESULT_CACHE_KEY_PREFIX).toBe('qr:v1:');
    expect(key).toMatch(/^qr:v1:[0-9a-f]{64}$/);
  });

  it('is stable for equal inputs', () => {
    expect(resultCacheKey({ ...base, params: [...base.params] })).toBe(resultCacheKey(base));
  });

  it('changes with the engine, the SQL, a parameter, the namespace and the scope', () => {
    const keys = [
      resultCacheKey(base),
      resultCacheKey({ ...base, engine: 'athena' }),
      resultCacheKey({ ...base, sql: `${base.sql} ` }),
      resultCacheKey({ ...base, params: ['support', 20261120] }),
      resultCacheKey({ ...base, params: [20261120, 'sales'] }),
      resultCacheKey({ ...base, namespace: 's3://bucket-a/connect' }),
      resultCacheKey({ ...base, namespace: 's3://bucket-b/connect' }),
      resultCacheKey({ ...base, scope: { kind: 'all' } }),
      resultCacheKey({ ...base, scope: { kind: 'instances', instanceArns: ['arn:a'] } }),
      resultCacheKey({ ...base, scope: 'tenant-1' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('tells parameter types apart where JSON would not', () => {
    const variants: SqlParam[][] = [[1], ['1'], [true], ['true'], [null], ['null'], [Number.NaN], [0], [-0], [Number.POSITIVE_INFINITY], [], ['']];
    const keys = variants.map((params) => resultCacheKey({ ...base, params }));
    expect(new Set(keys).size).toBe(variants.length);
  });

  it('does not let parameter boundaries move', () => {
    expect(resultCacheKey({ ...base, params: ['a,b'] })).not.toBe(resultCacheKey({ ...base, params: ['a', 'b'] }));
  });

  it('canonicalizes a Scope: instance order and duplicates do not matter', () => {
    const a = resultCacheKey({ ...base, scope: { kind: 'instances', instanceArns: ['arn:b', 'arn:a'] } });
    const b = resultCacheKey({ ...base, scope: { kind: 'instances', instanceArns: ['arn:a', 'arn:b', 'arn:a'] } });
    expect(a).toBe(b);
    expect(resultCacheKey({ ...base, scope: { kind: 'instances', instanceArns: [] } })).not.toBe(resultCacheKey({ ...base, scope: { kind: 'all' } }));
    expect(resultCacheKey({ ...base, scope: 'all' })).not.toBe(resultCacheKey({ ...base, scope: { kind: 'all' } }));
  });

  it('throws CacheKeyError for a parameter that SQL parameters cannot be', () => {
    const params = ['ok', undefined] as unknown as SqlParam[];
    expect(() => resultCacheKey({ ...base, params })).toThrow(CacheKeyError);
    expect(() => resultCacheKey({ ...base, params })).toThrow(/parameter 1 has type undefined/);
    expect(() => resultCacheKey({ ...base, params: [new Date(0)] as unknown as SqlParam[] })).toThrow(
      expect.objectContaining({ code: 'CACHE_KEY_INVALID_PARAM', index: 0, valueType: 'object' }),
    );
  });
});
