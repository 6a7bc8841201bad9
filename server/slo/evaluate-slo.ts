import { alertThresholds, evaluateAlert, type AlertState, type AlertThreshold } from './alert-policy';
import { budgetRemaining, burnRate, sliValue, timeToExhaustionHours, type Counts } from './budget-math';
import { BURN_WINDOW_MS, BURN_WINDOWS, type BurnRates, type BurnWindow } from './burn-windows';
import type { SloDefinition } from './slo-definition';
import { windowAt, type WindowBounds } from './slo-window';

/**
 * Counts over [fromMs, toMs): `events` are requests (they decide whether there is enough data),
 * `budget` is what the objective is about: the same requests (Occurrences) or minutes
 * (Timeslices). Backed by prefix sums over minutes, or by window sums computed in SQL.
 */
export type WindowCounter = (fromMs: number, toMs: number) => { events: Counts; budget: Counts };

export type SloMath = Pick<SloDefinition, 'objective' | 'window' | 'minEvents'>;

/** The burn rate the time to exhaustion assumes: recent enough to react, long enough not to flap. */
const EXHAUSTION_BURN_WINDOW: BurnWindow = '1h';

export interface SloSnapshot {
  atMs: number;
  window: WindowBounds;
  /** Requests in the SLO window. */
  events: Counts;
  /** What the budget is counted in over the SLO window: requests or minutes. */
  budgetUnits: Counts;
  sliValue: number | null;
  errorBudgetRemaining: number | null;
  burnRates: BurnRates;
  alert: AlertState;
  /** The rules currently firing, with their thresholds. */
  firing: readonly AlertThreshold[];
  thresholds: readonly AlertThreshold[];
  timeToExhaustionHours: number | null;
}

/** Every [from, to) an evaluation at `atMs` reads: the SLO window, then each burn window. */
export function evaluationWindows(def: SloMath, atMs: number): Array<{ fromMs: number; toMs: number }> {
  const w = windowAt(def.window, atMs);
  return [{ fromMs: w.startMs, toMs: atMs }, ...BURN_WINDOWS.map((b) => ({ fromMs: atMs - BURN_WINDOW_MS[b], toMs: atMs }))];
}

/** Burn rates per trailing window and the event counts that back them. */
export function burnRatesAt(def: SloMath, count: WindowCounter, atMs: number): { burnRates: BurnRates; events: Record<BurnWindow, number> } {
  const burnRates = {} as BurnRates;
  const events = {} as Record<BurnWindow, number>;
  for (const b of BURN_WINDOWS) {
    const c = count(atMs - BURN_WINDOW_MS[b], atMs);
    burnRates[b] = burnRate(c.budget, def.objective);
    events[b] = c.events.total;
  }
  return { burnRates, events };
}

/** The SLO as of `atMs` (a minute boundary, exclusive end). */
export function evaluateSlo(def: SloMath, count: WindowCounter, atMs: number): SloSnapshot {
  const window = windowAt(def.window, atMs);
  const inWindow = count(window.startMs, atMs);
  const { burnRates, events } = burnRatesAt(def, count, atMs);
  const alert = evaluateAlert(burnRates, events, window.periodMs, def.minEvents);
  const remaining = budgetRemaining(inWindow.budget, def.objective);
  return {
    atMs,
    window,
    events: inWindow.events,
    budgetUnits: inWindow.budget,
    sliValue: sliValue(inWindow.budget),
    errorBudgetRemaining: remaining,
    burnRates,
    alert: alert.state,
    firing: alert.firing,
    thresholds: alertThresholds(window.periodMs),
    timeToExhaustionHours: timeToExhaustionHours(remaining, burnRates[EXHAUSTION_BURN_WINDOW], window.periodMs),
  };
}
