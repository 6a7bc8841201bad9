import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

/**
 * Deterministic randomness for the demo. Everything the demo emits is a pure function of
 * (seed, minute, request index), so every stream is derived by hashing those coordinates
 * instead of advancing one global generator: backfill and live then agree span for span.
 */

/** A 32-bit avalanche hash (murmur3 finaliser) so nearby inputs give unrelated outputs. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a few integers (any size up to 2^53) into one uint32. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold both halves: minute indices and epoch values exceed 32 bits.
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = fmix32(h ^ lo) + 0x7f4a7c15;
    h = fmix32(h ^ hi) + 0x7f4a7c15;
  }
  return fmix32(h);
}

/** sfc32: small, fast, passes PractRand; plenty for a simulation. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0;
    this.b = 0;
    this.c = 0;
    this.d = 1;
    this.reseed(seed);
  }

  reseed(seed: number): void {
    this.a = seed >>> 0;
    this.b = hash32(seed, 1);
    this.c = hash32(seed, 2);
    this.d = 1;
    // Warm-up so that similar seeds diverge before the first draw.
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream position simple). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape: latency-like, right-skewed. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

/**
 * Irrational steps for additive-recurrence (Kronecker) sequences. {1, √2, √3, √5, √7, √17} are
 * linearly independent over the rationals, so the sequences are jointly equidistributed.
 */
export const KRONECKER = {
  flow: (Math.sqrt(5) - 1) / 2,
  orderCanary: Math.sqrt(3) - 1,
  payCanary: Math.sqrt(7) - 2,
  /** Quantile of the request's dominant latencies (payment provider, degraded stock master). */
  latency: Math.sqrt(17) - 4,
  reserve: Math.SQRT2 - 1,
} as const;

/**
 * Low-discrepancy value in [0, 1). Used where a hard requirement depends on a share holding in
 * every short window (e.g. breaker trips need >= 20 calls with >= 50% errors per 10 s):
 * independent coin flips would miss it now and then, an equidistributed sequence does not.
 */
export function kronecker(offset: number, step: number, index: number): number {
  const x = offset + step * index;
  return x - Math.floor(x);
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
 * Lets a low-discrepancy u become a log-normal latency, so canary and baseline samples of the
 * same distribution also have the same quantiles rather than merely the same law.
 */
export function normalQuantile(u: number): number {
  const p = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Log-normal value at quantile u. */
export function logNormalAt(median: number, sigma: number, u: number): number {
  return median * Math.exp(sigma * normalQuantile(u));
}

function hex8(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/**
 * The SDK asks the tracer's IdGenerator for every id; the demo re-points it at a fresh stream
 * before each simulated request so ids depend only on (seed, minute, request), never on how a
 * time range was chunked.
 */
export class SeededIdGenerator implements IdGenerator {
  private readonly rng = new Rng(1);

  reseed(seed: number): void {
    this.rng.reseed(seed);
  }

  generateTraceId(): string {
    const a = this.rng.u32() || 1; // all-zero ids are invalid in OTLP
    return hex8(a) + hex8(this.rng.u32()) + hex8(this.rng.u32()) + hex8(this.rng.u32());
  }

  generateSpanId(): string {
    const a = this.rng.u32() || 1;
    return hex8(a) + hex8(this.rng.u32());
  }
}
