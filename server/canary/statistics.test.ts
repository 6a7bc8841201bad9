import { describe, expect, it } from 'vitest';
import { hodgesLehmann } from './hodges-lehmann';
import { mannWhitneyU } from './mann-whitney';
import { normalCdf, normalQuantile, twoSidedP } from './normal-distribution';
import { twoProportionTest } from './two-proportion';

// Reference values from SciPy 1.17 (scipy.stats.norm, mannwhitneyu) and, for the Hodges–Lehmann
// interval, NumPy on the sorted pairwise differences with Hollander & Wolfe's C.

describe('normal distribution', () => {
  it('CDF to 1e-7 at table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.84134475, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249979, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 7);
    expect(normalCdf(2.326)).toBeCloseTo(0.98999072, 7);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(twoSidedP(1.96)).toBeCloseTo(0.0499958, 6);
  });

  it('quantile to 1e-6, beyond simple-statistics probit', () => {
    expect(normalQuantile(0.99)).toBeCloseTo(2.32634787, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.95996398, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.32634787, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    expect(() => normalQuantile(1)).toThrow(/0 < p < 1/);
  });
});

describe('Mann-Whitney U', () => {
  // SciPy's documentation example (Conover): ages of male and female workers.
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it('small samples without ties use the exact distribution: U = 17, p = 1/9', () => {
    const r = mannWhitneyU(males, females);
    expect(r).toMatchObject({ u: 17, method: 'exact' });
    expect(r.pValue).toBeCloseTo(0.1111111111, 9);
    expect(mannWhitneyU(females, males).u).toBe(3);
    expect(mannWhitneyU(females, males).pValue).toBeCloseTo(0.1111111111, 9);
  });

  it('exact p is 2/C(m+n, m) at complete separation', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).pValue).toBeCloseTo(2 / 20, 12);
    expect(mannWhitneyU([10, 20, 30, 40], [1, 2, 3, 4]).pValue).toBeCloseTo(2 / 70, 12);
  });

  it('ties: normal approximation with tie and continuity correction (SciPy asymptotic)', () => {
    const a = [1, 2, 2, 3, 3, 3, 4, 5, 7, 8, 8, 9];
    const b = [2, 3, 4, 4, 5, 6, 6, 7, 9, 10, 11, 12, 12];
    const r = mannWhitneyU(a, b);
    expect(r).toMatchObject({ u: 45, method: 'normal' });
    expect(r.pValue).toBeCloseTo(0.0757357521, 7);
  });

  it('more than 50 observations use the normal approximation (SciPy asymptotic p = 0.851160)', () => {
    const r = mannWhitneyU(
      Array.from({ length: 40 }, (_, i) => i * 2),
      Array.from({ length: 40 }, (_, i) => i * 2 + 1),
    );
    expect(r.method).toBe('normal');
    expect(r.u).toBe(780);
    // mean 800, sd = sqrt(40·40·81/12) = 103.923; z = −19.5/103.923.
    expect(r.z).toBeCloseTo(-19.5 / Math.sqrt((1600 * 81) / 12), 12);
    expect(r.pValue).toBeCloseTo(0.851159779, 6);
  });

  it('all values equal: no evidence of a shift', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5]).pValue).toBe(1);
    expect(() => mannWhitneyU([], [1])).toThrow(/at least one/);
  });
});

describe('Hodges–Lehmann shift', () => {
  // Hollander & Wolfe's two-sample data.
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

  it('median of pairwise differences with the distribution-free interval', () => {
    const r95 = hodgesLehmann(x, y, 0.95);
    expect(r95.shift).toBeCloseTo(0.56, 12);
    expect(r95.low).toBeCloseTo(-0.37, 12);
    expect(r95.high).toBeCloseTo(1.183, 12);
    const r98 = hodgesLehmann(x, y, 0.98);
    expect(r98.low).toBeCloseTo(-0.56, 12);
    expect(r98.high).toBeCloseTo(1.233, 12);
  });

  it('a constant shift is recovered exactly', () => {
    const base = Array.from({ length: 200 }, (_, i) => 10 + (i % 37) * 0.7);
    const r = hodgesLehmann(base.map((v) => v + 25), base, 0.98);
    expect(r.shift).toBeCloseTo(25, 9);
    expect(r.low).toBeGreaterThan(20);
    expect(r.high).toBeLessThan(30);
  });

  it('thins samples past 250 000 pairs and still finds the shift', () => {
    const base = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 1000);
    const r = hodgesLehmann(base.map((v) => v + 100), base, 0.98);
    expect(r.shift).toBeCloseTo(100, 0);
  });
});

describe('two-proportion test', () => {
  it('pooled z, two-sided p and the Wald interval', () => {
    const r = twoProportionTest(61, 1000, 40, 1000, 0.95);
    expect(r.difference).toBeCloseTo(0.021, 12);
    expect(r.z).toBeCloseTo(2.144426292, 8);
    expect(r.pValue).toBeCloseTo(0.0319987455, 7);
    expect(r.low).toBeCloseTo(0.0018284863, 7);
    expect(r.high).toBeCloseTo(0.0401715137, 7);
    const big = twoProportionTest(48, 1000, 2, 1000, 0.98);
    expect(big.z).toBeCloseTo(6.588256841, 8);
    expect(big.pValue).toBeCloseTo(4.4502e-11, 14);
    expect(big.low).toBeCloseTo(0.0299343823, 7);
  });

  it('no errors on either side: p = 1', () => {
    expect(twoProportionTest(0, 500, 0, 5000, 0.98)).toMatchObject({ difference: 0, z: 0, pValue: 1 });
    expect(() => twoProportionTest(1, 0, 0, 1, 0.98)).toThrow(/at least one trial/);
  });
});
