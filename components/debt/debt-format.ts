import type { RouterOutputs } from '../api-types';

export type DebtRow = RouterOutputs['debt']['scores'][number];
export type DebtDetail = RouterOutputs['debt']['service'];
export type DebtTrend = RouterOutputs['debt']['trend'];
export type DebtEdu = RouterOutputs['debt']['edus'][number];
export type DimensionKey = keyof DebtRow['dimensions'];

export const DIMENSIONS: { key: DimensionKey; label: string; short: string }[] = [
  { key: 'maintainability', label: 'Maintainability', short: 'Maint.' },
  { key: 'observability', label: 'Observability', short: 'Obs.' },
  { key: 'buildStability', label: 'Build stability', short: 'Build' },
  { key: 'security', label: 'Security', short: 'Sec.' },
];

export function formatScore(v: number | null | undefined): string {
  return v === null || v === undefined ? 'not reported' : (Math.round(v * 10) / 10).toFixed(1);
}

/** Above the governance line is bad; above half of it deserves attention. */
export function scoreTone(v: number | null, threshold: number): 'bad' | 'warn' | 'ok' | 'none' {
  if (v === null) return 'none';
  if (v > threshold) return 'bad';
  return v > threshold / 2 ? 'warn' : 'ok';
}

export function debtHref(params: Record<string, string | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `/debt?${s}` : '/debt';
}
