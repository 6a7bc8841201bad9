import type { RouterOutputs } from '../api-types';
import { formatMs, formatMultiple, formatPercent } from '../format';
import { hrefWith, type ParamValue } from '../url-state';

export type CanaryRow = RouterOutputs['canary']['list'][number];
export type CanaryDetail = RouterOutputs['canary']['get'];
export type CanaryMetricRow = CanaryRow['metrics'][number];
export type Verdict = CanaryRow['verdict'];

export const VERDICT_LABELS: Record<Verdict, string> = {
  promote: 'Promote',
  hold: 'Hold',
  rollback: 'Roll back',
  inconclusive: 'Inconclusive',
};

export function canaryHref(service: string, params: Record<string, ParamValue>): string {
  return hrefWith(`/canary/${encodeURIComponent(service)}`, params);
}

export function formatScore(score: number | null): string {
  return score === null ? '–' : String(Math.floor(score * 10) / 10);
}

/** A metric's own value in its unit. */
export function formatMetricValue(m: CanaryMetricRow, v: number | null): string {
  if (v === null) return '–';
  return m.unit === 'ms' ? formatMs(v) : formatPercent(v);
}

/** Ratio (×) for latency, signed percentage points for rates. */
export function formatComparison(m: CanaryMetricRow): string {
  const c = m.comparison;
  if (!c || c.value === null) return '–';
  if (c.kind === 'ratio') return formatMultiple(c.value);
  const pp = c.value * 100;
  return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(2)} pp`;
}

export function formatPValue(p: number | null): string {
  if (p === null) return '–';
  if (p < 0.0001) return '< 0.0001';
  return p.toFixed(4);
}

export function formatInterval(m: CanaryMetricRow): string {
  const ci = m.ci;
  if (!ci) return '–';
  if (ci.of === 'shiftMs') {
    const ms = (v: number) => `${v < 0 ? '−' : '+'}${formatMs(Math.abs(v))}`;
    return `[${ms(ci.low)}, ${ms(ci.high)}]`;
  }
  const pp = (v: number) => `${v < 0 ? '−' : '+'}${Math.abs(v * 100).toFixed(2)}`;
  return `[${pp(ci.low)}, ${pp(ci.high)}] pp`;
}
