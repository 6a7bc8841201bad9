import { errorFunction, probit } from 'simple-statistics';

/**
 * Standard normal CDF. simple-statistics' cumulativeStdNormalProbability reads a two-decimal
 * table (errors up to 1e-3, and 0 or 1 beyond |z| 3.09), too coarse for p-values; its
 * errorFunction is the Numerical Recipes erfc fit with a relative error below 1.2e-7.
 */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return 1;
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

const normalDensity = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/**
 * Standard normal quantile. simple-statistics' probit inverts erf with Winitzki's approximation
 * (about 1e-3 off in the tails), so two Newton steps on normalCdf bring it to the CDF's accuracy.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  let z = probit(p);
  for (let i = 0; i < 2; i++) z -= (normalCdf(z) - p) / normalDensity(z);
  return z;
}
