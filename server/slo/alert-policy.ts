import { BURN_WINDOW_MS, BURN_WINDOWS, type BurnRates, type BurnWindow } from './burn-windows';

export type AlertState = 'none' | 'ticket' | 'page' | 'insufficient_data';

/**
 * One multiwindow rule (SRE Workbook, ch. 5): fire when both the long and the short window burn
 * faster than the rate that spends `budgetShare` of the period's budget within the long window.
 * The short window makes the alert stop soon after the burning stops.
 */
export interface AlertRule {
  severity: 'page' | 'ticket';
  budgetShare: number;
  long: BurnWindow;
  short: BurnWindow;
}

export const ALERT_RULES: readonly AlertRule[] = [
  { severity: 'page', budgetShare: 0.02, long: '1h', short: '5m' },
  { severity: 'page', budgetShare: 0.05, long: '6h', short: '30m' },
  { severity: 'ticket', budgetShare: 0.1, long: '3d', short: '6h' },
];

/** Below this many events in a rule's long window the rule stays silent (one bad call is not an outage). */
export const DEFAULT_MIN_EVENTS = 100;

export interface AlertThreshold extends AlertRule {
  /** budget share × period / long window: 14.4, 6, 1 for 30 days; 13.44, 5.6, 0.933 for 28. */
  threshold: number;
}

// History evaluates the same period every minute; there are only a few distinct period lengths.
const thresholdCache = new Map<number, readonly AlertThreshold[]>();

export function alertThresholds(periodMs: number): readonly AlertThreshold[] {
  let thresholds = thresholdCache.get(periodMs);
  if (!thresholds) {
    thresholds = ALERT_RULES.map((rule) => ({ ...rule, threshold: (rule.budgetShare * periodMs) / BURN_WINDOW_MS[rule.long] }));
    if (thresholdCache.size < 64) thresholdCache.set(periodMs, thresholds);
  }
  return thresholds;
}

export interface AlertEvaluation {
  state: AlertState;
  /** Rules whose both windows exceed their threshold (with enough events to judge). */
  firing: readonly AlertThreshold[];
}

/**
 * The alert state from burn rates and event counts per window. A rule with fewer than
 * `minEvents` events in its long window cannot fire; when even the longest window is that
 * quiet the state is `insufficient_data`, never a page.
 */
export function evaluateAlert(
  burn: BurnRates,
  events: Record<BurnWindow, number>,
  periodMs: number,
  minEvents = DEFAULT_MIN_EVENTS,
): AlertEvaluation {
  const exceeds = (w: BurnWindow, threshold: number) => {
    const b = burn[w];
    return b !== null && b > threshold;
  };
  const firing = alertThresholds(periodMs).filter(
    (r) => events[r.long] >= minEvents && exceeds(r.long, r.threshold) && exceeds(r.short, r.threshold),
  );
  const longest = BURN_WINDOWS[BURN_WINDOWS.length - 1]!;
  let state: AlertState = 'none';
  if (firing.some((r) => r.severity === 'page')) state = 'page';
  else if (firing.length > 0) state = 'ticket';
  else if (events[longest] < minEvents) state = 'insufficient_data';
  return { state, firing };
}
