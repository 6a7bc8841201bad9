import { normalQuantile, twoSidedP } from './normal-distribution';

export interface ProportionComparison {
  /** p1 − p2. */
  difference: number;
  /** Pooled two-proportion z statistic. */
  z: number;
  pValue: number;
  /** Wald (unpooled) confidence interval of the difference. */
  low: number;
  high: number;
}

/**
 * Two-sided two-proportion z-test of x1/n1 against x2/n2 with the pooled standard error, and the
 * Wald interval of the difference at `confidence`.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number, confidence: number): ProportionComparison {
  if (!(n1 > 0 && n2 > 0)) throw new RangeError('both groups need at least one trial');
  if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) throw new RangeError('successes must lie between 0 and the number of trials');
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : difference / se;
  const wald = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const q = normalQuantile(1 - (1 - confidence) / 2);
  return { difference, z, pValue: se === 0 ? 1 : twoSidedP(z), low: difference - q * wald, high: difference + q * wald };
}
