/** Event counts over one window: every request, and those that missed the objective. */
export interface Counts {
  total: number;
  bad: number;
}

/**
 * 1 − objective. Objectives are decimal fractions written by people (0.999); the binary
 * subtraction leaves noise (0.0010000000000000009) that would show up as burn rates like
 * 36.99999999999997, so the result is rounded to 12 significant digits. The rounding goes through
 * a string, and slo.list asks for it once per burn window per minute when it looks back for the
 * start of an alert (~10^5 times), so each objective's budget is kept once worked out.
 */
const budgets = new Map<number, number>();
export function errorBudget(objective: number): number {
  let budget = budgets.get(objective);
  if (budget === undefined) {
    budget = Number((1 - objective).toPrecision(12));
    budgets.set(objective, budget);
  }
  return budget;
}

/** bad / total over the window; null without events. */
export function errorRatio(c: Counts): number | null {
  return c.total > 0 ? c.bad / c.total : null;
}

/** good / total, event-weighted: one ratio of sums, never an average of per-minute ratios. */
export function sliValue(c: Counts): number | null {
  return c.total > 0 ? (c.total - c.bad) / c.total : null;
}

/** How many budgets the window's error ratio amounts to; 1 spends exactly the budget over the period. */
export function burnRate(c: Counts, objective: number): number | null {
  const ratio = errorRatio(c);
  return ratio === null ? null : ratio / errorBudget(objective);
}

/** 1 − (bad/total)/(1 − objective): 1 untouched, 0 spent, negative when overspent. */
export function budgetRemaining(c: Counts, objective: number): number | null {
  const burn = burnRate(c, objective);
  return burn === null ? null : 1 - burn;
}

/**
 * Hours until the remaining budget is gone if the current burn rate holds (a burn of 1 spends
 * a whole budget in one period). 0 when already spent; null when nothing is burning or the
 * state is unknown.
 */
export function timeToExhaustionHours(remaining: number | null, burn: number | null, periodMs: number): number | null {
  if (remaining === null || burn === null) return null;
  if (remaining <= 0) return 0;
  if (burn <= 0) return null;
  return (remaining * periodMs) / burn / 3_600_000;
}
