import { Prng, derivePrng } from '../../../../src/local/demo-data/prng';

const draw = (prng: Prng, count: number): number[] => Array.from({ length: count }, () => prng.nextUint32());

describe('seeded PRNG', () => {
  it('repeats the same sequence for the same seed and labels', () => {
    expect(draw(derivePrng('seed', 'a', 1), 100)).toEqual(draw(derivePrng('seed', 'a', 1), 100));
  });

  it('gives unrelated sequences for other seeds or labels', () => {
    const base = draw(derivePrng('seed', 'a', 1), 50);
    expect(draw(derivePrng('seed', 'a', 2), 50)).not.toEqual(base);
    expect(draw(derivePrng('seed2', 'a', 1), 50)).not.toEqual(base);
    expect(draw(derivePrng('seed', 'a1'), 50)).not.toEqual(draw(derivePrng('seed', 'a', 1), 50));
  });

  it('draws floats in [0, 1) with a plausible mean, and integers within bounds', () => {
    const prng = derivePrng('stats');
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = prng.float();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      sum += value;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    const ints = Array.from({ length: 5000 }, () => prng.int(3, 7));
    expect(Math.min(...ints)).toBe(3);
    expect(Math.max(...ints)).toBe(7);
  });

  it('samples log-normal and exponential deviates around the requested mean', () => {
    const prng = derivePrng('means');
    const mean = (sample: () => number) => Array.from({ length: 40_000 }, sample).reduce((a, b) => a + b, 0) / 40_000;
    expect(mean(() => prng.lognormal(300, 0.55)) / 300).toBeCloseTo(1, 1);
    expect(mean(() => prng.exponential(20)) / 20).toBeCloseTo(1, 1);
    expect(mean(() => prng.poisson(4)) / 4).toBeCloseTo(1, 1);
  });

  it('makes version-4 shaped UUIDs', () => {
    const prng = derivePrng('ids');
    const ids = new Set(Array.from({ length: 1000 }, () => prng.uuid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
