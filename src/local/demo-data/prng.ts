import { createHash } from 'node:crypto';

const UINT32 = 0x1_0000_0000;

/**
 * A small, fast, seeded pseudo-random generator (sfc32: 128-bit state, period ≥ 2^32, passes
 * PractRand to large sizes). Every random choice of the demo data goes through one of these, so the
 * same seed gives the same bytes; never `Math.random`.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from four 32-bit words; prefer {@link derivePrng}. */
  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.nextUint32() / UINT32;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** A float in [min, max). */
  uniform(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** One element, with probability proportional to its weight (weights need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const weight of weights) total += weight;
    let r = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** A standard normal deviate (Box–Muller, one value per call so the sequence stays simple). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal deviate with the given arithmetic mean and log-space standard deviation `sigma`. */
  lognormal(mean: number, sigma: number): number {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }

  /** An exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** A Poisson deviate (Knuth for small means, normal approximation above 60). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** A random (version 4 layout) UUID, lower-case hex. */
  uuid(): string {
    const w0 = this.nextUint32();
    const w1 = this.nextUint32();
    const w2 = this.nextUint32();
    const w3 = this.nextUint32();
    const h0 = hex8(w0);
    const h1 = hex8(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
    const h2 = hex8(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
    const h3 = hex8(w3);
    return `${h0}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${h3}`;
  }

  /** A string of `count` decimal digits (leading zeros allowed unless `noLeadingZero`). */
  digits(count: number, noLeadingZero = false): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(i === 0 && noLeadingZero ? this.int(1, 9) : this.int(0, 9));
    return out;
  }
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex8(value: number): string {
  return (
    (HEX_BYTE[(value >>> 24) & 0xff] as string) +
    (HEX_BYTE[(value >>> 16) & 0xff] as string) +
    (HEX_BYTE[(value >>> 8) & 0xff] as string) +
    (HEX_BYTE[value & 0xff] as string)
  );
}

/**
 * A generator for one purpose, derived from the seed and a label path (`derivePrng(seed, 'agent', 7)`):
 * SHA-256 of the joined parts gives the state. Streams for different labels are independent, so adding
 * a random draw in one part of the simulation never shifts another part.
 */
export function derivePrng(seed: string, ...labels: readonly (string | number)[]): Prng {
  const digest = createHash('sha256').update([seed, ...labels.map(String)].join('\u001f')).digest();
  return new Prng(digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12));
}
