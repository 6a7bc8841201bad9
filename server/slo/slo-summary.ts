import type { AlertState } from './alert-policy';
import type { Counts } from './budget-math';
import type { BurnRates, BurnWindow } from './burn-windows';
import type { SloSnapshot } from './evaluate-slo';
import { describeSli, type SloDefinition } from './slo-definition';
import { describeWindow } from './slo-window';

/**
 * The filters of the trace search that select an SLO's bad requests (the names /traces takes
 * in its URL and traces.search as input).
 */
export interface BadSpanFilters {
  service: string;
  kind: 'Server';
  operation?: string;
  status?: 'error';
  minDurationMs?: number;
  from: string;
  to: string;
}

/** One row of slo.list (SPEC §6), also the head of slo.get. */
export interface SloSummary {
  id: string;
  displayName: string;
  description: string | null;
  service: string;
  route: string | null;
  sli: 'availability' | 'latency';
  /** "availability", "latency ≤ 300 ms". */
  sliDescription: string;
  thresholdMs: number | null;
  objective: number;
  window: {
    kind: 'rolling' | 'calendar';
    /** OpenSLO shorthand: 28d, 1M. */
    duration: string;
    label: string;
    timeZone: string | null;
    /** The window the numbers cover: [startMs, endMs). */
    startMs: number;
    endMs: number;
    periodMs: number;
  };
  budgetingMethod: 'Occurrences' | 'Timeslices';
  sliceTarget: number | null;
  source: 'default' | 'file';
  /** SLI, event-weighted over the window; null without events. */
  sliValue: number | null;
  errorBudgetRemaining: number | null;
  burnRates: BurnRates;
  alert: AlertState;
  /** Burn-rate thresholds of the rules for this period, and whether each is firing. */
  alertRules: Array<{ severity: 'page' | 'ticket'; long: BurnWindow; short: BurnWindow; budgetShare: number; threshold: number; firing: boolean }>;
  timeToExhaustionHours: number | null;
  /** Requests in the window (and bad ones). */
  events: Counts;
  /** What the budget counts: requests (Occurrences) or minutes (Timeslices). */
  budgetUnits: Counts;
  /** When the current alert state began, if known; see alertSinceBeforeRange. */
  alertSinceMs: number | null;
  /** The state already held at the start of the range searched: it began at or before alertSinceMs. */
  alertSinceBeforeRange: boolean;
  evaluatedAtMs: number;
  badSpans: BadSpanFilters;
}

export interface AlertSince {
  alertSinceMs: number | null;
  alertSinceBeforeRange: boolean;
}

export const UNKNOWN_SINCE: AlertSince = { alertSinceMs: null, alertSinceBeforeRange: false };

/** Where the current state began, given the start of its run and where the search began. */
export function sinceOf(runStartMs: number | undefined, searchedFromMs: number): AlertSince {
  if (runStartMs === undefined) return UNKNOWN_SINCE;
  return { alertSinceMs: runStartMs, alertSinceBeforeRange: runStartMs <= searchedFromMs };
}

export function badSpanFilters(def: SloDefinition, fromMs: number, toMs: number): BadSpanFilters {
  const filters: BadSpanFilters = { service: def.service, kind: 'Server', from: String(fromMs), to: String(toMs) };
  if (def.route !== undefined) filters.operation = def.route;
  // The rollup counts a request as slow when it is strictly longer than the threshold; trace
  // search takes "at least", so ask for one nanosecond more.
  if (def.sli.kind === 'latency') filters.minDurationMs = def.sli.thresholdMs + 1e-6;
  else filters.status = 'error';
  return filters;
}

export function summarize(
  def: SloDefinition,
  snap: SloSnapshot,
  since: AlertSince,
  badSpans: BadSpanFilters,
): SloSummary {
  const firing = new Set(snap.firing.map((r) => r.long));
  return {
    id: def.id,
    displayName: def.displayName,
    description: def.description ?? null,
    service: def.service,
    route: def.route ?? null,
    sli: def.sli.kind,
    sliDescription: describeSli(def.sli),
    thresholdMs: def.sli.kind === 'latency' ? def.sli.thresholdMs : null,
    objective: def.objective,
    window: {
      kind: def.window.kind,
      duration: `${def.window.duration.count}${def.window.duration.unit}`,
      label: describeWindow(def.window),
      timeZone: def.window.kind === 'calendar' ? def.window.timeZone : null,
      startMs: snap.window.startMs,
      endMs: snap.window.endMs,
      periodMs: snap.window.periodMs,
    },
    budgetingMethod: def.budgeting.method,
    sliceTarget: def.budgeting.method === 'Timeslices' ? def.budgeting.sliceTarget : null,
    source: def.source.kind,
    sliValue: snap.sliValue,
    errorBudgetRemaining: snap.errorBudgetRemaining,
    burnRates: snap.burnRates,
    alert: snap.alert,
    alertRules: snap.thresholds.map((r) => ({ severity: r.severity, long: r.long, short: r.short, budgetShare: r.budgetShare, threshold: r.threshold, firing: firing.has(r.long) })),
    timeToExhaustionHours: snap.timeToExhaustionHours,
    events: snap.events,
    budgetUnits: snap.budgetUnits,
    ...since,
    evaluatedAtMs: snap.atMs,
    badSpans,
  };
}

/** Most spent budget first; SLOs without data last. */
export function byBudgetRemaining(a: SloSummary, b: SloSummary): number {
  const x = a.errorBudgetRemaining;
  const y = b.errorBudgetRemaining;
  if (x === null || y === null) return x === y ? a.id.localeCompare(b.id) : x === null ? 1 : -1;
  return x - y || a.id.localeCompare(b.id);
}
