import { describe, expect, it } from 'vitest';
import { budgetRemaining, burnRate, errorBudget, errorRatio, sliValue, timeToExhaustionHours } from './budget-math';
import { countsBetween, minuteSeries } from './minute-series';

const DAY_MS = 86_400_000;

describe('SLI and error budget', () => {
  it('the error budget is 1 − objective, without binary noise', () => {
    expect(errorBudget(0.999)).toBe(0.001);
    expect(errorBudget(0.99)).toBe(0.01);
    expect(errorBudget(0.9995)).toBe(0.0005);
  });

  it('SLI is good/total of the counts', () => {
    expect(sliValue({ total: 1000, bad: 37 })).toBe(0.963);
    expect(errorRatio({ total: 1000, bad: 37 })).toBe(0.037);
    expect(sliValue({ total: 0, bad: 0 })).toBeNull();
  });

  it('is event-weighted over minutes, never an average of per-minute ratios', () => {
    // Minute 0: 10 requests, 5 bad (50 %). Minute 1: 990 requests, none bad.
    // Average of the ratios would be 25 %; the truth is 5 bad of 1000 = 0.5 %.
    const s = minuteSeries(0, 120_000, [
      { minuteMs: 0, total: 10, bad: 5 },
      { minuteMs: 60_000, total: 990, bad: 0 },
    ]);
    const c = countsBetween(s, 0, 120_000);
    expect(c).toEqual({ total: 1000, bad: 5 });
    expect(sliValue(c)).toBe(0.995);
  });

  it('budget remaining = 1 − (bad/total)/(1 − objective), negative when overspent', () => {
    // 4 bad in 10 000 at 99.9 %: 0.0004 / 0.001 = 0.4 of the budget spent.
    expect(budgetRemaining({ total: 10_000, bad: 4 }, 0.999)).toBeCloseTo(0.6, 12);
    // Exactly the budget: 10 bad in 10 000.
    expect(budgetRemaining({ total: 10_000, bad: 10 }, 0.999)).toBeCloseTo(0, 12);
    // 37 bad in 1000: 37 budgets spent, 36 overspent.
    expect(budgetRemaining({ total: 1000, bad: 37 }, 0.999)).toBeCloseTo(-36, 10);
    expect(budgetRemaining({ total: 0, bad: 0 }, 0.999)).toBeNull();
  });

  it('burn rate = error ratio / (1 − objective)', () => {
    expect(burnRate({ total: 1000, bad: 37 }, 0.999)).toBeCloseTo(37, 10);
    expect(burnRate({ total: 1000, bad: 12 }, 0.99)).toBeCloseTo(1.2, 12);
    expect(burnRate({ total: 1000, bad: 0 }, 0.999)).toBe(0);
    expect(burnRate({ total: 0, bad: 0 }, 0.999)).toBeNull();
  });
});

describe('time to exhaustion', () => {
  it('is remaining × period / burn', () => {
    // 60 % left of a 30-day budget, burning 14.4×: 0.6 × 720 h / 14.4 = 30 h.
    expect(timeToExhaustionHours(0.6, 14.4, 30 * DAY_MS)).toBeCloseTo(30, 10);
    // Burning exactly at budget pace with all of it left: one period (28 days = 672 h).
    expect(timeToExhaustionHours(1, 1, 28 * DAY_MS)).toBeCloseTo(672, 10);
  });

  it('is 0 once spent and unknown when nothing burns', () => {
    expect(timeToExhaustionHours(-0.5, 3, 30 * DAY_MS)).toBe(0);
    expect(timeToExhaustionHours(0, 3, 30 * DAY_MS)).toBe(0);
    expect(timeToExhaustionHours(0.8, 0, 30 * DAY_MS)).toBeNull();
    expect(timeToExhaustionHours(0.8, null, 30 * DAY_MS)).toBeNull();
    expect(timeToExhaustionHours(null, 2, 30 * DAY_MS)).toBeNull();
  });
});
