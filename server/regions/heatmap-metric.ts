import { burnRate } from '../slo/budget-math';
import { ratio } from '../queries/run';

/** What a heatmap cell is coloured by (SPEC §5.4). */
export const HEATMAP_METRICS = ['p95', 'errorRate', 'rps', 'sloBurn'] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

/** Requests are SERVER spans; the bad ones are counted against the service's availability SLO. */
export interface CellCounts {
  calls: number;
  errors: number;
  p95Ms: number | null;
  /** Requests in the SLO's scope (its route, when it has one) and the bad ones by its SLI. */
  sloTotal: number;
  sloBad: number;
}

/** Everything a tooltip shows about one cell; `value` is the chosen metric. */
export interface CellStats {
  calls: number;
  errors: number;
  rps: number;
  errorRate: number | null;
  p95Ms: number | null;
  /** Error ratio of the SLO's requests divided by its budget (1 − objective); null without requests. */
  sloBurn: number | null;
}

export function cellStats(c: CellCounts, seconds: number, objective: number): CellStats {
  return {
    calls: c.calls,
    errors: c.errors,
    rps: seconds > 0 ? c.calls / seconds : 0,
    errorRate: c.calls > 0 ? ratio(c.errors, c.calls) : null,
    p95Ms: c.calls > 0 ? c.p95Ms : null,
    sloBurn: burnRate({ total: c.sloTotal, bad: c.sloBad }, objective),
  };
}

/** null is "no data" (no requests), drawn as an empty cell, never as a cool 0. */
export function metricValue(stats: CellStats, metric: HeatmapMetric): number | null {
  switch (metric) {
    case 'p95':
      return stats.p95Ms;
    case 'errorRate':
      return stats.errorRate;
    case 'rps':
      return stats.calls > 0 ? stats.rps : null;
    case 'sloBurn':
      return stats.sloBurn;
  }
}
