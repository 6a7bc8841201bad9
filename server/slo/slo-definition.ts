import { DEFAULT_MIN_EVENTS } from './alert-policy';
import type { SloWindow } from './slo-window';

/**
 * Latency thresholds the 1-minute rollup counts requests against (SlowOver100ms, SlowOver300ms,
 * SlowOver1s). A latency SLI is exact only at these; another threshold would need raw spans.
 */
export const LATENCY_THRESHOLDS_MS = [100, 300, 1000] as const;
export type LatencyThresholdMs = (typeof LATENCY_THRESHOLDS_MS)[number];

/** What makes a request bad: a bad call by SPEC §4, or slower than the threshold. */
export type SliSpec = { kind: 'availability' } | { kind: 'latency'; thresholdMs: LatencyThresholdMs };

export type Budgeting = { method: 'Occurrences' } | { method: 'Timeslices'; sliceTarget: number };

export interface SloDefinition {
  /** Unique; the URL of the SLO page. */
  id: string;
  displayName: string;
  description?: string;
  /** Requests are this service's SERVER spans. */
  service: string;
  /** Only SERVER spans of this operation (`http.route`, else the span name). */
  route?: string;
  sli: SliSpec;
  /** Target share of good events (or good minutes), e.g. 0.999. */
  objective: number;
  window: SloWindow;
  budgeting: Budgeting;
  minEvents: number;
  source: { kind: 'default' } | { kind: 'file'; file: string; line: number };
}

export const DEFAULT_SLO_WINDOW: SloWindow = { kind: 'rolling', duration: { count: 28, unit: 'd' } };

/** SPEC §5.1: every service with SERVER spans gets these two unless a file defines the same ids. */
export function defaultSlos(service: string): SloDefinition[] {
  const common = { service, window: DEFAULT_SLO_WINDOW, budgeting: { method: 'Occurrences' }, minEvents: DEFAULT_MIN_EVENTS, source: { kind: 'default' } } as const;
  return [
    { ...common, id: `${service}-availability`, displayName: `${service} availability`, sli: { kind: 'availability' }, objective: 0.999 },
    { ...common, id: `${service}-latency`, displayName: `${service} latency ≤ 300 ms`, sli: { kind: 'latency', thresholdMs: 300 }, objective: 0.99 },
  ];
}

/** The defaults of every service seen, then the file's SLOs; a file SLO with a default's id replaces it. */
export function withDefaults(services: readonly string[], user: readonly SloDefinition[]): SloDefinition[] {
  const userIds = new Set(user.map((d) => d.id));
  return [...services.flatMap(defaultSlos).filter((d) => !userIds.has(d.id)), ...user];
}

/** A file SLO by id, else the default SLO that id names (`<service>-availability`, `<service>-latency`). */
export function findDefinition(id: string, user: readonly SloDefinition[]): SloDefinition | undefined {
  const own = user.find((d) => d.id === id);
  if (own) return own;
  const match = /^(.+)-(availability|latency)$/.exec(id);
  return match ? defaultSlos(match[1]!).find((d) => d.id === id) : undefined;
}

/** "availability", "latency ≤ 300 ms". */
export function describeSli(sli: SliSpec): string {
  return sli.kind === 'availability' ? 'availability' : `latency ≤ ${sli.thresholdMs} ms`;
}
