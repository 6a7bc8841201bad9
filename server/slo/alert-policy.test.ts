import { describe, expect, it } from 'vitest';
import { alertThresholds, evaluateAlert } from './alert-policy';
import type { BurnRates, BurnWindow } from './burn-windows';

const DAY_MS = 86_400_000;
const DAYS_30 = 30 * DAY_MS;
const DAYS_28 = 28 * DAY_MS;

const burns = (b: Partial<BurnRates>): BurnRates => ({ '5m': 0, '30m': 0, '1h': 0, '6h': 0, '1d': 0, '3d': 0, ...b });
const plenty: Record<BurnWindow, number> = { '5m': 500, '30m': 3000, '1h': 6000, '6h': 36_000, '1d': 144_000, '3d': 432_000 };

describe('burn-rate thresholds from the period', () => {
  it('30 days: 14.4, 6, 1', () => {
    const t = alertThresholds(DAYS_30).map((r) => r.threshold);
    expect(t[0]).toBeCloseTo(14.4, 10);
    expect(t[1]).toBeCloseTo(6, 10);
    expect(t[2]).toBeCloseTo(1, 10);
  });

  it('28 days: 13.44, 5.6, 0.9333', () => {
    const t = alertThresholds(DAYS_28).map((r) => r.threshold);
    expect(t[0]).toBeCloseTo(13.44, 10);
    expect(t[1]).toBeCloseTo(5.6, 10);
    expect(t[2]).toBeCloseTo(0.93333333, 8);
  });

  it('pair the long windows with their short ones', () => {
    expect(alertThresholds(DAYS_30).map((r) => [r.severity, r.long, r.short, r.budgetShare])).toEqual([
      ['page', '1h', '5m', 0.02],
      ['page', '6h', '30m', 0.05],
      ['ticket', '3d', '6h', 0.1],
    ]);
  });
});

describe('alert state', () => {
  it('pages when both 1h and 5m exceed the 2 %-in-1h rate', () => {
    expect(evaluateAlert(burns({ '1h': 15, '5m': 20 }), plenty, DAYS_30).state).toBe('page');
    // 14 is above 28 days' 13.44 but below 30 days' 14.4.
    expect(evaluateAlert(burns({ '1h': 14, '5m': 14 }), plenty, DAYS_28).state).toBe('page');
    expect(evaluateAlert(burns({ '1h': 14, '5m': 14 }), plenty, DAYS_30).state).toBe('none');
  });

  it('does not page on the long window alone (the short one says it already stopped)', () => {
    expect(evaluateAlert(burns({ '1h': 30, '5m': 2 }), plenty, DAYS_30).state).toBe('none');
    expect(evaluateAlert(burns({ '1h': 2, '5m': 300 }), plenty, DAYS_30).state).toBe('none');
  });

  it('pages when both 6h and 30m exceed the 5 %-in-6h rate', () => {
    const e = evaluateAlert(burns({ '6h': 6.5, '30m': 7 }), plenty, DAYS_30);
    expect(e.state).toBe('page');
    expect(e.firing.map((r) => r.long)).toEqual(['6h']);
  });

  it('opens a ticket when both 3d and 6h exceed the 10 %-in-3d rate', () => {
    const e = evaluateAlert(burns({ '3d': 1.2, '6h': 1.5, '1h': 2 }), plenty, DAYS_30);
    expect(e.state).toBe('ticket');
    expect(evaluateAlert(burns({ '3d': 0.95, '6h': 0.95 }), plenty, DAYS_28).state).toBe('ticket');
    expect(evaluateAlert(burns({ '3d': 0.95, '6h': 0.95 }), plenty, DAYS_30).state).toBe('none');
  });

  it('a page outranks a ticket', () => {
    const e = evaluateAlert(burns({ '5m': 50, '30m': 50, '1h': 50, '6h': 50, '1d': 50, '3d': 50 }), plenty, DAYS_30);
    expect(e.state).toBe('page');
    expect(e.firing).toHaveLength(3);
  });

  it('exceeding means strictly above the threshold', () => {
    const [page] = alertThresholds(DAYS_30);
    expect(evaluateAlert(burns({ '1h': page!.threshold, '5m': page!.threshold }), plenty, DAYS_30).state).toBe('none');
  });

  it('is insufficient_data below the minimum events, never a page', () => {
    const few = { '5m': 10, '30m': 40, '1h': 60, '6h': 80, '1d': 90, '3d': 99 };
    const everything = burns({ '5m': 1000, '30m': 1000, '1h': 1000, '6h': 1000, '1d': 1000, '3d': 1000 });
    expect(evaluateAlert(everything, few, DAYS_30).state).toBe('insufficient_data');
    expect(evaluateAlert(everything, { ...few, '1h': 100, '6h': 100, '1d': 100, '3d': 100 }, DAYS_30).state).toBe('page');
    expect(evaluateAlert(burns({}), few, DAYS_30, 50).state).toBe('none');
  });

  it('a rule whose long window is too quiet stays silent while the others may fire', () => {
    const quietHour = { ...plenty, '5m': 5, '1h': 40 };
    expect(evaluateAlert(burns({ '5m': 500, '1h': 500 }), quietHour, DAYS_30).state).toBe('none');
    expect(evaluateAlert(burns({ '5m': 500, '1h': 500, '30m': 10, '6h': 10 }), quietHour, DAYS_30).state).toBe('page');
  });

  it('windows without events never exceed anything', () => {
    expect(evaluateAlert(burns({ '5m': null, '1h': 100 }), plenty, DAYS_30).state).toBe('none');
  });
});
