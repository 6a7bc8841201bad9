import type { RouterOutputs } from '../api-types';
import { hrefWith, type ParamValue } from '../url-state';

export type SloRow = RouterOutputs['slo']['list'][number];
export type SloDetail = RouterOutputs['slo']['get'];
export type AlertState = SloRow['alert'];
export type BurnWindow = keyof SloRow['burnRates'];

export const ALERT_LABELS: Record<AlertState, string> = {
  page: 'Page',
  ticket: 'Ticket',
  none: 'OK',
  insufficient_data: 'Insufficient data',
};

/** Most urgent first, for ordering rows by alert. */
export const ALERT_RANK: Record<AlertState, number> = { page: 0, ticket: 1, none: 2, insufficient_data: 3 };

export const BURN_WINDOWS: BurnWindow[] = ['5m', '30m', '1h', '6h', '1d', '3d'];

export type BudgetTone = 'ok' | 'warn' | 'bad' | 'none';

/** Spent (or overspent) is bad, under a quarter left is a warning. */
export function budgetTone(remaining: number | null): BudgetTone {
  if (remaining === null) return 'none';
  if (remaining <= 0) return 'bad';
  return remaining < 0.25 ? 'warn' : 'ok';
}

/** Hours until the budget is gone at the current burn, in the unit a person plans in. */
export function formatExhaustion(hours: number | null): string {
  if (hours === null) return '–';
  if (hours === 0) return 'exhausted';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}

export function sloHref(id: string, params: Record<string, ParamValue>): string {
  return hrefWith(`/slo/${encodeURIComponent(id)}`, params);
}

/**
 * The alert rule a burn window belongs to for colouring: the page rules for 5m/1h and 30m/6h,
 * the ticket rule for 3d; 1d is informational.
 */
export function ruleOfWindow(row: Pick<SloRow, 'alertRules'>, w: BurnWindow): SloRow['alertRules'][number] | undefined {
  const index: Partial<Record<BurnWindow, number>> = { '5m': 0, '1h': 0, '30m': 1, '6h': 1, '3d': 2 };
  const i = index[w];
  return i === undefined ? undefined : row.alertRules[i];
}
