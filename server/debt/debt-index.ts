import { DIMENSIONS, type DebtSettings, type Dimension } from './debt-config-schema';

/** Raw measures behind each dimension; null when the service reported nothing for it. */
export interface MaintainabilityMeasure {
  functions: number;
  overLimit: number;
  share: number;
}
export interface ObservabilityMeasure {
  spans: number;
  missingAttributes: number;
  serverSpans: number;
  orphans: number;
  errorSpans: number;
  bareErrors: number;
  missingShare: number;
  orphanShare: number;
  bareErrorShare: number;
  /** The three shares added up (capped at 1): the measure the levels map. */
  share: number;
}
export interface BuildMeasure {
  runs: number;
  failed: number;
  flaky: number;
  failureRate: number;
}
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';
export interface SecurityMeasure {
  open: number;
  withFix: number;
  bySeverity: Record<Severity, number>;
  points: number;
}
export interface DimensionMeasures {
  maintainability: MaintainabilityMeasure | null;
  observability: ObservabilityMeasure | null;
  buildStability: BuildMeasure | null;
  security: SecurityMeasure | null;
}

export type DimensionScores = Record<Dimension, number | null>;

const round1 = (x: number) => Math.round(x * 10) / 10;
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** healthy → 0, critical (and beyond) → 100, linear between; one decimal. */
export function linearScore(value: number, level: { healthy: number; critical: number }): number {
  const t = (value - level.healthy) / (level.critical - level.healthy);
  return round1(Math.min(1, Math.max(0, t)) * 100);
}

export function maintainabilityMeasure(functions: number, overLimit: number): MaintainabilityMeasure | null {
  return functions > 0 ? { functions, overLimit, share: ratio(overLimit, functions) } : null;
}

export function observabilityMeasure(c: Omit<ObservabilityMeasure, 'missingShare' | 'orphanShare' | 'bareErrorShare' | 'share'>): ObservabilityMeasure | null {
  if (c.spans === 0) return null;
  const missingShare = ratio(c.missingAttributes, c.spans);
  const orphanShare = ratio(c.orphans, c.serverSpans);
  const bareErrorShare = ratio(c.bareErrors, c.errorSpans);
  return { ...c, missingShare, orphanShare, bareErrorShare, share: Math.min(1, missingShare + orphanShare + bareErrorShare) };
}

/** Workflow conclusions that are a CI failure; cancelled, skipped and neutral runs are not counted at all. */
export const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure']);
export const COUNTED_CONCLUSIONS = new Set([...FAILED_CONCLUSIONS, 'success']);

/** CI executions of the window: workflow run attempts by conclusion, JUnit runs by outcome. */
export function buildMeasure(executions: { status: string; count: number }[]): BuildMeasure | null {
  let runs = 0;
  let failed = 0;
  let flaky = 0;
  for (const e of executions) {
    if (e.status === 'flaky') {
      runs += e.count;
      flaky += e.count;
    } else if (COUNTED_CONCLUSIONS.has(e.status)) {
      runs += e.count;
      if (FAILED_CONCLUSIONS.has(e.status)) failed += e.count;
    }
  }
  // A run that passed only because a flaky test passed on retry is debt all the same.
  return runs > 0 ? { runs, failed, flaky, failureRate: (failed + flaky) / runs } : null;
}

/** Points of one open vulnerability: its severity's points, × the fix factor when a fix exists. */
export function vulnerabilityPoints(severity: Severity, fixAvailable: boolean, settings: Pick<DebtSettings, 'severityPoints' | 'fixAvailableFactor'>): number {
  return settings.severityPoints[severity] * (fixAvailable ? settings.fixAvailableFactor : 1);
}

export function securityMeasure(
  vulns: { severity: Severity; fixAvailable: boolean; count: number }[],
  settings: Pick<DebtSettings, 'severityPoints' | 'fixAvailableFactor'>,
): SecurityMeasure {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  let points = 0;
  let withFix = 0;
  for (const v of vulns) {
    bySeverity[v.severity] += v.count;
    if (v.fixAvailable) withFix += v.count;
    points += v.count * vulnerabilityPoints(v.severity, v.fixAvailable, settings);
  }
  const open = Object.values(bySeverity).reduce((a, b) => a + b, 0);
  return { open, withFix, bySeverity, points };
}

export function dimensionScores(m: DimensionMeasures, settings: Pick<DebtSettings, 'levels'>): DimensionScores {
  const { levels } = settings;
  return {
    maintainability: m.maintainability ? linearScore(m.maintainability.share, levels.maintainability) : null,
    observability: m.observability ? linearScore(m.observability.share, levels.observability) : null,
    buildStability: m.buildStability ? linearScore(m.buildStability.failureRate, levels.buildStability) : null,
    security: m.security ? linearScore(m.security.points, levels.security) : null,
  };
}

/**
 * The weighted sum of the reported dimensions; the weight of a `not reported` dimension is spread
 * over the others in proportion to their own weights. Null when nothing is reported.
 */
export function debtIndex(scores: DimensionScores, weights: Record<Dimension, number>): { index: number | null; effectiveWeights: Record<Dimension, number> } {
  const reported = DIMENSIONS.filter((d) => scores[d] !== null && weights[d] > 0);
  const total = reported.reduce((sum, d) => sum + weights[d], 0);
  const effectiveWeights = Object.fromEntries(DIMENSIONS.map((d) => [d, reported.includes(d) ? weights[d] / total : 0])) as Record<Dimension, number>;
  if (reported.length === 0) return { index: null, effectiveWeights };
  const index = reported.reduce((sum, d) => sum + effectiveWeights[d] * scores[d]!, 0);
  return { index: round1(index), effectiveWeights };
}

export interface ScoredService {
  service: string;
  index: number | null;
  dimensions: DimensionScores;
  flagged: boolean;
  trafficShare: number;
  /** index × traffic share: debt where the traffic is. */
  interest: number;
}

export function scoreService(service: string, measures: DimensionMeasures, trafficShare: number, settings: DebtSettings): ScoredService & { effectiveWeights: Record<Dimension, number> } {
  const dimensions = dimensionScores(measures, settings);
  const { index, effectiveWeights } = debtIndex(dimensions, settings.weights);
  return {
    service,
    index,
    dimensions,
    effectiveWeights,
    flagged: index !== null && index > settings.governanceThreshold,
    trafficShare,
    interest: index === null ? 0 : round1(index * trafficShare),
  };
}

/** Highest interest first; services without traffic by index; not reported last. */
export function rankServices<T extends ScoredService>(rows: T[]): T[] {
  return [...rows].sort((a, b) => b.interest - a.interest || (b.index ?? -1) - (a.index ?? -1) || a.service.localeCompare(b.service));
}

/** The platform's index: services' indices weighted by their traffic share (a plain mean without traffic). */
export function platformIndex(rows: Pick<ScoredService, 'index' | 'trafficShare'>[]): number | null {
  const scored = rows.filter((r): r is { index: number; trafficShare: number } => r.index !== null);
  if (scored.length === 0) return null;
  const traffic = scored.reduce((s, r) => s + r.trafficShare, 0);
  const value = traffic > 0 ? scored.reduce((s, r) => s + r.index * r.trafficShare, 0) / traffic : scored.reduce((s, r) => s + r.index, 0) / scored.length;
  return round1(value);
}

const DAY_MS = 86_400_000;

/**
 * The burn-down line of a target: straight from the index on the start day to the target index
 * on the deadline. `onTrack` compares the latest index with where the line is that day.
 */
export function burnDown(
  target: { index: number; deadline: string; start?: string },
  history: { day: string; index: number | null }[],
): { ideal: { day: string; value: number }[]; onTrack: boolean | null; startIndex: number | null } {
  const known = history.filter((h): h is { day: string; index: number } => h.index !== null);
  const startDay = target.start ?? known[0]?.day;
  const startPoint = known.find((h) => h.day >= (startDay ?? '')) ?? known[0];
  if (!startDay || !startPoint) return { ideal: [], onTrack: null, startIndex: null };
  const t0 = Date.parse(`${startDay}T00:00:00Z`);
  const t1 = Date.parse(`${target.deadline}T00:00:00Z`);
  const startIndex = startPoint.index;
  const at = (t: number) => (t1 <= t0 ? target.index : round1(startIndex + ((target.index - startIndex) * Math.min(1, Math.max(0, (t - t0) / (t1 - t0))))));
  const ideal: { day: string; value: number }[] = [];
  for (let t = t0; t <= t1; t += DAY_MS) ideal.push({ day: new Date(t).toISOString().slice(0, 10), value: at(t) });
  if (ideal.length === 0 || ideal[ideal.length - 1]!.day !== target.deadline) ideal.push({ day: target.deadline, value: target.index });
  const latest = known[known.length - 1]!;
  return { ideal, onTrack: latest.index <= at(Date.parse(`${latest.day}T00:00:00Z`)), startIndex };
}
