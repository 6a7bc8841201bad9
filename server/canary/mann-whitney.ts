import { wilcoxonRankSum } from 'simple-statistics';
import { twoSidedP } from './normal-distribution';

export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting one half. */
  u: number;
  /** Normal statistic of U (tie-corrected); 0 when the exact distribution was used. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'normal';
}

/** Below this many observations in total, without ties, the p-value comes from U's exact distribution. */
export const EXACT_MAX_TOTAL = 50;

/**
 * Number of arrangements of m x's and n y's giving each U = 0..mn (the recursion
 * c(m, n, u) = c(m − 1, n, u − n) + c(m, n − 1, u)), as fractions of all C(m + n, m).
 */
function exactUDistribution(m: number, n: number): number[] {
  // counts[i][u] for i x's and the current number of y's; built up one y at a time.
  let prev: number[][] = Array.from({ length: m + 1 }, () => [1]);
  for (let j = 1; j <= n; j++) {
    const next: number[][] = [[1]];
    for (let i = 1; i <= m; i++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      const withoutY = prev[i]!;
      const withoutX = next[i - 1]!;
      for (let u = 0; u < size; u++) {
        row[u] = (u < withoutY.length ? withoutY[u]! : 0) + (u - j >= 0 && u - j < withoutX.length ? withoutX[u - j]! : 0);
      }
      next.push(row);
    }
    prev = next;
  }
  const counts = prev[m]!;
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / total);
}

/** Sizes of the groups of equal values in the pooled sample, for the variance's tie correction. */
function tieGroupSizes(x: readonly number[], y: readonly number[]): number[] {
  const pooled = [...x, ...y].sort((a, b) => a - b);
  const sizes: number[] = [];
  let run = 1;
  for (let i = 1; i <= pooled.length; i++) {
    if (i < pooled.length && pooled[i] === pooled[i - 1]) run++;
    else {
      if (run > 1) sizes.push(run);
      run = 1;
    }
  }
  return sizes;
}

/**
 * Two-sided Mann-Whitney U test of x against y (SciPy's mannwhitneyu with its defaults: exact for
 * small samples without ties, otherwise the normal approximation with tie correction and
 * continuity correction).
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new RangeError('Mann-Whitney U needs at least one observation in each sample');
  const u = wilcoxonRankSum([...x], [...y]) - (m * (m + 1)) / 2;
  const ties = tieGroupSizes(x, y);
  const mean = (m * n) / 2;
  if (ties.length === 0 && m + n <= EXACT_MAX_TOTAL) {
    const dist = exactUDistribution(m, n);
    const k = Math.round(u);
    let lower = 0;
    for (let i = 0; i <= k; i++) lower += dist[i]!;
    let upper = 0;
    for (let i = k; i < dist.length; i++) upper += dist[i]!;
    return { u, z: 0, pValue: Math.min(1, 2 * Math.min(lower, upper)), method: 'exact' };
  }
  const total = m + n;
  const tieTerm = ties.reduce((s, t) => s + t ** 3 - t, 0) / (total * (total - 1));
  const sd = Math.sqrt(((m * n) / 12) * (total + 1 - tieTerm));
  if (sd === 0) return { u, z: 0, pValue: 1, method: 'normal' };
  const distance = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = (Math.sign(u - mean) * distance) / sd;
  return { u, z, pValue: twoSidedP(z), method: 'normal' };
}
